"""One agency across its names and years, and every kind of publisher placed in its region.

Reports of a few agencies over several years, some under two names — short and full
(洪泽区人民政府 / 淮安市洪泽区人民政府), without a place (统计局 on 乐清's portal), a
government's 办公室 standing in for it, a rename of the 2018–2019 机构改革 — and some by
zones (平潭综合实验区, 淮安市高新区, 昆山经济技术开发区), are loaded through the real load
path into a DuckDB file. The figures are the seeds' verified values (乐清市人民政府办公室:
70 received, 69 processed; 达州市人社局: 6 and 6), scaled per year.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from conftest import SHARED
from models import template as t
from models.report import Report
from pipelines.reading.checks import run_checks
from pipelines.report_files import Provenance, write_report_file
from pipelines.warehouse import dimensions, gazetteer, load_frames, load_reports, run_query
from pipelines.warehouse.agency import resolve_agency


def seed(index: int) -> dict:
    paths = sorted((SHARED / "seeds" / "truth").glob("*.json"))
    return json.loads(paths[index].read_text(encoding="utf-8"))["cells"]


OFFICE, DAZHOU = seed(4), seed(3)  # 70 received / 69 processed; 6 received / 6 processed


def scaled(cells: dict, factor: int) -> dict:
    return {code: value * factor for code, value in cells.items()}


def as_2019(cells: dict) -> dict:
    """The 2021 form's counts on the 2019 form: its three 其他处理 rows as one."""
    out = {c: v for c, v in cells.items() if c.startswith(("requests.", "review.", "litigation"))}
    for applicant in (a.code for a in t.APPLICANTS):
        parts = [f"requests.{r.code}.{applicant}" for r in t.REQUEST_ROWS["2021"]
                 if r.group == t.OTHER_PROCESSING]
        out[f"requests.other_processing.{applicant}"] = sum(out.pop(p) for p in parts)
    return out


# A 2018 report, in prose as reports before 2019 are.
PROSE_2018 = {
    "requests.new_received.total": ("全年共受理政府信息公开申请12件", 12),
    "requests.disclosed.total": ("其中予以公开9件", 9),
    "requests.partially_disclosed.total": ("部分公开1件", 1),
    "review.total": ("因政府信息公开申请提起行政复议0件", 0),
}


@dataclass
class Published:
    name: str
    agency: str
    year: int
    cells: dict
    template: str = "2021"
    region_code: str | None = None
    prose: dict = field(default_factory=dict)

    def write(self, directory: Path) -> None:
        checks = run_checks(self.cells, self.template) if self.template != "prose" else []
        report = Report(source=f"{self.name}.html", status="ok", template=self.template,
                        agency=self.agency, year=self.year, cells=self.cells, checks=checks,
                        format="html", derived_from_prose=self.prose)
        sha = hashlib.sha256(self.name.encode()).hexdigest()
        write_report_file(directory, report, Provenance(
            sha256=sha, url=f"https://xxgk.example.gov.cn/{self.name}.html",
            fetched_at="2025-03-01T08:00:00Z", source="test", region_code=self.region_code))


def prose_report(name: str, agency: str, year: int) -> Published:
    return Published(name, agency, year, {c: v for c, (_, v) in PROSE_2018.items()},
                     template="prose", prose={c: s for c, (s, _) in PROSE_2018.items()})


