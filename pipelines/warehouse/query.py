"""Reading the warehouse: queries for people and programs, and exports of the analysts' layer.

Lists are written one way everywhere: as real lists where the format has them (Parquet,
JSON), and as their items joined with ``'; '`` where it does not (CSV, the printed table);
``lists_as_text`` is that one rule."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.warehouse import lake
from pipelines.warehouse.schema import ANALYST_SCHEMA

EXPORT_FORMATS = ("parquet", "csv")
LIST_SEPARATOR = "; "


def connect_reader(database: Path) -> duckdb.DuckDBPyConnection:
    if lake.is_lake(database):
        return lake.connect_lake(database, read_only=True)
    if not Path(database).exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `xxgk load` first")
    return duckdb.connect(str(database), read_only=True)


def run_query(database: Path, sql: str, lists_joined: bool = False) -> pl.DataFrame:
    """The result of ``sql`` against ``database``, opened read-only; with ``lists_joined``
    each list column is text, as CSV holds it (see ``lists_as_text``)."""
    connection = connect_reader(database)
    try:
        relation = connection.sql(sql)
        if relation is None:
            return pl.DataFrame()
        return (lists_as_text(relation) if lists_joined else relation).pl()
    finally:
        connection.close()


def lists_as_text(relation: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """``relation`` with each list column's items joined into one text by ``'; '`` (NULL
    items left out, an empty list ``''``, a NULL list NULL): how lists are written where a
    format has no lists, by ``xxgk query --csv`` and ``xxgk export --format csv`` alike."""
    kinds = dict(zip(relation.columns, (kind.id for kind in relation.types)))
    if not {"list", "array"} & set(kinds.values()):
        return relation
    columns = []
    for name, kind in kinds.items():
        quoted = '"' + name.replace('"', '""') + '"'
        columns.append(f"array_to_string({quoted}, '{LIST_SEPARATOR}') AS {quoted}"
                       if kind in ("list", "array") else quoted)
    return relation.project(", ".join(columns))


def exported_relations(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the analysts' layer (``main``), tables first, then views; the
    staging views and the loader's tables in ``core`` hold nothing those do not show."""
    return [row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
        "AND table_catalog = current_database() ORDER BY table_type, table_name",
        [ANALYST_SCHEMA]).fetchall()]


def export(database: Path, directory: Path, fmt: str) -> list[Path]:
    """Write every table and view of ``main`` to ``directory`` as ``<name>.parquet`` (lists
    as Parquet lists) or ``<name>.csv`` (with a header; lists joined by ``lists_as_text``)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    connection = connect_reader(database)
    written = []
    try:
        for name in exported_relations(connection):
            target = directory / f"{name}.{fmt}"
            relation = connection.sql(f'SELECT * FROM {ANALYST_SCHEMA}."{name}"')
            if fmt == "parquet":
                relation.write_parquet(str(target))
            else:
                lists_as_text(relation).write_csv(str(target), header=True)
            written.append(target)
    finally:
        connection.close()
    return written
