"""The warehouse: report files → polars frames → staged Parquet → DuckDB star schema → analyst copy.

The functions the CLI and the Dagster assets call are re-exported here; where the files
are by default is a matter of the settings (``pipelines.settings``).
"""

from pipelines.warehouse.load import LoadSummary, WarehouseBusy, load_frames, load_reports
from pipelines.warehouse.publish import publish_analyst_copy
from pipelines.warehouse.query import export, run_query

__all__ = [
    "LoadSummary", "WarehouseBusy", "export", "load_frames", "load_reports",
    "publish_analyst_copy", "run_query",
]
