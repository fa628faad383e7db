"""PDF reports: positioned characters → lines and cells, as a careful eye reads the page.

Text is taken character by character with its box from pdfium (about fifty
times faster than pdfminer, on which pdfplumber builds), grouped into physical
lines by their vertical centres, and each line cut into cells where the gap
between two characters is wider than a table's column gutter. The reader then
reads these lines as it reads any text rendition (``explicit_cells`` false):
wrapped labels, numbers on a line of their own and vertical group labels are
its business, and it already never guesses.

What the page adds and the report does not say is dropped here: running
headers and footers repeated on several pages, and the header rows of a table
that a word processor repeats at the top of each page it runs onto (so table
三 over two or three pages reads as one table).

What cannot be read is refused with a reason (``UnreadableDocument``), what
has no usable text layer (a scan; a font without a Unicode map) raises
``NeedsOcr``: neither ever becomes numbers. Text drawn invisible over page
images (an OCR program's layer) is read, and marked ``meta["text_layer"] =
"invisible"`` so that the report says its numbers are an OCR's.
"""

from __future__ import annotations

import array
import ctypes
import math
import re
import time

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import NeedsOcr, UnreadableDocument
from .model import Block, Document, file_title
from .pdf_text import is_garbled_text, mark_unmapped

MAX_PAGES = 100  # an annual report runs 5 to 30 pages; far more is not one report
TIME_LIMIT = 20.0  # seconds per document, checked between pages
_CELL_GAP = 0.9  # a gap wider than this many character heights parts two cells
# ... and a fifth of that between two digits: digits of one number are set without a gap,
# and two numbers run together would be one wrong number.
_LINE_TOLERANCE = 0.35  # centres closer than this many heights share a line
_FURNITURE_BAND = 0.09  # the top and bottom of a page where headers and footers live
_MIN_REPEATED_HEADER = 2
_MIN_HEADER_CHARS = 6
_INVISIBLE_SHARE = 0.5  # of sampled characters: the text is an OCR layer over page images
_QUARTER = math.pi / 2
_ANGLE_TOLERANCE = 0.05  # radians
_EOF_WINDOW = 65536  # servers append junk after a PDF's end; a truncated file has no end at all
_NOT_PRINTED = frozenset((0x20, 0x0D, 0x0A, 0x09, 0xA0, 0x3000, 0xFFFE))
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


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
        for number in range(count):
            if time.monotonic() > deadline:
                raise UnreadableDocument(f"reading the PDF took more than {time_limit:g} s "
                                         f"(stopped at page {number + 1} of {count})")
            lines, page_invisible, page_sampled = _page_lines(pdf, number)
            pages.append(lines)
            invisible, sampled = invisible + page_invisible, sampled + page_sampled
        _refuse_without_text(pdf, pages)
        meta = _meta(pdf)
        if sampled and invisible / sampled >= _INVISIBLE_SHARE:
            meta["text_layer"] = "invisible"
    finally:
        pdf.close()
    blocks = _blocks(_without_repeats(pages))
    return Document(source=source, format="pdf", blocks=blocks, explicit_cells=False, meta=meta)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise UnreadableDocument("the PDF is encrypted with an opening password") from None
        raise UnreadableDocument(f"the PDF is corrupt: pdfium cannot open it ({error})") from None


class _Line:
    __slots__ = ("top", "bottom", "centre", "cells", "page_height")

    def __init__(self, top: float, bottom: float, centre: float, cells: list[str],
                 page_height: float):
        self.top, self.bottom, self.centre = top, bottom, centre
        self.cells, self.page_height = cells, page_height

    @property
    def text(self) -> str:
        return "".join(self.cells)


