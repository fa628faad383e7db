"""Each table and view of the warehouse is an asset: schema, row count, checks beside it.

Five seed reports are loaded through the Dagster load step; a failed blocking check
(a duplicated fact row left in the warehouse) keeps the analysts' copy unpublished.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.warehouse import RELATIONS
from pipelines.definitions import build_definitions
from pipelines.extract import extract_path
from pipelines.report_files import Provenance, write_report_file
from pipelines.warehouse import load_reports, run_query
from pipelines.warehouse.relations import rates_out_of_range, relations

LOAD_AND_PUBLISH = [dg.AssetKey(name) for name in RELATIONS] + [dg.AssetKey("analyst_copy")]


@pytest.fixture
def settings(tmp_path, seeds_dir):
    reports = tmp_path / "reports"
    for path in sorted(seeds_dir.glob("*.txt")):
        provenance = dataclasses.replace(Provenance.of_file(path), source="seeds",
                                         url=f"https://xxgk.example.gov.cn/{path.name}")
        write_report_file(reports, extract_path(path), provenance)
    return {"XXGK_REPORTS": str(reports), "XXGK_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
            "XXGK_STAGING": str(tmp_path / "staging"), "XXGK_LOCK_WAIT": "10",
            "XXGK_ANALYST_COPY": str(tmp_path / "analyst.duckdb"),
            "XXGK_RAW": str(tmp_path / "raw"), "XXGK_SOURCES": str(tmp_path / "sources.yaml")}


def load_and_publish(settings) -> dg.ExecuteInProcessResult:
    job = build_definitions(settings).resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
                                  asset_selection=LOAD_AND_PUBLISH)


def materialized(result, asset: str) -> dict:
    events = [e for e in result.get_asset_materialization_events()
              if e.asset_key == dg.AssetKey(asset)]
    assert len(events) == 1, asset
    return events[0].step_materialization_data.materialization.metadata


def checks(result) -> dict:
    return {(e.asset_check_evaluation_data.asset_key.to_user_string(),
             e.asset_check_evaluation_data.check_name): e.asset_check_evaluation_data
            for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def test_the_relations_are_the_tables_and_views_the_sql_creates():
    names = [r.name for r in relations()]
    assert names[:18] == ["agencies", "agency_names", "agency_renames", "zone_regions", "years", "applicant_types", "request_stages",
                          "proceedings", "proceeding_results", "proactive_items", "check_rules",
                          "reports", "request_outcomes", "proceeding_outcomes",
                          "proactive_measures", "check_results", "prose_figures",
                          "report_measures"]
    assert {"agency_year", "region_year", "agency_peer_rank", "agency_year_counts",
            "stg_report_of_record"} <= set(names)
    assert "load_winners" not in names  # the loader's temporary tables are not analysts'
    by_name = {r.name: r for r in relations()}
    assert by_name["check_rules"].key == ("template", "rule")
    assert by_name["years"].key == ("year",)
    assert by_name["agency_year"].kind == "view"
    assert by_name["agency_year"].description.startswith("Per agency and year")
    assert "disclosure_rate" in by_name["agency_year"].rate_columns
    assert by_name["agency_year_ranks"].rate_columns == ()  # it only orders by them


def test_each_table_is_materialized_with_its_row_count_and_its_glossary_columns(settings):
    result = load_and_publish(settings)
    assert result.success
    reports = materialized(result, "reports")
    assert reports["dagster/row_count"].value == 5
    assert reports["reports_loaded"].value == 5
    assert materialized(result, "agency_year")["dagster/row_count"].value == 5
    schema = {c.name: c for c in
              materialized(result, "agency_year")["dagster/column_schema"].value.columns}
    assert schema["disclosure_rate"].type == "DOUBLE"
    assert schema["disclosure_rate"].description.startswith("(予以公开 + 部分公开) / （七）总计")
    evaluated = checks(result)
    assert evaluated[("reports", "every_report_loaded")].passed
    assert evaluated[("request_outcomes", "key_unique")].passed
    assert evaluated[("agency_year", "rates_within_0_1")].passed
    assert run_query(settings["XXGK_ANALYST_COPY"], "select count(*) from reports").item() == 5


def test_a_failed_blocking_check_keeps_the_analysts_copy_unpublished(settings):
    load_reports(settings["XXGK_REPORTS"], settings["XXGK_WAREHOUSE"], settings["XXGK_STAGING"])
    with duckdb.connect(settings["XXGK_WAREHOUSE"]) as connection:  # rows of no stored report
        connection.execute("INSERT INTO request_outcomes VALUES "
                           "(999, 'received', 'natural_person', 3), "
                           "(999, 'received', 'natural_person', 4)")
    result = load_and_publish(settings)
    assert not result.success
    duplicated = checks(result)[("request_outcomes", "key_unique")]
    assert not duplicated.passed
    assert duplicated.metadata["duplicated_keys"].value == 1
    assert duplicated.metadata["sample"].value == [
        {"document_key": 999, "row_code": "received", "applicant_code": "natural_person",
         "rows": 2}]
    assert not Path(settings["XXGK_ANALYST_COPY"]).exists()


def test_a_rate_above_one_is_ours_unless_the_agencys_own_arithmetic_fails(settings):
    load_reports(settings["XXGK_REPORTS"], settings["XXGK_WAREHOUSE"], settings["XXGK_STAGING"])
    agency_year = {r.name: r for r in relations()}["agency_year"]
    with duckdb.connect(settings["XXGK_WAREHOUSE"]) as connection:
        document = connection.execute(
            "SELECT document_key FROM core.agency_year_counts WHERE processed > 0 "
            "ORDER BY document_key LIMIT 1").fetchone()[0]
        connection.execute("UPDATE core.agency_year_counts SET disclosed = 2 * processed "
                           f"WHERE document_key = {document}")
        connection.execute(f"DELETE FROM check_results WHERE document_key = {document}")
        ours = rates_out_of_range(connection, agency_year)
        connection.execute(f"INSERT INTO check_results VALUES ({document}, 'balance.total', "
                           "false, '予以公开 exceeds 总计')")
        agencies_own = rates_out_of_range(connection, agency_year)
    assert (ours.unexplained, ours.agencies_own) == (1, 0)
    assert ours.sample[0]["document_key"] == document and ours.sample[0]["disclosure_rate"] > 1
    assert (agencies_own.unexplained, agencies_own.agencies_own) == (0, 1)
