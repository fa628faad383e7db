"""The SQL files of ``sql/``, the warehouse's layers, and the column glossary that documents it.

Layers are schemas (``sql/README.md``): ``main`` holds what analysts read (the star schema
and the comparison views, so ``SHOW TABLES`` in ``duckdb -readonly`` lists them),
``staging`` the ``stg_*`` views that join facts to their dimensions, and ``core`` the
tables the loader precomputes for the views.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
ANALYST_SCHEMA = "main"
LAYERS = (ANALYST_SCHEMA, "staging", "core")
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


def apply_comments(connection: duckdb.DuckDBPyConnection, views: bool = True) -> list[str]:
    """Comment every column of every table and view from the glossary; return those it lacks.

    ``views=False`` comments the tables' columns only (a DuckLake lake keeps no comments
    on a view's columns; its analysts' copy gets them all).
    """
    words = glossary()
    missing = []
    tables_only = "" if views else (
        " AND (schema_name, table_name) IN (SELECT (schema_name, table_name) FROM duckdb_tables() "
        "WHERE database_name = current_database())")
    columns = connection.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name IN ? AND NOT internal AND database_name = current_database()"
        + tables_only, [list(LAYERS)]).fetchall()
    for schema, table, column in columns:
        meaning = words.get(f"{table}.{column}") or words.get(column)
        if meaning is None:
            missing.append(f"{schema}.{table}.{column}")
            continue
        text = meaning.replace("'", "''")
        connection.execute(f"COMMENT ON COLUMN \"{schema}\".\"{table}\".\"{column}\" IS '{text}'")
    return missing


def retire_unlayered(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Clear ``main`` of what a warehouse made before the layers kept there.

    An object of ``main`` named like one of ``staging`` or ``core`` is the old place of
    that object: a table's rows move across when the new table is still empty (so
    ``report_measures``, written load by load, keeps every report's counts), then the old
    object is dropped. Run once after ``schema.sql`` and once after the views are built.
    Returns the names dropped.
    """
    stale = connection.execute("""
        SELECT old.table_name, old.table_type, new.table_schema, new.table_type
        FROM information_schema.tables old
        JOIN information_schema.tables new
          ON new.table_name = old.table_name AND new.table_catalog = old.table_catalog
        WHERE old.table_catalog = current_database() AND old.table_schema = ?
          AND new.table_schema IN ?""", [ANALYST_SCHEMA, list(LAYERS[1:])]).fetchall()
    for name, old_type, schema, new_type in stale:
        old, new = f'main."{name}"', f'{schema}."{name}"'
        if old_type == new_type == "BASE TABLE" and \
                connection.execute(f"SELECT count(*) FROM {new}").fetchone()[0] == 0:
            connection.execute(f"INSERT INTO {new} BY NAME SELECT * FROM {old}")
        connection.execute(f"DROP {'VIEW' if old_type == 'VIEW' else 'TABLE'} {old}")
    return [name for name, *_ in stale]
