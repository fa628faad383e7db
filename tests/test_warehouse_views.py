"""Every comparison view checked against figures computed here, in plain Python, from the inputs.

About thirty reports are made from the seeds' verified values (``shared/seeds/truth``):
republished under other agencies and regions, scaled for other years, turned into the
2019 form, one read only in part, one failing its own arithmetic, a page and its PDF
giving one agency-year, two fetches of one URL, a failed document. They are loaded, and
each view's full contents compared with what the documented definitions give when
worked out from those reports — with no SQL, so a wrong join, filter or rate shows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from conftest import SHARED
from models import template as t
from models.report import Report
from pipelines.reading.checks import run_checks
from pipelines.report_files import Provenance, write_report_file
from pipelines.warehouse import load_reports, run_query
from pipelines.warehouse.agency import resolve_agency

TOTAL = "total"
WITHHELD = [r.code for r in t.REQUEST_ROWS["2021"] if r.group == t.WITHHELD]
UNAVAILABLE = [r.code for r in t.REQUEST_ROWS["2021"] if r.group == t.UNAVAILABLE]
NOT_PROCESSED = [r.code for r in t.REQUEST_ROWS["2021"] if r.group == t.NOT_PROCESSED]
OTHER_2021 = [r.code for r in t.REQUEST_ROWS["2021"] if r.group == t.OTHER_PROCESSING]
LITIGATIONS = ("litigation_direct", "litigation_after_review")
SHARED_PROACTIVE = sorted(set(t.PROACTIVE_CELLS["2019"]) & set(t.PROACTIVE_CELLS["2021"]))


def seed_cells() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))["cells"]
            for p in sorted((SHARED / "seeds" / "truth").glob("*.json"))]


def scaled(cells: dict, factor: int) -> dict:
    """Every count times ``factor``: each of the template's sums still holds."""
    return {code: value * factor for code, value in cells.items()}


def as_2019(cells: dict) -> dict:
    """The same numbers on the 2019 form: one 其他处理 row, the 2019 proactive items shared."""
    out = {c: v for c, v in cells.items() if c.startswith(("requests.", "review.", "litigation"))}
    for applicant in (a.code for a in t.APPLICANTS):
        rows = [f"requests.{row}.{applicant}" for row in OTHER_2021]
        out[f"requests.other_processing.{applicant}"] = sum(out.pop(r) for r in rows)
    out.update({f"proactive.{c}": cells[f"proactive.{c}"] for c in SHARED_PROACTIVE
                if f"proactive.{c}" in cells})
    return out


@dataclass
class Input:
    name: str
    agency: str | None
    year: int | None
    cells: dict
    template: str = "2021"
    status: str = "ok"
    region_code: str | None = None
    fetched_at: str = "2024-03-01T08:00:00Z"
    url: str | None = None

    def write(self, directory: Path) -> None:
        report = Report(source=self.name, status=self.status, template=self.template,
                        agency=self.agency, year=self.year, cells=self.cells,
                        checks=run_checks(self.cells, self.template) if self.cells else [])
        sha = hashlib.sha256(f"{self.name} {self.fetched_at}".encode()).hexdigest()
        write_report_file(directory, report, Provenance(
            sha256=sha, url=self.url or f"https://xxgk.example.gov.cn/{self.name}",
            fetched_at=self.fetched_at, source="test", region_code=self.region_code))


