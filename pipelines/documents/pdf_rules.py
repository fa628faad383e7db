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
from bisect import bisect_left, bisect_right
from collections import Counter

from .pdf_breaks import ROW_START
from .pdf_layout import Line, only_overlapping, turn_box

_THIN = 2.0  # points: a path object thinner than this is a rule (a line or a thin box)
_MIN_RULE = 3.0  # points: shorter marks are dots, not rules
_VALUE_CELL = re.compile(r"^(?:[\d,.]+|[/\\\-—–―─]+|无)$")  # a number or a zero mark
_DIGIT_PIECE = re.compile(r"^\d[\d,]*$|^,?\d+$")
_WELL_FORMED = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
_MAX_LINES_APART = 1.8  # character heights between the centres of a cell's two lines
_WALL_TOLERANCE = 1.0  # points: rules this close are one wall; a cell's text may touch it
_SLACK = 1e-6  # points: a sorted search's window is widened by this, then tested exactly


class Rules:
    """A page's horizontal and vertical rules, as (from, to, at) in upright coordinates.

    Each kind is kept sorted by where it is drawn too, so that a question about one
    place on the page looks only at the rules near it."""

    def __init__(self, horizontal: list[tuple[float, float, float]],
                 vertical: list[tuple[float, float, float]]):
        self.horizontal, self.vertical = horizontal, vertical
        self._by_height = sorted((y, a, b) for a, b, y in horizontal)
        self._heights = [y for y, _, _ in self._by_height]
        self._by_x = sorted((x, a, b) for a, b, x in vertical)
        self._xs = [x for x, _, _ in self._by_x]
        self._near_x: dict[float, list] = {}
        self._near_y: dict[float, list] = {}
        self._walls: dict[tuple[float, float], list[float] | None] = {}

    def nearest_above(self, x: float, y: float) -> float | None:
        """The height of the lowest horizontal rule over ``x`` strictly above ``y``."""
        rules = self._by_height
        for index in range(bisect_right(self._heights, y), len(rules)):
            at, a, b = rules[index]
            if a <= x <= b:
                return at
        return None

    def nearest_below(self, x: float, y: float) -> float | None:
        """The height of the highest horizontal rule over ``x`` strictly below ``y``."""
        rules = self._by_height
        for index in range(bisect_left(self._heights, y) - 1, -1, -1):
            at, a, b = rules[index]
            if a <= x <= b:
                return at
        return None

    def horizontal_at(self, x: float, low: float, high: float) -> bool:
        """Whether a horizontal rule crosses ``x`` strictly between ``low`` and ``high``."""
        rules = self._by_height
        return any(rules[index][1] <= x <= rules[index][2] for index in
                   range(bisect_right(self._heights, low), bisect_left(self._heights, high)))

    def vertical_between(self, y: float, left: float, right: float) -> tuple[bool, bool]:
        """Whether a vertical rule crosses height ``y`` left of ``left``, right of ``right``."""
        crossing = self._crossing(y)
        return any(x < left for x in crossing), any(x > right for x in crossing)

    def _crossing(self, y: float) -> list[float]:
        """The x of every vertical rule crossing height ``y``."""
        return [x for a, b, x in self.vertical if a <= y <= b]

    def shared_walls(self, top: float, bottom: float) -> list[float] | None:
        """The x of every vertical rule crossing the band from ``top`` to ``bottom``, left
        to right, or None if one of them goes into neither neighbouring row (a wall of this
        row alone, so the columns may not be the table's). Remembered per band."""
        if (top, bottom) not in self._walls:
            self._walls[top, bottom] = self._shared_walls(top, bottom)
        return self._walls[top, bottom]

    def _shared_walls(self, top: float, bottom: float) -> list[float] | None:
        crossing = sorted(x for a, b, x in self.vertical
                          if a <= bottom + _WALL_TOLERANCE and b >= top - _WALL_TOLERANCE)
        walls: list[float] = []
        for x in crossing:
            if not walls or x - walls[-1] > _WALL_TOLERANCE:
                walls.append(x)
        for x in walls:
            if not any(b > top + _WALL_TOLERANCE or a < bottom - _WALL_TOLERANCE
                       for a, b, _ in self.vertical_near(x)):
                return None
        return walls if len(walls) > 1 else None

    def walls_around(self, y: float, left: float, right: float) -> bool:
        """Whether vertical rules cross height ``y`` at or left of ``left`` and at or right
        of ``right`` (give or take the tolerance): the span is inside a table."""
        crossing = self._crossing(y)
        return any(x <= left + _WALL_TOLERANCE for x in crossing) and \
            any(x >= right - _WALL_TOLERANCE for x in crossing)

    def vertical_near(self, x: float) -> list[tuple[float, float, float]]:
        """The vertical rules within ``_WALL_TOLERANCE`` of ``x``, as (from, to, at).
        Remembered: every row of a table asks for the same walls."""
        if x not in self._near_x:
            self._near_x[x] = [(a, b, at) for at, a, b in _near(self._by_x, self._xs, x)]
        return self._near_x[x]

    def horizontal_near(self, y: float) -> list[tuple[float, float, float]]:
        """The horizontal rules within ``_WALL_TOLERANCE`` of height ``y``."""
        if y not in self._near_y:
            self._near_y[y] = [(a, b, at) for at, a, b in
                               _near(self._by_height, self._heights, y)]
        return self._near_y[y]


