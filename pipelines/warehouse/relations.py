"""The warehouse's tables and views as ``sql/`` declares them, and the checks each one carries.

Every ``CREATE TABLE`` / ``CREATE VIEW`` of the load's scripts is a relation: its
description is its ``COMMENT ON``, its upstream the relations its statement names, its
key the columns that identify a row (``PRIMARY KEY`` where the SQL declares one, the
grain below where it cannot). The Dagster load publishes one asset per relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import duckdb

from pipelines.warehouse.schema import ANALYST_SCHEMA, DERIVED_SCRIPTS, LAYERS, glossary, read_sql

# The grain of relations whose SQL declares no primary key (facts and views).
GRAIN = {
    "request_outcomes": ("document_key", "row_code", "applicant_code"),
    "proceeding_outcomes": ("document_key", "proceeding_code", "result_code"),
    "proactive_measures": ("document_key", "item_code"),
    "check_results": ("document_key", "rule"),
    "stg_reports": ("report_key",),
    "stg_report_of_record": ("agency_key", "year"),
    "agency_year_counts": ("agency_key", "year"),
    "agency_year": ("agency_key", "year"),
    "agency_year_change": ("agency_key", "year"),
    "agency_year_ranks": ("agency_key", "year"),
    "agency_peer_rank": ("agency_key", "year"),
    "region_year_counts": ("region_scope", "region_code", "sector", "level", "year"),
    "region_year": ("region_scope", "region_code", "sector", "level", "year"),
    "region_year_change": ("region_scope", "region_code", "sector", "level", "year"),
    "reports_failing_checks": ("report_key",),
    "proactive_shared": ("agency_key", "year", "item_code"),
    "carry_over_pairs": ("agency_key", "year", "applicant_code"),
    "carry_over_mismatches": ("agency_key", "year", "applicant_code"),
    "agency_year_carry_over": ("agency_key", "year"),
}

_CREATE = re.compile(r"^CREATE\s+(?:OR\s+REPLACE\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"
                     r"(?:(\w+)\.)?(\w+)",
                     re.IGNORECASE | re.MULTILINE)
_COMMENT = re.compile(r"^COMMENT\s+ON\s+(?:TABLE|VIEW)\s+(?:\w+\.)?(\w+)\s+IS\s+'((?:[^']|'')*)'",
                      re.IGNORECASE | re.MULTILINE)
_INLINE_KEY = re.compile(r"(\w+)\s+\w+\s+PRIMARY\s+KEY", re.IGNORECASE)
_READS = re.compile(r"\b(?:FROM|JOIN)\s+(?:\w+\.)?(\w+)", re.IGNORECASE)
_TABLE_KEY = re.compile(r"PRIMARY\s+KEY\s*\(([^)]*)\)", re.IGNORECASE)


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" or "view"
    script: str  # the sql/ file that creates it
    description: str
    upstream: tuple[str, ...]  # the relations its statement reads
    key: tuple[str, ...]  # the columns identifying a row; empty when it has none

    @property
    def rate_columns(self) -> tuple[str, ...]:
        """Glossary columns that are shares of a whole (…_rate, …_share) this relation outputs."""
        return tuple(c for c in RATE_COLUMNS
                     if re.search(rf"(?:\bAS\s+{c}\b|\.{c}\s*,|\.{c}\s*$)", self._statement,
                                  re.IGNORECASE | re.MULTILINE))

    _statement: str = ""
    schema: str = ANALYST_SCHEMA  # its layer (sql/README.md)


@cache
def relations() -> tuple[Relation, ...]:
    """Every table and view the load builds, in the order the scripts create them."""
    found: list[tuple[str, str, str, str, str]] = []
    comments: dict[str, str] = {}
    for script in DERIVED_SCRIPTS:
        text = "\n".join(line for line in read_sql(script).splitlines()
                         if not line.lstrip().startswith("--"))
        comments.update((name, meaning.replace("''", "'"))
                        for name, meaning in _COMMENT.findall(text))
        for match in _CREATE.finditer(text):
            end = text.find(";\n", match.end())
            found.append((match.group(3), match.group(1).lower(), script,
                          text[match.start():end if end > 0 else len(text)],
                          match.group(2) or ANALYST_SCHEMA))
    names = {name for name, *_ in found}
    return tuple(
        Relation(name, kind, script, comments.get(name, ""),
                 tuple(sorted(set(_READS.findall(statement)) & (names - {name}))),
                 _declared_key(statement) or GRAIN.get(name, ()), statement, schema)
        for name, kind, script, statement, schema in found)


def qualified(name: str) -> str:
    """The relation's name with its schema, as a query outside its layer must write it."""
    schema = next((r.schema for r in relations() if r.name == name), ANALYST_SCHEMA)
    return f'{schema}."{name}"'


