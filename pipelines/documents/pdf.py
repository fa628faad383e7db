"""PDF reports: positioned characters → lines and cells, as a careful eye reads the page.

Text is taken character by character with its box from pdfium (about fifty
times faster than pdfminer, on which pdfplumber builds); ``pdf_layout`` groups
the characters into physical lines by their vertical centres and cuts each line
into cells where the gap between two characters is wider than a table's column
gutter. The reader then
reads these lines as it reads any text rendition (``explicit_cells`` false):
wrapped labels, numbers on a line of their own and vertical group labels are
its business, and it already never guesses.

What the page adds and the report does not say is dropped here: running
headers and footers repeated on several pages, and the header rows of a table
that a word processor repeats at the top of each page it runs onto (so table
三 over two or three pages reads as one table).

What cannot be read is refused with a reason (``UnreadableDocument``), what
has no usable text layer (a scan; a font without a Unicode map) is read by OCR
(``pipelines.ocr.scan``), or raises ``NeedsOcr`` where Tesseract is not installed. Text drawn invisible over page
images (an OCR program's layer) is read, and marked ``meta["text_layer"] =
"invisible"`` so that the report says its numbers are an OCR's.
"""

from __future__ import annotations

import array
import ctypes
import time

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import NeedsOcr, UnreadableDocument
from .model import Document, file_title
from .pdf_breaks import mark_cut_across_pages
from .pdf_layout import Line, blocks_of, page_lines, quarter_turns, upright, without_repeats
from .pdf_objects import page_objects, untyped
from .pdf_rules import RuledRows, join_wrapped_numbers, page_rules
from .pdf_text import is_garbled_text, mark_unmapped

MAX_PAGES = 100  # an annual report runs 5 to 30 pages; far more is not one report
TIME_LIMIT = 20.0  # seconds per document, checked between pages
_INVISIBLE_SHARE = 0.5  # of sampled characters: the text is an OCR layer over page images
_EOF_WINDOW = 65536  # servers append junk after a PDF's end; a truncated file has no end at all
_NOT_PRINTED = frozenset((0x20, 0x0D, 0x0A, 0x09, 0xA0, 0x3000, 0xFFFE))
_LOOSE_BOX = untyped(pdfium_c.FPDFText_GetLooseCharBox)  # called once a character


def parse_pdf(data: bytes, source: str, time_limit: float = TIME_LIMIT,
              max_pages: int = MAX_PAGES) -> Document:
    """Lines and cells of a PDF in reading order; raises ``UnreadableDocument``
    (encrypted, corrupt, truncated, too long, too slow) or ``NeedsOcr``."""
    deadline = time.monotonic() + time_limit
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise UnreadableDocument("the PDF is truncated: it has no end-of-file marker")
    pdf = _open(data)
    try:
        count = len(pdf)
        if count > max_pages:
            raise UnreadableDocument(f"the PDF has {count} pages (limit {max_pages}): "
                                     f"not a single annual report")
        pages, invisible, sampled = [], 0, 0
        ruled = RuledRows()
        for number in range(count):
            if time.monotonic() > deadline:
                raise UnreadableDocument(f"reading the PDF took more than {time_limit:g} s "
                                         f"(stopped at page {number + 1} of {count})")
            lines, page_invisible, page_sampled = _page_lines(pdf, number, ruled)
            pages.append(lines)
            invisible, sampled = invisible + page_invisible, sampled + page_sampled
        ruled.finish()
        try:
            _refuse_without_text(pdf, pages)
        except NeedsOcr as reason:  # OCR reads it, or raises NeedsOcr when not installed
            from pipelines.ocr.scan import read_scan
            return read_scan(pdf, source, str(reason), deadline)
        meta = _meta(pdf)
        if sampled and invisible / sampled >= _INVISIBLE_SHARE:
            meta["text_layer"] = "invisible"
    finally:
        pdf.close()
    blocks = blocks_of(mark_cut_across_pages(without_repeats(pages)))
    return Document(source=source, format="pdf", blocks=blocks, explicit_cells=False, meta=meta)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise UnreadableDocument("the PDF is encrypted with an opening password") from None
        raise UnreadableDocument(f"the PDF is corrupt: pdfium cannot open it ({error})") from None


