"""Document → Report: find the tables, read every cell, check the arithmetic.

``read_report`` knows nothing of formats: it reads the ``Document`` that a
format adapter produced.
"""

from __future__ import annotations

from models.report import NOT_A_REPORT, OK, PARTIAL, Report
from pipelines.documents.model import Document

from .checks import run_checks
from .identity import identify
from .narrative import narrative_checks
from .sections import Regions, find_regions
from .proactive import read_proactive
from .proceedings import read_proceedings
from .prose_report import read_prose_report
from .requests import read_requests
from .tables import TableRead

_TABLES = (
    ("proactive", "table 二 (主动公开政府信息情况) not found", read_proactive),
    ("requests", "table 三 (收到和处理政府信息公开申请情况) not found", read_requests),
    ("proceedings", "table 四 (行政复议、行政诉讼情况) not found", read_proceedings),
)


def read_report(doc: Document) -> Report:
    identity = identify(doc)
    regions = find_regions(doc.blocks)
    reads: dict[str, TableRead] = {}
    problems: list[str] = []
    for name, missing, reader in _TABLES:
        span = getattr(regions, name)
        if span is None:
            problems.append(missing)
            continue
        reads[name] = reader(doc, span)
    prose = read_prose_report(doc, identity) if not _has_tables(reads) else None
    if prose is not None:  # a report before 2019 states its totals in sentences
        return prose
    if not _has_tables(reads) and _headings_found(regions) < 2:
        return Report(source=doc.source, status=NOT_A_REPORT, format=doc.format,
                      notes=["neither the report's tables nor its section headings were found"])
    cells: dict = {}
    notes: list[str] = []
    for read in reads.values():
        cells.update(read.cells)
        problems.extend(read.problems)
        notes.extend(read.notes)
    template = _template(reads)
    if doc.meta.get("text_layer") == "invisible":
        problems.append("the PDF's text is invisible, laid over page images (an OCR layer): "
                        "its numbers are an OCR's reading, not certain")
        notes.append("every cell was read from the PDF's invisible (OCR) text layer")
    if identity.agency is None:
        problems.append("agency: neither a title nor a signature names the issuing body")
    if identity.year is None:
        problems.append("year: the report does not state the year it covers")
    return Report(
        source=doc.source,
        status=PARTIAL if problems else OK,
        template=template,
        agency=identity.agency,
        year=identity.year,
        cells=cells,
        checks=run_checks(cells, template) + narrative_checks(doc.blocks, cells, identity.year),
        problems=problems,
        notes=notes,
        format=doc.format,
    )


def _has_tables(reads: dict[str, TableRead]) -> bool:
    return any(read.cells for read in reads.values())


def _headings_found(regions: Regions) -> int:
    """How many of the report's own section headings (二、三、四) the document has."""
    return sum(1 for name in ("proactive", "requests", "proceedings") if name in regions.headings)


def _template(reads: dict[str, TableRead]) -> str | None:
    requests = reads.get("requests")
    if requests and requests.template:
        return requests.template
    proactive = reads.get("proactive")
    return proactive.template if proactive else None
