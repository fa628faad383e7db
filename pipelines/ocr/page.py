"""One page picture → its text lines and table rows, top to bottom.

Each ruled cell is recognised on its own: first as Chinese (a label, a header); a
cell that holds no Chinese is recognised again by the digits-only recogniser, and
its number is kept only when Tesseract is sure of every word of it. A cell with ink
that is neither a sure number nor Chinese text is given as ``UNSURE``, which the
reader never reads as a value. The page's text outside the tables (title, headings,
the agency's name and the date) is read as Chinese lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from . import engine
from pipelines.reading.text import ZERO_SYMBOLS

from .labels import restored
from .timing import check_time
from .grid import Cell, Table, ink, rule_ink, straighten, tables

# A cell's text when it has ink but no reading sure enough (see ``confirm``).
UNSURE = "\u2753"
MIN_DIGIT_CONFIDENCE = 80.0  # Tesseract's word confidence under which a number is unsure
_INSET = 3  # pixels kept off a cell's rules
_RULE_SHARE = 0.6  # of a cell's edge row or column in ink: what is left of a rule
_PAD = 8  # white pixels around a cell's ink, as Tesseract likes
_MIN_INK = 6  # dark pixels under which a cell is empty (scan noise)
_ZERO_MARKS = frozenset(ZERO_SYMBOLS) - {"无", "〇", "空"}
_SHORT_LABEL = 3  # Chinese characters: a cell reading as fewer may be a misread figure
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER_TEXT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_MIN_DIGIT_HEIGHT = 20  # pixels: smaller figures are enlarged to this height


@dataclass(frozen=True)
class PageRow:
    """A line of text (one cell) or a table row, with where it stands on the page."""

    top: int
    cells: tuple[str, ...]
    table: int | None = None  # the table's number on this page
    lefts: tuple[int, ...] = ()  # where each cell starts (pixels), for a table row


@dataclass
class PageReading:
    rows: list[PageRow]
    tables: int
    unsure_cells: int
    skew: float


def read_page(picture: Image.Image) -> PageReading:
    page, angle = straighten(picture)
    found = tables(rule_ink(page))
    dark = ink(page)
    rows: list[PageRow] = []
    unsure = 0
    for number, table in enumerate(found):
        for cells in table.rows:
            texts = tuple(_cell_text(page, dark, cell) for cell in cells)
            unsure += texts.count(UNSURE)
            rows.append(PageRow(cells[0].top, texts, number, tuple(c.left for c in cells)))
    rows.extend(PageRow(top, (text,)) for top, _, text in engine.read_lines(_without(page, found)))
    rows.sort(key=lambda row: row.top)
    return PageReading(rows, len(found), unsure, angle)


def _without(page: Image.Image, found: list[Table]) -> Image.Image:
    """The page with its tables painted white: their cells are read one by one."""
    if not found:
        return page
    blank = np.asarray(page).copy()
    for table in found:
        left = min(cell.left for row in table.rows for cell in row)
        right = max(cell.right for row in table.rows for cell in row)
        blank[max(table.top - 3, 0): table.bottom + 4, max(left - 3, 0): right + 4] = 255
    return Image.fromarray(blank)


def _cell_text(page: Image.Image, dark: np.ndarray, cell: Cell) -> str:
    check_time()
    crop = _cell_picture(page, dark, cell)
    if crop is None:
        return ""
    label = engine.read_label(crop)
    if not label.text:  # Tesseract finds no line in some tight crops; a wider margin helps
        label = engine.read_label(ImageOps.expand(crop, _PAD, fill=255))
    words = _CJK.findall(label.text)
    if len(words) > _SHORT_LABEL:
        return restored(label.text)
    number = _wrapped_number(crop)
    second = label.text.replace(" ", "")
    if number is not None and (not _NUMBER_TEXT.match(second) or second == number):
        return number
    if words:
        return label.text
    if second in _ZERO_MARKS and label.confidence >= MIN_DIGIT_CONFIDENCE:
        return second  # a cell printing ``/`` or ``—`` for none
    return UNSURE


def _wrapped_number(crop: Image.Image) -> str | None:
    """The cell's number when the digits recogniser is sure of every line of it (a narrow
    column wraps ``102`` as ``10`` over ``2``; a figure the Chinese recogniser took for a
    character, ``0`` for ``口``, is read here too). The Chinese recogniser's own reading,
    where it read digits, must agree (see ``_cell_text``): two recognisers rarely
    misread a figure the same way."""
    pieces = []
    for line in _lines(crop):
        piece = _number(line)
        if piece is None:
            return None
        pieces.append(piece)
    number = "".join(pieces)
    return number if _NUMBER_TEXT.match(number) else None


def _lines(crop: Image.Image) -> list[Image.Image]:
    """The crop cut between its lines of ink (rows of white across it)."""
    inked = (np.asarray(crop) < 150).any(axis=1)
    bands, start = [], None
    for y, dark in enumerate(inked):
        if dark and start is None:
            start = y
        elif not dark and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, len(inked)))
    tallest = max((b[1] - b[0] for b in bands), default=0)
    bands = [b for b in bands if b[1] - b[0] >= tallest / 2]  # specks and noise are not lines
    if len(bands) <= 1:
        return [crop]
    return [ImageOps.expand(crop.crop((0, top, crop.width, bottom)), _PAD, fill=255)
            for top, bottom in bands]


def _number(crop: Image.Image) -> str | None:
    """The cell's number when the digits recogniser is sure of it."""
    height = crop.height - 2 * _PAD
    if height < _MIN_DIGIT_HEIGHT:
        scale = _MIN_DIGIT_HEIGHT / max(height, 1)
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)),
                           Image.LANCZOS)
    first = engine.read_digits(crop)
    if _sure(first):
        return first.text
    readings = [first] + [engine.read_digits(picture) for picture in _variants(crop)]
    texts = {r.text for r in readings if r.text}
    if len(texts) == 1 and any(_sure(r) for r in readings):
        return texts.pop()
    return None


