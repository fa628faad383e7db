"""A scanned PDF (pages of pictures) → a ``Document`` of OCR'd lines and table rows.

Pages are rendered at ``DPI`` in grey and read one by one (``page.read_page``), at most
``XXGK_OCR_MAX_PAGES`` of them and ``XXGK_OCR_PAGE_SECONDS`` each, and never past the
document's own deadline; where the reading stops, why is kept for the report's
``problems`` (``meta["ocr_problems"]``). A table running on from one page to the next
keeps its number, as a word processor's table does, and the piece of a row a page
break cut off is put back onto the row it belongs to.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pypdfium2 as pdfium

from pipelines.documents.errors import NeedsOcr
from pipelines.documents.model import Block, Document

from .engine import tessdata
from .limits import OcrLimits, OcrUnavailable, ocr_limits
from .page import UNSURE, PageReading, PageRow, read_page
from .timing import PageTooSlow, page_deadline

DPI = 200
_READING_MARGIN = 2.0  # seconds of the document's deadline left for the reader


def read_scan(pdf: pdfium.PdfDocument, source: str, reason: str,
              deadline: float | None = None, limits: OcrLimits | None = None) -> Document:
    """The scan's content; raises ``NeedsOcr`` (with ``reason``) when OCR is not installed."""
    try:
        tessdata()
        limits = limits or ocr_limits()
    except OcrUnavailable as error:
        raise NeedsOcr(f"{reason}; {error}") from None
    count = len(pdf)
    stop = _stop_reason(count, limits)
    rows: list[PageRow | None] = []
    for number in range(min(count, limits.max_pages)):
        if deadline is not None and time.monotonic() > deadline - _READING_MARGIN:
            stop = (f"OCR stopped at page {number + 1} of {count}: the document's time limit "
                    f"was reached")
            break
        picture = pdf[number].render(scale=DPI / 72, grayscale=True).to_pil()
        try:
            with page_deadline(limits.page_seconds):
                reading = read_page(picture)
        except PageTooSlow:
            stop = (f"OCR stopped at page {number + 1} of {count}: a page took more than "
                    f"{limits.page_seconds:g} s (XXGK_OCR_PAGE_SECONDS)")
            break
        rows.extend(_numbered(reading, number))
        rows.append(None)  # a page break
    blocks = _blocks(rows)
    if not blocks:  # nothing read: the report stays to be OCR'd, and says why
        raise NeedsOcr(f"{reason}; {stop or 'OCR found no text on its pages'}")
    meta = {"text_layer": "ocr", "ocr": f"{reason}; read by OCR (Tesseract chi_sim)"}
    if stop:
        meta["ocr_problems"] = stop
    return Document(source=source, format="pdf", blocks=blocks, explicit_cells=True, meta=meta)


def _stop_reason(count: int, limits: OcrLimits) -> str | None:
    if count > limits.max_pages:
        return (f"OCR read {limits.max_pages} of the scan's {count} pages "
                f"(XXGK_OCR_MAX_PAGES); the rest were not read")
    return None


def _numbered(reading: PageReading, page: int) -> list[PageRow]:
    """The page's rows, each table named by page and place (``page * 100 + table``)."""
    return [replace(r, table=None if r.table is None else page * 100 + r.table)
            for r in reading.rows]


def _blocks(rows: list[PageRow | None]) -> list[Block]:
    """Blocks in reading order. A page's first table continues the previous page's last
    when nothing but a running header or page number stands between them."""
    blocks: list[Block] = []
    names: dict[int, int] = {}
    last: PageRow | None = None  # the last table row, while nothing else followed it
    after_break = False
    for row in rows:
        if row is None:
            after_break = True
            continue
        if row.table is None:
            if not (after_break and last is not None and len(row.cells[0]) <= 20):
                blocks.append(Block(row.cells))
                last, after_break = None, False
            continue  # else a running header or page number over a table that runs on
        if row.table not in names:
            continues = after_break and last is not None
            names[row.table] = names[last.table] if continues else len(set(names.values()))
            if continues and _is_cut_piece(row, last):
                blocks[-1] = Block(_joined(last, row), names[row.table], True)
                last, after_break = replace(last, cells=blocks[-1].cells), False
                continue
        blocks.append(Block(row.cells, names[row.table], True))
        last, after_break = row, False
    return blocks


def _is_cut_piece(row: PageRow, above: PageRow) -> bool:
    """The rest of a row a page break cut: words only, and none in a column where the
    row above prints a number (a repeated header row has words there)."""
    if any(ch.isdigit() for cell in row.cells for ch in cell):
        return False
    numbered = [left for left, cell in zip(above.lefts, above.cells) if cell and _is_number(cell)]
    return bool(numbered) and all(not cell for left, cell in zip(row.lefts, row.cells)
                                  if any(abs(left - x) <= 8 for x in numbered))


def _is_number(cell: str) -> bool:
    return cell.replace(",", "").replace(".", "").isdigit() or cell == UNSURE


def _joined(above: PageRow, piece: PageRow) -> tuple[str, ...]:
    """The row above with the piece's words added to the cells they stand under; a piece
    of a cell merged down rows (its label's last characters) has no cell above and is
    dropped."""
    cells = list(above.cells)
    for left, text in zip(piece.lefts, piece.cells):
        at = next((i for i, x in enumerate(above.lefts) if abs(x - left) <= 8), None)
        if text and at is not None:
            cells[at] = cells[at] + text
    return tuple(cells)
