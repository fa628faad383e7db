"""The template's own arithmetic, applied to a report's numbers one rule at a time.

A failed check is the agency's finding and is reported as such; the numbers
are never adjusted to make a check pass.
"""

from __future__ import annotations

from models import template as T
from models.report import Check, Number


def run_checks(cells: dict[str, Number], template: str | None,
               derived: dict[str, str] | None = None) -> list[Check]:
    """``derived`` maps cells the report does not print to the rule they were derived
    by; that rule only restates the derivation, so it is not run as a check. Every
    other rule runs on derived cells like on printed ones, so it can still fail."""
    rules = T.rules(template or T.TEMPLATE_2021)
    if template is None:
        rules = tuple(r for r in rules if not r.name.startswith("outcomes."))
    restated = set((derived or {}).values())
    rules = tuple(r for r in rules if r.name not in restated)
    checks = []
    for rule in rules:
        needed = rule.left + rule.right
        if not all(code in cells for code in needed):
            continue
        left = [cells[c] for c in rule.left]
        right = [cells[c] for c in rule.right]
        passed = sum(left) == sum(right)
        detail = f"{sum_text(left)} {'=' if passed else '≠'} {sum_text(right)}"
        checks.append(Check(rule.name, passed, detail))
    return checks


def sum_text(values: list[Number]) -> str:
    """A side of a rule as a check's detail prints it: ``3 + 0 + 1``."""
    return " + ".join(str(v) for v in values)
