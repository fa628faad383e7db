"""The comparison dashboard: a static site written from the analysts' copy after each load.

It is written where the setting ``dashboard`` says (``XXGK_DASHBOARD``; by default beside
the analyst copy, ``<its directory>/dashboard``)."""

from pathlib import Path

import dagster as dg

from pipelines.dashboard import build_dashboard
from pipelines.dashboard.labels import agency_href
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.warehouse import LOAD_WHEN_CRAWLED, analyst_copy
from pipelines.warehouse import run_query


def dashboard_dir(warehouse_db: WarehouseResource) -> Path:
    named = warehouse_db.dashboard_dir
    return Path(named) if named else Path(warehouse_db.analyst_copy).parent / "dashboard"


@dg.asset(
    group_name="publish",
    deps=[analyst_copy],
    automation_condition=LOAD_WHEN_CRAWLED,
    kinds={"html"},
    description="A static site for people who do not write SQL: overview, coverage (who "
                "published which year), one page per agency, peer rankings, data quality. Opens "
                "from disk; every script and font is inside it.",
)
def dashboard(context: dg.AssetExecutionContext,
              warehouse_db: WarehouseResource) -> dg.MaterializeResult:
    summary = build_dashboard(Path(warehouse_db.analyst_copy), dashboard_dir(warehouse_db),
                              progress=context.log.info)
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.path(str(summary.index)),
        "pages": sum(summary.pages.values()),
        "agency_pages": summary.pages["agency"],
        "mebibytes": round(summary.bytes_written / 2**20, 1),
        "seconds": round(summary.seconds, 2),
    })


@dg.asset_check(asset=dashboard, description="Every agency of the warehouse has its page.")
def every_agency_has_a_page(warehouse_db: WarehouseResource) -> dg.AssetCheckResult:
    keys = run_query(Path(warehouse_db.analyst_copy), "select distinct agency_key from reports "
                     "where agency_key is not null")["agency_key"].to_list()
    site = dashboard_dir(warehouse_db)
    missing = [key for key in keys if not (site / agency_href(key)).is_file()]
    return dg.AssetCheckResult(passed=not missing, metadata={
        "agencies": len(keys), "missing": dg.MetadataValue.json(missing[:50])})
