"""Reading the three tables: 二 主动公开, 三 依申请公开, 四 复议诉讼.

Each reader finds the template's labels in its section's stream, turns them
into anchors and lets ``grid.assign`` give them their numbers. What a reader
cannot read it names in ``problems``; it never fills a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from models import template as T
from pipelines.documents.model import Document

from .grid import Anchor, assign, block_values, split_run_together, tokens_by_block
from .stream import TEXT, VALUE, Hit, Lexicon, Stream
from .text import Number, normalize


@dataclass
class TableRead:
    cells: dict[str, int | Decimal] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    template: str | None = None


# ------------------------------------------------------------------ 三

_REQUEST_GROUP_ENTRIES = [(p, "group", g.code) for g in T.REQUEST_GROUPS for p in g.all_phrases]
_REQUEST_HEAD_ENTRIES = (
    [(p, "column", c.code) for c in T.APPLICANTS for p in c.all_phrases]
    + [(p, "heading", "") for p in T.REQUEST_HEADINGS]
)
_SUBROWS_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")


def _request_lexicon(template: str) -> Lexicon:
    rows = [(p, "row", r.code) for r in T.REQUEST_ROWS[template] for p in r.all_phrases]
    extra = []
    if template == T.TEMPLATE_2021:
        extra = [(p, "group", "other") for p in T.OTHER_PROCESSING_PHRASES]
    return Lexicon(rows + _REQUEST_GROUP_ENTRIES + extra + _REQUEST_HEAD_ENTRIES)


_REQUEST_LEXICONS = {t: _request_lexicon(t) for t in T.REQUEST_ROWS}


def read_requests(doc: Document, span: tuple[int, int]) -> TableRead:
    stream = Stream(doc.blocks, *span)
    found = {t: _request_anchors(stream, t) for t in T.REQUEST_ROWS}
    codes_2021 = {a.code for a in found[T.TEMPLATE_2021]}
    codes_2019 = {a.code for a in found[T.TEMPLATE_2019]}
    if codes_2021 & set(_SUBROWS_2021):
        template = T.TEMPLATE_2021
    elif "other_processing" in codes_2019:
        template = T.TEMPLATE_2019
    else:
        template = None
    anchors = found[template or T.TEMPLATE_2021]
    out = TableRead(template=template)
    if not anchors:
        out.problems.append("table 三: no row of the request table found")
        return out

    def row_adds_up(_code: str, values: list[Number]) -> bool:
        return sum(v.value for v in values[:-1]) == values[-1].value

    result = assign(stream, anchors, doc.explicit_cells, check_split=row_adds_up)
    out.notes.extend(result.notes)
    for anchor in anchors:
        values = result.values.get(anchor.code)
        if values is None:
            continue
        if not all(_is_count(v) for v in values):
            out.problems.append(f"table 三 row {anchor.code}: not all cells are counts "
                                f"({' '.join(v.raw for v in values)})")
            continue
        for column, number in zip(T.APPLICANTS, values):
            out.cells[f"requests.{anchor.code}.{column.code}"] = int(number.value)
    if result.unread:
        out.problems.append("table 三: numbers of rows " + ", ".join(result.unread)
                            + " could not be read unambiguously")
    expected = [r.code for r in T.REQUEST_ROWS[template or T.TEMPLATE_2021]]
    if template is None:
        expected = [c for c in expected if c not in _SUBROWS_2021]
        out.problems.append("table 三: row （六）其他处理 not found")
    missing = [c for c in expected if c not in {a.code for a in anchors}]
    if missing:
        out.problems.append("table 三: rows not found: " + ", ".join(missing))
    return out


def _request_anchors(stream: Stream, template: str) -> list[Anchor]:
    order = {r.code: i for i, r in enumerate(T.REQUEST_ROWS[template])}
    candidates: list[tuple[int, Hit]] = []
    for hit in stream.hits(_REQUEST_LEXICONS[template]):
        if hit.kind == "row":
            candidates.append((order[hit.code], hit))
        elif hit.kind == "column" and _block_has_values(stream, hit.token):
            bare_row = {"total": "total_processed", "other_organization": "other_other"}.get(hit.code)
            if bare_row in order:
                candidates.append((order[bare_row], Hit("row", bare_row, hit.token, hit.end_token)))
    chosen = _increasing(candidates)
    return [Anchor(hit.code, hit.token, len(T.APPLICANTS)) for _, hit in chosen]


def _increasing(candidates: list[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
    """The longest run of hits whose rows follow the form's order (LIS)."""
    n = len(candidates)
    if not n:
        return []
    best = [1] * n
    back = [-1] * n
    for i in range(n):
        for j in range(i):
            if candidates[j][0] < candidates[i][0] and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    i = max(range(n), key=lambda k: (best[k], -k))
    chain = []
    while i != -1:
        chain.append(candidates[i])
        i = back[i]
    return chain[::-1]


