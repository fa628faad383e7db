"""Report files → the polars frames the warehouse is loaded from, one per staged table.

A report's identity is its source: the URL it was fetched from (a local file's
``file://`` URI), or its sha256 when nothing else is known. Every fact belongs to
a *document* (one sha256); the report row says which document is the report's
current one. Every report is framed, whatever its status: a failed document is
a report row with its problems and no cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from decimal import Decimal
from functools import cache

import polars as pl

from models import template as t
from pipelines.report_files import Provenance, ReportFile
from pipelines.warehouse.agency import STAGED_COLUMNS as AGENCY_NAME_COLUMNS
from pipelines.warehouse.agency import resolve_agency, stable_key

TEXT_LIST = pl.List(pl.String)
MEASURE_PLACES = 10  # decimal places proactive_measures.value keeps: DECIMAL(38, 10) in schema.sql
MEASURE = pl.Decimal(38, MEASURE_PLACES)


def _codes(*codes) -> pl.Enum:
    """The template's codes as a polars Enum: staged frames hold nothing else, and write fast."""
    return pl.Enum(list(dict.fromkeys(codes)))


REQUEST_ROW = _codes(*(r.code for r in t.REQUEST_ROWS_ANY))
APPLICANT = _codes(*(a.code for a in t.APPLICANTS))
PROCEEDING = _codes(*(p.code for p in t.PROCEEDINGS))
PROCEEDING_RESULT = _codes(*(r.code for r in t.PROCEEDING_RESULTS))
PROACTIVE_ITEM = _codes(*(c for tt in (t.TEMPLATE_2021, t.TEMPLATE_2019) for c in t.PROACTIVE_CELLS[tt]))

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "reports": {
        "report_key": pl.Int64, "report_id": pl.String, "document_key": pl.Int64,
        "sha256": pl.String, "agency_key": pl.Int64, "agency_name": pl.String,
        "year": pl.Int32, "template": pl.String, "status": pl.String, "format": pl.String,
        "document_source": pl.String, "url": pl.String, "fetched_at": pl.Datetime("us", "UTC"),
        "registry_source": pl.String, "region_code_hint": pl.String, "title": pl.String,
        "published": pl.String, "problems": TEXT_LIST, "notes": TEXT_LIST,
        "cells_read": pl.Int32, "agency_as_printed": pl.String, "agency_source": pl.String,
        "year_source": pl.String, "prose_derived": pl.Boolean, "agency_name_key": pl.Int64,
        "ocr": pl.Boolean,
    },
    "agencies": AGENCY_NAME_COLUMNS,  # one row per agency name (agency.py)
    "requests": {"document_key": pl.Int64, "row_code": REQUEST_ROW,
                 "applicant_code": APPLICANT, "count": pl.Int64},
    "proceedings": {"document_key": pl.Int64, "proceeding_code": PROCEEDING,
                    "result_code": PROCEEDING_RESULT, "count": pl.Int64},
    "proactive": {"document_key": pl.Int64, "item_code": PROACTIVE_ITEM, "value": MEASURE},
    "checks": {"document_key": pl.Int64, "rule": pl.String, "passed": pl.Boolean,
               "detail": pl.String},
    "prose_figures": {"document_key": pl.Int64, "code": pl.String, "value": pl.Float64,
                      "sentence": pl.String},
}


