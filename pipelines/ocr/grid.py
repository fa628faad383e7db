"""A page picture's table rules → its cells, as a ruler and a careful eye find them.

A scanned report's tables are ruled; the rules say where each cell is more surely
than any recognition of the text could. Here a picture (greyscale, upright within a
few degrees) is straightened by the angle that makes its dark pixels fall into the
sharpest rows, its long horizontal and vertical strokes are taken as rules, and
each table is cut into rows (between two horizontal rules) and cells (between two
vertical rules crossing that row). As the DOCX and HTML adapters give cells, a cell
merged across columns comes once, and one merged down rows comes only in its first
row, its box reaching down over the rows it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

_DARK = 150  # grey level under which a pixel is ink
# A thin rule, anti-aliased over two pixel rows and blurred by JPEG, is light grey: a pixel
# this much darker than the paper (the page's median grey) may belong to one.
_RULE_CONTRAST = 22
_MAX_SKEW = 3.0  # degrees a scanner may turn a page
_SKEW_STEP = 0.1


@dataclass(frozen=True)
class Cell:
    """A cell's box in the straightened picture: left, top, right, bottom (pixels)."""

    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True)
class Table:
    """A ruled table: its rows of cells, top to bottom, and its outer box."""

    rows: tuple[tuple[Cell, ...], ...]
    top: int
    bottom: int


def ink(image: Image.Image, level: int = _DARK) -> np.ndarray:
    return np.asarray(image.convert("L")) < level


def rule_ink(image: Image.Image) -> np.ndarray:
    """Pixels dark enough to belong to a rule (lighter than text ink: see ``_RULE_CONTRAST``)."""
    grey = np.asarray(image.convert("L"))
    return grey < int(np.median(grey[::4, ::4])) - _RULE_CONTRAST


def straighten(image: Image.Image) -> tuple[Image.Image, float]:
    """The picture turned upright, and the angle (degrees) it was turned by."""
    angle = skew_angle(rule_ink(image))
    if abs(angle) < _SKEW_STEP / 2:
        return image.convert("L"), 0.0
    turned = image.convert("L").rotate(-angle, resample=Image.BILINEAR, expand=False,
                                       fillcolor=255)
    return turned, angle


def skew_angle(dark: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive as Pillow turns) whose sheared row
    profile is sharpest: text lines and rules then fall into few rows."""
    ys, xs = np.nonzero(dark[::2, ::2])
    if len(ys) < 100:
        return 0.0
    best, best_score = 0.0, -1.0
    for angle in np.arange(-_MAX_SKEW, _MAX_SKEW + _SKEW_STEP / 2, _SKEW_STEP):
        shifted = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
        shifted -= shifted.min()
        score = float(np.square(np.bincount(shifted)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return best


def tables(dark: np.ndarray) -> list[Table]:
    """Every ruled table of a straightened page's ink, top to bottom."""
    height, width = dark.shape
    horizontal = _runs(dark, max(40, width // 25), axis=1)
    vertical = _runs(dark, max(15, height // 120), axis=0)
    lines = _rule_positions(horizontal.sum(axis=1), min_length=width // 8)
    out = []
    for group in _tables_of(lines, vertical):
        table = _cut(group, horizontal, vertical)
        if table is not None:
            out.append(table)
    return out


def _runs(dark: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels lying on a straight run of ink at least ``length`` long along ``axis``; a
    one-pixel gap (JPEG noise, a faint scan) does not break a run."""
    filled = np.moveaxis(dark, axis, 0).copy()
    filled[1:-1] |= filled[:-2] & filled[2:]
    count = filled.shape[0]
    if count < length:
        return np.zeros(dark.shape, bool)
    zero = np.zeros((1,) + filled.shape[1:], np.int32)
    total = np.concatenate([zero, filled.astype(np.int32).cumsum(axis=0)])
    full = (total[length:] - total[:-length]) == length  # the window [i, i + length) is ink
    starts = np.concatenate([zero, full.astype(np.int32).cumsum(axis=0)])
    index = np.arange(count)
    last = np.minimum(index, count - length)  # windows starting in [i - length + 1, i]
    first = np.maximum(index - length + 1, 0)
    covered = np.where((last >= first)[:, None] if filled.ndim == 2 else last >= first,
                       (starts[last + 1] - starts[first]) > 0, False)
    return np.moveaxis(covered, 0, axis)


def _rule_positions(profile: np.ndarray, min_length: int) -> list[int]:
    """The centres of runs of neighbouring rows (or columns) holding a rule."""
    rows = np.nonzero(profile >= min_length)[0]
    out: list[int] = []
    start = previous = None
    for row in rows:
        if previous is not None and row - previous > 2:
            out.append((start + previous) // 2)
            start = row
        elif start is None:
            start = row
        previous = row
    if start is not None:
        out.append((start + previous) // 2)
    return out


def _tables_of(lines: list[int], vertical: np.ndarray) -> list[list[int]]:
    """Horizontal rules grouped into tables: two neighbouring rules belong to one table
    when at least two vertical rules join them."""
    groups: list[list[int]] = []
    for top, bottom in zip(lines, lines[1:]):
        joined = _verticals_between(vertical, top, bottom)
        if len(joined) >= 2:
            if groups and groups[-1][-1] == top:
                groups[-1].append(bottom)
            else:
                groups.append([top, bottom])
    return groups


def _verticals_between(vertical: np.ndarray, top: int, bottom: int) -> list[int]:
    """The x of each vertical rule that runs (nearly) all the way from ``top`` to ``bottom``."""
    band = vertical[top + 2: bottom - 1]
    if band.shape[0] < 3:
        return []
    cover = band.mean(axis=0)
    near = np.maximum.reduce([cover, np.roll(cover, 1), np.roll(cover, -1)])
    return _rule_positions(near, min_length=0.85)


def _cut(lines: list[int], horizontal: np.ndarray, vertical: np.ndarray) -> Table | None:
    rows: list[list[Cell]] = []
    open_cells: list[tuple[int, int]] = []  # (row, position) of cells ending at this rule
    for top, bottom in zip(lines, lines[1:]):
        walls = _verticals_between(vertical, top, bottom)
        row: list[Cell] = []
        still_open: list[tuple[int, int]] = []
        for left, right in zip(walls, walls[1:]):
            if right - left < 6:
                continue
            above = next(((r, p) for r, p in open_cells
                          if _same(rows[r][p].left, left) and _same(rows[r][p].right, right)),
                         None)
            if above is not None and not _rule_across(horizontal, top, left, right):
                cell = rows[above[0]][above[1]]
                rows[above[0]][above[1]] = Cell(cell.left, cell.top, cell.right, bottom)
                still_open.append(above)
                continue
            row.append(Cell(left, top, right, bottom))
            still_open.append((len(rows), len(row) - 1))
        rows.append(row)
        open_cells = still_open
    kept = tuple(tuple(r) for r in rows if r)
    if len(kept) < 2:
        return None
    return Table(kept, lines[0], lines[-1])


def _same(a: int, b: int) -> bool:
    return abs(a - b) <= 4


def _rule_across(horizontal: np.ndarray, y: int, left: int, right: int) -> bool:
    """Whether a horizontal rule at ``y`` runs under most of [left, right]."""
    band = horizontal[max(y - 3, 0): y + 4, left + 3: right - 2]
    return band.size > 0 and band.any(axis=0).mean() > 0.6
