"""The dashboard, built from a real warehouse: the reports of ``test_warehouse_views`` (made
from the seeds' verified values: other agencies, regions, years, the 2019 form, a partial
report, one failing its arithmetic, a page and its PDF, two fetches of one URL, a failed
document) and a few more: an agency that skipped a year, a document of a known agency and
year that failed to read.

Without a browser: every page kind is written for every agency, province and year; every
number in its tables equals a query of the warehouse (each cell carries its exact value in
``data-value``), and the coverage states and cross-year disagreements equal what is worked
out here in Python from the inputs. In headless Chromium (``test_dashboard_browser.py``):
every page kind opens from disk, draws its charts, logs no error and asks no network.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipelines.cli import main as xxgk
from pipelines.dashboard import NotADashboard, build_dashboard
from pipelines.dashboard.labels import agency_href
from pipelines.warehouse import load_reports, publish_analyst_copy, run_query
from pipelines.warehouse.agency import resolve_agency
from test_warehouse_views import Input, agency_years, inputs, scaled, seed_cells

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_organization", "legal_service_institution", "other_organization",
              "total")


def dashboard_inputs() -> list[Input]:
    yueqing_hrss, *_, yueqing_office = seed_cells()
    return [*inputs(),
            # published 2021 and 2023, nothing in 2022: a gap
            Input("yj-hrss-2021", "永嘉县人力资源和社会保障局", 2021, yueqing_hrss),
            Input("yj-hrss-2023", "永嘉县人力资源和社会保障局", 2023, scaled(yueqing_hrss, 3)),
            # its agency and year known, its tables unreadable
            Input("py-office-2022", "平阳县人民政府办公室", 2022, {}, template=None, status="failed"),
            # large enough for 千分位
            Input("sz-police-2023", "深圳市公安局", 2023, scaled(yueqing_office, 40))]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    place = tmp_path_factory.mktemp("dashboard")
    items = dashboard_inputs()
    for item in items:
        item.write(place / "reports")
    load_reports(place / "reports", place / "warehouse.duckdb", place / "staging")
    copy = publish_analyst_copy(place / "warehouse.duckdb", place / "analyst.duckdb")
    summary = build_dashboard(copy, place / "site")
    return copy, place / "site", items, summary


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def table_values(page: BeautifulSoup, table_id: str) -> list[list]:
    """Each body row of a table: its first cell's text, then every cell's exact value."""
    rows = []
    for tr in page.find(id=table_id).tbody.find_all("tr", class_=lambda c: c != "none"):
        cells = tr.find_all(["th", "td"])
        rows.append([cells[0].get_text()] + [_value(c) for c in cells[1:]])
    return rows


def _value(cell):
    if not cell.has_attr("data-value"):
        return cell.get_text()
    raw = cell["data-value"]
    if raw == "":
        return None
    return float(raw) if "." in raw or "e" in raw else int(raw)


def query(database: Path, sql: str) -> list[dict]:
    return run_query(database, sql).to_dicts()


def key_of(name: str, region_code: str | None = None) -> int:
    return resolve_agency(name, region_code).key


# ------------------------------------------------------------------ pages written

def test_every_page_kind_is_written_for_every_agency_province_and_year(built):
    database, site, _, summary = built
    agencies = {r["agency_key"] for r in query(database, "select distinct agency_key from reports "
                                                         "where agency_key is not null")}
    assert {p.name for p in (site / "agency").iterdir()} == \
        {agency_href(k).split("/")[1] for k in agencies}
    peer_groups = query(database, "select distinct coalesce(province_code, 'national') as g, year "
                                  "from agency_peer_rank")
    assert {p.name for p in (site / "peers").iterdir()} == \
        {"index.html"} | {f"{r['g']}-{r['year']}.html" for r in peer_groups}
    provinces = {r["province_code"] for r in query(database, "select province_code from agencies "
                                                             "where province_code is not null")}
    assert {p.stem for p in (site / "coverage").iterdir()} >= {"index"} | provinces
    for page in ("index.html", "quality.html", "quality/unknown.html", "assets/echarts.min.js", "assets/china.js",
                 "assets/app.js", "assets/style.css", "licenses/ECHARTS-LICENSE.txt"):
        assert (site / page).is_file(), page
    assert summary.pages["agency"] == len(agencies)
    assert summary.index == site / "index.html"


def test_pages_load_only_what_is_in_the_site(built):
    """No script, style sheet, font or image from elsewhere: every one a relative file that
    exists. Links to the agencies' own documents (<a href>) are links, not loads."""
    _, site, _, _ = built
    for path in site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag, attrs={attribute: True}):
                target = element[attribute]
                assert not re.match(r"^[a-z]+:|^//", target), (path, target)
                assert (path.parent / target).resolve().is_file(), (path, target)
    style = (site / "assets" / "style.css").read_text(encoding="utf-8")
    for url in re.findall(r"url\(\"?([^\")]+)", style):
        assert (site / "assets" / url).is_file()
    for script in ("app.js", "china.js"):
        text = (site / "assets" / script).read_text(encoding="utf-8")
        assert "fetch(" not in text and "XMLHttpRequest" not in text and "http" not in text


