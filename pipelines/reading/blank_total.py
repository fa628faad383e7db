"""Table 三 in text whose 总计 column the page printed blank.

A portal page that leaves the 总计 column empty in every row, saved as text (cells
apart by tabs, or one cell a line), prints six numbers a row where the form has
seven, and text does not say which cell is the empty one. Two readings fit such a
table:

* the 总计 column is blank: the six numbers are the six applicant columns, and the
  form's definition (总计 = 自然人 + 五类法人或其他组织) gives each row's total;
* 总计 is printed and some applicant column is not: the last number of each row
  is its total, so it can never be less than the five numbers before it.

Column balances and outcome totals hold or fail the same under both (each column
keeps its numbers whichever name it gets), so only the row totals tell them apart.
The first reading is taken only when the second is refuted by most rows carrying
numbers, at least three: in a row whose last number is smaller than the sum of the
five before it, that number is not a total (counts are never negative), and an
agency's mistyped totals refute it in a row or two, not in three and in most. A
table with any request from the first five applicant kinds has three such rows
(本年新收 or 上年结转, an outcome, （七）总计). And the last column must keep its own
rules (its balance, its outcome total): mistyped totals that refute the second
reading would break them, while the first reading's 其他 column keeps them unless
the agency also mistyped it. Anything else (a row not six numbers, a number
unclear, a row whose cells might be another's) leaves this reading out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models import template as T

from .checks import run_checks
from .grid import Anchor, block_values
from .stream import VALUE, Stream
from .tables import is_count
from .text import Number

_APPLICANTS = len(T.APPLICANTS) - 1
_STANDARD_COLUMNS = tuple(c.code for c in T.APPLICANTS)
_MIN_REFUTING_ROWS = 3


@dataclass
class BlankTotals:
    values: dict[str, list[Number]]  # each row's six printed numbers and the derived total
    note: str = ""
    undecided: str = ""  # six numbers a row, but which column is empty cannot be told


def read_blank_total_column(stream: Stream, anchors: list[Anchor], columns: tuple[str, ...],
                            template: str) -> BlankTotals | None:
    """Every row's numbers with 总计 derived, when the text prints six numbers in every
    row of the table and the row totals refute a printed 总计 (see the module); no values
    and the reason when six a row are printed but that cannot be told; None when the
    table is not printed six numbers a row. The caller has found every row of the
    template."""
    if columns != _STANDARD_COLUMNS or not anchors:
        return None
    printed = _six_per_row(stream, anchors)
    if printed is None:
        return None
    values = {row: six + [Number(Decimal(sum(v.value for v in six)), "")]
              for row, six in printed.items()}
    carrying = [row for row, six in printed.items() if any(v.value for v in six)]
    if not carrying:
        return BlankTotals(values, "table 三: every row prints six numbers, every one 0: under "
                                   "either reading (总计 blank, or an applicant column not "
                                   "printed) every cell is 0")
    refuting = [row for row, six in printed.items() if _not_a_total(six)]
    if len(refuting) < _MIN_REFUTING_ROWS or len(refuting) * 2 <= len(carrying):
        return BlankTotals({}, undecided=(
            f"table 三: every row prints six numbers where the form has seven, but the last "
            f"is less than the five before it in only {len(refuting)} of the {len(carrying)} "
            f"rows carrying numbers: too few to tell a blank 总计 column from an applicant "
            f"column not printed; not read"))
    if not _last_column_keeps_its_rules(printed, template):
        return BlankTotals({}, undecided=(
            "table 三: every row prints six numbers where the form has seven, and the last "
            "column fails its own balance or outcome total: whether it is 其他 (总计 blank) "
            "or a printed 总计 cannot be told; not read"))
    note = (f"table 三: every row prints six numbers, and in {len(refuting)} of the "
            f"{len(carrying)} rows carrying numbers the last is less than the five before it, "
            f"so it is no printed 总计: the 总计 column is blank; each row's total derived as the "
            f"sum of the six applicant columns (总计 = 自然人 + 五类法人或其他组织)")
    return BlankTotals(values, note)


def _six_per_row(stream: Stream, anchors: list[Anchor]) -> dict[str, list[Number]] | None:
    """Each row's numbers: those between its label and the next row's (the last row's up
    to the table's end), six of them, every one a clear count; none before the first
    row's label (numbers printed before their labels would shift every row by one)."""
    tokens = stream.tokens
    if any(t.kind == VALUE for t in tokens[:anchors[0].token]):
        return None
    bounds = [a.token for a in anchors[1:]] + [len(tokens)]
    rows = {}
    for anchor, end in zip(anchors, bounds):
        numbers = [t.number for t in tokens[anchor.token:end] if t.kind == VALUE]
        if len(numbers) != _APPLICANTS or not all(is_count(n) and not n.unclear
                                                  for n in numbers):
            return None
        rows[anchor.code] = numbers
    return rows


def _not_a_total(values: list[Number]) -> bool:
    return values[-1].value < sum(v.value for v in values[:-1])


def _last_column_keeps_its_rules(printed: dict[str, list[Number]], template: str) -> bool:
    """The balance and outcome total of the column the last numbers stand in (其他 in the
    blank-total reading, 总计 in the other) hold."""
    last = _STANDARD_COLUMNS[_APPLICANTS - 1]
    cells = {f"requests.{row}.{last}": six[-1].value for row, six in printed.items()}
    return all(check.passed for check in run_checks(cells, template))


def read_without_total_column(stream: Stream, anchors: list[Anchor],
                              header: set[str]) -> BlankTotals | None:
    """A page table with no 总计 column at all: its header names the six applicant
    columns and no 总计, and every row holds six cells of its own. The six are read as
    the header says and each total derived (the form's definition); else None.
    ``header`` are the column codes the header names."""
    if "total" in header or not set(_STANDARD_COLUMNS[:-1]) <= header:
        return None
    rows = {}
    for anchor in anchors:
        block = stream.tokens[anchor.token].block
        if sum(1 for a in anchors if stream.tokens[a.token].block == block) != 1:
            return None
        placed = block_values(stream, stream.by_block[block], _APPLICANTS, True)
        if len(placed) != _APPLICANTS or any(p < anchor.token for p, _ in placed) \
                or not all(is_count(n) and not n.unclear for _, n in placed):
            return None
        six = [n for _, n in placed]
        rows[anchor.code] = six + [Number(Decimal(sum(v.value for v in six)), "")]
    return BlankTotals(rows, "table 三: the table prints no 总计 column (its header names the "
                             "six applicant columns only, and every row six cells); each "
                             "row's total derived as the sum of the six (总计 = 自然人 + "
                             "五类法人或其他组织)")