RATE_COLUMNS = tuple(sorted(name for name in glossary()
                            if re.fullmatch(r"\w+_(rate|share)", name)))


def _declared_key(statement: str) -> tuple[str, ...]:
    if match := _TABLE_KEY.search(statement):
        return tuple(c.strip() for c in match.group(1).split(","))
    return tuple(_INLINE_KEY.findall(statement)[:1])


def columns(connection: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, str]]]:
    """Each relation's columns: (name, type, meaning from the glossary comment)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, data_type, comment in connection.execute(
            "SELECT table_name, column_name, data_type, coalesce(comment, '') FROM duckdb_columns() "
            "WHERE schema_name IN ? AND NOT internal AND database_name = current_database() "
            "ORDER BY table_name, column_index", [list(LAYERS)]).fetchall():
        out.setdefault(table, []).append((column, data_type, comment))
    return out


def row_count(connection: duckdb.DuckDBPyConnection, relation: str) -> int:
    return connection.execute(f"SELECT count(*) FROM {qualified(relation)}").fetchone()[0]


def duplicate_keys(connection: duckdb.DuckDBPyConnection, relation: Relation,
                   limit: int = 20) -> tuple[int, list[dict]]:
    """How many key values occur on more than one row (NULL equal to NULL), and a few of them."""
    key = ", ".join(f'"{c}"' for c in relation.key)
    duplicated = (f"SELECT {key}, count(*) AS rows FROM {qualified(relation.name)} "
                  "GROUP BY ALL HAVING count(*) > 1")
    total = connection.execute(f"SELECT count(*) FROM ({duplicated})").fetchone()[0]
    sample = _rows(connection, f"{duplicated} LIMIT {limit}") if total else []
    return total, sample


@dataclass(frozen=True)
class RatesOutOfRange:
    """Rows of a relation whose rates fall outside 0–1, split by whose error it can be."""
    columns: tuple[str, ...]  # the rate columns the relation has
    unexplained: int  # rows out of range with no failed arithmetic behind them: our error
    agencies_own: int  # rows out of range from a report whose own arithmetic fails
    sample: list[dict]


def rates_out_of_range(connection: duckdb.DuckDBPyConnection, relation: Relation,
                       limit: int = 20) -> RatesOutOfRange:
    """Rates must lie in 0–1; an agency that printed more disclosures than requests processed
    (its arithmetic check fails) yields a rate above 1 that is the agency's, not ours."""
    present = {c for c, *_ in columns(connection).get(relation.name, [])}
    rates = tuple(c for c in relation.rate_columns if c in present)
    if not rates:
        return RatesOutOfRange((), 0, 0, [])
    outside = " OR ".join(f'"{c}" NOT BETWEEN 0 AND 1' for c in rates)
    failing = "FALSE"
    if "document_key" in present or "report_key" in present:
        by = "document_key" if "document_key" in present else "report_key"
        source = "check_results" if by == "document_key" else \
            "check_results JOIN reports USING (document_key)"
        failing = f"{by} IN (SELECT {by} FROM {source} WHERE NOT passed)"
    elif "region_scope" in present:
        failing = "TRUE"  # a region's sums may hold an agency's failing arithmetic
    unexplained, own = connection.execute(
        f'SELECT count(*) FILTER (WHERE NOT ({failing})), count(*) FILTER (WHERE {failing}) '
        f"FROM {qualified(relation.name)} WHERE {outside}").fetchone()
    sample = _rows(connection, f"SELECT * FROM {qualified(relation.name)} WHERE {outside} "
                               f"LIMIT {limit}")
    return RatesOutOfRange(rates, unexplained, own, sample)


def _rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    """The rows as JSON-ready dicts (decimals, dates and lists as text)."""
    cursor = connection.execute(sql)
    names = [d[0] for d in cursor.description]
    plain = (int, float, str, bool, type(None))
    return [{n: v if isinstance(v, plain) else str(v) for n, v in zip(names, row)}
            for row in cursor.fetchall()]
