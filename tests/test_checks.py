"""Every arithmetic rule of the template, with a passing and a failing case.

A failed check is the agency's finding: it is reported, the numbers stay as printed.
"""

from __future__ import annotations

import pytest

from models import template as T
from pipelines.reading.checks import run_checks

COLUMNS = [c.code for c in T.APPLICANTS]


def consistent_report(template: str = T.TEMPLATE_2021) -> dict[str, int]:
    """A report whose numbers satisfy every rule: 5 received, 1 carried over, 5 done, 1 left."""
    cells = {}
    per_row = {"new_received": 5, "carried_over": 1, "disclosed": 3, "partially_disclosed": 1,
               "unavailable_not_held": 1, "total_processed": 5, "carried_forward": 1}
    for row in T.REQUEST_ROWS[template]:
        n = per_row.get(row.code, 0)
        for col in COLUMNS:
            cells[f"requests.{row.code}.{col}"] = n if col in ("natural_person", "total") else 0
    for code in T.proceeding_codes():
        cells[code] = {"upheld": 2, "corrected": 1, "total": 3}.get(code.split(".")[1], 0)
    return cells


def by_rule(checks):
    return {c.rule: c for c in checks}


@pytest.mark.parametrize("template", [T.TEMPLATE_2021, T.TEMPLATE_2019])
def test_every_rule_passes_on_consistent_numbers(template):
    checks = run_checks(consistent_report(template), template)
    assert len(checks) == len(T.rules(template))
    assert [c.rule for c in checks if not c.passed] == []


def test_balance_fails_when_received_and_handled_disagree():
    cells = consistent_report()
    cells["requests.carried_forward.natural_person"] = 2
    check = by_rule(run_checks(cells, "2021"))["balance.natural_person"]
    assert not check.passed
    assert check.detail == "5 + 1 ≠ 5 + 2"


def test_balance_detail_shows_the_arithmetic_when_it_holds():
    check = by_rule(run_checks(consistent_report(), "2021"))["balance.total"]
    assert check.passed and check.detail == "5 + 1 = 5 + 1"


def test_row_total_fails_when_a_row_does_not_add_up():
    cells = consistent_report()
    cells["requests.disclosed.commercial_enterprise"] = 1
    checks = by_rule(run_checks(cells, "2021"))
    assert not checks["row_total.disclosed"].passed
    assert checks["row_total.disclosed"].detail == "3 ≠ 3 + 1 + 0 + 0 + 0 + 0"
    assert checks["row_total.partially_disclosed"].passed


def test_outcomes_fail_when_total_processed_is_not_the_sum_of_outcomes():
    cells = consistent_report()
    cells["requests.other_other.natural_person"] = 1
    failed = [c.rule for c in run_checks(cells, "2021") if not c.passed]
    assert "outcomes.natural_person" in failed
    assert "outcomes.total" not in failed


def test_outcomes_in_2019_sum_the_single_other_processing_row():
    cells = consistent_report("2019")
    cells["requests.other_processing.total"] = 2
    checks = by_rule(run_checks(cells, "2019"))
    assert not checks["outcomes.total"].passed
    assert checks["outcomes.total"].detail.endswith("+ 2")


@pytest.mark.parametrize("group", [p.code for p in T.PROCEEDINGS])
def test_proceedings_total_must_be_the_sum_of_results(group):
    cells = consistent_report()
    assert by_rule(run_checks(cells, "2021"))[f"proceedings.{group}"].passed
    cells[f"{group}.pending"] = 4
    check = by_rule(run_checks(cells, "2021"))[f"proceedings.{group}"]
    assert not check.passed and check.detail == "3 ≠ 2 + 1 + 0 + 4"


def test_a_rule_whose_cells_were_not_read_is_not_reported():
    cells = consistent_report()
    del cells["requests.carried_over.total"]
    rules = by_rule(run_checks(cells, "2021"))
    assert "balance.total" not in rules
    assert "row_total.carried_over" not in rules
    assert "balance.natural_person" in rules