def _near(rules: list[tuple[float, float, float]], places: list[float], place: float):
    """The rules (sorted by ``places``) drawn within the tolerance of ``place``."""
    window = rules[bisect_left(places, place - _WALL_TOLERANCE - _SLACK):
                   bisect_right(places, place + _WALL_TOLERANCE + _SLACK)]
    return [rule for rule in window if abs(place - rule[0]) <= _WALL_TOLERANCE]


def page_rules(paths: list[tuple[float, float, float, float]], main: int, width: float,
               height: float) -> Rules:
    """The ruling lines among the page's paths (``pdf_objects``), turned as its text was."""
    horizontal, vertical = [], []
    for left, bottom, right, top in paths:
        if main:
            left, right, bottom, top, _ = turn_box((left, right, bottom, top, ""), main, width,
                                                   height)
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


def join_row_bands(lines: list[Line], rules: Rules) -> list[Line]:
    """The value cells of one ruled table row gathered onto its first line, in the order
    of the columns.

    A row whose label or one number wraps onto two lines has its other cells centred
    between them, half a line lower: read line by line, ``2,603 2,234`` then ``— — —
    1,316 6,153`` would put 2,234 in the second column when the page prints it in the
    fifth (and the row total still adds up). Cells between the same two horizontal rules
    are one row, whatever their height on the page."""
    if not rules.horizontal or not rules.vertical:
        return lines
    return _join_row_bands(lines, rules, [_band(line, rules) for line in lines])[0]


def _join_row_bands(lines: list[Line], rules: Rules,
                    bands: list) -> tuple[list[Line], list]:
    """The lines joined by their bands, and the band of each line kept."""
    moved = set()
    for index in range(len(lines) - 1, 0, -1):
        band = bands[index]
        if band is None:
            continue
        for above in range(index - 1, -1, -1):
            if bands[above] == band:
                if _move_values(lines[index], lines[above]):
                    moved.update((index, above))
                break
            if bands[above] is not None:
                break
    for index in moved:
        bands[index] = _band(lines[index], rules)
    kept = [k for k, line in enumerate(lines) if line.cells]
    return [lines[k] for k in kept], [bands[k] for k in kept]


def _band(line: Line, rules: Rules) -> tuple[float, float] | None:
    """The horizontal rules just above and below every value cell of the line, if the
    same for all (one row band), else None."""
    found = set()
    middle = _middle(line)
    for text, (left, right) in zip(line.cells, line.spans):
        if not _VALUE_CELL.match(text):
            continue
        x = (left + right) / 2
        above, below = rules.nearest_above(x, middle), rules.nearest_below(x, middle)
        if above is None or below is None:
            return None
        found.add((round(above), round(below)))
    return found.pop() if len(found) == 1 else None


