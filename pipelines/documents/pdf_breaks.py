"""Numbers a page break cut inside their cell: never read as their first piece.

A table row may break across pages, and a number wrapped inside its cell breaks with
it: ``5080`` prints ``50`` as the last line of one page and ``80`` atop the next. Read
page by page, 50 is a whole cell, and when the row's total is cut the same way
(``50`` … ``50`` over ``80`` … ``80``) the row still adds up: a wrong number under ``ok``.

LibreOffice closes each page's part of a split row with rules of its own, so the rules
cannot say whether the row goes on; what the layout says is a fragment: the first line
of the next page with digits prints them only under cells that printed digits on the
previous page's last line with digits, one under one, fewer of them (lines of label
text only may come between each and the break). Whether the pieces are one number or the next row's
numbers (its label on a line below) the page cannot tell for certain, so they are never
joined into a value: the foot's cell becomes both pieces marked as cut (``50⁞80``), and
the reader leaves that row out, naming it.
"""

from __future__ import annotations

import re

from .model import PAGE_CUT
from .pdf_layout import Line, only_overlapping

_DIGIT_PIECE = re.compile(r"^\d[\d,]*$|^,\d+$")
_ZERO_MARK = re.compile(r"^(?:[/\\\-—–―─]+|无)$")  # a value, but one that never wraps
# a row label's start (``四、`` ``（七）`` ``3.``): a line that has one begins a row of its own
ROW_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")
# lines from the break within which a split row's pieces sit: the row's label may wrap
# on past its numbers at a page's foot (``4.保护第三方合法权`` / ``益``), or start above them
# atop the next page
_NEAR_BREAK = 3


def mark_cut_across_pages(pages: list[list[Line]]) -> list[list[Line]]:
    """The pages with each number a page break cut marked in its first piece's cell
    (the next page's pieces taken off their line; a line left empty is dropped)."""
    for foot_page, head_page in zip(pages, pages[1:]):
        if not foot_page or not head_page:
            continue
        foot = _first_with_digits(reversed(foot_page[-_NEAR_BREAK:]))
        head = _first_with_digits(head_page[:_NEAR_BREAK])
        if foot is None or head is None or _starts_a_row(head_page, head):
            continue
        pairs = _continued_cells(foot, head, _label_goes_on(head_page, head))
        for foot_cell, head_cell in pairs:
            foot.cells[foot_cell] = foot.cells[foot_cell] + PAGE_CUT + head.cells[head_cell]
        for head_cell in sorted((h for _, h in pairs), reverse=True):
            del head.cells[head_cell], head.spans[head_cell]
            head.columns_certain = False
        if not any(head.cells):
            head_page.remove(head)
    return pages


def _starts_a_row(head_page: list[Line], head: Line) -> bool:
    """Whether the line atop the page is a row of its own: it prints a zero mark (``-``,
    ``/``: a cell that never wraps on) or it or a line above it starts a row label."""
    above = head_page[:head_page.index(head) + 1]
    return any(_ZERO_MARK.match(text) for text in head.cells) or any(
        ROW_START.match(text) for line in above for text in line.cells)


def _first_with_digits(lines) -> Line | None:
    """The first of ``lines`` with a digit piece, if every line passed over to reach it is
    label text left of its numbers (a row label wrapping on), not a heading or a table's
    header standing between it and the break."""
    passed = []
    for line in lines:
        digits = [span for text, span in zip(line.cells, line.spans) if _DIGIT_PIECE.match(text)]
        if digits:
            first_number = min(left for left, _ in digits)
            return line if all(right < first_number for other in passed
                               for text, (_, right) in zip(other.cells, other.spans)
                               if text) else None
        passed.append(line)
    return None


def _label_goes_on(head_page: list[Line], head: Line) -> bool:
    """Whether the line atop the page prints numbers only and the line under it is label
    text that starts no row: the last row's label going on after its numbers' pieces
    (``一、本年新收政府信息公`` … ``626 763 …`` ``开申请数量``), every number of it cut."""
    after = head_page.index(head) + 1
    if after >= len(head_page) or not all(_is_value(text) for text in head.cells if text):
        return False
    below = head_page[after]
    return not any(_is_value(text) for text in below.cells) and not any(
        ROW_START.match(text) for text in below.cells)


def _is_value(text: str) -> bool:
    return bool(_DIGIT_PIECE.match(text) or _ZERO_MARK.match(text))


def _continued_cells(foot: Line, head: Line, label_goes_on: bool) -> list[tuple[int, int]]:
    """(foot cell, head cell) for each digit piece atop the page standing under exactly one
    digit piece of the last line before it; none unless every digit piece of the head
    line does and they are fewer than the foot's values (a fragment of the row: a ``0`` or
    a ``-`` does not wrap, so a line under every value of a row is a row of its own,
    unless the last row's label goes on under it or a piece starts with a zero)."""
    pairs = []
    for k, (text, (left, right)) in enumerate(zip(head.cells, head.spans)):
        if not _DIGIT_PIECE.match(text):
            continue
        above = only_overlapping(foot.spans, left, right)
        if above is None or above < 0 or not _DIGIT_PIECE.match(foot.cells[above]):
            return []
        pairs.append((above, k))
    foot_values = sum(1 for text in foot.cells if _is_value(text))
    pieces = len(pairs) + _glued_values(foot, head)
    # a piece with a leading zero (``015``) is no number of its own: the rest of one
    continues = label_goes_on or any(re.match(r"0\d", head.cells[k]) for _, k in pairs)
    if len({j for j, _ in pairs}) != len(pairs) or (pieces >= foot_values and not continues):
        return []
    return pairs


def _glued_values(foot: Line, head: Line) -> int:
    """Numbers atop the page glued to their row's label (``行政规范性文件1`` reaching into the
    first value column): values of a row of its own, counted against a fragment."""
    return sum(1 for text, (left, right) in zip(head.cells, head.spans)
               if not _DIGIT_PIECE.match(text) and text[-1:].isdigit()
               and any(a < right and b > left and _is_value(value)
                       for value, (a, b) in zip(foot.cells, foot.spans)))