def publications() -> list[Published]:
    return [
        # short and full name: one district government
        Published("hz-2022", "洪泽区人民政府", 2022, OFFICE),
        Published("hz-2023", "洪泽区人民政府", 2023, scaled(OFFICE, 2)),
        Published("hz-2024", "淮安市洪泽区人民政府", 2024, scaled(OFFICE, 3)),
        # the government's 办公室 published its report one year: one agency
        Published("yq-gov-2021", "乐清市人民政府办公室", 2021, OFFICE),
        Published("yq-gov-2022", "乐清市人民政府", 2022, scaled(OFFICE, 2)),
        # the government and its 办公室 both published for 2023: two agencies, for review
        Published("ra-gov-2023", "瑞安市人民政府", 2023, OFFICE),
        Published("ra-office-2023", "瑞安市人民政府办公室", 2023, scaled(OFFICE, 2)),
        # 机构改革: 国土资源局 (a 2018 report in prose) became 自然资源和规划局
        prose_report("yq-land-2018", "乐清市国土资源局", 2018),
        Published("yq-land-2019", "乐清市自然资源和规划局", 2019, as_2019(DAZHOU), template="2019"),
        Published("yq-land-2020", "乐清市自然资源和规划局", 2020, as_2019(scaled(DAZHOU, 2)),
                  template="2019"),
        # 工商 and 食药 both became 市场监督管理局: which one is its past is not for a rule to say
        prose_report("wz-fda-2017", "温州市食品药品监督管理局", 2017),
        prose_report("wz-aic-2017", "温州市工商行政管理局", 2017),
        Published("wz-amr-2019", "温州市市场监督管理局", 2019, as_2019(DAZHOU), template="2019"),
        # an old name used after the rename took effect: not merged
        Published("zz-epb-2020", "泽州县环境保护局", 2020, as_2019(DAZHOU), template="2019"),
        Published("zz-eeb-2021", "泽州县生态环境局", 2021, DAZHOU),
        # similar names no rule covers
        Published("dz-hrss-2022", "达州市人力资源和社会保障局", 2022, DAZHOU),
        Published("dz-hrss-2023", "达州市人力资源社会保障局", 2023, scaled(DAZHOU, 2)),
        # no place printed: the portal's region places it
        Published("yq-stats-2022", "统计局", 2022, DAZHOU, region_code="330382"),
        Published("yq-stats-2023", "乐清市统计局", 2023, scaled(DAZHOU, 3)),
        # …but one that published beside the placed name the same year may be another agency
        Published("ra-stats-page-2023", "统计局", 2023, DAZHOU, region_code="330381"),
        Published("ra-stats-2023", "瑞安市统计局", 2023, scaled(DAZHOU, 2)),
        # a name several districts share, and one placed
        Published("fz-gl-2022", "福州市鼓楼区人民政府", 2022, OFFICE),
        Published("gl-2023", "鼓楼区人民政府", 2023, OFFICE),
        # zones
        Published("pt-2022", "平潭综合实验区管理委员会", 2022, OFFICE),
        Published("pt-2023", "福建省平潭综合实验区管委会", 2023, scaled(OFFICE, 2)),
        Published("pt-edu-2023", "平潭综合实验区教育与体育局", 2023, DAZHOU),
        Published("ha-hz-2023", "淮安市高新区管委会", 2023, DAZHOU),
        Published("ks-etdz-2023", "昆山经济技术开发区管委会", 2023, DAZHOU, region_code="320500"),
        Published("xa-2023", "雄安新区管理委员会", 2023, DAZHOU),
    ]


def load(directory: Path, items: list[Published]) -> Path:
    for item in items:
        item.write(directory / "reports")
    load_reports(directory / "reports", directory / "warehouse.duckdb", directory / "staging")
    return directory / "warehouse.duckdb"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return load(tmp_path_factory.mktemp("agency_names"), publications())


def query(database: Path, sql: str) -> list[dict]:
    return run_query(database, sql).to_dicts()