def inputs() -> list[Input]:
    yueqing_hrss, hanjiang, zezhou, dazhou, yueqing_office = seed_cells()
    out = []
    for year, factor in ((2021, 1), (2022, 2), (2023, 3)):
        out += [
            Input(f"yq-hrss-{year}", "乐清市人力资源和社会保障局", year, scaled(yueqing_hrss, factor)),
            Input(f"yq-office-{year}", "乐清市人民政府办公室", year, scaled(yueqing_office, factor)),
            Input(f"wz-stats-{year}", "温州市统计局", year, scaled(dazhou, factor)),
            Input(f"hz-stats-{year}", "杭州市统计局", year, scaled(dazhou, 4 - factor)),
        ]
    out += [
        # peers: 浙江 county 人社局s; 2019 form for one year
        Input("lc-hrss-2023", "鹿城区人力资源和社会保障局", 2023, scaled(hanjiang, 2)),
        Input("ra-hrss-2023", "瑞安市人力资源和社会保障局", 2023, scaled(zezhou, 1)),
        Input("ra-hrss-2022", "瑞安市人力资源和社会保障局", 2022, as_2019(zezhou), template="2019"),
        Input("ra-hrss-2021", "瑞安市人力资源和社会保障局", 2021, as_2019(scaled(zezhou, 2)),
              template="2019"),
        Input("hj-hrss-2023", "莆田市涵江区人力资源和社会保障局", 2023, hanjiang),
        Input("zz-hrss-2023", "泽州县人力资源和社会保障局", 2023, zezhou),
        Input("dz-hrss-2023", "达州市人力资源和社会保障局", 2023, dazhou),
        # national, provincial, municipality, county directly under a province, ambiguous
        Input("nbs-2023", "国家统计局", 2023, scaled(dazhou, 5)),
        Input("zj-stats-2023", "浙江省统计局", 2023, scaled(yueqing_office, 2)),
        Input("bj-cy-2023", "北京市朝阳区人民政府", 2023, yueqing_office),
        Input("jy-hrss-2023", "济源市人力资源和社会保障局", 2023, dazhou),
        Input("gl-fz-2023", "鼓楼区人民政府", 2023, scaled(yueqing_office, 2), region_code="350100"),
        Input("gl-unknown-2023", "鼓楼区人民政府", 2023, hanjiang),
    ]
    # read in part: 部分公开 and 行政复议 尚未审结 unread
    partial = {c: v for c, v in scaled(yueqing_hrss, 2).items()
               if c not in ("requests.partially_disclosed.total", "review.pending")}
    out.append(Input("lc-office-2023", "鹿城区人民政府办公室", 2023, partial, status="partial"))
    # failing its own arithmetic: one more 予以公开 than its rows add up to
    broken = {**yueqing_office, "requests.disclosed.total": yueqing_office["requests.disclosed.total"] + 1}
    out.append(Input("ra-office-2023", "瑞安市人民政府办公室", 2023, broken))
    # a page and its PDF for one agency-year: the ok one stands, though fetched earlier
    out.append(Input("wz-stats-2023-page", "温州市统计局", 2023,
                     {c: v for c, v in scaled(dazhou, 7).items() if "withheld" not in c},
                     status="partial", fetched_at="2024-05-01T08:00:00Z"))
    # two fetches of one URL: the later one stands
    same_url = "https://xxgk.example.gov.cn/yongjia-2023"
    out.append(Input("yj-early", "永嘉县人民政府办公室", 2023, yueqing_office, url=same_url,
                     fetched_at="2024-02-01T08:00:00Z"))
    out.append(Input("yj-late", "永嘉县人民政府办公室", 2023, scaled(yueqing_office, 3),
                     url=same_url, fetched_at="2024-04-01T08:00:00Z"))
    out.append(Input("failed-doc", None, None, {}, template=None, status="failed"))
    return out


# ------------------------------------------------------------ the definitions, in Python

def measures(cells: dict, template: str | None) -> dict:
    """The counts of docs/warehouse.md from one report's 总计 column and section 四."""
    def cell(code):
        return cells.get(code)

    def total(row):
        return cell(f"requests.{row}.{TOTAL}")

    def group(rows):
        values = [total(r) for r in rows]
        return None if None in values else sum(values)

    def litigation(result):
        values = [cell(f"{p}.{result}") for p in LITIGATIONS]
        return None if None in values else sum(values)

    other = ["other_processing"] if template == "2019" else OTHER_2021
    return {
        "received": total("new_received"), "carried_over": total("carried_over"),
        "processed": total("total_processed"), "carried_forward": total("carried_forward"),
        "disclosed": total("disclosed"), "partially_disclosed": total("partially_disclosed"),
        "withheld": group(WITHHELD), "unavailable": group(UNAVAILABLE),
        "not_held": total("unavailable_not_held"), "not_processed": group(NOT_PROCESSED),
        "other_processing": group(other),
        "review_total": cell("review.total"), "review_corrected": cell("review.corrected"),
        "review_pending": cell("review.pending"),
        "litigation_total": litigation("total"), "litigation_corrected": litigation("corrected"),
        "litigation_pending": litigation("pending"),
    }


def minus(a, b):
    return None if a is None or b is None else a - b


def plus(a, b):
    return None if a is None or b is None else a + b


RATES = {  # rate → (numerator, denominator) from a row of counts
    "disclosure_rate": lambda m: (plus(m["disclosed"], m["partially_disclosed"]), m["processed"]),
    "refusal_share": lambda m: (m["withheld"], m["processed"]),
    "not_held_share": lambda m: (m["not_held"], m["processed"]),
    "not_processed_share": lambda m: (m["not_processed"], m["processed"]),
    "review_correction_rate": lambda m: (m["review_corrected"],
                                         minus(m["review_total"], m["review_pending"])),
    "litigation_correction_rate": lambda m: (m["litigation_corrected"],
                                             minus(m["litigation_total"], m["litigation_pending"])),
}


