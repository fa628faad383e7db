"""The warehouse as a DuckLake lake: catalog in PostgreSQL, data files under a directory.

The embedded single-file DuckDB stays the default. A warehouse named by a DuckLake URI
instead of a path (``XXGK_WAREHOUSE=ducklake:postgres:host=db dbname=xxgk_lake``, or
``ducklake:/shared/catalog.ducklake`` for a DuckDB-file catalog) is a lake: the loader
runs the same SQL (``sql/*.sql``) against it, several loads on several machines at once.

What differs from the file, all of it here:

- No writer lock file: each load stages into a directory of its own, and the lake's
  commits are optimistic. Every load transaction replaces one guard table, so two loads
  that overlap always conflict; the later one is rolled back and redone on the new
  snapshot (``commit_retrying``), so nothing is lost or doubled.
- DuckLake has no PRIMARY KEY or UNIQUE constraints: the lake's tables are
  ``schema.sql`` without them (``without_key_constraints``); the load's
  delete-then-insert keeps the keys unique.
- The analysts' copy is a single DuckDB file copied from one lake snapshot.
- Keep passwords out of the URI (it is a path elsewhere, and may be printed): libpq's
  ``PGPASSWORD`` or ``~/.pgpass`` serve the PostgreSQL catalog.
- Data files go under ``XXGK_LAKE_DATA`` (a directory, or an object-store URL DuckDB
  reaches), needed when the lake is created; the catalog remembers it after that.

The DuckLake and PostgreSQL extensions are the registry's packages
(``duckdb-extension-ducklake``, ``duckdb-extension-postgres-scanner``, the ``cluster``
extra), loaded from their files: nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import random
import re
import socket
import time
from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import TypeVar

import duckdb

from pipelines.warehouse.schema import apply_comments

SCHEME = "ducklake:"
DATA_SETTING = "XXGK_LAKE_DATA"
ALIAS = "lake"
GUARD_SCHEMA = "xxgk_lake"  # outside main: no export, glossary comment or mart sees it
GUARD_TABLE = f"{GUARD_SCHEMA}.last_load"
MIN_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = (0.1, 1.0)  # random: two redone loads do not collide again

T = TypeVar("T")


class LakeUnavailable(RuntimeError):
    """The lake's extensions are not installed, or its catalog cannot be reached."""


def is_lake(warehouse: str | os.PathLike) -> bool:
    return str(warehouse).startswith(SCHEME)


def connect_lake(uri: str | os.PathLike, read_only: bool = False,
                 settings: Mapping[str, str] = os.environ) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as ``lake`` and in use, so the
    warehouse's unqualified table names are the lake's (temporary tables stay local)."""
    connection = duckdb.connect()
    try:
        connection.execute("SET autoinstall_known_extensions = false")
        for package, extension in (("duckdb_extension_postgres_scanner", "postgres_scanner"),
                                   ("duckdb_extension_ducklake", "ducklake")):
            connection.execute(f"LOAD '{_quoted(_extension_file(package, extension))}'")
        options = ["READ_ONLY"] if read_only else []
        data_path = settings.get(DATA_SETTING)
        if data_path and not read_only:
            options.append(f"DATA_PATH '{_quoted(data_path)}'")
        attach_options = f" ({', '.join(options)})" if options else ""
        try:
            connection.execute(f"ATTACH '{_quoted(str(uri))}' AS {ALIAS}{attach_options}")
        except duckdb.Error as error:
            raise LakeUnavailable(f"cannot attach the lake {uri}: {error}"
                                  + _data_path_hint(error, data_path)) from error
        connection.execute(f"USE {ALIAS}")
    except BaseException:
        connection.close()
        raise
    return connection


def _data_path_hint(error: duckdb.Error, data_path: str | None) -> str:
    if data_path or "DATA_PATH" not in str(error).upper():
        return ""
    return f" (a new lake needs {DATA_SETTING}: the directory or URL of its data files)"


def _extension_file(package: str, extension: str) -> Path:
    """The extension file a registry package ships, for this DuckDB version."""
    try:
        root = Path(import_module(package).__file__).parent / "extensions"
    except ImportError:
        raise LakeUnavailable(
            f"the DuckLake warehouse needs the {package} package: pip install -e '.[cluster]'"
        ) from None
    wanted = root / f"v{duckdb.__version__}" / f"{extension}.duckdb_extension"
    if not wanted.exists():
        shipped = ", ".join(sorted(p.name for p in root.iterdir())) or "none"
        raise LakeUnavailable(f"{package} has no {extension} extension for DuckDB "
                              f"{duckdb.__version__} (it ships {shipped}): install the "
                              "versions pyproject.toml pins")
    return wanted


_KEY_CONSTRAINT = re.compile(r"\s+PRIMARY KEY(?=[\s,)])|\s+UNIQUE(?=[\s,)])")
_TABLE_KEY = re.compile(r",\s*PRIMARY KEY\s*\([^)]*\)")


def without_key_constraints(schema_sql: str) -> str:
    """``schema.sql`` as DuckLake takes it: column and table key constraints removed."""
    return _KEY_CONSTRAINT.sub("", _TABLE_KEY.sub("", schema_sql))


def schema_for(warehouse: str | os.PathLike, schema_sql: str) -> str:
    """The load's schema statements: ``schema.sql`` for a file; for a lake, the same
    without key constraints (DuckLake has none), preceded by the load's claim."""
    if not is_lake(warehouse):
        return schema_sql
    return f"{_claim_load()};\n{without_key_constraints(schema_sql)}"


