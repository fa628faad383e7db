"""Table 二: proactive disclosure, in either format, with the columns its headers name.

The 2021 and 2019 forms differ here most; each row takes the columns of the
header run printed above it, and the cell codes follow what is printed.
"""

from __future__ import annotations

from decimal import Decimal

from models import template as T
from pipelines.documents.model import Block, Document

from .grid import Anchor, assign
from .runs import settle_proactive_runs
from .stream import BLANK, TEXT, VALUE, Hit, Lexicon, Stream
from .tables import TableRead
from .text import Number, normalize, split_pieces


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
    stream = Stream(_without_padding(doc, *span), *span)
    out = TableRead()
    hits = stream.hits(_PROACTIVE_LEXICON)
    anchors, columns_of, repeats = _proactive_anchors(stream, hits)
    if not anchors:
        out.problems.append("table 二: no row of the proactive-disclosure table found")
        return out
    # A sub-table's heading (第二十条第（六）项, 信息内容) ends the rows above it: no
    # number after it belongs to a row before it. (Column labels may stand between
    # a row and its number in some conversions.)
    headings = tuple(h.token for h in hits if h.kind == "heading")
    result = assign(stream, anchors, doc.explicit_cells, barriers=headings)
    _distrust_rows_before_strays(stream, anchors, result)
    out.problems.extend(settle_proactive_runs(stream, anchors, result))
    out.notes.extend(result.notes)
    templates = {T.TEMPLATE_2021, T.TEMPLATE_2019}
    for anchor in anchors:
        values = result.values.get(anchor.code)
        if values is not None and set(repeats[anchor.code]) != {1}:
            values = _merged(values, repeats[anchor.code])
            if values is None:
                out.problems.append(f"table 二: row {anchor.code} repeats its merged cells "
                                    f"with different numbers")
        if values is None:
            continue
        for column, number in zip(columns_of[anchor.code], values):
            code = f"proactive.{anchor.code}.{column}"
            if code not in _KNOWN:
                out.notes.append(f"table 二: {code} is printed but is not a cell of either "
                                 f"format; not read")
                continue
            templates &= _KNOWN[code]
            unit = _unit_of(stream, anchor, column)
            value = _proactive_value(code, number, unit)
            if value is not None and number.unit and unit and number.unit != unit:
                out.notes.append(f"table 二: {code} printed as {number.raw!r} under a header in "
                                 f"{unit}: read in the cell's own unit, {value} 万元")
            if value is None:
                out.problems.append(f"table 二: {code} printed as {number.raw!r}, "
                                    f"which is not a value of that cell")
            else:
                out.cells[code] = value
    if result.unread:
        out.problems.append("table 二: numbers of rows " + ", ".join(result.unread)
                            + " could not be read unambiguously")
    if result.stray:
        # Rows of table 二 may be left out, so numbers beside no known label may be
        # a row whose label we did not recognise.
        out.problems.append("table 二: numbers printed beside no recognised row label: "
                            + " ".join(v.raw for v in result.stray))
    out.problems.extend(f"table 二: a row printed as {label!r} names no row of either format "
                        f"and holds no number: a row whose label and number were damaged "
                        f"cannot be read" for label in _unrecognised_rows(stream, hits))
    if len(templates) == 1 and out.cells:
        out.template = templates.pop()
    return out


def _unrecognised_rows(stream: Stream, hits: list[Hit]) -> list[str]:
    """The label text of table rows (a table's, or a line of cells with an empty one) that
    name nothing of table 二 and print no number.

    Rows may be left out of table 二, so a missing row is no gap; but a row printed
    with a label no lexicon phrase matches (``行政政处罚``) and no number may be a row
    whose number was lost: saying ``ok`` would claim every printed cell was read."""
    named = set()
    for hit in hits:
        named.update(range(hit.token, hit.end_token + 1))
    labels = []
    for block, positions in stream.by_block.items():
        tokens = [stream.tokens[k] for k in positions]
        a_row = stream.table_of(block) is not None or any(t.kind == BLANK for t in tokens)
        if not a_row or any(t.kind == VALUE for t in tokens) or any(k in named for k in positions):
            continue
        label = "".join(t.text for t in tokens if t.kind == TEXT)
        if label:
            labels.append(label)
    return labels


def _distrust_rows_before_strays(stream: Stream, anchors, result) -> None:
    """A row read from its own line, the next line holding only numbers that no row took,
    may have run on to that line: a pipe row broken in two, with a number of the first
    line duplicated or stray. Which of its numbers are its cells cannot be told, so the
    row is left unread."""
    strays = {id(n) for n in result.stray}
    stray_blocks = {t.block for t in stream.tokens if t.kind == VALUE and id(t.number) in strays}
    blocks = stream.blocks()
    following = {block: blocks[k + 1] for k, block in enumerate(blocks[:-1])}
    for anchor in anchors:
        own = stream.tokens[anchor.token].block
        after = following.get(own)
        if anchor.code not in result.regular or after not in stray_blocks \
                or stream.has_text(after) or not _read_on_own_line(stream, own, result, anchor):
            continue
        del result.values[anchor.code]
        result.regular.discard(anchor.code)
        result.unread.append(anchor.code)
        line = " ".join(stream.tokens[k].text for k in stream.by_block[after])
        result.notes.append(f"table 二 row {anchor.code}: the next line prints numbers no row "
                            f"took ({line}); the row may run on to it, so it is not read")


