"""The analysts' copy: a read-only snapshot of the warehouse, replaced atomically after each load.

Analysts open the copy, never the warehouse, so an analyst's open file never
blocks the nightly load: replacing the copy is a rename, and a process that
still has the old copy open keeps reading the old snapshot until it reopens.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import duckdb

from pipelines.warehouse.load import writer_lock


def publish_analyst_copy(warehouse: Path, analyst_copy: Path) -> Path:
    """Copy the warehouse to ``analyst_copy`` (read-only), replacing the previous copy atomically."""
    warehouse, analyst_copy = Path(warehouse), Path(analyst_copy)
    analyst_copy.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(warehouse):
        connection = duckdb.connect(str(warehouse))
        connection.execute("CHECKPOINT")  # everything in the one file, nothing left in the WAL
        connection.close()
        prefix = f".{analyst_copy.name}-"
        for leftover in analyst_copy.parent.glob(f"{prefix}*.tmp"):
            leftover.unlink()  # half a copy, left by a killed publish: only the lock holder publishes
        handle, temporary = tempfile.mkstemp(dir=analyst_copy.parent, prefix=prefix, suffix=".tmp")
        os.close(handle)
        try:
            shutil.copyfile(warehouse, temporary)
            os.chmod(temporary, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(temporary, analyst_copy)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return analyst_copy
