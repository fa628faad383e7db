"""The template declaration matches the national forms as the spec codes them."""

from __future__ import annotations

from models import template as T


def test_2021_form_has_25_request_rows_and_200_cells():
    assert len(T.REQUEST_ROWS["2021"]) == 25
    cells = T.proactive_codes("2021") + T.request_codes("2021") + T.proceeding_codes()
    assert len(cells) == 10 + 25 * 7 + 15 == 200


def test_2019_form_prints_other_processing_as_one_row():
    rows = [r.code for r in T.REQUEST_ROWS["2019"]]
    assert len(rows) == 23
    assert "other_processing" in rows and "other_other" not in rows
    assert len(T.proactive_codes("2019")) == 22


def test_outcome_rows_run_from_disclosed_to_the_other_rows():
    assert T.OUTCOME_ROWS["2021"][0] == "disclosed"
    assert T.OUTCOME_ROWS["2021"][-1] == "other_other"
    assert T.OUTCOME_ROWS["2019"][-1] == "other_processing"


def test_every_rule_names_only_declared_cells():
    for template in ("2021", "2019"):
        for rule in T.rules(template):
            assert set(rule.left + rule.right) <= T.ALL_CODES, rule.name


def test_money_cells_are_the_two_amounts():
    assert T.AMOUNT_CODES == {"proactive.fees.amount_wan_yuan", "proactive.procurement.amount"}