def _page_lines(pdf: pdfium.PdfDocument, number: int,
                ruled: RuledRows) -> tuple[list[Line], int, int]:
    """The page's lines, and of a sample of its characters how many are invisible; its
    ruled rows are added to ``ruled``, to be finished when every page is read."""
    page = pdf[number]
    try:
        width, height = page.get_size()
        objects = page_objects(page)
        textpage = page.get_textpage()
        try:
            chars, turns = _chars(textpage, angles=not objects.upright_text)
            invisible, sampled = _invisible_sample(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    chars, frame_height, main = upright(chars, turns, width, height)
    rules = page_rules(objects.paths, main, width, height)
    lines = join_wrapped_numbers(page_lines(chars, frame_height), rules)
    return ruled.add_page(lines, rules), invisible, sampled


def _invisible_sample(textpage: pdfium.PdfTextPage) -> tuple[int, int]:
    """Of up to 40 characters spread over the page, how many are drawn invisible (text
    render mode 3 or 7: the text layer an OCR program lays over a scanned page)."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    invisible = sampled = 0
    for index in range(0, max(count, 0), max(1, count // 40)):
        obj = pdfium_c.FPDFText_GetTextObject(raw, index)
        if not obj:
            continue
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
        sampled += 1
        invisible += mode in (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE,
                              pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
    return invisible, sampled


def _chars(textpage: pdfium.PdfTextPage, angles: bool = True) -> tuple[list[tuple], list[int]]:
    """(left, right, bottom, top, character) of every printed character, and how many
    quarter turns its text is rotated (-1 for an oblique angle; all 0 unless ``angles``).

    The page's text is fetched in one call (the spaces and line breaks pdfium adds
    are dropped with the printed spaces); each character's loose box (the font's
    advance width and line height, not the glyph's ink) keeps punctuation on its
    line and measures gaps between characters as set."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return [], []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    codes = array.array("H", buffer.raw[: count * 2])
    box = pdfium_c.FS_RECTF()
    box_pointer = ctypes.byref(box)
    box_values = memoryview(box).cast("B").cast("f").tolist  # left, top, right, bottom
    loose_box, angle_of = _LOOSE_BOX, pdfium_c.FPDFText_GetCharAngle
    out, turns = [], []
    for index, code in enumerate(codes):
        if code in _NOT_PRINTED:
            continue
        loose_box(raw, index, box_pointer)
        left, top, right, bottom = box_values()
        char = chr(code) if 0x20 < code < 0xD800 else mark_unmapped(code)
        if top > bottom:
            out.append((left, right, bottom, top, char))
        else:
            found = _ink_box(raw, index, char)
            if not found:
                continue
            out.append(found)
        turns.append(quarter_turns(angle_of(raw, index)) if angles else 0)
    return out, turns


def _ink_box(raw, index: int, char: str) -> tuple[float, float, float, float, str] | None:
    """The glyph's own box, for a font whose metrics give no loose box."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
    if top.value > bottom.value:
        return (left.value, right.value, bottom.value, top.value, char)
    return None


def _refuse_without_text(pdf: pdfium.PdfDocument, pages: list[list[Line]]) -> None:
    text = "".join(line.text for lines in pages for line in lines)
    if len(text) < 20:
        if _has_images(pdf):
            raise NeedsOcr(f"the PDF has no text layer: its {len(pdf)} page(s) are images "
                           f"(a scan)")
        raise UnreadableDocument("the PDF has no text")
    garbled = is_garbled_text(text)
    if garbled:
        raise NeedsOcr(f"the PDF's text layer is unusable: {garbled}")


def _has_images(pdf: pdfium.PdfDocument) -> bool:
    for number in range(min(len(pdf), 5)):
        page = pdf[number]
        try:
            if any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE],
                                                  max_depth=2)):
                return True
        finally:
            page.close()
    return False


def _meta(pdf: pdfium.PdfDocument) -> dict[str, str]:
    return file_title(pdf.get_metadata_value("Title") or "")