def _page_lines(pdf: pdfium.PdfDocument, number: int) -> tuple[list[_Line], int, int]:
    """The page's lines, and of a sample of its characters how many are invisible."""
    page = pdf[number]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars, turns = _chars(textpage)
            invisible, sampled = _invisible_sample(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    chars, frame_height = upright(chars, turns, width, height)
    return _lines(chars, frame_height), invisible, sampled


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


def _chars(textpage: pdfium.PdfTextPage) -> tuple[list[tuple], list[int]]:
    """(left, right, bottom, top, character) of every printed character, and how many
    quarter turns its text is rotated (-1 for an oblique angle).

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
    loose_box, angle_of = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharAngle
    out, turns = [], []
    for index, code in enumerate(codes):
        if code in _NOT_PRINTED:
            continue
        loose_box(raw, index, box)
        char = chr(code) if 0x20 < code < 0xD800 else mark_unmapped(code)
        found = [(box.left, box.right, box.bottom, box.top, char)] if box.top > box.bottom \
            else _ink_box(raw, index, char)
        if found:
            out.extend(found)
            angle = angle_of(raw, index)
            turns.append(0 if angle == 0 else _quarter_turns(angle))
    return out, turns


def _quarter_turns(angle: float) -> int:
    if angle < 0:  # pdfium's "no angle"
        return 0
    turns = round(angle / _QUARTER)
    return turns % 4 if abs(angle - turns * _QUARTER) < _ANGLE_TOLERANCE else -1


def upright(chars: list[tuple], turns: list[int], width: float,
            height: float) -> tuple[list[tuple], float]:
    """The characters of the page's main text direction, turned upright, and the height
    of the page so turned.

    What runs at another angle is not the report's text: a watermark across the page
    (whose digits would otherwise join table rows) or a header cell's text turned on
    its side. A page whose text is all turned (a landscape table drawn on a portrait
    page) is turned back, so its lines read as any other."""
    if not chars:
        return chars, height
    counts = [turns.count(q) for q in range(4)]
    main = counts.index(max(counts))
    kept = [c for c, q in zip(chars, turns) if q == main]
    if main == 0:
        return kept, height
    # pdfium measures angles clockwise: one quarter turn is text reading downwards
    if main == 1:
        return [(height - t, height - b, l, r, ch) for l, r, b, t, ch in kept], width
    if main == 2:
        return [(width - r, width - l, height - t, height - b, ch) for l, r, b, t, ch in kept], height
    return [(b, t, width - r, width - l, ch) for l, r, b, t, ch in kept], width


def _ink_box(raw, index: int, char: str) -> list[tuple[float, float, float, float, str]]:
    """The glyph's own box, for a font whose metrics give no loose box."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
    if top.value > bottom.value:
        return [(left.value, right.value, bottom.value, top.value, char)]
    return []


def _lines(chars: list, page_height: float) -> list[_Line]:
    """Characters grouped into physical lines, top to bottom, each cut into cells."""
    if not chars:
        return []
    heights = sorted(c[3] - c[2] for c in chars)
    tolerance = _LINE_TOLERANCE * heights[len(heights) // 2]
    by_centre = sorted(chars, key=lambda c: -(c[2] + c[3]) / 2)
    groups: list[list] = [[by_centre[0]]]
    last = (by_centre[0][2] + by_centre[0][3]) / 2
    for char in by_centre[1:]:
        centre = (char[2] + char[3]) / 2
        if last - centre > tolerance:
            groups.append([])
        groups[-1].append(char)
        last = centre
    return [_line(group, page_height) for group in groups]


def _line(chars: list, page_height: float) -> _Line:
    chars.sort(key=_left)
    heights = sorted(c[3] - c[2] for c in chars)
    cell_gap = _CELL_GAP * heights[len(heights) // 2]
    word_gap = 0.2 * heights[len(heights) // 2]
    cells: list[str] = []
    current: list[str] = []
    previous_right, previous_text = chars[0][0], ""
    for left, right, _bottom, _top, text in chars:
        gap = left - previous_right
        if gap > cell_gap or (gap > word_gap and previous_text.isdigit() and text.isdigit()):
            cells.append("".join(current))
            current = []
        elif gap > word_gap and _is_latin(previous_text) and _is_latin(text):
            current.append(" ")
        current.append(text)
        previous_right, previous_text = right, text
    cells.append("".join(current))
    return _Line(max(c[3] for c in chars), min(c[2] for c in chars),
                 (chars[0][0] + chars[-1][1]) / 2, cells, page_height)


def _left(char: tuple) -> float:
    return char[0]


def _is_latin(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _refuse_without_text(pdf: pdfium.PdfDocument, pages: list[list[_Line]]) -> None:
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


def _furniture_key(line: _Line, page: int) -> tuple | None:
    """What a running header or footer has in common from page to page, or None for
    what cannot be one (a table row: two cells with numbers).

    A bare number is a page number only where it counts the pages (its value minus
    the page's index is the same on every page) at the same place: a table's ``0``
    that happens to end two pages is not one."""
    if not _at_edge(line) or sum(1 for c in line.cells if _DIGITS.search(c)) > 1:
        return None
    text = _SPACE.sub("", line.text)
    place = round(line.centre / 20)
    if not any(ch.isalpha() for ch in text):
        numbers = _DIGITS.findall(text)
        if len(numbers) != 1 or len(numbers[0]) > 4:
            return None
        return ("page number", place, _DIGITS.sub("#", text), int(numbers[0]) - page)
    return ("words", _DIGITS.sub("#", text))


def _without_repeats(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop running headers/footers (the same words at a page's top or bottom on
    several pages, page numbers) and the header rows of a table that a word
    processor repeats at the top of each page it runs onto."""
    keys = [[_furniture_key(line, page) for line in lines] for page, lines in enumerate(pages)]
    pages_with: dict[tuple, int] = {}
    for page_keys in keys:
        for key in set(page_keys) - {None}:
            pages_with[key] = pages_with.get(key, 0) + 1
    printed: list[str] = []
    kept_pages = []
    for lines, page_keys in zip(pages, keys):
        body = [line for line, key in zip(lines, page_keys)
                if key is None or pages_with[key] < 2]
        kept = body[_repeated_header(body, printed):]
        printed.extend(_SPACE.sub("", line.text) for line in kept)
        kept_pages.append(kept)
    return kept_pages


def _repeated_header(body: list[_Line], printed: list[str]) -> int:
    """How many lines at the top of a page repeat a header already printed: the longest
    run of two or more lines without digits, six characters or more in all, that
    appears in the same order earlier in the document. (One line alone may be a
    sub-table's own header, as 信息内容 in table 二; a few characters alone may be
    pieces of a vertical group label.)"""
    top = []
    for line in body:
        text = _SPACE.sub("", line.text)
        if _DIGITS.search(text):
            break
        top.append(text)
    for length in range(len(top), _MIN_REPEATED_HEADER - 1, -1):
        run = top[:length]
        if sum(map(len, run)) >= _MIN_HEADER_CHARS and _contains_run(printed, run):
            return length
    return 0


def _contains_run(lines: list[str], run: list[str]) -> bool:
    first = run[0]
    return any(lines[i:i + len(run)] == run for i, line in enumerate(lines) if line == first)


def _at_edge(line: _Line) -> bool:
    band = _FURNITURE_BAND * line.page_height
    return line.bottom > line.page_height - band or line.top < band


def _blocks(pages: list[list[_Line]]) -> list[Block]:
    blocks = []
    for lines in pages:
        for line in lines:
            cells = tuple(c for c in line.cells if c)
            if len(cells) > 1:
                blocks.append(Block(cells, table=0))
            elif cells:
                blocks.append(Block(cells))
    return blocks