def test_each_agency_is_one_row_across_its_names(warehouse):
    rows = query(warehouse, """
        SELECT name_published, name_canonical, province, city, county, level, sector,
               region_resolution, names, years FROM agencies ORDER BY name_canonical, name_published""")
    assert [tuple(r.values()) for r in rows] == sorted([
        ("淮安市洪泽区人民政府", "洪泽区人民政府", "江苏省", "淮安市", "洪泽区", "县级", "人民政府",
         "name", 2, [2022, 2023, 2024]),
        ("乐清市人民政府", "乐清市人民政府", "浙江省", "温州市", "乐清市", "县级", "人民政府",
         "name", 2, [2021, 2022]),
        ("瑞安市人民政府", "瑞安市人民政府", "浙江省", "温州市", "瑞安市", "县级", "人民政府",
         "name", 1, [2023]),
        ("瑞安市人民政府办公室", "瑞安市人民政府办公室", "浙江省", "温州市", "瑞安市", "县级",
         "人民政府", "name", 1, [2023]),
        ("乐清市自然资源和规划局", "乐清市自然资源和规划局", "浙江省", "温州市", "乐清市", "县级",
         "自然资源", "name", 2, [2018, 2019, 2020]),
        ("温州市食品药品监督管理局", "温州市食品药品监督管理局", "浙江省", "温州市", None, "地市级",
         "其他", "name", 1, [2017]),
        ("温州市工商行政管理局", "温州市工商行政管理局", "浙江省", "温州市", None, "地市级", "其他",
         "name", 1, [2017]),
        ("温州市市场监督管理局", "温州市市场监督管理局", "浙江省", "温州市", None, "地市级",
         "市场监管", "name", 1, [2019]),
        ("泽州县环境保护局", "泽州县环境保护局", "山西省", "晋城市", "泽州县", "县级", "生态环境",
         "name", 1, [2020]),
        ("泽州县生态环境局", "泽州县生态环境局", "山西省", "晋城市", "泽州县", "县级", "生态环境",
         "name", 1, [2021]),
        ("达州市人力资源和社会保障局", "达州市人力资源和社会保障局", "四川省", "达州市", None,
         "地市级", "人社", "name", 1, [2022]),
        ("达州市人力资源社会保障局", "达州市人力资源社会保障局", "四川省", "达州市", None,
         "地市级", "人社", "name", 1, [2023]),
        ("乐清市统计局", "乐清市统计局", "浙江省", "温州市", "乐清市", "县级", "统计", "name", 2,
         [2022, 2023]),
        ("瑞安市统计局", "瑞安市统计局", "浙江省", "温州市", "瑞安市", "县级", "统计", "name", 1,
         [2023]),
        ("统计局", "瑞安市统计局", "浙江省", "温州市", "瑞安市", "县级", "统计", "source", 1, [2023]),
        ("福州市鼓楼区人民政府", "鼓楼区人民政府", "福建省", "福州市", "鼓楼区", "县级", "人民政府",
         "name", 1, [2022]),
        ("鼓楼区人民政府", "鼓楼区人民政府", None, None, None, None, "人民政府", "ambiguous", 1,
         [2023]),
        ("福建省平潭综合实验区管委会", "平潭综合实验区管理委员会", "福建省", "福州市", None,
         "开发区", "人民政府", "zone", 2, [2022, 2023]),
        ("平潭综合实验区教育与体育局", "平潭综合实验区教育与体育局", "福建省", "福州市", None,
         "开发区", "教育", "zone", 1, [2023]),
        ("淮安市高新区管委会", "淮安市高新区管理委员会", "江苏省", "淮安市", None, "开发区",
         "人民政府", "name", 1, [2023]),
        ("昆山经济技术开发区管委会", "昆山经济技术开发区管理委员会", "江苏省", "苏州市", "昆山市",
         "开发区", "人民政府", "zone_county", 1, [2023]),
        ("雄安新区管理委员会", "雄安新区管理委员会", "河北省", "保定市", None, "开发区", "人民政府",
         "zone", 1, [2023]),
    ], key=lambda row: (row[1], row[0]))


