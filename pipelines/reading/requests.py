"""Table 三: requests received and how they were answered, by applicant type.

The rows are found in the form's order (the longest chain of labels that
follows it, so a stray label cannot derail the rest); whether （六）其他处理 is
one row or three decides the template.
"""

from __future__ import annotations

from models import template as T
from pipelines.documents.model import Document

from .grid import Anchor, assign
from .stream import VALUE, Hit, Lexicon, Stream
from .tables import TableRead, is_count
from .text import Number


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
        if not all(is_count(v) for v in values):
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


def is_count(number: Number) -> bool:
    return number.value >= 0 and number.value == number.value.to_integral_value() \
        and number.unit not in ("万元", "元", "亿元")
