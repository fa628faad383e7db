"""Loading the warehouse: stage frames as Parquet, then apply them in one transaction.

One writer at a time (a lock file beside the warehouse). A load either commits
whole or leaves the previous state: the Parquet staging is written first, then
one DuckDB transaction replaces the staged reports' rows; a crash before COMMIT
leaves the warehouse as it was.

A warehouse named by a DuckLake URI is a lake (``pipelines.warehouse.lake``): the same
SQL, no lock file, each load staged apart and redone when another load committed first.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path

import duckdb
import polars as pl

from pipelines.report_files import read_report_files
from pipelines.warehouse import lake
from pipelines.warehouse.dimensions import DIMENSIONS
from pipelines.warehouse.frames import SCHEMAS, ReportFrames, frame_reports
from pipelines.warehouse.schema import VIEW_SCRIPTS, apply_comments, read_sql, retire_unlayered

BATCH_REPORTS = 2000  # report files framed and staged at a time: bounds the loader's memory
MEMORY_LIMIT = "4GB"
STAGING_COMPRESSION = "lz4"  # staging is read once, right away: fast beats small

Progress = Callable[[str], None]


class WarehouseBusy(RuntimeError):
    """Another process is writing the warehouse."""


@dataclass(frozen=True)
class LoadSummary:
    reports_staged: int
    reports_loaded: int
    reports_replaced: int
    documents_superseded: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.reports_loaded} reports loaded ({self.reports_replaced} replaced earlier rows, "
                f"{self.documents_superseded} superseded by a later fetch) in {self.seconds:.1f} s")


LOCK_POLL_SECONDS = 0.5


@contextmanager
def writer_lock(warehouse: Path, wait_seconds: float = 0.0,
                progress: Progress | None = None) -> Iterator[None]:
    """Hold the warehouse's writer lock, waiting up to ``wait_seconds`` for another writer.

    With no wait (the CLI's default) a held lock raises WarehouseBusy at once; an
    unattended night waits, saying for whom, so one long load does not fail the next step.
    A lake needs no lock: it serialises the loads' commits itself.
    """
    if lake.is_lake(warehouse):
        yield
        return
    lock_path = Path(f"{warehouse}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    waited = f" (waited {wait_seconds:g} s)" if wait_seconds else ""
                    raise WarehouseBusy(
                        f"the warehouse {warehouse} is being written by {holder}{waited}; "
                        "only one load runs at a time — wait for it to finish and try again"
                    ) from None
                if progress and not told:
                    progress(f"the warehouse {warehouse} is being written by {holder}; "
                             f"waiting up to {wait_seconds:g} s for it to finish")
                    told = True
                time.sleep(LOCK_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def connect_waiting(database: Path, read_only: bool = False, wait_seconds: float = 0.0,
                    progress: Progress | None = None) -> duckdb.DuckDBPyConnection:
    """Open ``database``, retrying while another process holds DuckDB's file lock.

    DuckDB lets many read-only processes or one writer open a file; anyone else gets
    "Could not set lock". Within ``wait_seconds`` that is retried, then raised as
    WarehouseBusy naming the file and the holder DuckDB reported. A lake is attached.
    """
    if lake.is_lake(database):
        return lake.connect_lake(database, read_only=read_only)
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            return duckdb.connect(str(database), read_only=read_only)
        except duckdb.IOException as error:
            if "Could not set lock" not in str(error):
                raise
            holder = _lock_holder(str(error))
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"the warehouse {database} is held open by {holder} "
                    f"(waited {wait_seconds:g} s for it to be released); close it or wait "
                    "for that process to finish, then try again") from error
            if progress and not told:
                progress(f"the warehouse {database} is held open by {holder}; "
                         f"retrying for up to {wait_seconds:g} s")
                told = True
            time.sleep(LOCK_POLL_SECONDS)


def _lock_holder(message: str) -> str:
    """The process DuckDB's lock error names ("Conflicting lock is held in … (PID n)")."""
    _, _, rest = message.partition("Conflicting lock is held in ")
    return rest.split(". See also")[0].strip() or "another process"


def stage(batches: Iterable[ReportFrames], staging_dir: Path) -> int:
    """Write each batch's frames as Parquet under ``staging_dir/<table>/``; return reports staged."""
    for table in SCHEMAS:  # only what an earlier load staged: the directory may hold more
        shutil.rmtree(staging_dir / table, ignore_errors=True)
        (staging_dir / table).mkdir(parents=True)
    staged = 0
    part = -1
    for part, batch in enumerate(batches):
        for table, frame in batch.tables().items():
            frame.write_parquet(staging_dir / table / f"part-{part:06d}.parquet",
                                compression=STAGING_COMPRESSION)
        staged += batch.reports.height
    if part < 0:
        for table, schema in SCHEMAS.items():
            pl.DataFrame(schema=schema).write_parquet(staging_dir / table / "part-000000.parquet")
    return staged


def connect_writer(warehouse: Path, staging_dir: Path, wait_seconds: float = 0.0,
                   progress: Progress | None = None) -> duckdb.DuckDBPyConnection:
    if not lake.is_lake(warehouse):
        warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = connect_waiting(warehouse, wait_seconds=wait_seconds, progress=progress)
    connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(f"SET temp_directory = '{_quoted(staging_dir / 'duckdb-spill')}'")
    return connection


def load_staged(warehouse: Path, staging_dir: Path, progress: Progress | None = None,
                wait_seconds: float = 0.0) -> tuple[int, int, int]:
    """Apply the staged Parquet to the warehouse in one transaction.

    Returns (reports loaded, reports whose earlier rows were replaced, documents superseded).
    """
    note = progress or (lambda _message: None)
    connection = connect_writer(warehouse, staging_dir, wait_seconds, progress)
    try:
        connection.execute("BEGIN TRANSACTION")
        connection.execute(lake.schema_for(warehouse, read_sql("schema.sql")))
        retire_unlayered(connection)
        _widen_measures(connection)
        for table, build in DIMENSIONS.items():
            connection.register("dimension_rows", build())
            connection.execute(f"DELETE FROM {table}")
            connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM dimension_rows")
            connection.unregister("dimension_rows")
        staged = connection.execute(
            f"SELECT count(*), count(DISTINCT report_key) FROM "
            f"read_parquet('{_quoted(staging_dir)}/reports/*.parquet')").fetchone()
        winners_only = "" if staged[0] == staged[1] else \
            "WHERE document_key IN (SELECT document_key FROM load_winners)"
        statements = _statements(read_sql("load.sql").format(
            staging=_quoted(staging_dir), winners_only=winners_only))
        for step, statement in enumerate(statements, 1):
            connection.execute(statement)
            note(f"load step {step} of {len(statements)} done")
        loaded, replaced = connection.execute(
            "SELECT (SELECT count(*) FROM load_winners), (SELECT count(*) FROM load_replaced)"
        ).fetchone()
        for script in VIEW_SCRIPTS:
            connection.execute(read_sql(script))
            note(f"{script} done")
        retire_unlayered(connection)
        apply_comments(connection, views=not lake.is_lake(warehouse))
        note("committing")
        connection.execute("COMMIT")
        if not lake.is_lake(warehouse):
            connection.execute("CHECKPOINT")
    finally:
        connection.close()
    return loaded, replaced, staged[0] - staged[1]


def _widen_measures(connection: duckdb.DuckDBPyConnection) -> None:
    """Widen a warehouse made when proactive_measures.value was DECIMAL(18, 4).

    Its rows were rounded to four places when loaded; reload the report files to get
    the printed digits back (``xxgk load`` is idempotent).
    """
    kinds = connection.execute(
        "SELECT data_type FROM duckdb_columns() WHERE table_name = 'proactive_measures' "
        "AND column_name = 'value' AND database_name = current_database()").fetchall()
    if kinds and kinds[0][0] != "DECIMAL(38,10)":
        connection.execute("ALTER TABLE proactive_measures ALTER value TYPE DECIMAL(38, 10)")


def load_frames(batches: Iterable[ReportFrames], warehouse: Path, staging_dir: Path,
                progress: Progress | None = None, wait_seconds: float = 0.0) -> LoadSummary:
    """Stage frames, then load them: the entry point for callers that already hold frames.

    ``wait_seconds`` bounds how long a held lock (another load, or a process with the
    file open) is waited for before WarehouseBusy.
    """
    started = time.monotonic()
    warehouse, staging_dir = Path(warehouse), Path(staging_dir)
    with writer_lock(warehouse, wait_seconds, progress), \
            _staging_of_this_load(warehouse, staging_dir) as staging_dir:
        staged = stage(batches, staging_dir)
        if progress:
            progress(f"staged {staged} reports as Parquet in {staging_dir}")
        load = partial(load_staged, warehouse, staging_dir, progress, wait_seconds)
        loaded, replaced, superseded = lake.retrying_conflicts(load, wait_seconds, progress) \
            if lake.is_lake(warehouse) else load()
    return LoadSummary(staged, loaded, replaced, superseded, time.monotonic() - started)


@contextmanager
def _staging_of_this_load(warehouse: Path, staging_dir: Path) -> Iterator[Path]:
    """The staging directory; for a lake, one of this load's own under it: no lock keeps
    another load (another run, another machine) from staging beside it."""
    if not lake.is_lake(warehouse):
        yield staging_dir
        return
    staging_dir.mkdir(parents=True, exist_ok=True)
    own = Path(tempfile.mkdtemp(dir=staging_dir, prefix="load-"))
    try:
        yield own
    finally:
        shutil.rmtree(own, ignore_errors=True)


def load_reports(reports_dir: Path, warehouse: Path, staging_dir: Path,
                 progress: Progress | None = None, wait_seconds: float = 0.0) -> LoadSummary:
    """Load every report file of ``reports_dir`` (idempotent; a re-read report replaces its rows)."""
    files = read_report_files(reports_dir)
    batches = (frame_reports(batch) for batch in _batched(files, BATCH_REPORTS))
    return load_frames(batches, warehouse, staging_dir, progress, wait_seconds)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _statements(script: str) -> list[str]:
    """The script's statements (split on ';' at line ends; the SQL has no ';' inside strings)."""
    body = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in (body + "\n").split(";\n") if s.strip()]


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
