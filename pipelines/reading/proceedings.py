"""Table 四: administrative reviews and lawsuits, fifteen counts in three groups."""

from __future__ import annotations

from models import template as T
from pipelines.documents.model import Document

from .grid import block_values, split_run_together, tokens_by_block
from .stream import TEXT, Hit, Lexicon, Stream
from .tables import TableRead, is_count
from .text import Number


_PROCEEDING_LEXICON = Lexicon(
    [(p, "group", g.code) for g in T.PROCEEDINGS for p in g.all_phrases]
    + [(p, "result", r.code) for r in T.PROCEEDING_RESULTS for p in r.all_phrases]
    + [(p, "heading", "") for p in T.PROCEEDING_HEADINGS]
)
_PROCEEDING_CELLS = T.proceeding_codes()


def read_proceedings(doc: Document, span: tuple[int, int]) -> TableRead:
    stream = Stream(doc.blocks, *span)
    out = TableRead()
    hits = stream.hits(_PROCEEDING_LEXICON)
    if not any(h.kind == "result" for h in hits):
        out.problems.append("table 四: the review and litigation table was not found")
        return out
    placed = _values_after(stream, min(h.token for h in hits), len(_PROCEEDING_CELLS),
                           doc.explicit_cells)
    values = [v for _, v in placed] if placed else None
    if values is not None and len(values) < len(_PROCEEDING_CELLS):
        values = _split_proceedings(values, out)
    problem = _proceeding_order(hits)
    if values is None:
        problem = problem or ("table 四: the 15 numbers of the review and litigation table "
                              "could not be read unambiguously")
    elif not all(is_count(v) for v in values):
        problem = problem or "table 四: not all cells are counts"
    if problem:
        out.problems.append(problem)
        return out
    codes = _PROCEEDING_CELLS
    if placed and len(placed) == len(codes) and _results_label_rows(hits, placed):
        codes = _TRANSPOSED_CELLS
        out.notes.append("table 四: printed with one row per result, one column per proceeding")
    out.cells = {code: int(v.value) for code, v in zip(codes, values)}
    return out


# Table 四 printed the other way round: a row per result, a column per proceeding.
_TRANSPOSED_CELLS = tuple(f"{p.code}.{r.code}" for r in T.PROCEEDING_RESULTS for p in T.PROCEEDINGS)


def _results_label_rows(hits: list[Hit], placed: list[tuple[int, Number]]) -> bool:
    """Result labels between the numbers mean each row is one result."""
    first, last = placed[0][0], placed[-1][0]
    return sum(1 for h in hits if h.kind == "result" and first < h.token < last) >= 2


def _values_after(stream: Stream, token: int, count: int,
                  explicit: bool) -> list[tuple[int, Number]] | None:
    """Up to ``count`` numbers in the blocks after ``token``, until a text-only block follows them."""
    by_block = tokens_by_block(stream)
    start_block = stream.tokens[token].block
    values: list[tuple[int, Number]] = []
    for block in stream.blocks():
        if block < start_block:
            continue
        ids = by_block[block]
        found = block_values(stream, ids, count - len(values), explicit)
        if not found:
            if values and any(stream.tokens[i].kind == TEXT for i in ids):
                break
            continue
        values.extend(found)
        if len(values) >= count:
            break
    return values if 0 < len(values) <= count else None


def _split_proceedings(values: list[Number], out: TableRead) -> list[Number] | None:
    """Fifteen digits run together: one per cell, if each group then adds up."""
    split = split_run_together(values, len(_PROCEEDING_CELLS))
    if split is None:
        return None
    for g in range(0, len(split), len(T.PROCEEDING_RESULTS)):
        group = [v.value for v in split[g:g + len(T.PROCEEDING_RESULTS)]]
        if sum(group[:-1]) != group[-1]:
            return None
    out.notes.append("table 四: digits printed without separators "
                     f"({' '.join(v.raw for v in values)}) read one digit per cell")
    return split


def _proceeding_order(hits: list[Hit]) -> str | None:
    groups = [h.code for h in hits if h.kind == "group"]
    firsts = list(dict.fromkeys(groups))
    standard = [g.code for g in T.PROCEEDINGS if g.code in firsts]
    if firsts != standard:
        return "table 四: groups printed in an unexpected order: " + ", ".join(firsts)
    results = [h.code for h in hits if h.kind == "result"]
    standard_results = [r.code for r in T.PROCEEDING_RESULTS]
    k = 0
    for code in results:
        while standard_results[k % 5] != code and k < 5 * 16:
            k += 1
        k += 1
    if k > 5 * 16:
        return "table 四: result columns printed in an unexpected order"
    return None