def _claim_load() -> str:
    """A statement that makes this load's transaction conflict with any other that overlaps.

    DuckLake lets two transactions that only append both commit; two loads that each
    rebuild a dimension (delete all, insert) would then double it. Replacing one table
    in every load turns any overlap into a conflict at commit, so loads serialise there.
    """
    host = socket.gethostname().replace("'", "''")
    return (f"CREATE SCHEMA IF NOT EXISTS {GUARD_SCHEMA};\n"
            f"CREATE OR REPLACE TABLE {GUARD_TABLE} AS "
            f"SELECT now() AS loaded_at, '{host}' AS host, {os.getpid()} AS pid")


def is_conflict(error: BaseException) -> bool:
    """A lake commit refused because another transaction committed a conflicting change."""
    return isinstance(error, duckdb.TransactionException) and "conflict" in str(error).lower()


def retrying_conflicts(load: Callable[[], T], wait_seconds: float,
                       progress: Callable[[str], None] | None = None) -> T:
    """Run ``load`` (one transaction, rolled back when it fails); when another load
    committed a conflicting change first, run it again on the new snapshot.

    Retried for ``wait_seconds`` (at least MIN_ATTEMPTS times): each round of conflicts
    lets one load commit, so a load waits at most for the loads that overlap it.
    """
    deadline = time.monotonic() + wait_seconds
    attempt = 1
    while True:
        try:
            return load()
        except duckdb.TransactionException as error:
            if not is_conflict(error) or (attempt >= MIN_ATTEMPTS
                                          and time.monotonic() >= deadline):
                raise
            if progress:
                progress("another load committed to the lake first; loading again on its "
                         f"snapshot (attempt {attempt + 1})")
            attempt += 1
            time.sleep(random.uniform(*RETRY_PAUSE_SECONDS))


def copy_snapshot(uri: str | os.PathLike, target: Path) -> None:
    """Write the lake's current snapshot (tables and views) into the DuckDB file ``target``."""
    Path(target).unlink(missing_ok=True)  # an empty placeholder is no DuckDB file
    connection = connect_lake(uri, read_only=True)
    try:
        connection.execute(f"ATTACH '{_quoted(str(target))}' AS analyst_copy")
        connection.execute(f"COPY FROM DATABASE {ALIAS} TO analyst_copy")
        connection.execute("USE analyst_copy")
        apply_comments(connection)  # the views' columns too, which the lake cannot hold
        connection.execute(f"USE {ALIAS}")
        connection.execute("DETACH analyst_copy")
    finally:
        connection.close()


def _quoted(text: str | os.PathLike) -> str:
    return str(text).replace("'", "''")