@dataclass
class ReportFrames:
    """One batch of reports as frames, named as the staged tables are."""

    reports: pl.DataFrame
    agencies: pl.DataFrame
    requests: pl.DataFrame
    proceedings: pl.DataFrame
    proactive: pl.DataFrame
    checks: pl.DataFrame
    prose_figures: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=SCHEMAS["prose_figures"]))

    def tables(self) -> dict[str, pl.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def report_identity(provenance: Provenance) -> str:
    return provenance.url or f"sha256:{provenance.sha256}"


@cache
def cell_places() -> dict[str, tuple[str, ...]]:
    """Cell code → (staged table, its dimension codes…), from the template's catalogue."""
    places: dict[str, tuple[str, ...]] = {}
    for template in (t.TEMPLATE_2021, t.TEMPLATE_2019):
        for code in t.request_codes(template):
            _, row, applicant = code.split(".")
            places[code] = ("requests", row, applicant)
        for code in t.proactive_codes(template):
            places[code] = ("proactive", code.split(".", 1)[1])
    for code in t.proceeding_codes():
        places[code] = ("proceedings", *code.split("."))
    return places


def frame_reports(files: Iterable[ReportFile]) -> ReportFrames:
    """Frames for a batch of report files."""
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    agencies: dict[int, dict] = {}
    for report_file in files:
        _frame_one(report_file, rows, agencies)
    rows["agencies"] = list(agencies.values())
    return ReportFrames(**{
        name: pl.DataFrame(rows[name], schema=schema)
        for name, schema in SCHEMAS.items()
    })


def _frame_one(report_file: ReportFile, rows: dict, agencies: dict) -> None:
    report, provenance = report_file.report, report_file.provenance
    document_key = stable_key(provenance.sha256)
    problems = list(report.get("problems") or [])
    agency_key = name_key = None
    if report.get("agency"):
        agency = resolve_agency(report["agency"], provenance.region_code)
        agency_key, name_key = agency.key, agency.name_key
        agencies[name_key] = {**agency.row(), "registry_source": provenance.source}
    prose = report.get("derived_from_prose") or {}
    problems += _frame_cells(document_key, report.get("cells") or {}, rows, prose)
    for check in report.get("checks") or []:
        rows["checks"].append({"document_key": document_key, "rule": check["rule"],
                               "passed": bool(check["passed"]), "detail": check.get("detail")})
    identity = report_identity(provenance)
    rows["reports"].append({
        "report_key": stable_key(identity), "report_id": identity, "document_key": document_key,
        "sha256": provenance.sha256, "agency_key": agency_key, "agency_name": report.get("agency"),
        "year": report.get("year"), "template": report.get("template"),
        "status": report.get("status"), "format": report.get("format"),
        "document_source": report.get("source"), "url": provenance.url,
        "fetched_at": _timestamp(provenance.fetched_at), "registry_source": provenance.source,
        "region_code_hint": provenance.region_code, "title": provenance.title,
        "published": provenance.published, "problems": problems,
        "notes": list(report.get("notes") or []), "cells_read": len(report.get("cells") or {}),
        "agency_as_printed": report.get("agency_as_printed"),
        "agency_source": (report.get("identity_source") or {}).get("agency"),
        "year_source": (report.get("identity_source") or {}).get("year"),
        "prose_derived": bool(prose), "agency_name_key": name_key,
        "ocr": bool(report.get("ocr")),
    })


def _frame_cells(document_key: int, cells: dict, rows: dict, prose: dict) -> list[str]:
    """Route each cell to its fact table; return a problem for each cell not loaded. A cell a
    report before 2019 states in prose is also a ``prose_figures`` row with its sentence; its
    ``prose.*`` codes (no template cell means the same) are only there."""
    problems = []
    places = cell_places()
    for code, value in cells.items():
        place = places.get(code)
        if code in prose:
            rows["prose_figures"].append({"document_key": document_key, "code": code,
                                          "value": float(value), "sentence": prose[code]})
            if place is None and code.startswith("prose."):
                continue
        if place is None:
            problems.append(f"cell {code} is not in the template; not loaded")
        elif place[0] != "proactive" and value != int(value):
            problems.append(f"cell {code} holds {value}, not a whole count; not loaded")
        elif place[0] == "proactive":
            measure = printed_decimal(value)
            if -measure.as_tuple().exponent > MEASURE_PLACES:
                problems.append(f"cell {code} holds {value}, more than {MEASURE_PLACES} decimal "
                                "places; not loaded")
                continue
            rows["proactive"].append({"document_key": document_key, "item_code": place[1],
                                      "value": measure})
        elif place[0] == "requests":
            rows["requests"].append({"document_key": document_key, "row_code": place[1],
                                     "applicant_code": place[2], "count": int(value)})
        else:
            rows["proceedings"].append({"document_key": document_key, "proceeding_code": place[1],
                                        "result_code": place[2], "count": int(value)})
    return problems


def printed_decimal(value: int | float | Decimal) -> Decimal:
    """A cell's value with the digits the report printed.

    Report files hold numbers as JSON; a float's shortest repr is the text it was
    written from (5949.088667 stays 5949.088667), where ``Decimal(float)`` would carry
    the binary error and a float column would round.
    """
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # Provenance: UTC