def test_every_name_is_kept_with_its_years_and_how_it_was_matched(warehouse):
    rows = query(warehouse, """
        SELECT n.name_published, a.name_canonical AS agency, n.match_rule, n.match_note, n.years
        FROM agency_names n JOIN agencies a USING (agency_key)
        WHERE a.names > 1""")
    assert sorted(tuple(r.values()) for r in rows) == sorted([
        ("平潭综合实验区管理委员会", "平潭综合实验区管理委员会", "exact", None, [2022]),
        ("福建省平潭综合实验区管委会", "平潭综合实验区管理委员会", "region_prefix",
         "printed with 福建省 before 平潭综合实验区; 管委会 for 管理委员会", [2023]),
        ("乐清市人民政府办公室", "乐清市人民政府", "office",
         "the 办公室 of 乐清市人民政府, which published for none of its years", [2021]),
        ("乐清市人民政府", "乐清市人民政府", "exact", None, [2022]),
        ("统计局", "乐清市统计局", "region_prefix",
         "printed without its place; placed by the source's region code 330382", [2022]),
        ("乐清市统计局", "乐清市统计局", "exact", None, [2023]),
        ("乐清市国土资源局", "乐清市自然资源和规划局", "rename",
         "renamed 乐清市自然资源和规划局 (data/agency_renames.tsv: "
         "市县机构改革 2018–2019 (国土资源与城乡规划职责合并的地方))", [2018]),
        ("乐清市自然资源和规划局", "乐清市自然资源和规划局", "exact", None, [2019, 2020]),
        ("洪泽区人民政府", "洪泽区人民政府", "exact", None, [2022, 2023]),
        ("淮安市洪泽区人民政府", "洪泽区人民政府", "region_prefix", "printed with 淮安市 before 洪泽区",
         [2024]),
    ])


def test_each_report_keeps_its_printed_name_under_the_one_agency(warehouse):
    rows = query(warehouse, """
        SELECT year, agency_name, agency_key FROM staging.stg_reports
        WHERE name_normalised = '淮安市洪泽区人民政府' ORDER BY year""")
    assert [(r["year"], r["agency_name"]) for r in rows] == [
        (2022, "洪泽区人民政府"), (2023, "洪泽区人民政府"), (2024, "淮安市洪泽区人民政府")]
    # the agency's id is its canonical name's in its region, whichever name a load met first
    assert {r["agency_key"] for r in rows} == {resolve_agency("洪泽区人民政府").key}


def test_year_over_year_change_reaches_across_names(warehouse):
    rows = query(warehouse, """
        SELECT c.year, c.agency_name, c.previous_year, c.received, c.received_change,
               c.processed_change
        FROM agency_year_change c JOIN agencies a USING (agency_key)
        WHERE a.name_canonical IN ('洪泽区人民政府', '乐清市人民政府', '乐清市自然资源和规划局',
                                   '乐清市统计局', '平潭综合实验区管理委员会')""")
    assert sorted(tuple(r.values()) for r in rows) == sorted([
        (2022, "平潭综合实验区管理委员会", None, 70, None, None),
        (2023, "福建省平潭综合实验区管委会", 2022, 140, 70, 69),
        (2021, "乐清市人民政府办公室", None, 70, None, None),
        (2022, "乐清市人民政府", 2021, 140, 70, 69),
        (2022, "统计局", None, 6, None, None),
        (2023, "乐清市统计局", 2022, 18, 12, 12),
        (2018, "乐清市国土资源局", None, 12, None, None),
        (2019, "乐清市自然资源和规划局", 2018, 6, -6, None),  # 2018's prose gives no 总计
        (2020, "乐清市自然资源和规划局", 2019, 12, 6, 6),
        (2022, "洪泽区人民政府", None, 70, None, None),
        (2023, "洪泽区人民政府", 2022, 140, 70, 69),
        (2024, "淮安市洪泽区人民政府", 2023, 210, 70, 69),
    ])


def test_an_agency_under_two_names_is_counted_once_in_ranks_and_roll_ups(warehouse):
    ranks = query(warehouse, """
        SELECT year, count(*) AS n FROM agency_peer_rank
        WHERE county = '洪泽区' GROUP BY year ORDER BY year""")
    assert [(r["year"], r["n"]) for r in ranks] == [(2022, 1), (2023, 1), (2024, 1)]
    county = query(warehouse, """
        SELECT year, agencies, received FROM region_year
        WHERE region_scope = '县' AND county = '洪泽区' AND sector = '全部' AND level = '全部'
        ORDER BY year""")
    assert [tuple(r.values()) for r in county] == [(2022, 1, 70), (2023, 1, 140), (2024, 1, 210)]


