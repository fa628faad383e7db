"""Cross-year: an agency's 结转下年度继续办理 in one year is its 上年结转 in the next.

The warehouse view ``carry_over_mismatches`` (``sql/marts.sql``) pairs each year's
report of record with the year before's; this reads the pairs that disagree. They are
the agencies' errors (or a report replaced since), never corrected here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.warehouse.query import run_query


@dataclass(frozen=True)
class CarryOverMismatch:
    """One applicant column whose 上年结转 in ``year`` is not the ``previous_year`` report's
    结转下年度继续办理, with both reports' URL and sha256 so both can be opened."""

    agency_name: str
    previous_year: int
    year: int
    applicant_code: str
    carried_forward_previous_year: int
    carried_over: int
    previous_url: str | None
    previous_sha256: str
    url: str | None
    sha256: str


_FIELDS = ", ".join(f"m.{name}" for name in CarryOverMismatch.__dataclass_fields__)


def carry_over_mismatches(database: Path) -> list[CarryOverMismatch]:
    """Every pair of consecutive years whose carried requests disagree, by agency, year and
    the template's column order."""
    frame = run_query(Path(database), f"""
        SELECT {_FIELDS} FROM carry_over_mismatches m
        JOIN applicant_types a USING (applicant_code)
        ORDER BY m.agency_name, m.year, a.position""")
    return [CarryOverMismatch(**row) for row in frame.to_dicts()]