def ratio(numerator, denominator):
    return None if numerator is None or not denominator else numerator / denominator


def rates(counts: dict) -> dict:
    return {name: ratio(*parts(counts)) for name, parts in RATES.items()}


def standing_reports(items: list[Input]) -> list[Input]:
    """Per URL the latest fetch."""
    by_url: dict[str, Input] = {}
    for item in items:
        url = item.url or item.name
        if url not in by_url or item.fetched_at > by_url[url].fetched_at:
            by_url[url] = item
    return list(by_url.values())


def agency_years(items: list[Input]) -> dict[tuple, dict]:
    """(agency name, region code, year) → the report of record's counts, rates and place."""
    candidates = defaultdict(list)
    for item in standing_reports(items):
        if item.agency and item.year:
            agency = resolve_agency(item.agency, item.region_code)
            candidates[(agency.key, item.year)].append((item, agency))
    out = {}
    for (_, year), found in candidates.items():
        best = {"ok": 0, "partial": 1}
        item, agency = min(found, key=lambda f: (best.get(f[0].status, 2),
                                                 -datetime.fromisoformat(f[0].fetched_at[:-1]).timestamp()))
        row = agency.row()
        counts = measures(item.cells, item.template)
        out[(agency.key, year)] = {**counts, **rates(counts), "year": year, "documents": len(found),
                                   "agency_name": item.agency, "cells": item.cells,
                                   "template": item.template,
                                   **{k: row[k] for k in ("agency_key", "province", "province_code",
                                                          "city", "city_code", "county",
                                                          "county_code", "level", "sector")}}
    return out


# ------------------------------------------------------------ loading and comparing

@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    place = tmp_path_factory.mktemp("views")
    items = inputs()
    for item in items:
        item.write(place / "reports")
    load_reports(place / "reports", place / "warehouse.duckdb", place / "staging")
    return place / "warehouse.duckdb", items


def rows(database: Path, view: str, key: tuple[str, ...], columns: list[str]) -> dict:
    frame = run_query(database, f"SELECT {', '.join(key + tuple(columns))} FROM {view}")
    return {tuple(r[k] for k in key): {c: _round(r[c]) for c in columns} for r in frame.to_dicts()}


def _round(value):
    return round(value, 9) if isinstance(value, float) else value


def expected_rows(table: dict, columns: list[str]) -> dict:
    return {key: {c: _round(row[c]) for c in columns} for key, row in table.items()}


COUNTS = list(measures({}, "2021"))


def test_there_are_about_thirty_reports_of_every_kind(warehouse):
    database, items = warehouse
    assert len(items) >= 30
    statuses = dict(run_query(database, "SELECT status, count(*) FROM reports GROUP BY 1").rows())
    assert statuses == {"ok": len(items) - 3 - 1, "partial": 2, "failed": 1}  # one URL fetched twice


def test_agency_year(warehouse):
    database, items = warehouse
    columns = ["agency_name", "province", "city", "county", "level", "sector", "documents",
               *COUNTS, *RATES]
    expected = agency_years(items)
    assert rows(database, "agency_year", ("agency_key", "year"), columns) == \
        expected_rows(expected, columns)


def region_rows(items: list[Input]) -> dict[tuple, dict]:
    """region_year by hand: the agencies inside each region, summed, then divided."""
    groups = defaultdict(list)
    for row in agency_years(items).values():
        scopes = [("全国", None)]
        if row["province_code"]:
            scopes.append(("省", row["province_code"]))
        if row["city_code"]:
            scopes.append(("市", row["city_code"]))
        if row["county_code"]:
            scopes.append(("县", row["county_code"]))
        for scope, code in scopes:
            groups[(scope, code, "全部", "全部", row["year"])].append(row)
            groups[(scope, code, row["sector"], "全部", row["year"])].append(row)
            if scope == "全国":
                groups[(scope, code, row["sector"], row["level"], row["year"])].append(row)
    out = {}
    for key, members in groups.items():
        summed = {c: _sum(m[c] for m in members) for c in COUNTS}
        both = {name: _pairs(parts(m) for m in members) for name, parts in RATES.items()}
        out[key] = {**summed, "agencies": len(members),
                    **{name: ratio(*pair) for name, pair in both.items()}}
    return out


def _sum(values):
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _pairs(pairs):
    """Numerator and denominator summed over the agencies that have both."""
    known = [(n, d) for n, d in pairs if n is not None and d is not None]
    return (sum(n for n, _ in known), sum(d for _, d in known)) if known else (None, None)


