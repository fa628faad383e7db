"""Giving each found row label its numbers.

A row is read with certainty when one physical row holds its label followed by
exactly as many numbers as the row has columns. Rows that are not (numbers on a line
of their own, labels wrapped around them) are read from the numbers between
the certain rows around them, in order, but only when those numbers are
exactly as many as the rows need and each lies between its neighbours'
labels. Anything else is left unread and named: the reader never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .stream import BLANK, TEXT, VALUE, Stream
from .text import Number

@dataclass(frozen=True)
class Anchor:
    """A row label found in the stream: which row, where, how many numbers it takes."""

    code: str
    token: int
    width: int


@dataclass
class Assignment:
    values: dict[str, list[Number]]
    unread: list[str]
    notes: list[str]


def assign(stream: Stream, anchors: list[Anchor], explicit_cells: bool,
           check_split=None) -> Assignment:
    """Numbers for each anchor; ``check_split`` vets a row read from run-together digits."""
    by_block = tokens_by_block(stream)
    block_of = [stream.tokens[a.token].block for a in anchors]
    per_block: dict[int, int] = {}
    for b in block_of:
        per_block[b] = per_block.get(b, 0) + 1
    result = Assignment({}, [], [])
    certain: list[int] = []
    for i, anchor in enumerate(anchors):
        if per_block[block_of[i]] != 1:
            continue
        placed = block_values(stream, by_block[block_of[i]], anchor.width, explicit_cells)
        if any(position < anchor.token for position, _ in placed):
            continue  # numbers before the label on one line: a reflowed line, not a row
        values = _fit([v for _, v in placed], anchor, result, check_split)
        if values is not None:
            result.values[anchor.code] = values
            certain.append(i)
    used = {block_of[i] for i in certain}
    for run in _runs(len(anchors), certain):
        _assign_run(stream, anchors, run, block_of, used, by_block, explicit_cells, result,
                    check_split)
    return result


def _fit(values, anchor, result, check_split):
    if len(values) == anchor.width:
        return values
    if values and len(values) < anchor.width:
        split = split_run_together(values, anchor.width)
        if split is not None and (check_split is None or check_split(anchor.code, split)):
            result.notes.append(f"{anchor.code}: digits printed without separators "
                                f"({' '.join(v.raw for v in values)}) read one digit per cell")
            return split
    return None


def _runs(count: int, certain: list[int]) -> list[list[int]]:
    runs, current = [], []
    marks = set(certain)
    for i in range(count):
        if i in marks:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _assign_run(stream, anchors, run, block_of, used, by_block, explicit, result, check_split):
    first, last = run[0], run[-1]
    low = block_of[first - 1] if first > 0 else -1
    high = block_of[last + 1] if last + 1 < len(anchors) else 10 ** 9
    width = max(anchors[i].width for i in run)
    pool: list[tuple[int, Number]] = []
    for block in stream.blocks():
        if low < block < high and block not in used:
            pool.extend(block_values(stream, by_block[block], width, explicit))
    need = sum(anchors[i].width for i in run)
    if len(pool) == need and _in_place(pool, anchors, run):
        k = 0
        for i in run:
            w = anchors[i].width
            result.values[anchors[i].code] = [v for _, v in pool[k:k + w]]
            k += w
        return
    if _short_zero_rows(stream, anchors, run, block_of, by_block, explicit, pool, result):
        return
    if len(run) == 1 and pool and len(pool) < need:
        values = _fit([v for _, v in pool], anchors[first], result, check_split)
        if values is not None:
            result.values[anchors[first].code] = values
            return
    for i in run:
        result.unread.append(anchors[i].code)
    result.notes.append(
        f"rows {', '.join(anchors[i].code for i in run)}: {len(pool)} numbers found "
        f"where {need} were expected")


def _short_zero_rows(stream, anchors, run, block_of, by_block, explicit, pool, result) -> bool:
    """Rows printed one cell short, every printed cell 0, read as all zeros.

    Conversions drop an empty column from some rows. When each such row sits
    alone on its line with all its printed cells 0, every reading that keeps
    the row's own sum (总计 = the six applicant columns) makes the missing cell
    0 too; any other printed value leaves the row unread.
    """
    if explicit:
        return False
    per_row = {}
    for i in run:
        block = block_of[i]
        if sum(1 for j in run if block_of[j] == block) != 1:
            return False
        values = _numbers(stream, by_block[block], anchors[i].width, explicit)
        short = len(values) == anchors[i].width - 1 and all(
            v.value == 0 and not v.unclear for v in values)
        if len(values) != anchors[i].width and not short:
            return False
        per_row[i] = (values, short)
    if sum(len(v) for v, _ in per_row.values()) != len(pool):
        return False
    filled = []
    for i, (values, short) in per_row.items():
        if short:
            values = [Number(Decimal(0), "0")] * anchors[i].width
            filled.append(anchors[i].code)
        result.values[anchors[i].code] = values
    if filled:
        result.notes.append("rows printed one cell short with every printed cell 0, "
                            "read as all 0: " + ", ".join(filled))
    return True


def _in_place(pool, anchors, run) -> bool:
    """Each row's numbers lie between the labels of the rows before and after it."""
    k = 0
    for i in run:
        w = anchors[i].width
        positions = [p for p, _ in pool[k:k + w]]
        k += w
        low = anchors[i - 1].token if i > 0 else -1
        high = anchors[i + 1].token if i + 1 < len(anchors) else 10 ** 9
        if positions and not (low < min(positions) and max(positions) < high):
            return False
    return True


