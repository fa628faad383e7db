"""The warehouse's layers are schemas: analysts see their tables and views first (``main``),
the staging views sit in ``staging`` and the loader's precomputed tables in ``core``. What
analysts read is exported whole, lists written one way: Parquet lists, CSV joined by '; '."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pytest

from pipelines.cli import main
from pipelines.extract import extract_path
from pipelines.report_files import Provenance, write_report_file
from pipelines.warehouse import export, load_reports, publish_analyst_copy, run_query

STAGING_VIEWS = {"stg_reports", "stg_report_of_record", "stg_request_counts",
                 "stg_proceeding_counts", "stg_proactive", "stg_checks"}
CORE_TABLES = {"report_measures", "agency_year_counts", "region_year_counts",
               "agency_year_ranks"}


@pytest.fixture
def loaded(tmp_path, seeds_dir):
    """The five seeds loaded, and the analysts' copy published."""
    place = {"reports": tmp_path / "reports", "warehouse": tmp_path / "warehouse.duckdb",
             "staging": tmp_path / "staging", "copy": tmp_path / "analyst.duckdb",
             "tmp": tmp_path}
    for path in sorted(seeds_dir.glob("*.txt")):
        write_report_file(place["reports"], extract_path(path), Provenance.of_file(path))
    load_reports(place["reports"], place["warehouse"], place["staging"])
    publish_analyst_copy(place["warehouse"], place["copy"])
    return place


def objects(database, schema: str) -> set[str]:
    return set(run_query(database, "SELECT table_name FROM information_schema.tables "
                                   f"WHERE table_schema = '{schema}'")["table_name"])


def test_show_tables_in_the_analyst_copy_lists_what_an_analyst_reads(loaded):
    connection = duckdb.connect(str(loaded["copy"]), read_only=True)  # as `duckdb -readonly`
    shown = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    connection.close()
    assert {"agencies", "reports", "request_outcomes", "check_results", "agency_year",
            "region_year", "agency_year_change", "agency_peer_rank",
            "reports_failing_checks", "carry_over_mismatches"} <= shown
    assert shown & (STAGING_VIEWS | CORE_TABLES) == set()
    assert objects(loaded["copy"], "staging") == STAGING_VIEWS
    assert objects(loaded["copy"], "core") == CORE_TABLES


def test_a_warehouse_made_before_the_layers_keeps_its_counts_and_loses_its_old_objects(loaded):
    """Put the layered objects back where an older loader left them, all in ``main``; the
    next load moves report_measures' rows into ``core`` and drops the old copies."""
    warehouse = loaded["warehouse"]
    before = run_query(warehouse, "SELECT * FROM agency_year ORDER BY ALL").rows()
    connection = duckdb.connect(str(warehouse))
    for table in sorted(CORE_TABLES):
        connection.execute(f"CREATE TABLE main.{table} AS SELECT * FROM core.{table}")
        connection.execute(f"DROP TABLE core.{table}")
    for view in sorted(STAGING_VIEWS):
        connection.execute(f"CREATE VIEW main.{view} AS SELECT * FROM staging.{view}")
    connection.close()
    empty = loaded["tmp"] / "no-new-reports"
    empty.mkdir()
    load_reports(empty, warehouse, loaded["staging"])  # nothing new: every count is the old one
    assert objects(warehouse, "main") & (STAGING_VIEWS | CORE_TABLES) == set()
    assert objects(warehouse, "core") == CORE_TABLES
    assert run_query(warehouse, "SELECT * FROM agency_year ORDER BY ALL").rows() == before
    assert len(before) == 5


# ------------------------------------------------------------------ exports

def test_export_and_query_csv_write_lists_alike_and_parquet_keeps_them_lists(loaded, tmp_path,
                                                                             capsys):
    """request_stages.templates is a list: ['2021', '2019'] for a row both forms print."""
    copy = loaded["copy"]
    sql = "SELECT * FROM request_stages ORDER BY position"
    assert main(["query", "--csv", "--database", str(copy), sql]) == 0
    queried = capsys.readouterr().out
    written = export(copy, tmp_path / "csv", "csv")
    exported = (tmp_path / "csv" / "request_stages.csv").read_text(encoding="utf-8")
    assert exported.splitlines() == queried.splitlines()
    first = pl.read_csv(tmp_path / "csv" / "request_stages.csv").row(0, named=True)
    assert (first["row_code"], first["templates"]) == ("new_received", "2021; 2019")
    assert {p.stem for p in written} == objects(copy, "main")  # the analysts' layer, whole
    export(copy, tmp_path / "parquet", "parquet")
    frame = pl.read_parquet(tmp_path / "parquet" / "request_stages.parquet")
    assert frame.schema["templates"] == pl.List(pl.String)
    assert frame.sort("position")["templates"][0].to_list() == ["2021", "2019"]


def test_the_printed_table_joins_lists_as_csv_does(loaded, capsys):
    sql = "SELECT templates FROM request_stages WHERE row_code = 'new_received'"
    assert main(["query", "--database", str(loaded["copy"]), sql]) == 0
    assert capsys.readouterr().out.splitlines()[2] == "2021; 2019"
    assert main(["query", "--json", "--database", str(loaded["copy"]), sql]) == 0
    assert json.loads(capsys.readouterr().out) == [{"templates": ["2021", "2019"]}]
