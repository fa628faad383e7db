"""Document → Report: find the tables, read every cell, check the arithmetic.

``read_report`` knows nothing of formats: it reads the ``Document`` that a
format adapter produced.
"""

from __future__ import annotations

from models.report import NOT_A_REPORT, OK, PARTIAL, Report
from pipelines.documents.model import Document

from pipelines.ocr.reading import confirm_ocr

from .checks import run_checks
from .identity import identify
from .narrative import narrative_checks
from .sections import find_regions
from .proactive import read_proactive
from .recognition import recognise
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
    if not any(read.cells for read in reads.values()):
        prose = read_prose_report(doc, identity)
        if prose is not None:  # a report before 2019 states its totals in sentences
            return prose
    kind = recognise(doc, regions, reads)
    if not kind.is_report:
        evidence = [f"not an annual report: {e}" for e in kind.evidence]
        return Report(source=doc.source, status=NOT_A_REPORT, format=doc.format,
                      problems=evidence, notes=list(evidence))
    problems.extend(kind.evidence)
    cells: dict = {}
    derived: dict[str, str] = {}
    notes: list[str] = list(identity.notes)
    problems.extend(identity.problems)
    for read in reads.values():
        cells.update(read.cells)
        derived.update((code, rule) for code, rule in read.derived.items() if code in cells)
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
    report = Report(
        source=doc.source,
        status=PARTIAL if problems else OK,
        template=template,
        agency=identity.agency,
        year=identity.year,
        agency_as_printed=identity.agency_as_printed,
        identity_source=dict(identity.source),
        cells=cells,
        checks=run_checks(cells, template, derived) + narrative_checks(doc.blocks, cells, identity.year),
        problems=problems,
        notes=notes,
        format=doc.format,
    )
    return confirm_ocr(report, doc, regions, derived)


def _template(reads: dict[str, TableRead]) -> str | None:
    requests = reads.get("requests")
    if requests and requests.template:
        return requests.template
    proactive = reads.get("proactive")
    return proactive.template if proactive else None