def _move_values(line: Line, into: Line) -> bool:
    """The value cells of ``line`` put among those of ``into`` by their left edges, unless
    a column already has a cell there (then both stay as printed); whether they moved."""
    moving = [k for k, text in enumerate(line.cells) if _VALUE_CELL.match(text)]
    if any(a < line.spans[k][1] and b > line.spans[k][0]
           for k in moving for a, b in into.spans):
        return False
    cells = list(zip(into.spans, into.cells)) + [(line.spans[k], line.cells[k]) for k in moving]
    cells.sort(key=lambda cell: cell[0][0])
    into.spans, into.cells = [c[0] for c in cells], [c[1] for c in cells]
    for k in reversed(moving):
        del line.cells[k], line.spans[k]
    return True


def _middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def _piece_above(lines: list[Line], index: int, cell: int, rules: Rules):
    """The line and cell just above ``lines[index].cells[cell]`` in the same ruled cell,
    both pieces of digits, or None."""
    line = lines[index]
    if not _DIGIT_PIECE.match(line.cells[cell]):
        return None
    left, right = line.spans[cell]
    for position in range(index - 1, -1, -1):
        above = lines[position]
        k = only_overlapping(above.spans, left, right)
        if k is None:
            continue
        if k < 0 or not _DIGIT_PIECE.match(above.cells[k]):
            return None
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
    bounded = (rules.horizontal_at(x, _middle(above), float("inf"))
               and rules.horizontal_at(x, float("-inf"), _middle(below)))
    walls = rules.vertical_between(_middle(above), left, right) + \
        rules.vertical_between(_middle(below), left, right)
    return bounded and all(walls)


def fill_empty_cells(lines: list[Line], rules: Rules,
                     value_walls: Counter | None = None) -> list[Line]:
    """The lines of ruled table rows with one cell per value column, empty (``""``) where
    the page prints nothing there (``RuledRows`` for one page whose rows are already
    gathered; ``value_walls`` as from pages before it)."""
    if not rules.horizontal or not rules.vertical:
        return lines
    ruled = RuledRows(value_walls)
    ruled.place(lines, rules, [_band(line, rules) for line in lines])
    ruled.finish()
    return lines


class RuledRows:
    """A document's ruled table rows, one cell per column, empty where nothing is printed.

    A blank cell is a zero in many reports; read by gaps alone, a row printing ``3`` and
    ``5`` under two of seven columns is two numbers for seven cells, and the reader cannot
    place them. Where the column walls are certain the row is given cell by cell: the
    row's values sit alone on one line between two horizontal rules, every vertical rule
    crossing that band goes on into the next row or the one before (the table's grid, not
    one cell's), and every cell of the line lies between two of them, values right of the
    label, at most one in a column, each empty cell closed by the band's two rules.
    Anything else (a borderless table, a number crossing a wall, walls that do not line
    up, a row's values on two lines) is left as printed.

    Page by page (``add_page``) the rows with their label on their line are placed; which
    walls bound the value columns is learned from them (``value_walls``: how many such
    rows had each run of value-column walls). When every page is read (``finish``), the
    rows known only from those: a row whose label line holds only a group label's piece,
    rows printing only numbers (their label wrapped onto lines above and below), and rows
    printing none."""

    def __init__(self, value_walls: Counter | None = None):
        self.value_walls: Counter = Counter() if value_walls is None else value_walls
        self._pages: list[tuple] = []

    def add_page(self, lines: list[Line], rules: Rules) -> list[Line]:
        """The page's lines with each ruled row's values gathered onto one line
        (``join_row_bands``) and the rows with their label on their line placed."""
        if not rules.horizontal or not rules.vertical:
            return lines
        lines, bands = _join_row_bands(lines, rules, [_band(line, rules) for line in lines])
        self.place(lines, rules, bands)
        return lines

    def place(self, lines: list[Line], rules: Rules, bands: list) -> None:
        lines_in_band = Counter(band for band in bands if band is not None)
        rows = [(line, band, walls) for line, band in zip(lines, bands)
                if band is not None and lines_in_band[band] == 1
                for walls in [rules.shared_walls(*band)] if walls]
        labelled = []
        for line, band, walls in rows:
            if _has_label(line):
                first = _place_in_columns(line, walls, rules, band)
                if first is not None:
                    self.value_walls[tuple(walls[first:])] += 1
                    labelled.append((line, walls, first))
        self._pages.append((lines, rules, bands, rows, labelled))

    def finish(self) -> None:
        """The rows whose value columns the labelled rows of the whole document tell."""
        for lines, rules, bands, rows, labelled in self._pages:
            for line, walls, first in labelled:
                start = _most_rows(_value_column_starts(walls, self.value_walls))
                if start is not None and start > first:
                    _drop_label_columns(line, len(walls) - 1 - first, start - first)
            for line, band, walls in rows:
                if not _has_label(line):
                    starts = _value_column_starts(walls, self.value_walls)
                    # no labelled row's value columns end these walls: a table of numbers
                    # only (table 四) starts at its first column; a table whose labels are
                    # elsewhere then has more cells than its rows have columns, and is
                    # read as printed
                    _place_in_columns(line, walls, rules, band,
                                      _most_rows(starts) if starts else 0)
            labels_alone = [line for line, band in zip(lines, bands) if band is None
                            and line.cells and not any(map(_VALUE_CELL.match, line.cells))]
            if labels_alone and self.value_walls:
                page = _PageLines(lines)
                for line in labels_alone:
                    _blank_row(line, page, rules, self.value_walls)
        self._pages = []