def test_chinese_font_is_cut_to_the_site_and_small(built):
    _, site, _, summary = built
    font = site / "assets" / "xxgk-sans.woff2"
    assert font.is_file() and summary.font_bytes == font.stat().st_size
    assert font.stat().st_size < 1_500_000
    from fontTools.ttLib import TTFont
    glyphs = TTFont(str(font)).getBestCmap()
    for character in "乐清市人力资源和社会保障局发布情况数据质量0123456789,%（）":
        assert ord(character) in glyphs, character


# ------------------------------------------------------------------ numbers equal the warehouse

AGENCY_COUNTS = ("received", "carried_over", "processed", "disclosed", "partially_disclosed",
                 "withheld", "unavailable", "not_processed", "other_processing", "carried_forward")
AGENCY_RATES = ("disclosure_rate", "refusal_share", "not_held_share", "not_processed_share")


def test_agency_pages_show_agency_year_exactly(built):
    database, site, _, _ = built
    by_agency = defaultdict(list)
    for row in query(database, "select * from agency_year order by year"):
        by_agency[row["agency_key"]].append(row)
    for key, years in by_agency.items():
        page = soup(site, agency_href(key))
        assert table_values(page, "t-outcomes") == [
            [f"{r['year']}年", *(r[c] for c in AGENCY_COUNTS)] for r in years]
        assert table_values(page, "t-rates") == [
            [f"{r['year']}年", *(r[c] for c in AGENCY_RATES)] for r in years]
        proceedings = [[f"{r['year']}年", r["review_total"], r["review_corrected"],
                        r["review_pending"], r["review_correction_rate"], r["litigation_total"],
                        r["litigation_corrected"], r["litigation_pending"],
                        r["litigation_correction_rate"]] for r in years]
        assert table_values(page, "t-proceedings") == proceedings


def test_rates_are_shown_with_their_numerator_and_denominator(built):
    database, site, _, _ = built
    key = key_of("乐清市人民政府办公室")
    row = query(database, f"select * from agency_year where agency_key = {key} and year = 2023")[0]
    cell = soup(site, agency_href(key)).find(id="t-rates").tbody.find_all("tr")[-1].find_all("td")[0]
    numerator = row["disclosed"] + row["partially_disclosed"]
    assert (int(cell["data-numerator"]), int(cell["data-denominator"])) == (numerator, row["processed"])
    assert cell.get_text() == f"{row['disclosure_rate'] * 100:.1f}%（{numerator:,} / {row['processed']:,}）"


def test_received_by_applicant_type_equals_the_printed_row(built):
    database, site, items, _ = built
    expected = agency_years(dashboard_inputs())
    for (key, year), row in expected.items():
        page = soup(site, agency_href(key))
        shown = {r[0]: r[1:] for r in table_values(page, "t-received")}
        assert shown[f"{year}年"] == [row["cells"].get(f"requests.new_received.{a}") for a in APPLICANTS]


