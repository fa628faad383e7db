"""Numbers a word processor wrapped inside a ruled table cell, joined again.

A column too narrow for a number makes Word, WPS and LibreOffice break it inside its
cell: ``2217`` prints as ``221`` over ``7``, ``2,925`` as ``2,9`` over ``25``. Read line
by line, the first piece is a wrong number in its row and the rest stray numbers
(or, worse, a next row's). Where the table is ruled, the rules say which lines share a
cell: two pieces of digits one under the other, between the same two vertical rules,
with a horizontal rule above the first and below the second and none between them, are
one number printed in two lines, and are joined in reading order.

Without rules (a borderless table) nothing is joined: the lines of one cell and two rows
look alike there, so wrapped numbers are left to the reader's checks.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_layout import Line, turn_box

_THIN = 2.0  # points: a path object thinner than this is a rule (a line or a thin box)
_MIN_RULE = 3.0  # points: shorter marks are dots, not rules
_DIGIT_PIECE = re.compile(r"^\d[\d,]*$|^,?\d+$")
_WELL_FORMED = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
_MAX_LINES_APART = 1.8  # character heights between the centres of a cell's two lines
_BOUNDED_WITHIN = 3.0  # line pitches between a piece and the rule bounding its cell


class Rules:
    """A page's horizontal and vertical rules, as (from, to, at) in upright coordinates."""

    def __init__(self, horizontal: list[tuple[float, float, float]],
                 vertical: list[tuple[float, float, float]]):
        self.horizontal, self.vertical = horizontal, vertical

    def horizontal_at(self, x: float, low: float, high: float) -> bool:
        return any(a <= x <= b and low < y < high for a, b, y in self.horizontal)

    def vertical_between(self, y: float, left: float, right: float) -> tuple[bool, bool]:
        """Whether a vertical rule crosses height ``y`` left of ``left``, right of ``right``."""
        crossing = [x for a, b, x in self.vertical if a <= y <= b]
        return any(x < left for x in crossing), any(x > right for x in crossing)


def page_rules(page: pdfium.PdfPage, main: int, width: float, height: float) -> Rules:
    """The ruling lines drawn on the page, turned as its text was."""
    horizontal, vertical = [], []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        left, right, bottom, top, _ = turn_box((left, right, bottom, top, ""), main, width, height)
        if top - bottom < _THIN and right - left > _MIN_RULE:
            horizontal.append((left, right, (bottom + top) / 2))
        elif right - left < _THIN and top - bottom > _MIN_RULE:
            vertical.append((bottom, top, (left + right) / 2))
    return Rules(horizontal, vertical)


def join_wrapped_numbers(lines: list[Line], rules: Rules) -> list[Line]:
    """The page's lines with each number wrapped inside a ruled cell joined into its
    first line (lines left with no cell are dropped). Lines are taken from the bottom up,
    so a number broken over three lines (``11,`` ``22`` ``0``) joins whole."""
    if not rules.horizontal or not rules.vertical:
        return lines
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index]
        for cell in range(len(line.cells) - 1, -1, -1):
            found = _piece_above(lines, index, cell, rules)
            if found is None:
                continue
            above, above_cell = found
            joined = above.cells[above_cell] + line.cells[cell]
            if not _WELL_FORMED.match(joined):
                continue
            above.cells[above_cell] = joined
            above.spans[above_cell] = (min(above.spans[above_cell][0], line.spans[cell][0]),
                                       max(above.spans[above_cell][1], line.spans[cell][1]))
            del line.cells[cell], line.spans[cell]
    return [line for line in lines if line.cells]


def _middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def _piece_above(lines: list[Line], index: int, cell: int, rules: Rules):
    """The line and cell just above ``lines[index].cells[cell]`` in the same ruled cell,
    both pieces of digits, or None."""
    line = lines[index]
    if not _DIGIT_PIECE.match(line.cells[cell]):
        return None
    left, right = line.spans[cell]
    for above in reversed(lines[:index]):
        overlapping = [k for k, (a, b) in enumerate(above.spans) if a < right and b > left]
        if not overlapping:
            continue
        if len(overlapping) != 1 or not _DIGIT_PIECE.match(above.cells[overlapping[0]]):
            return None
        k = overlapping[0]
        return (above, k) if _same_cell(above, above.spans[k], line, (left, right), rules) \
            else None
    return None


def _same_cell(above: Line, above_span, below: Line, below_span, rules: Rules) -> bool:
    height = below.top - below.bottom
    pitch = _middle(above) - _middle(below)
    if not 0 < pitch < _MAX_LINES_APART * height:
        return False
    left = min(above_span[0], below_span[0])
    right = max(above_span[1], below_span[1])
    x = (left + right) / 2
    if rules.horizontal_at(x, _middle(below), _middle(above)):
        return False
    bounded = (rules.horizontal_at(x, _middle(above), _middle(above) + _BOUNDED_WITHIN * pitch)
               and rules.horizontal_at(x, _middle(below) - _BOUNDED_WITHIN * pitch, _middle(below)))
    walls = rules.vertical_between(_middle(above), left, right) + \
        rules.vertical_between(_middle(below), left, right)
    return bounded and all(walls)
