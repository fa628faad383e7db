"""Table 二: proactive disclosure, in either format, with the columns its headers name.

The 2021 and 2019 forms differ here most; each row takes the columns of the
header run printed above it, and the cell codes follow what is printed.
"""

from __future__ import annotations

from decimal import Decimal

from models import template as T
from pipelines.documents.model import Document

from .grid import Anchor, assign
from .stream import TEXT, VALUE, Lexicon, Stream
from .tables import TableRead
from .text import Number


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
    anchors, columns_of, repeats = _proactive_anchors(stream)
    if not anchors:
        out.problems.append("table 二: no row of the proactive-disclosure table found")
        return out
    # A sub-table's heading (第二十条第（六）项, 信息内容) ends the rows above it: no
    # number after it belongs to a row before it. (Column labels may stand between
    # a row and its number in some conversions.)
    headings = tuple(h.token for h in stream.hits(_PROACTIVE_LEXICON) if h.kind == "heading")
    result = assign(stream, anchors, doc.explicit_cells, barriers=headings)
    out.notes.extend(result.notes)
    templates = {T.TEMPLATE_2021, T.TEMPLATE_2019}
    for anchor in anchors:
        values = result.values.get(anchor.code)
        if values is not None and repeats[anchor.code] > 1:
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
            value = _proactive_value(code, number, _unit_of(stream, anchor, column))
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
    if len(templates) == 1 and out.cells:
        out.template = templates.pop()
    return out


def _proactive_anchors(stream: Stream) -> tuple[list[Anchor], dict[str, tuple[str, ...]],
                                               dict[str, int]]:
    """Rows with the columns of the header run printed above them, and how many times
    each column is printed (converters repeat a merged cell in every column it spans)."""
    anchors: list[Anchor] = []
    columns_of: dict[str, tuple[str, ...]] = {}
    repeats: dict[str, int] = {}
    printed: list[str] = []
    in_header = False
    for hit in stream.hits(_PROACTIVE_LEXICON):
        if hit.kind == "column":
            if not in_header:
                printed, in_header = [], True
            printed.append(hit.code)
        elif hit.kind == "row":
            in_header = False
            if printed and hit.code not in columns_of:
                columns, repeat = _columns_and_repeat(printed)
                columns_of[hit.code], repeats[hit.code] = columns, repeat
                anchors.append(Anchor(hit.code, hit.token, len(columns) * repeat))
        else:
            in_header = False
    return anchors, columns_of, repeats


def _columns_and_repeat(printed: list[str]) -> tuple[tuple[str, ...], int]:
    columns = tuple(dict.fromkeys(printed))
    repeat = len(printed) // len(columns)
    if repeat > 1 and printed == [c for c in columns for _ in range(repeat)]:
        return columns, repeat
    return columns, 1


def _merged(values: list[Number], repeat: int) -> list[Number] | None:
    """One value per column from a row whose merged cells were printed ``repeat`` times."""
    groups = [values[k:k + repeat] for k in range(0, len(values), repeat)]
    if any(len({v.raw for v in group}) != 1 for group in groups):
        return None
    return [group[0] for group in groups]


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
        if number.value < 0:
            return None
        value = number.in_wan_yuan(unit)
        return int(value) if value == value.to_integral_value() else value.normalize()
    if number.value != number.value.to_integral_value() or number.unit in ("万元", "元", "亿元"):
        return None
    if number.value < 0 and code not in T.SIGNED_CODES:
        return None
    return int(number.value)
