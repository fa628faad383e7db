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


def is_count(number: Number) -> bool:
    """A count is a whole, non-negative number that is not money."""
    return number.value >= 0 and number.value == number.value.to_integral_value() \
        and number.unit not in ("万元", "元", "亿元")
