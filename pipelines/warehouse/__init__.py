"""The warehouse: report files → polars frames → staged Parquet → DuckDB star schema → analyst copy.

The functions the CLI and the Dagster assets call are re-exported here.
"""

from pipelines.warehouse.load import LoadSummary, WarehouseBusy, load_frames, load_reports
from pipelines.warehouse.publish import publish_analyst_copy
from pipelines.warehouse.query import export, run_query

DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_ANALYST_COPY = "data/warehouse-analyst.duckdb"
DEFAULT_STAGING = "data/staging"
DEFAULT_REPORTS = "data/reports"

__all__ = [
    "LoadSummary", "WarehouseBusy", "export", "load_frames", "load_reports",
    "publish_analyst_copy", "run_query",
    "DEFAULT_WAREHOUSE", "DEFAULT_ANALYST_COPY", "DEFAULT_STAGING", "DEFAULT_REPORTS",
]
