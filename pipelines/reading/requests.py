"""Table 三: requests received and how they were answered, by applicant type.

The rows are found in the form's order (the longest chain of labels that
follows it, so a stray label cannot derail the rest); whether （六）其他处理 is
one row or three decides the template.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from models import template as T
from pipelines.documents.model import Document

from .blank_total import read_blank_total_column, read_without_total_column
from .checks import run_checks
from .grid import Anchor, Assignment, assign
from .runs import settle_request_runs
from .stream import VALUE, Hit, Lexicon, Stream
from .tables import TableRead, is_count, place
from .text import Number, normalize


_REQUEST_GROUP_ENTRIES = [(p, "group", g.code) for g in T.REQUEST_GROUPS for p in g.all_phrases]
_REQUEST_HEAD_ENTRIES = (
    [(p, "column", c.code) for c in T.APPLICANTS for p in c.all_phrases]
    + [(p, "heading", h.code) for h in T.REQUEST_HEADINGS for p in h.all_phrases]
)
_SUBROWS_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")


def _request_lexicon(template: str) -> Lexicon:
    rows = [(p, "row", r.code) for r in T.REQUEST_ROWS[template] for p in r.all_phrases]
    extra = []
    if template == T.TEMPLATE_2021:
        extra = [(p, "group", "other") for p in T.OTHER_PROCESSING_PHRASES]
    return Lexicon(rows + _REQUEST_GROUP_ENTRIES + extra + _REQUEST_HEAD_ENTRIES)


_REQUEST_LEXICONS = {t: _request_lexicon(t) for t in T.REQUEST_ROWS}
_COLUMN_LEXICON = Lexicon(_REQUEST_HEAD_ENTRIES)
_LABEL_PHRASES = tuple(
    {normalize(p) for entries in (_REQUEST_GROUP_ENTRIES, _REQUEST_HEAD_ENTRIES) for p, _, _ in entries}
    | {normalize(p) for rows in T.REQUEST_ROWS.values() for r in rows for p in r.all_phrases}
    | {normalize(p) for p in T.OTHER_PROCESSING_PHRASES})


def _is_label_piece(text: str, pieces: int = 3) -> bool:
    """Whether text is part of some label of table 三 (a label broken over lines), or up
    to three such parts of two characters or more run together (a narrow group label's
    piece beside its row's: ``（六`` ``1.申请`` printed as one field)."""
    if any(text in phrase for phrase in _LABEL_PHRASES):
        return True
    return pieces > 1 and any(
        any(text[:cut] in phrase for phrase in _LABEL_PHRASES)
        and _is_label_piece(text[cut:], pieces - 1)
        for cut in range(2, len(text) - 1))


_BARE_LABELS = {normalize(p) for c in T.APPLICANTS if c.code in ("total", "other_organization")
                for p in c.all_phrases}


def read_requests(doc: Document, span: tuple[int, int]) -> TableRead:
    stream = Stream(doc.blocks, *span)
    template, anchors = _rows_as_printed(stream)
    out = TableRead(template=template)
    if not anchors:
        out.problems.append("table 三: no row of the request table found")
        return out
    columns = _column_order(stream, anchors[0].token, out)
    adds_up = _adds_up(columns)
    result = _blank_total_in_text(doc, stream, template, anchors, columns, out)
    if result is None:
        result = assign(stream, anchors, doc.explicit_cells, check_split=adds_up,
                        confirm_order=_table_arithmetic(template, columns, anchors),
                        label_piece=_is_label_piece, gaps=_gaps(template, anchors),
                        never_last=True)
        out.problems.extend(settle_request_runs(
            stream, anchors, result, columns, template,
            trusted=lambda row, values: row in result.regular or adds_up(row, values)))
    out.notes.extend(result.notes)
    totals_out = _derive_blank_totals(result.values, columns, doc.explicit_cells, out)
    for anchor in anchors:
        values = result.values.get(anchor.code)
        if values is None:
            continue
        codes = [f"requests.{anchor.code}.{column}" for column in columns]
        if anchor.code in totals_out:  # a blank total that cannot be derived stays out
            codes, values = _without_total(codes, values, columns)
        elif anchor.code not in result.regular and not adds_up(anchor.code, values):
            # Numbers gathered irregularly that do not add up are likelier misread than
            # mistyped: a lost number and a stray one can stand in each other's place.
            out.problems.append(f"table 三 row {anchor.code}: its numbers, gathered from "
                                f"lines laid out unlike its neighbours', do not add up to its "
                                f"total; not trusted")
            continue
        place(out, "三", anchor.code, codes, values)
    if result.unread:
        out.problems.append("table 三: numbers of rows " + ", ".join(result.unread)
                            + " could not be read unambiguously")
    out.problems.extend(_missing_rows(template, anchors))
    if result.stray:
        # Every row has its numbers (or is named above): what is left is page furniture.
        out.notes.append("table 三: numbers outside every row, ignored: "
                         + " ".join(v.raw for v in result.stray))
    _distrust_misaligned_columns(out, anchors)
    return out


def _blank_total_in_text(doc: Document, stream: Stream, template: str | None,
                         anchors: list[Anchor], columns: tuple[str, ...],
                         out: TableRead) -> Assignment | None:
    """Every row read, totals derived, when a text conversion of a page whose 总计 column
    is blank prints six numbers a row, or a page's table has no 总计 column at all (see
    ``blank_total``). A page's blank 总计 cells are read by ``_derive_blank_totals``."""
    if template is None or _missing_rows(template, anchors):
        return None
    if doc.explicit_cells:
        found = read_without_total_column(stream, anchors, _header_columns(stream, anchors))
    else:
        found = read_blank_total_column(stream, anchors, columns, template)
    if found is None or not found.values:
        out.problems.extend([found.undecided] if found else [])
        return None
    for row in found.values:
        out.derived[f"requests.{row}.total"] = f"row_total.{row}"
    return Assignment(found.values, [], [found.note], [], set(found.values))


def _header_columns(stream: Stream, anchors: list[Anchor]) -> set[str]:
    """The column codes the table's header names before its first row."""
    return {h.code for h in stream.hits(_COLUMN_LEXICON) if h.token < anchors[0].token}


def _table_arithmetic(template: str | None, columns: tuple[str, ...], anchors: list[Anchor]):
    """Every rule of table 三, to confirm rows read by their order alone: given all the
    rows' numbers, a note naming the rules that hold, or None unless every rule of the
    template can be applied and holds. Nothing is confirmed when a row was not found
    (order says nothing then) or without a template (（六） not found: no outcome totals)."""
    if template is None or _missing_rows(template, anchors):
        return None
    wanted = [r.name for r in T.rules(template) if r.left[0].startswith("requests.")]

    def confirm(rows: dict[str, list[Number]]) -> str | None:
        cells = {}
        for row, values in rows.items():
            if not all(is_count(v) and not v.unclear for v in values):
                return None
            cells.update((f"requests.{row}.{c}", int(v.value)) for c, v in zip(columns, values))
        checks = [c for c in run_checks(cells, template) if c.rule in wanted]
        if len(checks) != len(wanted) or not all(c.passed for c in checks):
            return None
        kinds = Counter(check.rule.split(".")[0] for check in checks)
        return ("confirmed by every rule of the table (" + ", ".join(
            f"{n} {kind}" for kind, n in kinds.items()) + ")")

    return confirm


def _derive_blank_totals(rows: dict[str, list[Number]], columns: tuple[str, ...],
                         explicit: bool, out: TableRead) -> set[str]:
    """Fill a 总计 column the page leaves blank in every row from the form's definition
    (总计 = the six applicant columns); returns the rows whose total stays out.

    A blank cell means 0 (the spec), except when the whole total column is blank:
    every row read has an empty total cell while some applicant cell is printed. Such
    a column is not printed, not zeros. Only a row whose six applicant cells are all
    read gets a total; the derived cells are named in ``notes`` and in
    ``out.derived`` (their row-total check restates the derivation and is not run).
    Only tables of explicit cells (HTML, Word) say which column is blank.
    """
    total = columns.index("total")
    if not explicit or len(rows) < 2 or not all(v[total].is_blank for v in rows.values()):
        return set()
    if all(v.is_blank for values in rows.values() for v in values):
        return set()  # an empty table: every cell 0 as the spec reads blanks
    derived, left_out = [], set()
    for row, values in rows.items():
        applicants = [v for k, v in enumerate(values) if k != total]
        if not all(is_count(v) and not v.unclear for v in applicants):
            left_out.add(row)
            continue
        values[total] = Number(Decimal(sum(v.value for v in applicants)), "")
        derived.append(row)
        out.derived[f"requests.{row}.total"] = f"row_total.{row}"
    out.notes.append("table 三: the 总计 column is blank in every row; derived as the sum of "
                     "the six applicant columns (总计 = 自然人 + 五类法人或其他组织) for rows "
                     + ", ".join(derived))
    if left_out:
        out.problems.append("table 三: 总计 not printed and not derived where an applicant cell "
                            "is unread, rows " + ", ".join(sorted(left_out)))
    return left_out


def _without_total(codes: list[str], values: list[Number], columns: tuple[str, ...]):
    total = columns.index("total")
    return ([c for k, c in enumerate(codes) if k != total],
            [v for k, v in enumerate(values) if k != total])


def _distrust_misaligned_columns(out: TableRead, anchors: list[Anchor]) -> None:
    """Row totals failing across the table say our columns are not the printed ones.

    Agencies mistype a total or two; when most rows with numbers fail to add up,
    the likelier cause is a column order we did not see, so the table is left
    unread rather than reported with wrong numbers.
    """
    failing = carrying = 0
    for anchor in anchors:
        row = [out.cells.get(f"requests.{anchor.code}.{c}") for c in _STANDARD_COLUMNS]
        if None in row or not any(row):
            continue
        carrying += 1
        failing += sum(row[:-1]) != row[-1]
    if failing >= _MISALIGNED_ROWS and failing * 2 > carrying:
        out.cells = {}
        out.problems.append(f"table 三: the total column disagrees with the applicant columns "
                            f"in {failing} of {carrying} rows with numbers; the columns may not "
                            f"be in the form's order, so the table is not read")


def _rows_as_printed(stream: Stream) -> tuple[str | None, list[Anchor]]:
    """The template whose rows the table prints, and those rows' anchors."""
    found = {t: _request_anchors(stream, t) for t in T.REQUEST_ROWS}
    if {a.code for a in found[T.TEMPLATE_2021]} & set(_SUBROWS_2021):
        return T.TEMPLATE_2021, found[T.TEMPLATE_2021]
    if "other_processing" in {a.code for a in found[T.TEMPLATE_2019]}:
        return T.TEMPLATE_2019, found[T.TEMPLATE_2019]
    return None, found[T.TEMPLATE_2021]


def _gaps(template: str | None, anchors: list[Anchor]) -> frozenset[int]:
    """The anchors after which a row of the form was not found (-1: before the first)."""
    found = {a.code: k for k, a in enumerate(anchors)}
    gaps, last = set(), -1
    for code in _expected_rows(template, placeholder=True):
        if code in found:
            last = found[code]
        else:
            gaps.add(last)
    return frozenset(gaps)


def _expected_rows(template: str | None, placeholder: bool = False) -> list[str]:
    """The rows the form prints; without a template (（六） not found) the 2021 rows
    without （六）'s, and with ``placeholder`` the unfound （六） in their place."""
    expected = [r.code for r in T.REQUEST_ROWS[template or T.TEMPLATE_2021]]
    if template:
        return expected
    if placeholder:
        return ["other_processing" if c == _SUBROWS_2021[0] else c
                for c in expected if c not in _SUBROWS_2021[1:]]
    return [c for c in expected if c not in _SUBROWS_2021]


def _missing_rows(template: str | None, anchors: list[Anchor]) -> list[str]:
    problems = []
    expected = _expected_rows(template)
    if template is None:
        problems.append("table 三: row （六）其他处理 not found")
    missing = [c for c in expected if c not in {a.code for a in anchors}]
    if missing:
        problems.append("table 三: rows not found: " + ", ".join(missing))
    return problems


_STANDARD_COLUMNS = tuple(c.code for c in T.APPLICANTS)
_MISALIGNED_ROWS = 3


def _column_order(stream: Stream, first_row: int, out: TableRead) -> tuple[str, ...]:
    """The applicant columns left to right: the form's order, unless the header says
    otherwise — one header row naming all seven in another order, or 总计 printed
    before the 申请人情况 columns (a header whose 总计 spans its rows on the left)."""
    hits = [h for h in stream.hits(_COLUMN_LEXICON) if h.token < first_row]
    per_block: dict[int, list[str]] = {}
    for hit in hits:
        per_block.setdefault(stream.tokens[hit.token].block, []).append(hit.code)
    order = _STANDARD_COLUMNS
    for labels in per_block.values():
        if "legal_persons" in labels:
            continue  # a two-level header read flat: 自然人 法人或其他组织 总计 商业企业 …
        codes = tuple(code for code in labels if code in _STANDARD_COLUMNS)
        if sorted(codes) == sorted(_STANDARD_COLUMNS) and codes != _STANDARD_COLUMNS:
            order = codes
    firsts = {}
    for hit in hits:
        firsts.setdefault(hit.code, hit.token)
    left_of_total = [firsts[k] for k in ("applicants", "natural_person") if k in firsts]
    if order == _STANDARD_COLUMNS and "total" in firsts and left_of_total and \
            firsts["total"] < min(left_of_total):
        order = ("total",) + _STANDARD_COLUMNS[:-1]
    if order != _STANDARD_COLUMNS:
        out.notes.append("table 三: columns printed in the order " + ", ".join(order))
    return order


def _adds_up(columns: tuple[str, ...]):
    """A row's own arithmetic, to vet a row read from more than one line or from digits
    run together: its 总计 must be the sum of the rest."""
    total = columns.index("total")

    def check(_code: str, values: list[Number]) -> bool:
        rest = [v.value for k, v in enumerate(values) if k != total]
        return sum(rest) == values[total].value

    return check


# A row printed with a bare label that is also a column's: （七）总计 as 总计, 3.其他 as 其他.
_BARE_ROWS = {"total": "total_processed", "other_organization": "other_other"}


def _request_anchors(stream: Stream, template: str) -> list[Anchor]:
    order = {r.code: i for i, r in enumerate(T.REQUEST_ROWS[template])}
    candidates: list[tuple[int, Hit]] = []
    for hit in stream.hits(_REQUEST_LEXICONS[template]):
        if hit.kind == "row":
            candidates.append((order[hit.code], hit))
        elif hit.kind == "column" and _is_bare_row_label(stream, hit):
            row = _BARE_ROWS.get(hit.code)
            if row in order:
                candidates.append((order[row], Hit("row", row, hit.token, hit.end_token)))
    chosen = [hit for _, hit in _increasing(candidates, stream)]
    chosen = _with_interrupted_labels(stream, template, chosen)
    return [Anchor(hit.code, hit.token, len(T.APPLICANTS), hit.end_token) for hit in chosen]


def _with_interrupted_labels(stream: Stream, template: str, chosen: list[Hit]) -> list[Hit]:
    """Rows not found whole, looked for again between the rows found around them."""
    rows = T.REQUEST_ROWS[template]
    found = {hit.code: hit for hit in chosen}
    out: list[Hit] = []
    previous_end = 0
    for k, row in enumerate(rows):
        if row.code in found:
            out.append(found[row.code])
            previous_end = found[row.code].end
            continue
        following = next((found[r.code] for r in rows[k + 1:] if r.code in found), None)
        limit = following.start if following else len(stream.label_text)
        hit = stream.find_interrupted(row.all_phrases, previous_end, limit, "row", row.code)
        if hit is not None:
            out.append(hit)
            previous_end = hit.end
    return out


def _is_bare_row_label(stream: Stream, hit: Hit) -> bool:
    """The hit is a whole label cell of a row that carries numbers."""
    token = stream.tokens[hit.token]
    if hit.token != hit.end_token or token.text not in _BARE_LABELS:
        return False
    return any(stream.tokens[k].kind == VALUE for k in stream.by_block[token.block])


def _increasing(candidates: list[tuple[int, Hit]], stream: Stream) -> list[tuple[int, Hit]]:
    """The longest run of hits whose rows follow the form's order (LIS).

    Among runs as long, the one with most hits on lines that carry numbers: a
    conversion printing each label twice (a heading line, then the row) gives two
    chains, and the row's own line is the one whose numbers are certainly its own.
    """
    n = len(candidates)
    if not n:
        return []
    weight = [int(_carries_numbers(stream, hit)) for _, hit in candidates]
    best = [(1, w) for w in weight]
    back = [-1] * n
    for i in range(n):
        for j in range(i):
            score = (best[j][0] + 1, best[j][1] + weight[i])
            if candidates[j][0] < candidates[i][0] and score > best[i]:
                best[i], back[i] = score, j
    i = max(range(n), key=lambda k: (best[k], -k))
    chain = []
    while i != -1:
        chain.append(candidates[i])
        i = back[i]
    return chain[::-1]


def _carries_numbers(stream: Stream, hit: Hit) -> bool:
    block = stream.tokens[hit.token].block
    return any(stream.tokens[k].kind == VALUE for k in stream.by_block[block])