def test_zones_are_in_their_provinces_roll_ups(warehouse):
    fujian = query(warehouse, """
        SELECT year, agencies, received FROM region_year
        WHERE region_scope = '省' AND province = '福建省' AND sector = '全部' AND level = '全部'
        ORDER BY year""")
    # 2022: 福州市鼓楼区 (70) and 平潭 (70); 2023: 平潭 (140) and its 教育与体育局 (6) — the
    # unplaced 鼓楼区人民政府 of 2023 is in no province
    assert [tuple(r.values()) for r in fujian] == [(2022, 2, 140), (2023, 2, 146)]
    fuzhou = query(warehouse, """
        SELECT year, agencies, received FROM region_year
        WHERE region_scope = '市' AND city = '福州市' AND sector = '全部' AND level = '全部'
        ORDER BY year""")
    assert [tuple(r.values()) for r in fuzhou] == [(2022, 2, 140), (2023, 2, 146)]
    zones = query(warehouse, """
        SELECT year, agencies FROM region_year
        WHERE region_scope = '全国' AND sector = '人民政府' AND level = '开发区' ORDER BY year""")
    # the 管委会 of 平潭; then of 平潭, 淮安市高新区, 昆山经济技术开发区 and 雄安新区
    assert [tuple(r.values()) for r in zones] == [(2022, 1), (2023, 4)]


def test_pairs_no_rule_merged_are_listed_for_review(warehouse):
    rows = query(warehouse, """
        SELECT agency_name, years, other_agency_name, other_years, rule_considered, reason
        FROM agency_match_candidates ORDER BY agency_name, other_agency_name""")
    assert sorted(tuple(r.values()) for r in rows) == sorted([
        ("瑞安市人民政府办公室", [2023], "瑞安市人民政府", [2023], "office", "both published for 2023"),
        ("统计局", [2023], "瑞安市统计局", [2023], "region_prefix", "both published for 2023"),
        ("温州市食品药品监督管理局", [2017], "温州市市场监督管理局", [2019], "rename",
         "another name proposed into the same agency also published for 2017"),
        ("温州市工商行政管理局", [2017], "温州市市场监督管理局", [2019], "rename",
         "another name proposed into the same agency also published for 2017"),
        ("泽州县环境保护局", [2020], "泽州县生态环境局", [2021], "rename",
         "the old name was used for 2020, after the rename took effect (2019)"),
        ("鼓楼区人民政府", [2023], "福州市鼓楼区人民政府", [2022], None,
         "the name's region is ambiguous; a placed agency has the same canonical name"),
    ] + [
        # the two 达州 人社 names, in key order
        tuple(pair) for pair in [_dazhou_pair(warehouse)]
    ])


def _dazhou_pair(warehouse) -> tuple:
    keys = {r["name_published"]: r["agency_key"] for r in query(
        warehouse, "SELECT name_published, agency_key FROM agencies WHERE city = '达州市'")}
    first, second = sorted(keys, key=keys.get)
    years = {"达州市人力资源和社会保障局": [2022], "达州市人力资源社会保障局": [2023]}
    return (first, years[first], second, years[second], None,
            "same region, level and sector; no rule or listed rename covers the two names")


def test_every_merge_a_rule_proposed_is_recorded_with_its_decision(warehouse):
    rows = query(warehouse, """
        SELECT from_name, to_name, rule, merged FROM agency_merges ORDER BY from_name""")
    assert sorted(tuple(r.values()) for r in rows) == sorted([
        ("乐清市人民政府办公室", "乐清市人民政府", "office", True),
        ("瑞安市人民政府办公室", "瑞安市人民政府", "office", False),
        ("瑞安市统计局", "瑞安市统计局", "region_prefix", False),
        ("乐清市统计局", "乐清市统计局", "region_prefix", True),
        ("乐清市国土资源局", "乐清市自然资源和规划局", "rename", True),
        ("温州市食品药品监督管理局", "温州市市场监督管理局", "rename", False),
        ("温州市工商行政管理局", "温州市市场监督管理局", "rename", False),
        ("泽州县环境保护局", "泽州县生态环境局", "rename", False),
    ])