def test_every_year_links_to_its_source_document(built):
    database, site, _, _ = built
    sources = query(database, "select r.report_key, r.agency_key, r.year, r.url, r.sha256, "
                              "r.fetched_at from reports r join agency_year a using (report_key)")
    for source in sources:
        page = soup(site, agency_href(source["agency_key"]))
        link = page.find(id="t-outcomes").find("a", string=f"{source['year']}年")
        assert link["href"] == f"#source-{source['report_key']}"
        entry = page.find(id=f"source-{source['report_key']}")
        assert entry.find("a")["href"] == source["url"]
        assert source["sha256"] in entry.get_text()
        assert source["fetched_at"].isoformat(timespec="seconds") in entry.get_text()


def test_failed_checks_show_both_numbers(built):
    database, site, _, _ = built
    failing = query(database, "select r.agency_key, f.year, f.failed_rules, f.failure_details "
                              "from reports_failing_checks f join reports r using (report_key)")
    assert failing  # 瑞安市人民政府办公室 adds one 予以公开 too many
    quality = " ".join(soup(site, f"quality/{p.name}").find(id="t-failing").get_text()
                       for p in (site / "quality").iterdir())
    for row in failing:
        checks = soup(site, agency_href(row["agency_key"])).find(id="t-checks").get_text()
        for rule, detail in zip(row["failed_rules"], row["failure_details"]):
            assert re.search(r"\d+ [=≠] .*\d+", detail)
            assert f"{rule}：{detail}" in checks and f"{rule}：{detail}" in quality


def test_overview_counts_reports_by_year_and_status(built):
    database, site, items, _ = built
    rows = table_values(soup(site, "index.html"), "t-reports")
    statuses = ["完整读出", "部分读出", "读取失败"]
    expected = defaultdict(lambda: [0, 0, 0])
    for row in query(database, "select year, status, count(*) as n from reports group by all"):
        expected[f"{row['year']}年" if row["year"] else "年份未知"][
            ["ok", "partial", "failed"].index(row["status"])] = row["n"]
    assert {r[0]: r[1:4] for r in rows} == dict(expected)
    assert sum(r[4] for r in rows) == len({i.url or i.name for i in items})


def test_overview_rates_come_from_region_year_with_their_denominators(built):
    database, site, _, _ = built
    national = query(database, "select year, disclosure_rate, refusal_share, not_held_share, "
                               "review_correction_rate from region_year where region_scope = '全国' "
                               "and sector = '全部' and level = '全部' order by year")
    assert table_values(soup(site, "index.html"), "t-rates") == [
        [f"{r['year']}年", r["disclosure_rate"], r["refusal_share"], r["not_held_share"],
         r["review_correction_rate"]] for r in national]


def test_peer_pages_show_agency_peer_rank(built):
    database, site, _, _ = built
    ranks = query(database, "select * from agency_peer_rank")
    by_page = defaultdict(dict)
    for r in ranks:
        by_page[f"peers/{r['province_code'] or 'national'}-{r['year']}.html"][r["agency_name"]] = r
    for path, expected in by_page.items():
        rows = {r[0]: r for r in table_values(soup(site, path), "t-peers")}
        assert set(rows) == set(expected)
        for name, r in expected.items():
            shown = rows[name]
            assert shown[4:7] == [r["peers"], r["received"], r["received_rank"]]
            assert shown[7:9] == [r["disclosure_rate"], r["disclosure_rank"]]
            assert shown[9:11] == [r["refusal_share"], r["refusal_rank"]]
            assert shown[13:15] == [r["review_correction_rate"], r["review_correction_rank"]]


def test_peer_rows_and_agency_pages_flag_reports_not_clean(built):
    """A rank read from a partial report or one failing its own sums says so beside it."""
    database, site, _, _ = built
    rows = {r[0]: r for r in table_values(soup(site, "peers/330000-2023.html"), "t-peers")}
    assert rows["瑞安市人民政府办公室"][-1] == "⚠ 勾稽关系不符 2 项"
    assert rows["鹿城区人民政府办公室"][-1] == "⚠ 部分读出"
    assert rows["乐清市人民政府办公室"][-1] == "完整读出，核对通过"
    failing = soup(site, agency_href(key_of("瑞安市人民政府办公室")))
    assert "2023年：⚠ 勾稽关系不符 2 项" in failing.find(class_="warning").get_text()
    assert soup(site, agency_href(key_of("乐清市人民政府办公室"))).find(class_="warning") is None


