"""What reading one table produces, shared by the three table readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .text import Number


@dataclass
class TableRead:
    cells: dict[str, int | Decimal] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    template: str | None = None
    # cells not printed but derived by a rule of the form (code → the rule's name)
    derived: dict[str, str] = field(default_factory=dict)


def is_count(number: Number) -> bool:
    """A count is a whole, non-negative number that is not money."""
    return number.value >= 0 and number.value == number.value.to_integral_value() \
        and number.unit not in ("万元", "元", "亿元")


def place(out: TableRead, table: str, row: str, codes: list[str], values: list[Number],
          convert=None) -> None:
    """Put a row's numbers into ``out.cells``; name what cannot be a cell's value.

    A cell printing several numbers is left out on its own; a row with a cell
    that is not a count (a negative or a fraction in a count table) is left
    out whole, since its numbers are probably not where they seem.
    """
    if any(v.is_cut for v in values):
        out.problems.append(f"table {table} row {row}: a number is cut by a line or page "
                            f"break ({' '.join(v.raw for v in values)}); the row is not read")
        return
    clear = [(code, v) for code, v in zip(codes, values) if not v.unclear]
    for code, v in zip(codes, values):
        if v.unclear:
            out.problems.append(f"table {table}: {code} prints several numbers ({v.raw})")
    if convert is None:
        if not all(is_count(v) for _, v in clear):
            out.problems.append(f"table {table} row {row}: not all cells are counts "
                                f"({' '.join(v.raw for v in values)})")
            return
        convert = lambda _code, v: int(v.value)  # noqa: E731
    for code, v in clear:
        out.cells[code] = convert(code, v)
