"""A PDF page's characters as lines and cells, and what pages add that reports do not say.

Characters come as ``(left, right, bottom, top, text)`` in page coordinates.
They are turned upright to the page's main text direction (``upright``), grouped
into physical lines by their vertical centres and cut into cells at gaps
(``page_lines``); across pages, running headers and footers and the header rows
a word processor repeats atop each page are dropped (``without_repeats``).
"""

from __future__ import annotations

import math
import re
from operator import itemgetter

from .model import Block

_CELL_GAP = 0.9  # a gap wider than this many character heights parts two cells
# ... and a fifth of that between two digits: digits of one number are set without a gap,
# and two numbers run together would be one wrong number.
_OVERPRINT = 0.5  # the same character again within half its width is printed over itself
_LINE_TOLERANCE = 0.35  # centres closer than this many heights share a line
_FURNITURE_BAND = 0.09  # the top and bottom of a page where headers and footers live
_MIN_REPEATED_HEADER = 2
_MIN_HEADER_CHARS = 6
_QUARTER = math.pi / 2
_ANGLE_TOLERANCE = 0.05  # radians
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_LEFT, _BOTTOM, _TOP = itemgetter(0), itemgetter(2), itemgetter(3)  # of a character's box


class Line:
    """A physical line: its vertical extent, horizontal centre, cells and each cell's
    (left, right) extent. ``columns_certain``: the cells after the row's label are its
    table's columns one by one, empty ones too (``pdf_rules.fill_empty_cells``)."""
    __slots__ = ("top", "bottom", "centre", "cells", "page_height", "spans", "columns_certain")

    def __init__(self, top: float, bottom: float, centre: float, cells: list[str],
                 page_height: float, spans: list[tuple[float, float]] | None = None):
        self.top, self.bottom, self.centre = top, bottom, centre
        self.cells, self.page_height = cells, page_height
        self.spans = spans if spans is not None else [(centre, centre)] * len(cells)
        self.columns_certain = False

    @property
    def text(self) -> str:
        return "".join(self.cells)


def quarter_turns(angle: float) -> int:
    if angle < 0:  # pdfium's "no angle"
        return 0
    turns = round(angle / _QUARTER)
    return turns % 4 if abs(angle - turns * _QUARTER) < _ANGLE_TOLERANCE else -1


def upright(chars: list[tuple], turns: list[int], width: float,
            height: float) -> tuple[list[tuple], float, int]:
    """The characters of the page's main text direction, turned upright, the height
    of the page so turned, and how many quarter turns that took.

    What runs at another angle is not the report's text: a watermark across the page
    (whose digits would otherwise join table rows) or a header cell's text turned on
    its side. A page whose text is all turned (a landscape table drawn on a portrait
    page) is turned back, so its lines read as any other."""
    if not chars:
        return chars, height, 0
    counts = [turns.count(q) for q in range(4)]
    main = counts.index(max(counts))
    if main == 0:
        kept = chars if counts[0] == len(chars) else [c for c, q in zip(chars, turns) if q == 0]
    else:
        kept = [turn_box(c, main, width, height) for c, q in zip(chars, turns) if q == main]
    return kept, (width if main % 2 else height), main


def turn_box(box: tuple, main: int, width: float, height: float) -> tuple:
    """A ``(left, right, bottom, top, text)`` box turned back by ``main`` quarter turns."""
    l, r, b, t, ch = box
    # pdfium measures angles clockwise: one quarter turn is text reading downwards
    if main == 1:
        return (height - t, height - b, l, r, ch)
    if main == 2:
        return (width - r, width - l, height - t, height - b, ch)
    if main == 3:
        return (b, t, width - r, width - l, ch)
    return box


def page_lines(chars: list, page_height: float) -> list[Line]:
    """Characters grouped into physical lines, top to bottom, each cut into cells."""
    if not chars:
        return []
    heights = sorted(c[3] - c[2] for c in chars)
    tolerance = _LINE_TOLERANCE * heights[len(heights) // 2]
    by_centre = sorted(chars, key=_height_sum, reverse=True)  # top line first
    groups: list[list] = [[by_centre[0]]]
    last = (by_centre[0][2] + by_centre[0][3]) / 2
    for char in by_centre[1:]:
        centre = (char[2] + char[3]) / 2
        if last - centre > tolerance:
            groups.append([])
        groups[-1].append(char)
        last = centre
    return [_line(group, page_height) for group in groups]


def _line(chars: list, page_height: float) -> Line:
    """One physical line cut into cells. A character printed again over itself, a little
    to the side, is dropped: that is how WPS and Word fake bold for fonts without a bold
    face, and read twice ``12`` would become ``1122``."""
    chars.sort(key=_LEFT)
    heights = sorted(c[3] - c[2] for c in chars)
    cell_gap = _CELL_GAP * heights[len(heights) // 2]
    word_gap = 0.2 * heights[len(heights) // 2]
    cells: list[str] = []
    spans: list[tuple[float, float]] = []
    current: list[str] = []
    start = chars[0][0]
    previous_left, previous_right, previous_text = chars[0][0], chars[0][0], ""
    for left, right, _bottom, _top, text in chars:
        if text == previous_text and left - previous_left < _OVERPRINT * (previous_right -
                                                                            previous_left):
            continue
        gap = left - previous_right
        if gap > cell_gap or (gap > word_gap and previous_text.isdigit() and text.isdigit()):
            cells.append("".join(current))
            spans.append((start, previous_right))
            current, start = [], left
        elif gap > word_gap and _is_latin(previous_text) and _is_latin(text):
            current.append(" ")
        current.append(text)
        previous_left, previous_right, previous_text = left, right, text
    cells.append("".join(current))
    spans.append((start, previous_right))
    return Line(max(map(_TOP, chars)), min(map(_BOTTOM, chars)),
                (chars[0][0] + chars[-1][1]) / 2, cells, page_height, spans)


def _height_sum(char: tuple) -> float:
    return char[2] + char[3]


def only_overlapping(spans: list[tuple[float, float]], left: float, right: float) -> int | None:
    """The index of the one span overlapping ``left``–``right``, None if none does, -1 if
    several do."""
    found = None
    for k, (a, b) in enumerate(spans):
        if a < right and b > left:
            if found is not None:
                return -1
            found = k
    return found


def _is_latin(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _furniture_key(line: Line, page: int) -> tuple | None:
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


def without_repeats(pages: list[list[Line]]) -> list[list[Line]]:
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


def _repeated_header(body: list[Line], printed: list[str]) -> int:
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


def _at_edge(line: Line) -> bool:
    band = _FURNITURE_BAND * line.page_height
    return line.bottom > line.page_height - band or line.top < band


def blocks_of(pages: list[list[Line]]) -> list[Block]:
    """Each line as a block: a table row if it has several cells. Empty cells are kept:
    only a ruled table's column walls put them there (``pdf_rules.fill_empty_cells``)."""
    blocks = []
    for lines in pages:
        for line in lines:
            if not any(line.cells):
                continue
            cells = tuple(line.cells)
            blocks.append(Block(cells, table=0, explicit_cells=line.columns_certain)
                          if len(cells) > 1 else Block(cells))
    return blocks
