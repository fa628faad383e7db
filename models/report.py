"""What reading one document produces: the record every later stage consumes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal

OK = "ok"
PARTIAL = "partial"
NOT_A_REPORT = "not_a_report"
NEEDS_OCR = "needs_ocr"
FAILED = "failed"

Number = int | Decimal


@dataclass(frozen=True)
class Check:
    """One arithmetic rule applied to one report: the agency's numbers, not ours."""

    rule: str
    passed: bool
    detail: str


@dataclass
class Report:
    """One document as read: its identity, every cell it prints, and what went wrong.

    ``cells`` holds only what the document prints and the reader read without
    guessing; ``problems`` names every gap, and a non-empty ``problems`` means
    ``status`` is not ``ok``.
    """

    source: str
    status: str
    template: str | None = None
    agency: str | None = None
    year: int | None = None
    cells: dict[str, Number] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    format: str | None = None
    # The agency's name as the document prints it (``agency`` is converted to simplified
    # characters, by phrase, only for a document printed in traditional ones).
    agency_as_printed: str | None = None
    # Which clue decided each of agency and year: {"agency": "title", "year": "statistics_period"}.
    identity_source: dict[str, str] = field(default_factory=dict)
    # A report before 2019 (template ``prose`` or ``pre2019``): cell code → the sentence, or the
    # statistics-table row, it was read from. Empty for a report read from the national table.
    derived_from_prose: dict[str, str] = field(default_factory=dict)
    # Its numbers were read by OCR from pictures (a scan, a table pasted as an image); only
    # rows the form's arithmetic confirms are kept (``pipelines.ocr.confirm``).
    ocr: bool = False

    @property
    def failed_checks(self) -> list[str]:
        return [c.rule for c in self.checks if not c.passed]

    def to_json_dict(self) -> dict:
        """What ``dataclasses.asdict`` gives, cells as JSON numbers, built directly: asdict
        deep-copies each of a report's hundreds of cells and checks, and took most of the
        time ``xxgk extract`` spent printing a report."""
        out = {name: getattr(self, name) for name in _REPORT_FIELDS}
        out["cells"] = {k: _json_number(v) for k, v in self.cells.items()}
        out["checks"] = [{"rule": c.rule, "passed": c.passed, "detail": c.detail}
                         for c in self.checks]
        for name in ("problems", "notes"):
            out[name] = list(out[name])
        for name in ("identity_source", "derived_from_prose"):
            out[name] = dict(out[name])
        return out


_REPORT_FIELDS = tuple(f.name for f in fields(Report))


def _json_number(value: Number) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def failed(source: str, reason: str, fmt: str | None = None) -> Report:
    return Report(source=source, status=FAILED, problems=[reason], format=fmt)
