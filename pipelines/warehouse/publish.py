"""The analysts' copy: a read-only snapshot of the warehouse, replaced atomically after each load.

Analysts open the copy, never the warehouse, so an analyst's open file never
blocks the nightly load: replacing the copy is a rename, and a process that
still has the old copy open keeps reading the old snapshot until it reopens.

Publishing only reads the warehouse: it opens it read-only (DuckDB lets any number
of readers share the file), so a check or a query reading it at the same moment
does not fail the publish. Only a warehouse with a write-ahead log left over
(a load that died before its checkpoint) is opened for writing, to fold the log in.
A lake's copy is its current snapshot written into one file (``lake.copy_snapshot``).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipelines.warehouse import lake
from pipelines.warehouse.load import Progress, connect_waiting, writer_lock


def publish_analyst_copy(warehouse: Path, analyst_copy: Path, wait_seconds: float = 0.0,
                         progress: Progress | None = None) -> Path:
    """Copy the warehouse to ``analyst_copy`` (read-only), replacing the previous copy atomically.

    ``wait_seconds`` bounds the wait for a load in progress or a process holding the file.
    """
    warehouse, analyst_copy = Path(warehouse), Path(analyst_copy)
    analyst_copy.parent.mkdir(parents=True, exist_ok=True)
    if lake.is_lake(warehouse):  # a snapshot is whole as it is; only publishers take turns
        with writer_lock(analyst_copy, wait_seconds, progress):
            _replace_copy(analyst_copy, lambda temporary: lake.copy_snapshot(warehouse, temporary))
        return analyst_copy
    with writer_lock(warehouse, wait_seconds, progress):
        if Path(f"{warehouse}.wal").exists():  # fold a leftover log in: the copy is one file
            writer = connect_waiting(warehouse, False, wait_seconds, progress)
            writer.execute("CHECKPOINT")
            writer.close()
        reader = connect_waiting(warehouse, True, wait_seconds, progress)
        try:  # held open while copying: no other process can start writing meanwhile
            _replace_copy(analyst_copy, lambda temporary: shutil.copyfile(warehouse, temporary))
        finally:
            reader.close()
    return analyst_copy


def _replace_copy(analyst_copy: Path, write: Callable[[Path], object]) -> None:
    prefix = f".{analyst_copy.name}-"
    for leftover in analyst_copy.parent.glob(f"{prefix}*.tmp"):
        leftover.unlink()  # half a copy, left by a killed publish: only the lock holder publishes
    handle, temporary = tempfile.mkstemp(dir=analyst_copy.parent, prefix=prefix, suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(temporary, analyst_copy)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