def _read_on_own_line(stream: Stream, block: int, result, anchor) -> bool:
    values = {id(v) for v in result.values.get(anchor.code, [])}
    on_line = {id(stream.tokens[k].number) for k in stream.by_block[block]
               if stream.tokens[k].kind == VALUE}
    return bool(values) and values <= on_line


def _without_padding(doc: Document, start: int, end: int) -> list[Block]:
    """The blocks with each table row's padding cells dropped: empty cells standing
    under an empty cell at the end of their sub-table's header row.

    Word-pasted tables print the one-column sub-tables (第二十条第（五）项 …) in the
    four columns of the first (``行政许可 | 102 | | ``); the header above says which
    cells are columns (``信息内容 | 本年处理决定数量 | | ``). Only rows exactly as long
    as their header, blank in every padding place, lose those cells.
    """
    blocks = list(doc.blocks)
    header: tuple[str, ...] | None = None
    for index in range(start, end):
        block = blocks[index]
        if block.table is None or not (doc.explicit_cells or block.explicit_cells):
            continue
        if header is not None and header[0] != block.table:
            header = None
        kinds = [kind for cell in block.cells for _, _, kind, _ in
                 _PROACTIVE_LEXICON.scan(normalize(cell))]
        if "column" in kinds:
            header = (block.table, *block.cells)
            continue
        if header is None or len(block.cells) != len(header) - 1:
            continue
        cells = header[1:]
        keep = max((k for k, cell in enumerate(cells) if cell.strip()), default=-1) + 1
        if 0 < keep < len(cells) and not any(c.strip() for c in block.cells[keep:]) \
                and any(not isinstance(p, str) for c in block.cells for p in split_pieces(c)):
            blocks[index] = Block(block.cells[:keep], table=block.table,
                                  explicit_cells=block.explicit_cells)
    return blocks


def _proactive_anchors(stream: Stream, hits: list[Hit]) -> tuple[
        list[Anchor], dict[str, tuple[str, ...]], dict[str, tuple[int, ...]]]:
    """Rows with the columns of their sub-table's header, and how many times each
    column is printed (converters repeat a merged cell in every column it spans).

    A row takes the header printed above it within its sub-table (第二十条…); a row
    printed before its header (some conversions put the header after the first
    row label) takes the header that follows it.
    """
    rows: list[tuple[str, int, list[str]]] = []
    printed: list[str] = []
    in_header = False
    pending: list[int] = []  # rows of this sub-table still waiting for a header
    for hit in hits:
        if hit.kind == "column":
            if not in_header:
                printed, in_header = [], True
            printed.append(hit.code)
            for k in pending:
                rows[k][2][:] = printed
            continue
        in_header = False
        if hit.kind == "heading":
            printed, pending = [], []
        elif hit.code not in {code for code, _, _ in rows}:
            rows.append((hit.code, hit.token, list(printed)))
            if not printed:
                pending.append(len(rows) - 1)
    anchors, columns_of, counts_of = [], {}, {}
    for code, token, header in rows:
        if not header:
            continue
        columns, counts = _columns_and_counts(header)
        if _own_line_count(stream, token) == len(columns):
            counts = (1,) * len(columns)  # this row prints each merged cell once
        columns_of[code], counts_of[code] = columns, counts
        anchors.append(Anchor(code, token, sum(counts)))
    return anchors, columns_of, counts_of


def _columns_and_counts(printed: list[str]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The columns a header names and how many times each is printed in a row."""
    columns: list[str] = []
    counts: list[int] = []
    for code in printed:
        if columns and columns[-1] == code:
            counts[-1] += 1
        elif code not in columns:
            columns.append(code)
            counts.append(1)
    return tuple(columns), tuple(counts)


def _own_line_count(stream: Stream, token: int) -> int:
    block = stream.tokens[token].block
    return sum(1 for k in stream.by_block[block] if k > token and stream.tokens[k].kind == VALUE)


def _merged(values: list[Number], counts: tuple[int, ...]) -> list[Number] | None:
    """One value per column from a row whose merged cells were printed several times."""
    out, k = [], 0
    for count in counts:
        group = values[k:k + count]
        k += count
        if len({v.raw for v in group}) != 1:
            return None
        out.append(group[0])
    return out


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


def _proactive_value(code: str, number: Number, unit: str | None) -> int | Decimal | None:
    if number.unclear:
        return None
    if code in T.AMOUNT_CODES:
        # A count's unit (``12件``) in a money cell says the figure is not an amount.
        if number.value < 0 or number.unit not in (None, "万元", "元", "亿元"):
            return None
        value = number.in_wan_yuan(unit)
        return int(value) if value == value.to_integral_value() else value.normalize()
    if number.value != number.value.to_integral_value() or number.unit in ("万元", "元", "亿元"):
        return None
    if number.value < 0 and code not in T.SIGNED_CODES:
        return None
    return int(number.value)
