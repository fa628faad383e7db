"""OCR'd numbers are kept only where the form's own arithmetic confirms them.

A recogniser that misreads one digit gives a number as clean-looking as the right
one; only the template's rules can tell. So, for the tables a report's OCR read:

- a row is kept only when every cell it should print was recognised with confidence
  (the page reader gives an unsure cell no number, so the reader leaves it out) and
  its own rule holds (``row_total.*``: 总计 = the applicants; ``proceedings.*``);
- a row whose own rule fails is left out, and the rules are run again without it;
- a rule across rows (``balance.*``, ``outcomes.*``) that still fails, its rows' own
  rules holding, leaves out every row it joins: which of them is misread is unknown;
- a row no rule checks (table 二's, or a total the reader derived because the report
  left it blank) is left out: nothing confirms it.

Each row left out is named in ``problems`` with why, so the report is ``partial``; an
agency's own arithmetic error in an OCR'd table looks like a misreading and is treated
so. Cells of tables the OCR did not read are untouched.
"""

from __future__ import annotations

from dataclasses import replace

from models import template as T
from models.report import PARTIAL, Check, Report
from pipelines.reading.checks import run_checks

SECTIONS = {"proactive": "二", "requests": "三", "proceedings": "四"}
_ROW_RULES = ("row_total.", "proceedings.")


def section_of(code: str) -> str:
    head = code.split(".", 1)[0]
    return head if head in ("proactive", "requests") else "proceedings"


def row_of(code: str) -> str:
    return code.rsplit(".", 1)[0]


def confirm(report: Report, sections: set[str], derived: dict[str, str],
            stopped: str | None = None) -> Report:
    """``report`` with only the confirmed rows of the ``sections`` OCR read."""
    template = report.template or T.TEMPLATE_2021
    rules = _rules(report.template, derived)
    expected = _expected_rows(template)
    read_rows = {row_of(c) for c in report.cells if section_of(c) in sections}
    why: dict[str, str] = {}
    for row in sorted(read_rows):
        missing = [c for c in expected.get(row, ()) if c not in report.cells]
        if missing:
            why[row] = "a cell was not recognised with confidence or not read"
        elif any(c in derived for c in expected.get(row, ())):
            why[row] = "a cell is blank in the report and derived: nothing confirms the row"
    kept = read_rows - set(why)
    dropped = set(why)
    _drop_failing(report.cells, kept, dropped, rules, why)
    for row in sorted(kept):
        if _own_rule(row, rules) is None:
            why[row] = "no rule of the form checks this row"
    kept -= set(why)
    cells = {c: v for c, v in report.cells.items()
             if section_of(c) not in sections or row_of(c) in kept}
    problems = list(report.problems) + [
        f"table {SECTIONS[section_of(row)]} row {row.split('.', 1)[-1]}: OCR'd numbers left out "
        f"({reason})" for row, reason in sorted(why.items())]
    if stopped:
        problems.append(stopped)
    notes = list(report.notes) + [
        f"table(s) {'、'.join(SECTIONS[s] for s in sorted(sections, key=list(SECTIONS).index))}"
        f" read by OCR (Tesseract) from pictures; only rows the form's arithmetic confirms "
        f"are kept ({len(kept)} of {len(read_rows)} rows)"]
    template_rules = {r.name for r in T.rules(template)}
    checks = [c for c in report.checks if c.rule not in template_rules]
    return replace(report, cells=cells, notes=notes, problems=problems, ocr=True,
                   checks=run_checks(cells, report.template, derived) + checks,
                   status=PARTIAL if problems else report.status)


def _rules(template: str | None, derived: dict[str, str]) -> list[T.Rule]:
    rules = T.rules(template or T.TEMPLATE_2021)
    restated = set(derived.values())
    return [r for r in rules if r.name not in restated
            and (template is not None or not r.name.startswith("outcomes."))]


def _expected_rows(template: str) -> dict[str, tuple[str, ...]]:
    rows: dict[str, list[str]] = {}
    for code in (*T.proactive_codes(template), *T.request_codes(template), *T.proceeding_codes()):
        rows.setdefault(row_of(code), []).append(code)
    return {row: tuple(codes) for row, codes in rows.items()}


def _failed(cells: dict, dropped: set[str], rules: list[T.Rule]) -> list[tuple[str, T.Rule]]:
    """(name, rule) of each rule that can be run (every cell read, none in a row left out)
    and does not hold."""
    out = []
    for rule in rules:
        codes = rule.left + rule.right
        if not all(c in cells and row_of(c) not in dropped for c in codes):
            continue
        if sum(cells[c] for c in rule.left) != sum(cells[c] for c in rule.right):
            out.append((rule.name, rule))
    return out


def _drop_failing(cells: dict, kept: set[str], dropped: set[str], rules: list[T.Rule],
                  why: dict[str, str]) -> None:
    """Leave out rows until every rule among the kept rows holds: first the rows whose own
    rule fails, then every row of a rule across rows that still fails."""
    while True:
        failing = _failed(cells, dropped, [r for r in rules if _touches(r, kept)])
        own = [(name, rule) for name, rule in failing if name.startswith(_ROW_RULES)]
        across = [(name, rule) for name, rule in failing if not name.startswith(_ROW_RULES)]
        chosen = own or across
        if not chosen:
            return
        for name, rule in chosen:
            for row in {row_of(c) for c in rule.left + rule.right} & kept:
                why.setdefault(row, f"{name} fails on the OCR reading")
                kept.discard(row)
                dropped.add(row)


def _touches(rule: T.Rule, kept: set[str]) -> bool:
    return any(row_of(c) in kept for c in rule.left + rule.right)


def _own_rule(row: str, rules: list[T.Rule]) -> T.Rule | None:
    for rule in rules:
        if rule.name.startswith(_ROW_RULES) and {row_of(c) for c in rule.left + rule.right} == {row}:
            return rule
    return None
