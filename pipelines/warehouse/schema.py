"""The SQL files of ``sql/`` and the column glossary that documents the warehouse in itself."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
# The scripts a load runs after applying the staged facts, in order; with schema.sql they
# create every table and view analysts see.
VIEW_SCRIPTS = ("staging.sql", "rollups.sql", "marts.sql", "ranks.sql")
DERIVED_SCRIPTS = ("schema.sql", *VIEW_SCRIPTS)


def read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


@cache
def glossary() -> dict[str, str]:
    """Column name (or ``table.column``) → its meaning, from ``sql/glossary.tsv``."""
    entries = {}
    for line in read_sql("glossary.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            name, meaning = line.split("\t", 1)
            entries[name.strip()] = meaning.strip()
    return entries


def apply_comments(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Comment every column of every table and view from the glossary; return those it lacks."""
    words = glossary()
    missing = []
    columns = connection.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal AND database_name = current_database()"
    ).fetchall()
    for table, column in columns:
        meaning = words.get(f"{table}.{column}") or words.get(column)
        if meaning is None:
            missing.append(f"{table}.{column}")
            continue
        text = meaning.replace("'", "''")
        connection.execute(f"COMMENT ON COLUMN \"{table}\".\"{column}\" IS '{text}'")
    return missing