def test_not_held_rank_ranks_peers_like_the_other_ranks(built):
    """agency_peer_rank has no not-held rank; the page's ranks it by the same rule."""
    database, site, _, _ = built
    shares = query(database, "select a.agency_name, a.not_held_share from agency_peer_rank p join "
                             "agency_year a using (agency_key, year) where p.province = '浙江省' "
                             "and p.year = 2023 and p.sector = '人社' and p.level = '县级'")
    rows = {r[0]: r for r in table_values(soup(site, "peers/330000-2023.html"), "t-peers")}
    for row in shares:
        higher = sum(1 for other in shares if other["not_held_share"] is not None
                     and row["not_held_share"] is not None
                     and other["not_held_share"] > row["not_held_share"])
        expected = None if row["not_held_share"] is None else higher + 1
        assert rows[row["agency_name"]][11:13] == [row["not_held_share"], expected]


# ------------------------------------------------------------------ coverage and quality

def test_coverage_marks_published_partial_failed_gap_and_missing(built):
    _, site, _, _ = built
    page = soup(site, "coverage/330000.html")
    years = [th.get_text() for th in page.find(id="t-matrix").thead.find_all("th")][4:]
    states = {}
    for tr in page.find(id="t-matrix").tbody.find_all("tr"):
        cells = tr.find_all(["th", "td"])
        states[cells[0].get_text()] = dict(zip(years, (c["data-state"] for c in cells[4:])))
    assert states["永嘉县人力资源和社会保障局"] == {"2021年": "published", "2022年": "gap",
                                            "2023年": "published"}
    assert states["乐清市人民政府办公室"] == dict.fromkeys(years, "published")
    assert states["鹿城区人民政府办公室"] == {"2021年": "missing", "2022年": "missing",
                                          "2023年": "partial"}
    assert states["平阳县人民政府办公室"] == {"2021年": "missing", "2022年": "failed",
                                          "2023年": "gap"}


def test_coverage_counts_by_year_add_up_to_every_agency(built):
    database, site, _, _ = built
    agencies = query(database, "select count(distinct agency_key) as n from reports "
                               "where agency_key is not null")[0]["n"]
    rows = table_values(soup(site, "coverage/index.html"), "t-coverage-years")
    assert [r[0] for r in rows] == ["2021年", "2022年", "2023年"]
    for row in rows:
        assert sum(row[1:6]) == row[6] == agencies
    assert rows[1][4] >= 1  # 永嘉县人社 in 2022


def test_unattributed_documents_are_counted_not_dropped(built):
    _, site, _, _ = built
    assert "另有 1 份文件读不出机关或年份" in soup(site, "coverage/index.html").get_text()


def expected_cross_year(items) -> set[tuple]:
    """结转下年度 of Y−1 ≠ 上年结转 of Y, per applicant column, from the reports of record."""
    records = agency_years(items)
    out = set()
    for (key, year), row in records.items():
        before = records.get((key, year - 1))
        if not before:
            continue
        for applicant in APPLICANTS:
            forward = before["cells"].get(f"requests.carried_forward.{applicant}")
            over = row["cells"].get(f"requests.carried_over.{applicant}")
            if forward is not None and over is not None and forward != over:
                out.add((row["agency_name"], year, applicant, forward, over))
    return out


def test_cross_year_disagreements_equal_the_reports(built):
    database, site, items, _ = built
    expected = expected_cross_year(items)
    assert expected  # 乐清市人民政府办公室 carries 1 forward from 2021 and 0 over into 2022
    labels = {r["label"]: r["applicant_code"]
              for r in query(database, "select label, applicant_code from applicant_types")}
    shown = set()
    for row in quality_rows(site, "t-cross-year"):
        name, applicant, _, forward, year_text, over, difference = row[:7]
        assert difference == over - forward
        shown.add((name, int(year_text[:4]), labels[applicant], forward, over))
    assert shown == expected


def quality_rows(site: Path, table_id: str) -> list[list]:
    return [row for path in sorted((site / "quality").iterdir())
            for row in table_values(soup(site, f"quality/{path.name}"), table_id)]