class _PageLines:
    """A page's lines by height, to find those between two rules, and the height of its
    highest table row with numbers."""

    def __init__(self, lines: list[Line]):
        self.lines = sorted(lines, key=_middle)
        self.middles = [_middle(line) for line in self.lines]
        self.top_numbered = max((_middle(line) for line in lines if len(line.cells) > 1
                                 and any(map(_VALUE_CELL.match, line.cells))),
                                default=float("-inf"))

    def between(self, low: float, high: float) -> list[Line]:
        """The lines whose middles are strictly between ``low`` and ``high``."""
        return self.lines[bisect_right(self.middles, low):bisect_left(self.middles, high)]


def _blank_row(line: Line, page: _PageLines, rules: Rules, value_walls: Counter) -> None:
    """A row label printed with no number (every cell blank, each a zero) given its empty
    value cells, when no line between the rules above and below its end prints a number,
    those rules close every value cell, and the label ends where the value columns of
    labelled rows with numbers begin (a group label's piece or a header's line ends
    elsewhere); a label wrapped onto more lines has them on its first. Above the page's
    first row with numbers, a label may be the rest of a row a page break cut (``息`` of
    ``…已获取信`` | ``息``): there it must start a row (``3.``, ``（七）``)."""
    left, right = line.spans[-1]
    middle = _middle(line)
    if not rules.walls_around(middle, left, right):
        return  # not in a table: prose
    above = rules.nearest_above((left + right) / 2, middle)
    below = rules.nearest_below((left + right) / 2, middle)
    if above is None or below is None:
        return
    in_band = page.between(below, above)
    if any(_VALUE_CELL.match(text) or not text for other in in_band for text in other.cells):
        return  # a line of the row prints a number, or was given its empty cells already
    if not ROW_START.match(line.cells[-1]) and page.top_numbered <= above:
        return
    band = (round(above), round(below))
    walls = rules.shared_walls(*band)
    first = _most_rows(_value_column_starts(walls, value_walls)) if walls else None
    if first is None or _label_end(line, walls) != first - 1 or any(
            _middle(other) > middle and _label_end(other, walls) == first - 1
            for other in in_band):
        return
    columns = range(first, len(walls) - 1)
    if _all_closed(rules, walls, columns, band):
        line.cells = line.cells + [""] * len(columns)
        line.spans = line.spans + [_inside(walls, k) for k in columns]
        line.columns_certain = True


def _drop_label_columns(line: Line, columns: int, drop: int) -> None:
    """Of the last ``columns`` cells of ``line``, the first ``drop``, when all are empty:
    a group label's piece (``（三）`` of ``（三）不予公开``) beside a row's numbers, its row
    label on other lines, made the row's label columns seem value columns."""
    first = len(line.cells) - columns
    if all(text == "" for text in line.cells[first:first + drop]):
        del line.cells[first:first + drop], line.spans[first:first + drop]


def _label_end(line: Line, walls: list[float]) -> int | None:
    """The column the line's last cell ends in, if all its cells are inside the table."""
    columns = [_label_column(walls, left, right) for left, right in line.spans]
    return None if None in columns else columns[-1]