def _sure(reading: engine.Reading) -> bool:
    return reading.confidence >= MIN_DIGIT_CONFIDENCE and bool(_NUMBER_TEXT.match(reading.text))


def _variants(crop: Image.Image) -> list[Image.Image]:
    """The crop on a wider margin and at three quarters its size: Tesseract's confidence in a figure
    (``11`` above all) swings with its size; a reading is taken from these only when
    every one of them that reads anything reads the same."""
    return [ImageOps.expand(crop, _PAD, fill=255),
            crop.resize((round(crop.width * 0.75), round(crop.height * 0.75)), Image.LANCZOS)]


def _cell_picture(page: Image.Image, dark: np.ndarray, cell: Cell) -> Image.Image | None:
    """The ink inside a cell's rules on a white margin, or None for an empty cell. What
    is left of a rule along the cell's edges (a thick or wavy scanned rule) is cut off."""
    top, bottom = cell.top + _INSET, cell.bottom - _INSET + 1
    left, right = cell.left + _INSET, cell.right - _INSET + 1
    inner = dark[top:bottom, left:right]
    if inner.size == 0:
        return None
    rows = np.nonzero(inner.mean(axis=1) < _RULE_SHARE)[0]
    columns = np.nonzero(inner.mean(axis=0) < _RULE_SHARE)[0]
    if len(rows) == 0 or len(columns) == 0:
        return None
    inner = inner[rows[0]: rows[-1] + 1, columns[0]: columns[-1] + 1]
    top, left = top + rows[0], left + columns[0]
    if inner.sum() < _MIN_INK:
        return None
    ys = np.nonzero(inner.any(axis=1))[0]
    xs = np.nonzero(inner.any(axis=0))[0]
    box = (left + xs[0], top + ys[0], left + xs[-1] + 1, top + ys[-1] + 1)
    return ImageOps.expand(page.crop(box), _PAD, fill=255)
