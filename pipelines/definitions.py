"""The Dagster code location: ``dagster dev -m pipelines.definitions``.

The nightly job crawls every source, reads what is new, loads the warehouse and
publishes the analysts' copy. Paths default to the repository's ``data/``;
``XXGK_SOURCES``, ``XXGK_RAW``, ``XXGK_REPORTS``, ``XXGK_WAREHOUSE``,
``XXGK_ANALYST_COPY`` and ``XXGK_STAGING`` override them; ``XXGK_LOCK_WAIT`` is how
many seconds a warehouse step waits for another process's lock (default 900).
"""

import os
from collections.abc import Mapping

import dagster as dg

from pipelines.defs import crawl, dashboard, reading, warehouse
from pipelines.defs.resources import CrawlerResource, ReportStoreResource, WarehouseResource


nightly = dg.define_asset_job(
    "nightly", selection=dg.AssetSelection.all(),
    description="Crawl every source, read what is new, load the warehouse, publish the "
                "analysts' copy and the dashboard.",
)


def build_definitions(settings: Mapping[str, str] = os.environ) -> dg.Definitions:
    """The code location, its paths taken from ``settings`` (the environment by default)."""
    def setting(name: str, default: str) -> str:
        return settings.get(name, default)

    return dg.Definitions(
        assets=dg.load_assets_from_modules([crawl, reading, warehouse, dashboard]),
        asset_checks=dg.load_asset_checks_from_modules([crawl, reading, warehouse, dashboard]),
        jobs=[nightly],
        schedules=[dg.ScheduleDefinition(
            name="nightly_crawl", job=nightly, cron_schedule="30 2 * * *",
            execution_timezone="Asia/Shanghai",
            description="Portals are quietest at night in China; 02:30 Beijing time.",
        )],
        resources={
            "crawler": CrawlerResource(
                sources_file=setting("XXGK_SOURCES", "data/sources.yaml"),
                raw_root=setting("XXGK_RAW", "data/raw")),
            "report_store": ReportStoreResource(
                reports_dir=setting("XXGK_REPORTS", "data/reports")),
            "warehouse_db": WarehouseResource(
                database=setting("XXGK_WAREHOUSE", "data/warehouse.duckdb"),
                analyst_copy=setting("XXGK_ANALYST_COPY", "data/warehouse-analyst.duckdb"),
                staging_dir=setting("XXGK_STAGING", "data/staging"),
                lock_wait_seconds=float(setting("XXGK_LOCK_WAIT", "900"))),
        },
    )


defs = build_definitions()