def _has_label(line: Line) -> bool:
    return any(not _VALUE_CELL.match(text) for text in line.cells)


def _value_column_starts(walls: list[float], value_walls: Counter) -> Counter:
    """For each index where ``walls`` end with the walls of labelled rows' value columns,
    how many rows had those value columns."""
    starts: Counter = Counter()
    for known, rows in value_walls.items():
        if len(known) <= len(walls) and all(
                abs(a - b) <= _WALL_TOLERANCE for a, b in zip(walls[-len(known):], known)):
            starts[len(walls) - len(known)] += rows
    return starts


def _most_rows(starts: Counter) -> int | None:
    """The start most rows had, if no other as many: a group label's piece beside a row's
    numbers makes that row seem to start a column early."""
    ranked = starts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _place_in_columns(line: Line, walls: list[float], rules: Rules,
                      band: tuple[float, float], first: int | None = None) -> int | None:
    """``line``'s value cells put one per column between ``walls``, empty cells between
    and after them, if every cell lies between two walls and every empty cell is closed by
    the band's rules above and below (a cell merged with the next row's may print its
    number there), else the line is unchanged. Value columns start after the label, or at
    ``first`` for a line without one (else at its first value, and it stays uncertain
    which columns come before). Returns where they start, or None if not placed."""
    is_value = [bool(_VALUE_CELL.match(text)) for text in line.cells]
    columns = []
    for (left, right), value in zip(line.spans, is_value):
        column = _column(walls, left, right) if value else _label_column(walls, left, right)
        if column is None:
            return None
        columns.append(column)
    values = [k for k, value in zip(columns, is_value) if value]
    labels = [k for k, value in zip(columns, is_value) if not value]
    certain = bool(labels) or first is not None
    if first is None:
        first = max(labels) + 1 if labels else min(values)
    if not values or min(values) < first or len(set(values)) != len(values):
        return None
    cells = [(text, span) for text, span, value in zip(line.cells, line.spans, is_value)
             if not value]
    printed = {k: (text, span) for k, text, span, value
               in zip(columns, line.cells, line.spans, is_value) if value}
    empty = [k for k in range(first, len(walls) - 1) if k not in printed]
    if not _all_closed(rules, walls, empty, band):
        return None
    for k in range(first, len(walls) - 1):
        cells.append(printed.get(k, ("", _inside(walls, k))))
    line.cells, line.spans = [c[0] for c in cells], [c[1] for c in cells]
    line.columns_certain = certain
    return first


def _label_column(walls: list[float], left: float, right: float) -> int | None:
    """The column where label text inside the table ends: a label may run over the walls
    of merged label cells (``三、本年`` and ``（一）予以公开`` read as one cell)."""
    if left < walls[0] - _WALL_TOLERANCE or right > walls[-1] + _WALL_TOLERANCE:
        return None
    return min(max(bisect_left(walls, right - _WALL_TOLERANCE) - 1, 0), len(walls) - 2)


def _column(walls: list[float], left: float, right: float) -> int | None:
    """The first column between two walls (sorted) that holds the span from ``left`` to
    ``right``, give or take the tolerance, or None."""
    start = max(bisect_left(walls, right - _WALL_TOLERANCE - _SLACK) - 1, 0)
    for k in range(start, len(walls) - 1):
        if walls[k] - _WALL_TOLERANCE > left:
            return None
        if right <= walls[k + 1] + _WALL_TOLERANCE:
            return k
    return None


def _inside(walls: list[float], column: int) -> tuple[float, float]:
    """The span of an empty cell in ``column``: between its walls, off them."""
    return walls[column] + _WALL_TOLERANCE, walls[column + 1] - _WALL_TOLERANCE


def _all_closed(rules: Rules, walls: list[float], columns, band: tuple[float, float]) -> bool:
    """Whether the band's rules close every one of ``columns`` above and below."""
    return all(_closed(rules, (walls[k] + walls[k + 1]) / 2, band) for k in columns)


def _closed(rules: Rules, x: float, band: tuple[float, float]) -> bool:
    """Whether horizontal rules cross ``x`` at both the band's top and its bottom."""
    return all(any(a <= x <= b for a, b, _ in rules.horizontal_near(edge)) for edge in band)
