"""Table 四: administrative reviews and lawsuits, fifteen counts in three groups.

The form prints one header (行政复议 | 未经复议直接起诉 | 复议后起诉, each with
结果维持 … 总计) over one row of fifteen numbers. Reports also print it as
stacked blocks, as one label–number pair per line, or turned round with a row
per result; the labels between the numbers say which.
"""

from __future__ import annotations

from models import template as T
from pipelines.documents.model import Document

from .grid import block_values, split_run_together
from .runs import split_proceedings
from .stream import Hit, Lexicon, Stream
from .tables import TableRead, place
from .text import Number

_LEXICON = Lexicon(
    [(p, "group", g.code) for g in T.PROCEEDINGS for p in g.all_phrases]
    + [(p, "result", r.code) for r in T.PROCEEDING_RESULTS for p in r.all_phrases]
    + [(p, "heading", "") for p in T.PROCEEDING_HEADINGS]
)
_CELLS = T.proceeding_codes()
_COUNT = len(_CELLS)
_GROUPS = tuple(g.code for g in T.PROCEEDINGS)
_RESULTS = tuple(r.code for r in T.PROCEEDING_RESULTS)

Placed = list[tuple[int, Number]]


def read_proceedings(doc: Document, span: tuple[int, int]) -> TableRead:
    stream = Stream(doc.blocks, *span)
    out = TableRead()
    hits = stream.hits(_LEXICON)
    if not any(h.kind in ("result", "group") for h in hits):
        out.problems.append("table 四: the review and litigation table was not found")
        return out
    start = min(h.token for h in hits)
    placed = _numbers_after(stream, start, doc.explicit_cells)
    codes = _layout(hits, placed) if len(placed) == _COUNT else None
    if codes is None and len(placed) < _COUNT:
        split = _split(placed, out) or _split_by_totals(placed, out)
        if split is not None:
            placed, codes = split, _CELLS
    if codes is None and len(placed) == _COUNT:
        out.problems.append(f"table 四: its {_COUNT} numbers found, but the labels printed "
                            f"among them match no layout of the table; not read")
        return out
    if codes is None:
        out.problems.append(f"table 四: {len(placed)} numbers found where the review and "
                            f"litigation table has {_COUNT}; not read")
        return out
    rows = {stream.tokens[position].block for position, _ in placed}
    if doc.explicit_cells and len(rows) > 1 and len(_runs(hits, placed)) == 1:
        # A page's table row holds its cells: fifteen gathered from several rows with no
        # label between them are a short row and numbers from elsewhere.
        out.problems.append(f"table 四: its {_COUNT} numbers come from {len(rows)} table rows "
                            f"with no labels between them; not read")
        return out
    if codes != _CELLS:
        out.notes.append("table 四: not printed as one row under one header; each number "
                         "read by the labels printed just above it")
    place(out, "四", "proceedings", list(codes), [v for _, v in placed])
    return out


def _numbers_after(stream: Stream, start: int, explicit: bool) -> Placed:
    """The table's numbers: one block of exactly fifteen if there is one (a stray page
    number beside it is then no cell), else every number after the header. A header
    row's spare empty cells hold none; a row of empty cells alone is a row of zeros."""
    per_block = []
    for block in stream.blocks():
        if block >= stream.tokens[start].block:
            values = block_values(stream, stream.by_block[block], _COUNT, explicit)
            if values and (not stream.has_text(block) or any(not v.is_blank for _, v in values)):
                per_block.append(values)
    whole = [values for values in per_block if len(values) == _COUNT]
    if len(whole) > 1:
        whole = [values for values in whole if any(not v.is_blank for _, v in values)]
    if len(whole) == 1:
        return whole[0]
    return [pair for values in per_block for pair in values if pair[0] > start]


def _layout(hits: list[Hit], placed: Placed) -> tuple[str, ...] | None:
    """Which cell each of the fifteen numbers is, from the labels printed among them.

    One run of numbers under the header is the form's layout. Otherwise each run
    of numbers is read with the labels just above it: as many results as
    numbers (a header block: stacked tables), one group and five numbers after
    such a block of five (the table turned round: results across, a row per group),
    one result and one number (a label–number line), or one result and three numbers
    (a row per result).
    """
    runs = _runs(hits, placed)
    if len(runs) == 1:
        return _CELLS if _groups_in_order(hits, placed[0][0]) else None
    codes: list[str] = []
    group = None
    header = False  # the five results printed once across, over a row per group
    for labels, numbers in runs:
        results = [h.code for h in labels if h.kind == "result"]
        groups = [h.code for h in labels if h.kind == "group"]
        group = groups[-1] if groups else group
        if len(results) == numbers and numbers % len(_RESULTS) == 0 and groups:
            if len(groups) != numbers // len(_RESULTS) or results != list(_RESULTS) * len(groups):
                return None
            codes += [f"{g}.{r}" for g in groups for r in _RESULTS]
            header = numbers == len(_RESULTS)
        elif not results and len(groups) == 1 and numbers == len(_RESULTS) and header:
            codes += [f"{groups[0]}.{r}" for r in _RESULTS]
        elif len(results) == 1 and numbers == 1 and group:
            codes.append(f"{group}.{results[0]}")
        elif len(results) == 1 and numbers == len(_GROUPS):
            codes += [f"{g}.{results[0]}" for g in _GROUPS]
        else:
            return None
    return tuple(codes) if sorted(codes) == sorted(_CELLS) else None


def _runs(hits: list[Hit], placed: Placed) -> list[tuple[list[Hit], int]]:
    """The numbers in runs, each with the labels printed between it and the run before."""
    runs: list[tuple[list[Hit], int]] = []
    previous = -1
    for position, _ in placed:
        labels = [h for h in hits if previous < h.token < position]
        if labels or not runs:
            runs.append((labels, 0))
        runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        previous = position
    return runs


def _groups_in_order(hits: list[Hit], before: int) -> bool:
    groups = list(dict.fromkeys(h.code for h in hits if h.kind == "group" and h.token < before))
    return groups == [g for g in _GROUPS if g in groups]


def _split_by_totals(placed: Placed, out: TableRead) -> Placed | None:
    split = split_proceedings([v for _, v in placed], out)
    return None if split is None else [(placed[0][0], v) for v in split]


def _split(placed: Placed, out: TableRead) -> Placed | None:
    """Fifteen digits run together: one per cell, if each group then adds up."""
    values = [v for _, v in placed]
    split = split_run_together(values, _COUNT) if values else None
    if split is None:
        return None
    width = len(_RESULTS)
    for g in range(0, _COUNT, width):
        group = [v.value for v in split[g:g + width]]
        if sum(group[:-1]) != group[-1]:
            return None
    out.notes.append("table 四: digits printed without separators "
                     f"({' '.join(v.raw for v in values)}) read one digit per cell")
    position = placed[0][0]
    return [(position, v) for v in split]