def test_quality_counts_by_year_link_to_each_years_lists(built):
    database, site, _, _ = built
    rows = table_values(soup(site, "quality.html"), "t-quality")
    failing = dict(run_query(database, "select year, count(*) from reports_failing_checks "
                                       "group by year").rows())
    for row in rows:
        year = None if row[0] == "年份未知" else int(row[0][:4])
        assert row[3] == failing.get(year, 0)
        page = soup(site, f"quality/{year or 'unknown'}.html")
        assert len(table_values(page, "t-failing")) == row[3]
        assert sum(1 for r in table_values(page, "t-not-whole") if r[2] == "部分读出") == row[1]
    assert [r[0] for r in rows] == ["2022年", "2023年", "年份未知"]


def test_cross_year_disagreements_are_what_the_warehouses_view_lists(built, tmp_path):
    """The page lists what carry_over_mismatches says, whatever it says."""
    import shutil

    import duckdb
    database, _, _, _ = built
    copy = tmp_path / "with-view.duckdb"
    shutil.copyfile(database, copy)
    copy.chmod(0o644)
    connection = duckdb.connect(str(copy))
    connection.execute("""
        CREATE OR REPLACE VIEW carry_over_mismatches AS
        SELECT a.agency_key, a.agency_name, 2022 AS previous_year, 2023 AS year,
               'total' AS applicant_code, 7 AS carried_forward_previous_year, 5 AS carried_over,
               NULL::BIGINT AS previous_report_key, a.report_key
        FROM agency_year a WHERE a.agency_name = '泽州县人力资源和社会保障局'""")
    connection.close()
    build_dashboard(copy, tmp_path / "site")
    assert quality_rows(tmp_path / "site", "t-cross-year") == [
        ["泽州县人力资源和社会保障局", "总计", "2022年结转下年度", 7, "2023年上年结转", 5, -2,
         "上年报告", "本年报告"]]


def test_quality_lists_every_report_not_read_whole(built):
    database, site, _, _ = built
    not_whole = query(database, "select url, problems from reports where status not in "
                                "('ok', 'not_a_report')")
    text = " ".join(soup(site, f"quality/{p.name}").find(id="t-not-whole").get_text()
                    for p in (site / "quality").iterdir())
    for row in not_whole:
        assert row["url"] in text
        for problem in row["problems"] or []:
            assert problem in text


# ------------------------------------------------------------------ the command

def test_command_writes_the_site_and_says_where(built, tmp_path, capsys):
    database, _, _, _ = built
    assert xxgk(["dashboard", "--database", str(database), "--out", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "site" / "index.html") in out and "agency" in out
    assert xxgk(["dashboard", "--database", str(database), "--out", str(tmp_path / "site")]) == 0


def test_command_refuses_a_directory_it_did_not_write(built, tmp_path, capsys):
    database, _, _, _ = built
    (tmp_path / "notes.txt").write_text("mine")
    assert xxgk(["dashboard", "--database", str(database), "--out", str(tmp_path)]) == 2
    assert (tmp_path / "notes.txt").read_text() == "mine"
    with pytest.raises(NotADashboard):
        build_dashboard(database, tmp_path)


def test_command_without_a_warehouse_says_so(tmp_path, capsys):
    assert xxgk(["dashboard", "--database", str(tmp_path / "none.duckdb"),
                 "--out", str(tmp_path / "site")]) == 2
    assert "no warehouse" in capsys.readouterr().err


# ------------------------------------------------------------------ in headless Chromium

CHROMIUM = Path("/usr/bin/chromium")
# What Chromium needs on these machines (closed network, root): no background connections,
# no sandbox, a fresh profile.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed (make system-packages installs it)")
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            args=CHROMIUM_FLAGS, headless=True, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Opened:
    """A page opened from disk, with what it logged and asked for."""

    def __init__(self, context, path: Path):
        self.page = context.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=15_000)

    def charts(self) -> list[dict]:
        return self.page.evaluate("""() => Array.from(document.querySelectorAll('.chart')).map(e => {
            const box = e.getBoundingClientRect();
            return {id: e.id, width: box.width, height: box.height,
                    shapes: e.querySelectorAll('svg path, svg rect').length,
                    text: Array.from(e.querySelectorAll('svg text')).map(t => t.textContent).join(' ')};
        })""")

    def shown_numbers(self, table_id: str) -> list[dict]:
        return self.page.evaluate("""id => Array.from(document.querySelectorAll(
            '#' + id + ' td.num')).filter(c => c.offsetParent !== null).map(c => ({
            text: c.innerText, value: c.dataset.value, numerator: c.dataset.numerator,
            denominator: c.dataset.denominator}))""", table_id)


