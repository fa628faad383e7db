"""The warehouse: reports → the DuckDB star schema and views → the read-only copy analysts open.

One load (one transaction) builds every table and view of ``sql/``; each is an asset of
its own, so the UI shows analysts' tables with their lineage, column schema, row count
and checks. A failed blocking check fails the load step, so the analysts' copy keeps
the last good snapshot.
"""

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.defs.reading import reports
from pipelines.defs.resources import ReportStoreResource, WarehouseResource
from pipelines.report_files import read_report_files
from pipelines.warehouse import LoadSummary, load_reports, publish_analyst_copy
from pipelines.warehouse.carry_over import carry_over_mismatches
from pipelines.warehouse.frames import report_identity
from pipelines.warehouse.load import connect_waiting
from pipelines.warehouse.relations import (
    Relation, columns, duplicate_keys, rates_out_of_range, relations, row_count,
)

RELATIONS = {relation.name: relation for relation in relations()}
# Load once what the night's crawls brought in: when a source's reports were updated and
# no crawl or read is still running. Unlike ``eager()`` it does not wait for every source to
# have been read once: among 100,000 portals some are always down.
LOAD_WHEN_CRAWLED = (
    dg.AutomationCondition.any_deps_updated().since_last_handled()
    & ~dg.AutomationCondition.any_deps_in_progress()
    & ~dg.AutomationCondition.in_progress()
).with_label("load_when_crawled")
GROUPS = {"schema.sql": "warehouse", "staging.sql": "warehouse_staging"}  # others: marts


def relation_spec(relation: Relation) -> dg.AssetSpec:
    """A table or view as an asset; the star tables read the stored reports."""
    return dg.AssetSpec(
        relation.name, description=relation.description, automation_condition=LOAD_WHEN_CRAWLED,
        group_name=GROUPS.get(relation.script, "marts"), kinds={"duckdb", relation.kind},
        deps=[dg.AssetKey(name) for name in relation.upstream] or [reports.key],
        metadata={"sql_file": f"sql/{relation.script}",
                  "row_key": ", ".join(relation.key) or "none"})


def relation_checks(relation: Relation) -> list[dg.AssetCheckSpec]:
    checks = []
    if relation.key:
        checks.append(dg.AssetCheckSpec(
            "key_unique", asset=relation.name, blocking=True,
            description=f"No two rows share ({', '.join(relation.key)})."))
    if relation.rate_columns:
        checks.append(dg.AssetCheckSpec(
            "rates_within_0_1", asset=relation.name, blocking=True,
            description=f"{', '.join(relation.rate_columns)} lie in 0–1. A rate outside it "
                        "from a report whose own arithmetic fails is the agency's error: a "
                        "warning; any other is ours and stops publication."))
    if relation.name == "reports":
        checks.append(dg.AssetCheckSpec(
            "every_report_loaded", asset="reports", blocking=True,
            description="Every stored report has its row in the warehouse, whatever its "
                        "status: no report is dropped on the way in."))
    if relation.name == "carry_over_mismatches":
        checks.append(dg.AssetCheckSpec(
            "carry_over_matches_previous_year", asset="carry_over_mismatches",
            description="Each agency's 上年结转 equals what its report of the year before "
                        "carried forward (结转下年度继续办理), column by column; a warning listing "
                        "the pairs that disagree: the agencies' error, not ours."))
    return checks


@dg.multi_asset(
    name="warehouse",
    specs=[relation_spec(r) for r in RELATIONS.values()],
    check_specs=[check for r in RELATIONS.values() for check in relation_checks(r)],
    can_subset=False,
    description="The star schema and the analysts' views, loaded from the stored reports in "
                "one transaction: a re-read report replaces its rows, a failed load changes "
                "nothing.",
)
def warehouse_tables(context: dg.AssetExecutionContext, report_store: ReportStoreResource,
                     warehouse_db: WarehouseResource) -> Iterator:
    summary = load_reports(report_store.path, Path(warehouse_db.database),
                           Path(warehouse_db.staging_dir), progress=context.log.info,
                           wait_seconds=warehouse_db.lock_wait_seconds)
    stored = {report_identity(f.provenance) for f in read_report_files(report_store.path)}
    connection = connect_waiting(Path(warehouse_db.database), read_only=True,
                                 wait_seconds=warehouse_db.lock_wait_seconds,
                                 progress=context.log.info)
    try:
        yield from materializations(connection, summary)
        yield from check_results(connection, stored)
        yield carry_over_matches_previous_year(warehouse_db)
    finally:
        connection.close()