def tokens_by_block(stream: Stream) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i, token in enumerate(stream.tokens):
        out.setdefault(token.block, []).append(i)
    return out


def _numbers(stream, token_ids, width, explicit) -> list[Number]:
    return [v for _, v in block_values(stream, token_ids, width, explicit)]


def block_values(stream: Stream, token_ids: list[int], width: int,
                     explicit: bool) -> list[tuple[int, Number]]:
    """A row's numbers; empty cells count as 0 only where they are surely cells.

    In HTML every empty cell after the row's label is a cell (trailing ones
    beyond the row's width excepted). In text conversions an empty field at
    either end of the numbers may be a spanned label's shadow, so only empty
    fields between numbers count.
    """
    tokens = [(i, stream.tokens[i]) for i in token_ids]
    last_text = max((k for k, (_, t) in enumerate(tokens) if t.kind == TEXT), default=-1)
    if explicit:
        area = [(i, t) for i, t in tokens[last_text + 1:] if t.kind in (VALUE, BLANK)]
        if not any(t.kind == VALUE for _, t in area) and any(
                t.kind == VALUE for _, t in tokens[: last_text + 1]):
            area = [(i, t) for i, t in tokens if t.kind == VALUE]
        while len(area) > width and area[-1][1].kind == BLANK:
            area.pop()
        while len(area) > width and area[0][1].kind == BLANK:
            area.pop(0)
    else:
        area = [(i, t) for i, t in tokens if t.kind in (VALUE, BLANK)]
        while area and area[0][1].kind == BLANK:
            area.pop(0)
        while area and area[-1][1].kind == BLANK:
            area.pop()
        area = _drop_blanks_between_text(tokens, area)
    return [(i, t.number if t.kind == VALUE else Number(Decimal(0), ""))
            for i, t in area]


def _drop_blanks_between_text(tokens, area):
    """In text, an empty field only stands for a cell between two numbers."""
    index = {i: k for k, (i, _) in enumerate(tokens)}
    kept = []
    for i, t in area:
        if t.kind == BLANK:
            k = index[i]
            before = next((tt for _, tt in reversed(tokens[:k]) if tt.kind != BLANK), None)
            after = next((tt for _, tt in tokens[k + 1:] if tt.kind != BLANK), None)
            if not (before and after and before.kind == VALUE and after.kind == VALUE):
                continue
        kept.append((i, t))
    return kept


def split_run_together(values: list[Number], width: int) -> list[Number] | None:
    """Digits run together (``0000000``) read one digit per cell, if that is the only reading.

    Only when every digit must be a cell of its own (as many digits as cells)
    is the split certain; any other count admits several splits and is left
    unread.
    """
    if not all(v.is_plain_integer for v in values):
        return None
    digits = "".join(v.raw for v in values)
    if len(digits) != width:
        return None
    return [Number(Decimal(d), d) for d in digits]
