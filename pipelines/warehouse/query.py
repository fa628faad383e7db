"""Reading the warehouse: queries for people and programs, and exports of every table and view."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.warehouse import lake

EXPORT_FORMATS = ("parquet", "csv")


def connect_reader(database: Path) -> duckdb.DuckDBPyConnection:
    if lake.is_lake(database):
        return lake.connect_lake(database, read_only=True)
    if not Path(database).exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `xxgk load` first")
    return duckdb.connect(str(database), read_only=True)


def run_query(database: Path, sql: str) -> pl.DataFrame:
    """The result of ``sql`` against ``database``, opened read-only."""
    connection = connect_reader(database)
    try:
        relation = connection.sql(sql)
        return relation.pl() if relation is not None else pl.DataFrame()
    finally:
        connection.close()


def exported_relations(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the warehouse, dimensions and facts first, then views."""
    return [row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_type, table_name").fetchall()]


def export(database: Path, directory: Path, fmt: str) -> list[Path]:
    """Write every table and view to ``directory`` as ``<name>.parquet`` or ``<name>.csv``."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    connection = connect_reader(database)
    written = []
    try:
        for name in exported_relations(connection):
            target = directory / f"{name}.{fmt}"
            path = str(target).replace("'", "''")
            connection.execute(f'COPY (SELECT * FROM "{name}") TO \'{path}\' ({options})')
            written.append(target)
    finally:
        connection.close()
    return written