def test_a_later_load_re_decides_a_merge_its_years_no_longer_allow(tmp_path):
    """乐清's 办公室 published 2021 alone: merged. A 2022 report of the 办公室 too, beside the
    government's: from then on they are two agencies, and the pair is listed."""
    items = [p for p in publications() if p.name.startswith("yq-gov")]
    database = load(tmp_path, items)
    assert query(database, "SELECT count(*) AS n FROM agencies")[0]["n"] == 1
    load(tmp_path, [Published("yq-office-2022", "乐清市人民政府办公室", 2022, scaled(OFFICE, 3))])
    agencies = query(database, "SELECT name_published, years FROM agencies ORDER BY 1")
    assert [tuple(r.values()) for r in agencies] == [
        ("乐清市人民政府", [2022]), ("乐清市人民政府办公室", [2021, 2022])]
    reasons = query(database, "SELECT rule_considered, reason FROM agency_match_candidates")
    assert [tuple(r.values()) for r in reasons] == [("office", "both published for 2022")]
    change = query(database, """
        SELECT agency_name, year, previous_year, received_change FROM agency_year_change
        WHERE agency_name = '乐清市人民政府办公室' ORDER BY year""")
    assert [tuple(r.values()) for r in change] == [
        ("乐清市人民政府办公室", 2021, None, None), ("乐清市人民政府办公室", 2022, 2021, 140)]


# ------------------------------------------------------------ the rules, name by name

