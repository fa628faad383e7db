"""The warehouse: reports → the DuckDB star schema → the read-only copy analysts open."""

from dataclasses import asdict
from pathlib import Path

import dagster as dg

from pipelines.defs.reading import reports
from pipelines.defs.resources import ReportStoreResource, WarehouseResource
from pipelines.report_files import read_report_files
from pipelines.warehouse import load_reports, publish_analyst_copy
from pipelines.warehouse.carry_over import carry_over_mismatches
from pipelines.warehouse.load import connect_waiting


@dg.asset(
    group_name="warehouse",
    deps=[reports],
    kinds={"duckdb"},
    description="The star schema (agency, year, request outcomes, proceedings, proactive "
                "disclosure, reports, checks) loaded from the stored reports in one "
                "transaction: a re-read report replaces its rows, a failed load changes nothing.",
)
def warehouse(context: dg.AssetExecutionContext, report_store: ReportStoreResource,
              warehouse_db: WarehouseResource) -> dg.MaterializeResult:
    summary = load_reports(report_store.path, Path(warehouse_db.database),
                           Path(warehouse_db.staging_dir), progress=context.log.info,
                           wait_seconds=warehouse_db.lock_wait_seconds)
    return dg.MaterializeResult(metadata={
        "reports_loaded": summary.reports_loaded,
        "reports_replaced": summary.reports_replaced,
        "documents_superseded": summary.documents_superseded,
        "seconds": round(summary.seconds, 2),
    })


@dg.asset_check(asset=warehouse, description="Every stored report has its row in the "
                "warehouse, whatever its status: no report is dropped on the way in.")
def every_report_loaded(context: dg.AssetCheckExecutionContext,
                        report_store: ReportStoreResource,
                        warehouse_db: WarehouseResource) -> dg.AssetCheckResult:
    stored = {f.provenance.sha256 for f in read_report_files(report_store.path)}
    connection = connect_waiting(Path(warehouse_db.database), read_only=True,
                                 wait_seconds=warehouse_db.lock_wait_seconds,
                                 progress=context.log.info)
    try:
        loaded = {row[0] for row in connection.execute("select sha256 from reports").fetchall()}
    finally:
        connection.close()
    missing = sorted(stored - loaded)
    return dg.AssetCheckResult(passed=not missing,
                               metadata={"stored": len(stored), "loaded": len(loaded),
                                         "missing": dg.MetadataValue.json(missing[:50])})


@dg.asset_check(asset=warehouse, description="Each agency's 上年结转 equals what its report of "
                "the year before carried forward (结转下年度继续办理), column by column; a warning "
                "listing the pairs that disagree: the agencies' error, not ours.")
def carry_over_matches_previous_year(warehouse_db: WarehouseResource) -> dg.AssetCheckResult:
    mismatches = carry_over_mismatches(Path(warehouse_db.database))
    return dg.AssetCheckResult(
        passed=not mismatches, severity=dg.AssetCheckSeverity.WARN,
        metadata={"pairs_disagreeing": len(mismatches),
                  "disagreeing": dg.MetadataValue.json([asdict(m) for m in mismatches[:100]])})


@dg.asset(
    group_name="warehouse",
    deps=[warehouse],
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