def _block_has_values(stream: Stream, token: int) -> bool:
    block = stream.tokens[token].block
    return any(t.kind == VALUE and t.block == block for t in stream.tokens)


def _is_count(number: Number) -> bool:
    return number.value >= 0 and number.value == number.value.to_integral_value() \
        and number.unit not in ("万元", "元", "亿元")


# ------------------------------------------------------------------ 四

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
    elif not all(_is_count(v) for v in values):
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


# ------------------------------------------------------------------ 二

_PROACTIVE_LEXICON = Lexicon(
    [(p, "row", r.code) for r in T.PROACTIVE_ROWS for p in r.all_phrases]
    + [(p, "column", c.code) for c in T.PROACTIVE_COLUMNS for p in c.all_phrases]
    + [(p, "heading", "") for p in T.PROACTIVE_HEADINGS]
)
_COLUMNS = {c.code: c for c in T.PROACTIVE_COLUMNS}
_KNOWN: dict[str, set[str]] = {}
for _template, _cells in T.PROACTIVE_CELLS.items():
    for _cell in _cells:
        _KNOWN.setdefault(f"proactive.{_cell}", set()).add(_template)


def read_proactive(doc: Document, span: tuple[int, int]) -> TableRead:
    stream = Stream(doc.blocks, *span)
    out = TableRead()
    anchors, columns_of = _proactive_anchors(stream)
    if not anchors:
        out.problems.append("table 二: no row of the proactive-disclosure table found")
        return out
    result = assign(stream, anchors, doc.explicit_cells)
    out.notes.extend(result.notes)
    templates = {T.TEMPLATE_2021, T.TEMPLATE_2019}
    for anchor in anchors:
        values = result.values.get(anchor.code)
        if values is None:
            continue
        for column, number in zip(columns_of[anchor.code], values):
            code = f"proactive.{anchor.code}.{column}"
            if code not in _KNOWN:
                out.notes.append(f"table 二: {code} is printed but is not a cell of either "
                                 f"format; not read")
                continue
            templates &= _KNOWN[code]
            out.cells[code] = _proactive_value(code, number, _unit_of(stream, anchor, column))
    if result.unread:
        out.problems.append("table 二: numbers of rows " + ", ".join(result.unread)
                            + " could not be read unambiguously")
    if len(templates) == 1 and out.cells:
        out.template = templates.pop()
    return out


def _proactive_anchors(stream: Stream) -> tuple[list[Anchor], dict[str, tuple[str, ...]]]:
    """Rows with the columns of the header run printed above them."""
    anchors: list[Anchor] = []
    columns_of: dict[str, tuple[str, ...]] = {}
    header: list[str] = []
    in_header = False
    for hit in stream.hits(_PROACTIVE_LEXICON):
        if hit.kind == "column":
            if not in_header:
                header, in_header = [], True
            if hit.code not in header:
                header.append(hit.code)
        elif hit.kind == "row":
            in_header = False
            if header and hit.code not in columns_of:
                columns_of[hit.code] = tuple(header)
                anchors.append(Anchor(hit.code, hit.token, len(header)))
        else:
            in_header = False
    return anchors, columns_of


def _unit_of(stream: Stream, anchor: Anchor, column: str) -> str | None:
    """The unit a money column's header states (单位：元 / 万元), if any."""
    unit = _COLUMNS[column].unit
    if unit is None:
        return None
    for token in reversed(stream.tokens[: anchor.token]):
        if token.kind == VALUE:
            break
        if token.kind == TEXT and "元" in token.text:
            text = token.text
            if "万元" in text:
                return "万元"
            if "亿元" in text:
                return "亿元"
            return "元"
    return unit


def _proactive_value(code: str, number: Number, unit: str | None) -> int | Decimal:
    if code in T.AMOUNT_CODES:
        value = number.in_wan_yuan(unit)
        return int(value) if value == value.to_integral_value() else value.normalize()
    return int(number.value) if number.value == number.value.to_integral_value() else number.value