REGION_KEY = ("region_scope", "region_code", "sector", "level", "year")
REGION_COLUMNS = ["agencies", "received", "carried_over", "processed", "disclosed",
                  "partially_disclosed", "withheld", "not_held", "not_processed", "review_total",
                  "review_corrected", "review_pending", "litigation_total", "litigation_corrected",
                  "litigation_pending", *RATES]


def test_region_year(warehouse):
    database, items = warehouse
    expected = region_rows(items)
    assert rows(database, "region_year", REGION_KEY, REGION_COLUMNS) == \
        expected_rows(expected, REGION_COLUMNS)


CHANGED = ["received", "processed", "disclosure_rate", "refusal_share", "review_total",
           "review_correction_rate"]


def changes(table: dict, key_of_previous) -> dict:
    out = {}
    for key, row in table.items():
        previous = table.get(key_of_previous(key))
        out[key] = {"previous_year": previous["year"] if previous else None,
                    **{c: row[c] for c in CHANGED},
                    **{f"{c}_change": minus(row[c], previous[c]) if previous else None
                       for c in CHANGED}}
    return out


def test_agency_year_change(warehouse):
    database, items = warehouse
    table = agency_years(items)
    expected = changes(table, lambda k: (k[0], k[1] - 1))
    columns = ["previous_year", *CHANGED, *(f"{c}_change" for c in CHANGED)]
    assert rows(database, "agency_year_change", ("agency_key", "year"), columns) == \
        expected_rows(expected, columns)


def test_region_year_change(warehouse):
    database, items = warehouse
    table = region_rows(items)
    for key, row in table.items():
        row["year"] = key[-1]
    expected = changes(table, lambda k: (*k[:-1], k[-1] - 1))
    columns = ["previous_year", *[c for c in CHANGED if c != "processed"],
               *(f"{c}_change" for c in CHANGED if c != "processed")]
    assert rows(database, "region_year_change", REGION_KEY, columns) == \
        expected_rows(expected, columns)


def test_agency_peer_rank(warehouse):
    database, items = warehouse
    table = agency_years(items)
    peers = defaultdict(list)
    for row in table.values():
        if row["level"]:
            peers[(row["province_code"], row["sector"], row["level"], row["year"])].append(row)
    ranked = {"received_rank": "received", "disclosure_rank": "disclosure_rate",
              "refusal_rank": "refusal_share", "review_correction_rank": "review_correction_rate"}
    expected = {}
    for group in peers.values():
        for row in group:
            expected[(row["agency_key"], row["year"])] = {"peers": len(group), **{
                rank: None if row[value] is None else
                1 + sum(1 for other in group if other[value] is not None and other[value] > row[value])
                for rank, value in ranked.items()}}
    columns = ["peers", *ranked]
    assert rows(database, "agency_peer_rank", ("agency_key", "year"), columns) == expected
    assert any(r["received_rank"] == 2 for r in expected.values())  # some agency has peers


def test_reports_failing_checks(warehouse):
    database, items = warehouse
    expected = {}
    for item in standing_reports(items):
        failed = sorted((c.rule, c.detail) for c in run_checks(item.cells, item.template)
                        if item.cells and not c.passed)
        if failed:
            expected[(item.agency, item.year)] = {
                "failed_checks": len(failed), "failed_rules": [r for r, _ in failed],
                "failure_details": [d for _, d in failed]}
    assert len(expected) == 1
    assert rows(database, "reports_failing_checks", ("agency_name", "year"),
                ["failed_checks", "failed_rules", "failure_details"]) == expected


def test_proactive_shared(warehouse):
    database, items = warehouse
    expected = {}
    for (agency_key, year), row in agency_years(items).items():
        for item in SHARED_PROACTIVE:
            value = row["cells"].get(f"proactive.{item}")
            if value is not None:
                expected[(agency_key, year, item)] = {"value": value, "template": row["template"]}
    actual = rows(database, "proactive_shared", ("agency_key", "year", "item_code"),
                  ["value", "template"])
    assert {k: {"value": float(v["value"]), "template": v["template"]} for k, v in actual.items()} == \
        {k: {"value": float(v["value"]), "template": v["template"]} for k, v in expected.items()}


def test_loading_the_same_reports_again_changes_no_row_of_any_table(warehouse):
    database, _ = warehouse

    def every_row():
        tables = run_query(database, "SELECT schema_name || '.' || table_name AS name "
                                     "FROM duckdb_tables() WHERE NOT internal "
                                     "ORDER BY 1")["name"].to_list()
        return {table: run_query(database, f"SELECT * FROM {table} ORDER BY ALL").rows()
                for table in tables}
    before = every_row()
    assert len(before) >= 15 and all(before[t] for t in ("main.reports", "core.region_year_counts"))
    load_reports(database.parent / "reports", database, database.parent / "staging")
    assert every_row() == before