def materializations(connection: duckdb.DuckDBPyConnection,
                     summary: LoadSummary) -> Iterator[dg.MaterializeResult]:
    schemas = columns(connection)
    for name in RELATIONS:
        metadata = {  # the keys the Dagster UI shows as a table's row count and columns
            "dagster/row_count": row_count(connection, name),
            "dagster/column_schema": dg.TableSchema(columns=[
                dg.TableColumn(column, data_type, description=meaning or None)
                for column, data_type, meaning in schemas.get(name, [])]),
        }
        if name == "reports":
            metadata.update(reports_loaded=summary.reports_loaded,
                            reports_replaced=summary.reports_replaced,
                            documents_superseded=summary.documents_superseded,
                            seconds=round(summary.seconds, 2))
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)


def check_results(connection: duckdb.DuckDBPyConnection,
                  stored: set[str]) -> Iterator[dg.AssetCheckResult]:
    for relation in RELATIONS.values():
        if relation.key:
            duplicated, sample = duplicate_keys(connection, relation)
            yield dg.AssetCheckResult(
                asset_key=relation.name, check_name="key_unique", passed=not duplicated,
                metadata={"duplicated_keys": duplicated,
                          "sample": dg.MetadataValue.json(sample)})
        if relation.rate_columns:
            yield rates_check(connection, relation)
    # By identity: a document superseded by a later fetch of its report is loaded as that report.
    loaded = {row[0] for row in connection.execute("SELECT report_id FROM reports").fetchall()}
    missing = sorted(stored - loaded)
    yield dg.AssetCheckResult(
        asset_key="reports", check_name="every_report_loaded", passed=not missing,
        metadata={"stored": len(stored), "loaded": len(loaded),
                  "missing": dg.MetadataValue.json(missing[:50])})


def rates_check(connection: duckdb.DuckDBPyConnection, relation: Relation) -> dg.AssetCheckResult:
    found = rates_out_of_range(connection, relation)
    return dg.AssetCheckResult(
        asset_key=relation.name, check_name="rates_within_0_1",
        passed=not (found.unexplained or found.agencies_own),
        severity=dg.AssetCheckSeverity.ERROR if found.unexplained else dg.AssetCheckSeverity.WARN,
        metadata={"rate_columns": dg.MetadataValue.json(list(found.columns)),
                  "rows_out_of_range_unexplained": found.unexplained,
                  "rows_out_of_range_agencies_own_arithmetic": found.agencies_own,
                  "sample": dg.MetadataValue.json(found.sample)})


def carry_over_matches_previous_year(warehouse_db: WarehouseResource) -> dg.AssetCheckResult:
    """The cross-year check, evaluated by the load beside the view it reads."""
    mismatches = carry_over_mismatches(Path(warehouse_db.database))
    return dg.AssetCheckResult(
        asset_key="carry_over_mismatches", check_name="carry_over_matches_previous_year",
        passed=not mismatches, severity=dg.AssetCheckSeverity.WARN,
        metadata={"pairs_disagreeing": len(mismatches),
                  "disagreeing": dg.MetadataValue.json([asdict(m) for m in mismatches[:100]])})


@dg.asset(
    group_name="warehouse",
    deps=[dg.AssetKey(name) for name in RELATIONS],
    automation_condition=LOAD_WHEN_CRAWLED,
    kinds={"duckdb"},
    description="A read-only copy of the warehouse for analysts, replaced atomically after "
                "each successful load, so an analyst's open file never blocks the nightly load.",
)
def analyst_copy(context: dg.AssetExecutionContext,
                 warehouse_db: WarehouseResource) -> dg.MaterializeResult:
    path = publish_analyst_copy(Path(warehouse_db.database), Path(warehouse_db.analyst_copy),
                                wait_seconds=warehouse_db.lock_wait_seconds,
                                progress=context.log.info)
    return dg.MaterializeResult(metadata={"path": str(path),
                                          "bytes": path.stat().st_size})
