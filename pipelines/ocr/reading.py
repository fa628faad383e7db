"""Where OCR meets the reader: which sections of a document OCR read, and their check."""

from __future__ import annotations

from dataclasses import replace

from models.report import OK, PARTIAL, Report
from pipelines.documents.model import Document

OCR_TABLES = "ocr_tables"  # meta: the numbers of the tables read from pictures, spaced


def confirm_ocr(report: Report, doc: Document, regions, derived: dict[str, str]) -> Report:
    """``report`` as ``confirm`` leaves it when OCR read some of its tables, else as it is."""
    sections = sections_read_by_ocr(doc, regions)
    stopped = doc.meta.get("ocr_problems")
    if not sections:
        if stopped and report.status in (OK, PARTIAL):  # a picture passed over: say why
            return replace(report, status=PARTIAL, problems=[*report.problems, stopped])
        return report
    from .confirm import confirm  # it runs the reader's checks: imported once reading is
    return confirm(report, sections, derived, stopped)


def sections_read_by_ocr(doc: Document, regions) -> set[str]:
    """Every section of a scan; else those whose span holds a table read from a picture."""
    if doc.meta.get("text_layer") == "ocr":
        return {"proactive", "requests", "proceedings"}
    tables = {int(t) for t in doc.meta.get(OCR_TABLES, "").split()}
    if not tables:
        return set()
    out = set()
    for name in ("proactive", "requests", "proceedings"):
        span = getattr(regions, name)
        if span and any(b.table in tables for b in doc.blocks[span[0]: span[1]]):
            out.add(name)
    return out