PAGE_KINDS = {
    "overview": lambda db: "index.html",
    "coverage": lambda db: "coverage/index.html",
    "coverage-province": lambda db: "coverage/330000.html",
    "agency": lambda db: agency_href(key_of("乐清市人民政府办公室")),
    "peers": lambda db: "peers/index.html",
    "peers-province-year": lambda db: "peers/330000-2023.html",
    "quality": lambda db: "quality.html",
    "quality-year": lambda db: "quality/2023.html",
}


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_opens_from_disk_draws_every_chart_and_logs_no_error(built, browser, kind):
    database, site, _, _ = built
    opened = Opened(browser, site / PAGE_KINDS[kind](database))
    charts = opened.charts()
    assert charts
    for chart in charts:
        assert chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["shapes"] >= 5, chart  # axes, bars, areas drawn in SVG
    # the site's own font, loaded from the site (document.fonts.check alone is true for a
    # family that does not exist at all)
    assert opened.page.evaluate("""() => Array.from(document.fonts).some(f =>
        f.family.replace(/"/g, '') === 'XXGK Sans' && f.status === 'loaded')""")
    assert opened.page.evaluate("document.fonts.check('16px \"XXGK Sans\"', '政府信息公开')")
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / f"dashboard-{kind}.png"), full_page=True)
    opened.page.wait_for_timeout(200)  # a resize from the full-page shot redraws the charts
    assert opened.errors == []
    assert [url for url in opened.requests if not url.startswith("file://")] == []
    opened.page.close()


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def test_numbers_as_read_on_the_agency_page_equal_the_warehouse(built, browser):
    database, site, _, _ = built
    key = key_of("乐清市人民政府办公室")
    opened = Opened(browser, site / agency_href(key))
    rows = opened.page.evaluate("""() => Array.from(document.querySelectorAll('#t-outcomes tbody tr'))
        .map(tr => Array.from(tr.cells).map(c => c.innerText))""")
    expected = query(database, f"select * from agency_year where agency_key = {key} order by year")
    assert [[r[0], *(_count(v) for v in r[1:])] for r in rows] == \
        [[f"{r['year']}年", *(r[c] for c in AGENCY_COUNTS)] for r in expected]
    opened.page.close()
    opened = Opened(browser, site / agency_href(key_of("深圳市公安局")))
    assert opened.page.inner_text("#t-outcomes tbody tr td") == "2,800"  # 70 × 40, 千分位
    opened.page.close()


@pytest.mark.parametrize("path", ["index.html", "coverage/index.html", "quality/2023.html",
                                  "peers/330000-2023.html"])
def test_every_number_shown_is_its_exact_value_formatted(built, browser, path):
    """千分位 for counts, one decimal for percentages, the numerator and denominator beside."""
    _, site, _, _ = built
    opened = Opened(browser, site / path)
    tables = opened.page.evaluate("Array.from(document.querySelectorAll('table[id]')).map(t => t.id)")
    checked = 0
    for table_id in tables:
        for cell in opened.shown_numbers(table_id):
            checked += 1
            if cell["value"] == "":
                assert cell["text"] == "—"
            elif cell["denominator"] is not None:
                assert cell["text"] == (f"{float(cell['value']) * 100:.1f}%（{int(cell['numerator']):,}"
                                        f" / {int(cell['denominator']):,}）")
            else:
                assert cell["text"] == f"{int(cell['value']):,}"
    assert checked > 10
    opened.page.close()


