"""Where each stage keeps its files. Defaults are the repository's ``data/`` layout;
``XXGK_*`` environment variables (see ``pipelines.definitions``) point a deployment
elsewhere without code."""


from pathlib import Path

import dagster as dg

from pipelines.crawl import Registry, load_registry


class CrawlerResource(dg.ConfigurableResource):
    """The site registry to crawl and the raw store it fills."""

    sources_file: str = "data/sources.yaml"
    raw_root: str = "data/raw"
    host_wait_seconds: float = 6 * 3600.0
    """How long a crawl waits for a host another run is crawling before it fails."""
    stale_after_nights: int = 3
    """A source not crawled successfully for this many nights is shown as stale."""

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_root)

    def registry(self) -> Registry:
        return load_registry(self.sources_file)


class ReportStoreResource(dg.ConfigurableResource):
    """The reports as read: one JSON file per document (``pipelines.report_files``)."""

    reports_dir: str = "data/reports"

    @property
    def path(self) -> Path:
        return Path(self.reports_dir)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse, its Parquet staging and the read-only copy analysts open."""

    database: str = "data/warehouse.duckdb"
    analyst_copy: str = "data/warehouse-analyst.duckdb"
    staging_dir: str = "data/staging"
    lock_wait_seconds: float = 900.0
    """How long a step waits for a load in progress or a process holding the warehouse
    file before it fails (the lock is retried twice a second, and the wait is logged)."""


class AlertResource(dg.ConfigurableResource):
    """Where a failed run is told: a webhook URL that takes a JSON POST; empty: nowhere."""

    webhook_url: str = ""
