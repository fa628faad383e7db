"""The nightly Dagster job: crawl → read → load → publish, on the sample portal, twice.

Every report the portal carries (inline, PDF or Word) must reach the analysts'
copy with exactly the numbers its seed printed; the second night finds nothing new and changes no row.
"""

from __future__ import annotations

import json
from decimal import Decimal

import dagster as dg
import pytest

from conftest import ROOT, SHARED, load_json
from pipelines.crawl import load_registry
from pipelines.definitions import build_definitions, run_night
from pipelines.defs.sources import SOURCES
from pipelines.warehouse.relations import relations
from pipelines.portal import serve_sample_portal
from pipelines.warehouse import run_query

PORTAL_REPORTS = json.loads((ROOT / "data/sample_portal/expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory):
    """Run the nightly job twice against one running portal; yield both results and paths."""
    work = tmp_path_factory.mktemp("nightly")
    settings = {"XXGK_SOURCES": str(work / "sources.yaml"), "XXGK_RAW": str(work / "raw"),
                "XXGK_REPORTS": str(work / "reports"), "XXGK_STAGING": str(work / "staging"),
                "XXGK_WAREHOUSE": str(work / "warehouse.duckdb"),
                "XXGK_ANALYST_COPY": str(work / "analyst.duckdb")}
    defs = build_definitions(settings)
    with serve_sample_portal() as portal:
        portal.write_sources(settings["XXGK_SOURCES"])
        first = run_night(defs, dg.DagsterInstance.ephemeral())
        tables_after_first = _all_rows(work / "analyst.duckdb")
        portal.clear_log()
        second = run_night(defs, dg.DagsterInstance.ephemeral())
        requests_on_second_night = portal.entries()
    yield {"first": first, "second": second, "work": work,
           "sources": load_registry(settings["XXGK_SOURCES"]).names(),
           "tables_after_first": tables_after_first,
           "requests_on_second_night": requests_on_second_night}


def test_the_asset_graph_runs_from_portals_to_each_table_and_view_to_the_analysts_copy():
    graph = build_definitions({}).resolve_asset_graph()
    upstream = {key.to_user_string(): {p.to_user_string() for p in graph.get(key).parent_keys}
                for key in graph.get_all_asset_keys()}
    assert upstream["raw_documents"] == set()
    assert upstream["report_files"] == {"raw_documents"}
    for star_table in ("agencies", "reports", "request_outcomes", "proceeding_outcomes",
                       "proactive_measures", "check_results"):
        assert upstream[star_table] == {"report_files"}, star_table
    assert upstream["agency_year"] == {"agency_year_counts"}
    assert upstream["agency_peer_rank"] == {"agency_year", "agency_year_ranks"}
    assert upstream["region_year"] == {"region_year_counts"}
    assert {"agency_year", "region_year", "agency_peer_rank"} <= upstream["analyst_copy"]
    assert upstream["dashboard"] == {"analyst_copy"}
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert {("raw_documents", "source_crawled"),
            ("report_files", "every_report_read"), ("report_files", "agencies_arithmetic_holds"),
            ("reports", "every_report_loaded"), ("reports", "key_unique"),
            ("request_outcomes", "key_unique"), ("agency_year", "rates_within_0_1"),
            ("region_year", "rates_within_0_1"),
            ("carry_over_mismatches", "carry_over_matches_previous_year"),
            ("raw_documents", "sources_crawled_recently"),
            ("dashboard", "every_agency_has_a_page")} <= checks


def test_every_table_and_view_is_an_asset_reached_from_raw_documents_by_its_lineage():
    graph = build_definitions({}).resolve_asset_graph()
    tables_and_views = {r.name for r in relations()}
    assert tables_and_views <= {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"agencies", "reports", "request_outcomes", "proceeding_outcomes",
            "proactive_measures", "check_results", "agency_year", "region_year",
            "agency_peer_rank", "carry_over_mismatches"} <= tables_and_views
    for name in tables_and_views:
        assert dg.AssetKey("raw_documents") in graph.get_ancestor_asset_keys(dg.AssetKey(name)), name
        node = graph.get(dg.AssetKey(name))
        assert node.description and node.partitions_def is None, name
    blocking = {k.asset_key.to_user_string() for k in graph.asset_check_keys
                if k.name == "key_unique" and graph.get_check_spec(k).blocking}
    assert blocking == {r.name for r in relations() if r.key}
    assert {"agency_year_carry_over", "carry_over_pairs"} <= blocking


def test_the_crawl_and_the_reading_have_one_partition_per_source():
    graph = build_definitions({}).resolve_asset_graph()
    for name in ("raw_documents", "report_files"):
        assert graph.get(dg.AssetKey(name)).partitions_def == SOURCES, name
    assert SOURCES.name == "sources"
    assert graph.get(dg.AssetKey("raw_documents")).pools == {"crawl"}
    assert graph.get(dg.AssetKey("report_files")).pools == {"reading"}


OCR_FORMS = {"scan": "pdf", "pictures": "html"}  # portal forms read by OCR: their documents' format


def test_the_first_night_loads_every_report_with_its_printed_numbers(two_nights):
    """Inline pages, PDF and Word attachments alike; the scan is read by OCR, only the rows
    its arithmetic confirms kept (``partial``), and none of them wrong."""
    assert all(run.success for run in two_nights["first"])
    assert len(two_nights["first"]) == len(two_nights["sources"]) + 1
    copy = two_nights["work"] / "analyst.duckdb"
    for form, document_format in OCR_FORMS.items():  # the scan PDF, the 图片版 page
        read = run_query(copy, "select document_key, status from reports "
                               f"where format = '{document_format}' and ocr")
        items = [r for r in PORTAL_REPORTS if r["form"] == form]
        assert read.height == len(items) and set(read["status"].to_list()) <= {"partial"}
        for key, item in zip(read["document_key"], items):
            truth = _as_numbers(_seed_truth(item["seed"]))
            cells = _warehouse_cells(copy, key)
            assert cells and {k: v for k, v in cells.items() if truth.get(k) != v} == {}, item
    for item in (r for r in PORTAL_REPORTS if r["form"] not in OCR_FORMS):
        truth = _seed_truth(item["seed"])
        report = run_query(copy, "select document_key, status, year from reports "
                                 f"where agency_name = '{item['agency']}' and year = {item['year']}")
        assert report["status"].to_list() == ["ok"], item
        assert _warehouse_cells(copy, report["document_key"][0]) == _as_numbers(truth), item


def test_the_first_night_keeps_every_document_found_whatever_its_status(two_nights):
    copy = two_nights["work"] / "analyst.duckdb"
    stored = len(list((two_nights["work"] / "reports").glob("*.json")))
    distinct = {(r["agency"], r["year"], r["form"]) for r in PORTAL_REPORTS}
    assert stored == len(distinct)  # one report is published under two URLs: stored once
    assert run_query(copy, "select count(*) as n from reports")["n"][0] == stored
    checks = _check_results(two_nights["first"])
    crawled = {key[2]: passed for key, passed in checks.items()
               if key[:2] == ("raw_documents", "source_crawled")}
    assert len(crawled) == len(two_nights["sources"]) and all(crawled.values())
    assert checks[("reports", "every_report_loaded", "")]
    warehouse_checks = {key: passed for key, passed in checks.items()
                        if key[1] in ("key_unique", "rates_within_0_1")}
    assert len(warehouse_checks) > 20 and all(warehouse_checks.values()), warehouse_checks


def test_the_second_night_asks_only_conditionally_and_changes_no_row(two_nights):
    assert all(run.success for run in two_nights["second"])
    entries = two_nights["requests_on_second_night"]
    pages = [e for e in entries if not e.path.endswith("robots.txt")]
    assert pages and all(e.conditional and e.status == 304 for e in pages)
    read = [_metadata(run, "report_files")["read_now"] for run in two_nights["second"][:-1]]
    assert read and set(read) == {0}
    assert _all_rows(two_nights["work"] / "analyst.duckdb") == two_nights["tables_after_first"]


def _seed_truth(seed: int) -> dict:
    return load_json(sorted((SHARED / "seeds" / "truth").glob(f"{seed:03d}_*.json"))[0])["cells"]


def _as_numbers(cells: dict) -> dict:
    return {code: Decimal(str(value)) for code, value in cells.items()}


def _warehouse_cells(database, document_key: int) -> dict:
    """The report's cells as the warehouse holds them, under the template's codes again."""
    sql = f"""
        select 'requests.' || row_code || '.' || applicant_code as code, count::varchar as v
        from request_outcomes where document_key = {document_key}
        union all
        select proceeding_code || '.' || result_code, count::varchar
        from proceeding_outcomes where document_key = {document_key}
        union all
        select 'proactive.' || item_code, value::varchar
        from proactive_measures where document_key = {document_key}"""
    return {code: Decimal(v) for code, v in run_query(database, sql).iter_rows()}


def _all_rows(database) -> dict:
    tables = run_query(database, "select schema_name || '.' || table_name as name "
                                 "from duckdb_tables() order by 1")
    return {name: run_query(database, f"select * from {name} order by all").rows()
            for name in tables["name"]}


def _metadata(result, asset: str) -> dict:
    materialization = result.asset_materializations_for_node(asset)[0]
    return {k: v.value for k, v in materialization.metadata.items()}


def _check_results(results) -> dict:
    """(asset, check name, source) → passed, for every check the night's runs evaluated."""
    return {(e.asset_check_evaluation_data.asset_key.to_user_string(),
             e.asset_check_evaluation_data.check_name,
             result.dagster_run.tags.get("dagster/partition", "")):
            e.asset_check_evaluation_data.passed
            for result in results for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def test_the_night_ends_with_the_dashboard_beside_the_analysts_copy(two_nights):
    site = two_nights["work"] / "dashboard"
    agencies = run_query(two_nights["work"] / "analyst.duckdb",
                         "select count(distinct agency_key) as n from reports "
                         "where agency_key is not null")["n"][0]
    assert (site / "index.html").is_file()
    assert len(list((site / "agency").glob("*.html"))) == agencies > 0