def test_peer_filters_keep_only_the_chosen_sector_and_redraw(built, browser):
    database, site, _, _ = built
    opened = Opened(browser, site / "peers/330000-2023.html")
    opened.page.select_option("#filter-sector", "人社")
    names = opened.page.evaluate("""() => Array.from(document.querySelectorAll('#t-peers tbody tr'))
        .filter(tr => !tr.hidden).map(tr => tr.cells[0].innerText)""")
    expected = query(database, "select agency_name, disclosure_rate from agency_peer_rank where "
                               "province_code = '330000' and year = 2023 and sector = '人社'")
    assert sorted(names) == sorted(r["agency_name"] for r in expected)
    assert opened.page.inner_text("#shown-count") == f"显示 {len(expected)} 个机关"
    bars = opened.page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('peer-bars'))
        .getOption().yAxis[0].data""")
    assert sorted(bars) == sorted(r["agency_name"] for r in expected
                                  if r["disclosure_rate"] is not None)
    opened.page.select_option("#chart-measure", label="不予公开占比")
    option = opened.page.evaluate("""() => echarts.getInstanceByDom(document.getElementById(
        'peer-bars')).getOption()""")
    refusal = {r["agency_name"]: r["refusal_share"] for r in query(
        database, "select agency_name, refusal_share from agency_peer_rank where "
                  "province_code = '330000' and year = 2023 and sector = '人社'")}
    assert option["series"][0]["name"] == "不予公开占比"
    assert dict(zip(option["yAxis"][0]["data"], option["series"][0]["data"])) == \
        {name: share for name, share in refusal.items() if share is not None}
    assert opened.errors == []
    opened.page.close()


def test_vendored_echarts_must_match_its_pinned_integrity(tmp_path, monkeypatch):
    """A registry answer that is not the pinned tarball is refused, not copied into sites."""
    from pipelines.dashboard.vendor import VendorMissing, vendor_files
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "npm").write_text('#!/bin/sh\n# npm pack --silent NAME@VERSION --pack-destination DIR\n'
                              'name=${3%@*}; version=${3#*@}\n'
                              'echo tampered > "$5/$name-$version.tgz"\n')
    (fake / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    with pytest.raises(VendorMissing, match="does not match the pinned integrity"):
        vendor_files(tmp_path / "cache")
    assert not (tmp_path / "cache" / "echarts.min.js").exists()
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(VendorMissing, match="npm is not on PATH"):
        vendor_files(tmp_path / "cache")


def test_map_year_shows_that_years_provinces(built, browser):
    database, site, _, _ = built
    opened = Opened(browser, site / "peers/index.html")
    opened.page.select_option("#map-year", "2021")
    shown = opened.page.evaluate("""() => Array.from(document.querySelectorAll('#t-provinces tbody tr'))
        .filter(tr => !tr.hidden).map(tr => tr.cells[0].innerText)""")
    expected = query(database, "select province from region_year where region_scope = '省' "
                               "and sector = '全部' and level = '全部' and year = 2021")
    assert sorted(shown) == sorted(r["province"] for r in expected)
    data = opened.page.evaluate("""() => echarts.getInstanceByDom(document.getElementById(
        'province-map')).getOption().series[0].data.filter(d => d.province).map(d => d.province)""")
    assert sorted(data) == sorted(shown)
    assert opened.errors == []
    opened.page.close()


def test_a_synthetic_warehouse_of_many_agencies_and_years_builds_whole(tmp_path):
    """bench/dashboard.py's warehouse, small: 25 agencies × 12 years, reports without a printed
    agency name (the agency's normalised name stands in), one check in a thousand failed."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "bench_dashboard", Path(__file__).parent.parent / "bench" / "dashboard.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    database = bench.make_warehouse(300, tmp_path)
    summary = build_dashboard(database, tmp_path / "site")
    assert summary.pages["agency"] == 25
    years = query(database, "select count(*) as n from years")[0]["n"]
    assert years == 12
    for path in (tmp_path / "site").rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert page.h1.get_text().strip(), path
        for link in page.select('a[href*="agency/"]'):
            assert link.get_text().strip() not in ("", "—"), path
    ranks = query(database, "select count(*) as n from agency_peer_rank")[0]["n"]
    shown = sum(len(table_values(soup(tmp_path / "site", f"peers/{p.name}"), "t-peers"))
                for p in (tmp_path / "site" / "peers").glob("*-*.html"))
    assert shown == ranks == 300
