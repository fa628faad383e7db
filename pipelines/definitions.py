"""The Dagster code location: ``dagster dev -m pipelines.definitions``.

A night: each source of the registry (a partition) is crawled and its new documents
read, in a run of its own (``crawl_sources``); then the warehouse loads whatever the
crawls brought in and publishes the analysts' copy (``load_warehouse``, started by its
automation condition once no crawl is in progress). ``nightly`` runs the whole chain
for one source, e.g. to backfill it. Every morning ``check_freshness`` lists the sources
not crawled successfully for three nights; a failed run is posted to ``alert_webhook``.
Paths, waits and retries are the settings the command line reads too
(``pipelines.settings``, documented in ``docs/configuration.md``): ``XXGK_*`` environment
variables, then ``xxgk.toml``, then the repository's ``data/`` layout.
"""

import os
from collections.abc import Mapping

import dagster as dg

from pipelines.defs import alerts, crawl, dashboard, freshness, reading, warehouse
from pipelines.defs.resources import (
    AlertResource, CrawlerResource, ReportStoreResource, WarehouseResource,
)
from pipelines.defs.sources import SOURCES, source_partitions, sync_source_partitions
from pipelines.settings import load_settings


# The freshness check reads every source's fetch log: once a morning, not in every run.
_ALL_BUT_FRESHNESS = dg.AssetSelection.all() - dg.AssetSelection.checks(
    freshness.sources_crawled_recently)
nightly = dg.define_asset_job(
    "nightly", selection=_ALL_BUT_FRESHNESS,
    description="The whole chain for one source (a partition), e.g. to backfill it: crawl "
                "it, read what is new, load the warehouse, publish the analysts' copy and "
                "the dashboard.",
)
crawl_sources = dg.define_asset_job(
    "crawl_sources",
    selection=dg.AssetSelection.assets(crawl.raw_documents, reading.reports)
    - dg.AssetSelection.checks(freshness.sources_crawled_recently),
    description="Crawl one source and read the documents it brought in.")
load_warehouse = dg.define_asset_job(
    "load_warehouse",
    selection=dg.AssetSelection.assets(warehouse.warehouse_tables, warehouse.analyst_copy,
                                       dashboard.dashboard),
    description="Load every stored report into the warehouse, publish the analysts' copy "
                "and the dashboard.")

check_freshness = dg.define_asset_job(
    "check_freshness", selection=dg.AssetSelection.checks(freshness.sources_crawled_recently),
    description="Which sources have not been crawled successfully for three nights.")
morning_freshness = dg.ScheduleDefinition(
    name="morning_freshness", job=check_freshness, cron_schedule="0 8 * * *",
    execution_timezone="Asia/Shanghai", default_status=dg.DefaultScheduleStatus.RUNNING,
    description="After the night's crawls and their retries: which sources are stale.")


@dg.schedule(job=crawl_sources, cron_schedule="30 2 * * *", execution_timezone="Asia/Shanghai",
             description="Portals are quietest at night in China; 02:30 Beijing time. One run "
                         "per source of the registry.")
def nightly_crawl(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
    return [dg.RunRequest(run_key=f"{context.scheduled_execution_time:%Y-%m-%d}-{source}",
                          partition_key=source)
            for source in context.instance.get_dynamic_partitions(SOURCES.name)]


def run_night(defs: dg.Definitions, instance: dg.DagsterInstance) -> list:
    """A night without the daemon: sync the partitions, crawl each source, load once.

    Returns the run results in order (one per source, then the load). A source that fails
    fails its own run only: the others are crawled, and the load takes what is stored.
    """
    sources = sync_source_partitions(instance, defs.resources["crawler"].sources_file)
    crawl_job = defs.resolve_job_def(crawl_sources.name)
    results = [crawl_job.execute_in_process(instance=instance, partition_key=source,
                                            raise_on_error=False)
               for source in sources]
    results.append(defs.resolve_job_def(load_warehouse.name).execute_in_process(
        instance=instance, raise_on_error=False))
    return results


def build_definitions(settings: Mapping[str, str] = os.environ) -> dg.Definitions:
    """The code location, its settings resolved from ``settings`` (the environment by
    default), then the config file, then the defaults."""
    config = load_settings(settings)

    modules = [crawl, reading, warehouse, dashboard, freshness]
    retry = crawl.crawl_retry(config.crawl_retries, config.crawl_retry_delay)
    assets = [crawl.crawl_asset(retry)] + [a for a in dg.load_assets_from_modules(modules)
                                           if crawl.raw_documents.key not in a.keys]
    return dg.Definitions(
        assets=assets,
        asset_checks=dg.load_asset_checks_from_modules(modules),
        jobs=[nightly, crawl_sources, load_warehouse, check_freshness],
        schedules=[nightly_crawl, morning_freshness],
        sensors=[source_partitions, alerts.alert_on_run_failure,
                 dg.AutomationConditionSensorDefinition(
                     "load_when_crawled", target=dg.AssetSelection.all(),
                     default_status=dg.DefaultSensorStatus.RUNNING,
                     description="Starts the warehouse load once the night's crawls are done.")],
        resources={
            "crawler": CrawlerResource(sources_file=str(config.sources),
                                       raw_root=str(config.raw),
                                       host_wait_seconds=config.host_wait),
            "report_store": ReportStoreResource(reports_dir=str(config.reports)),
            "warehouse_db": WarehouseResource(
                database=str(config.warehouse), analyst_copy=str(config.analyst_copy),
                staging_dir=str(config.staging), dashboard_dir=str(config.dashboard),
                lock_wait_seconds=config.lock_wait),
            "alerts": AlertResource(webhook_url=config.alert_webhook or ""),
        },
    )


defs = build_definitions()