@pytest.mark.parametrize(("a", "b"), [
    ("洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("洪泽区人民政府", "江苏省淮安市洪泽区人民政府"),
    ("朝阳区卫生健康委员会", "北京市朝阳区卫生健康委员会"),
    ("延边州统计局", "延边朝鲜族自治州统计局"),
    ("教育部", "中华人民共和国教育部"),
    ("淮安市高新区管委会", "淮安市高新区管理委员会"),
    ("乐清市人民政府办公室", "乐清市人民政府办公室（乐清市外事办公室）"),
])
def test_names_one_rule_reads_as_the_same_agency(a, b):
    hint = "110000" if a.startswith("朝阳区") else None  # 朝阳区 alone is 北京's or 长春's
    assert resolve_agency(a, hint).key == resolve_agency(b).key
    assert resolve_agency(a, hint).name_key != resolve_agency(b).name_key


@pytest.mark.parametrize(("a", "b"), [
    ("乐清市人民政府", "乐清市人民政府办公室"),  # decided with the years, in the warehouse
    ("乐清市国土资源局", "乐清市自然资源和规划局"),  # likewise: a listed rename
    ("达州市人力资源和社会保障局", "达州市人力资源社会保障局"),  # similar, no rule
    ("乐清市人民政府", "乐清市柳市镇人民政府"),
    ("中共乐清市委员会办公室", "乐清市人民政府办公室"),
])
def test_names_no_name_rule_covers_stay_apart(a, b):
    assert resolve_agency(a).key != resolve_agency(b).key


def test_a_name_placed_only_by_its_source_is_its_own_until_the_years_allow():
    unplaced, placed = resolve_agency("统计局", "330382"), resolve_agency("乐清市统计局")
    assert unplaced.key == unplaced.name_key != placed.key
    assert unplaced.source_placed_key == placed.key and placed.source_placed_key is None


def test_a_governments_office_points_at_the_government():
    assert resolve_agency("乐清市人民政府办公室").office_of_key == resolve_agency("乐清市人民政府").key
    assert resolve_agency("浙江省人民政府办公厅").office_of_key == resolve_agency("浙江省人民政府").key
    assert resolve_agency("中共乐清市委员会办公室").office_of_key is None
    assert resolve_agency("乐清市人民政府").office_of_key is None


@pytest.mark.parametrize(("name", "source", "province", "city", "county", "resolution"), [
    ("平潭综合实验区管理委员会", None, "福建省", "福州市", None, "zone"),
    ("福建省平潭综合实验区管委会", None, "福建省", "福州市", None, "zone"),
    ("平潭综合实验区交通与建设局", None, "福建省", "福州市", None, "zone"),
    ("雄安新区管理委员会", None, "河北省", "保定市", None, "zone"),
    ("贵安新区管理委员会", None, "贵州省", None, None, "zone"),  # spans 贵阳 and 安顺
    ("杨凌农业高新技术产业示范区管理委员会", None, "陕西省", "咸阳市", None, "zone"),
    ("中新天津生态城管理委员会", None, "天津市", "天津市", None, "zone"),
    ("淮安市高新区管委会", None, "江苏省", "淮安市", None, "name"),
    ("杭州高新技术产业开发区管理委员会", None, "浙江省", "杭州市", None, "name"),
    ("昆山经济技术开发区管委会", "320500", "江苏省", "苏州市", "昆山市", "zone_county"),
    ("苏州昆山经济技术开发区管委会", None, "江苏省", "苏州市", "昆山市", "zone_county"),
    ("南京江宁经济技术开发区管理委员会", None, "江苏省", "南京市", "江宁区", "zone_county"),
])
def test_zones_are_placed_in_their_province_and_city(name, source, province, city, county,
                                                     resolution):
    row = resolve_agency(name, source).row()
    assert (row["province"], row["city"], row["county"], row["level"], row["region_resolution"]) \
        == (province, city, county, "开发区", resolution)


@pytest.mark.parametrize(("name", "city", "county", "level", "canonical", "rule"), [
    ("温州市供销合作社联合社", "温州市", None, "地市级", "温州市供销合作社联合社", "exact"),
    ("永嘉县供销合作社联合社", "温州市", "永嘉县", "县级", "永嘉县供销合作社联合社", "exact"),
    ("温州日报社", "温州市", None, "地市级", "温州市日报社", "short_form"),
])
def test_bodies_named_she_are_placed_by_the_place_they_begin_with(name, city, county, level,
                                                                   canonical, rule):
    row = resolve_agency(name).row()
    assert (row["province"], row["city"], row["county"], row["level"], row["sector"],
            row["name_canonical"], row["match_rule"]) == (
        "浙江省", city, county, level, "其他", canonical, rule)


def test_zone_sectors_read_the_department_not_the_zones_name():
    assert resolve_agency("杨凌农业高新技术产业示范区管理委员会").sector == "人民政府"  # not 农业农村
    assert resolve_agency("平潭综合实验区教育与体育局").sector == "教育"


def test_a_zone_named_after_a_county_is_not_placed_without_confirmation():
    """昆山 is one county, but nothing in 昆山经济技术开发区管委会 alone says it is that 昆山's."""
    row = resolve_agency("昆山经济技术开发区管委会").row()
    assert (row["region_code"], row["region_resolution"]) == (None, "unresolved")


def test_a_zone_outside_the_sources_region_is_a_conflict():
    row = resolve_agency("平潭综合实验区管理委员会", "330300").row()  # 温州's portal
    assert (row["region_code"], row["region_resolution"]) == (None, "conflict")


def test_the_reviewed_tables_reject_rows_that_cannot_hold(tmp_path, monkeypatch):
    renames = tmp_path / "agency_renames.tsv"
    renames.write_text("# renames\nold_name\tnew_name\tregion\tyear_effective\tsource\n"
                       "国土资源局\t自然资源局\t鼓楼区\t2019\t某文件\n", encoding="utf-8")
    monkeypatch.setattr(dimensions, "AGENCY_RENAMES", renames)
    with pytest.raises(ValueError, match=r"data row 1 .*'鼓楼区' names 4 divisions"):
        dimensions.agency_renames()
    renames.write_text("old_name\tnew_name\tregion\tyear_effective\tsource\n"
                       "国土资源局\t自然资源局\t\t2019\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs its source"):
        dimensions.agency_renames()
    zones = tmp_path / "zone_regions.tsv"
    zones.write_text("zone_name\tprovince\tcity\tlevel\tsource\n某新区\t福建省\t杭州市\t开发区\t某文件\n",
                     encoding="utf-8")
    monkeypatch.setattr(gazetteer, "ZONE_REGIONS", zones)
    gazetteer.zones.cache_clear()
    try:
        with pytest.raises(ValueError, match="某新区.*'杭州市' names 0 divisions inside 福建省"):
            gazetteer.zones()
        zones.write_text("zone_name\tprovince\tcity\tlevel\tsource\n某新区\t福建省\t\t区级\t某文件\n",
                         encoding="utf-8")
        gazetteer.zones.cache_clear()
        with pytest.raises(ValueError, match="某新区: level must be one of 开发区"):
            gazetteer.zones()
    finally:
        monkeypatch.undo()
        gazetteer.zones.cache_clear()


def test_the_shipped_tables_are_what_the_warehouse_holds(warehouse):
    renames = query(warehouse, "SELECT count(*) AS n FROM agency_renames")[0]["n"]
    zones = query(warehouse, "SELECT zone_name, city_code FROM zone_regions "
                             "WHERE zone_name = '平潭综合实验区'")
    assert renames == dimensions.agency_renames().height > 10
    assert zones == [{"zone_name": "平潭综合实验区", "city_code": "350100"}]


def test_a_warehouse_loaded_before_names_were_kept_keeps_its_agencies(tmp_path):
    """Before agency_names, reports.agency_key was the name's key and agencies had a row per
    name. A load that stages none of those reports again keeps each as its own agency."""
    database = load(tmp_path, [p for p in publications() if p.name.startswith("hz-")])
    connection = duckdb.connect(str(database))
    connection.execute("UPDATE reports SET agency_key = agency_name_key, agency_name_key = NULL")
    connection.execute("DELETE FROM agencies")
    connection.execute("""
        INSERT INTO agencies (agency_key, name_published, name_normalised, province, city, county,
                              region_code, level, sector, region_resolution)
        SELECT name_key, name_published, name_normalised, province, city, county, region_code,
               level, sector, region_resolution FROM agency_names""")
    connection.execute("DELETE FROM agency_names")
    connection.close()
    load_frames([], database, tmp_path / "staging")
    rows = query(database, "SELECT name_published, names, years FROM agencies ORDER BY years")
    assert [tuple(r.values()) for r in rows] == [
        ("洪泽区人民政府", 1, [2022, 2023]), ("淮安市洪泽区人民政府", 1, [2024])]
    placed = query(database, "SELECT count(*) AS n FROM staging.stg_reports WHERE county = '洪泽区'")
    assert placed == [{"n": 3}]


def test_a_rename_listed_for_one_region_merges_only_inside_it(tmp_path, monkeypatch):
    """How a reviewer adds a rename: a row of data/agency_renames.tsv, here one city's."""
    renames = tmp_path / "agency_renames.tsv"
    shipped = dimensions.AGENCY_RENAMES.read_text(encoding="utf-8")
    renames.write_text(shipped + "文化广电新闻出版局\t文化和旅游局\t温州市\t2019\t"
                       "温州市机构改革方案 (2019)\n", encoding="utf-8")
    monkeypatch.setattr(dimensions, "AGENCY_RENAMES", renames)
    database = load(tmp_path, [
        prose_report("yq-culture-2018", "乐清市文化广电新闻出版局", 2018),
        Published("yq-culture-2019", "乐清市文化和旅游局", 2019, as_2019(DAZHOU), template="2019"),
        prose_report("zz-culture-2018", "泽州县文化广电新闻出版局", 2018),
        Published("zz-culture-2019", "泽州县文化和旅游局", 2019, as_2019(DAZHOU), template="2019"),
    ])
    agencies = query(database, "SELECT name_published, names, years FROM agencies")
    assert sorted(tuple(r.values()) for r in agencies) == sorted([
        ("乐清市文化和旅游局", 2, [2018, 2019]),  # 乐清 lies in 温州市
        ("泽州县文化广电新闻出版局", 1, [2018]), ("泽州县文化和旅游局", 1, [2019])])
    pairs = query(database, "SELECT agency_name, other_agency_name, rule_considered "
                            "FROM agency_match_candidates")
    assert [sorted([p["agency_name"], p["other_agency_name"]]) + [p["rule_considered"]]
            for p in pairs] == [sorted(["泽州县文化广电新闻出版局", "泽州县文化和旅游局"]) + [None]]
    held = query(database, "SELECT region, region_code FROM agency_renames "
                           "WHERE old_name = '文化广电新闻出版局'")
    assert held == [{"region": "温州市", "region_code": "330300"}]
