"""Where each stage keeps its files. ``pipelines.definitions`` fills them from the settings
(``pipelines.settings``: ``XXGK_*`` variables, then ``xxgk.toml``, then the repository's
``data/`` layout, which the fields default to)."""


from pathlib import Path

import dagster as dg
from upath import UPath

from pipelines.settings import load_settings

from pipelines.crawl import Registry, load_registry

DEFAULTS = load_settings({}, read_file=False)


class CrawlerResource(dg.ConfigurableResource):
    """The site registry to crawl and the raw store it fills."""

    sources_file: str = str(DEFAULTS.sources)
    raw_root: str = str(DEFAULTS.raw)
    host_wait_seconds: float = DEFAULTS.host_wait
    """How long a crawl waits for a host another run is crawling before it fails."""
    stale_after_nights: int = 3
    """A source not crawled successfully for this many nights is shown as stale."""

    @property
    def raw_path(self) -> Path:
        return UPath(self.raw_root)  # a local Path, or an fsspec URL kept whole (s3://…)

    def registry(self) -> Registry:
        return load_registry(self.sources_file)


class ReportStoreResource(dg.ConfigurableResource):
    """The reports as read: one JSON file per document (``pipelines.report_files``)."""

    reports_dir: str = str(DEFAULTS.reports)

    @property
    def path(self) -> Path:
        return Path(self.reports_dir)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse, its Parquet staging and the read-only copy analysts open."""

    database: str = str(DEFAULTS.warehouse)
    analyst_copy: str = str(DEFAULTS.analyst_copy)
    staging_dir: str = str(DEFAULTS.staging)
    dashboard_dir: str = ""
    """Where the dashboard is written; empty: ``dashboard/`` beside the analyst copy."""
    lock_wait_seconds: float = DEFAULTS.lock_wait
    """How long a step waits for a load in progress or a process holding the warehouse
    file before it fails (the lock is retried twice a second, and the wait is logged)."""


class AlertResource(dg.ConfigurableResource):
    """Where a failed run is told: a webhook URL that takes a JSON POST; empty: nowhere."""

    webhook_url: str = ""
