"""The Dagster code location: ``dagster dev -m pipelines.definitions``.

The nightly job crawls every source, reads what is new, loads the warehouse and
publishes the analysts' copy. Its paths and waits are the settings the command line
reads too (``pipelines.settings``, documented in ``docs/configuration.md``): ``XXGK_*``
environment variables, then ``xxgk.toml``, then the repository's ``data/`` layout.
"""

import os
from collections.abc import Mapping

import dagster as dg

from pipelines.defs import crawl, dashboard, reading, warehouse
from pipelines.defs.resources import CrawlerResource, ReportStoreResource, WarehouseResource
from pipelines.settings import load_settings


nightly = dg.define_asset_job(
    "nightly", selection=dg.AssetSelection.all(),
    description="Crawl every source, read what is new, load the warehouse, publish the "
                "analysts' copy and the dashboard.",
)


def build_definitions(settings: Mapping[str, str] = os.environ) -> dg.Definitions:
    """The code location, its settings resolved from ``settings`` (the environment by
    default), then the config file, then the defaults."""
    config = load_settings(settings)

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
            "crawler": CrawlerResource(sources_file=str(config.sources),
                                       raw_root=str(config.raw)),
            "report_store": ReportStoreResource(reports_dir=str(config.reports)),
            "warehouse_db": WarehouseResource(
                database=str(config.warehouse), analyst_copy=str(config.analyst_copy),
                staging_dir=str(config.staging), dashboard_dir=str(config.dashboard),
                lock_wait_seconds=config.lock_wait),
        },
    )


defs = build_definitions()
