"""The warehouse as analysts use it: exact amounts, quality beside every rate, one configuration,
every kind of publisher placed, one agency across its names and years.

Reports are made from the seeds' verified values (``shared/seeds/truth``), as
``test_warehouse_views.py`` makes them, and loaded; expected figures are worked out here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.warehouse import load_reports, run_query
from test_warehouse_views import Input, seed_cells

FEES = "proactive.fees.amount_wan_yuan"


def build(tmp_path, inputs: list[Input]):
    reports = tmp_path / "reports"
    for item in inputs:
        item.write(reports)
    warehouse = tmp_path / "warehouse.duckdb"
    load_reports(reports, warehouse, tmp_path / "staging")
    return warehouse


def rows(warehouse, sql: str) -> list[dict]:
    return run_query(warehouse, sql).to_dicts()


def test_fees_are_kept_with_every_printed_digit(tmp_path):
    cells = seed_cells()[3]
    printed = {"fee-6": 5949.088667, "fee-10": 0.0000000001, "fee-big": 123456789012.5}
    inputs = [Input(name, f"乐清市{name}局", 2023, {**cells, FEES: value})
              for name, value in printed.items()]
    warehouse = build(tmp_path, inputs)
    got = {r["agency_name"]: r["value"] for r in rows(warehouse, """
        SELECT r.agency_name, f.value FROM proactive_measures f JOIN reports r USING (document_key)
        WHERE f.item_code = 'fees.amount_wan_yuan'""")}
    assert got == {f"乐清市{name}局": Decimal(repr(value)) for name, value in printed.items()}


def test_an_amount_finer_than_the_warehouse_keeps_is_named_not_rounded(tmp_path):
    cells = {**seed_cells()[3], FEES: 1.00000000001}
    warehouse = build(tmp_path, [Input("fine", "乐清市统计局", 2023, cells)])
    [report] = rows(warehouse, "SELECT problems FROM reports")
    assert report["problems"] == [f"cell {FEES} holds 1.00000000001, more than 10 decimal "
                                  "places; not loaded"]
    assert rows(warehouse, "SELECT * FROM proactive_measures WHERE item_code = "
                           "'fees.amount_wan_yuan'") == []


def test_every_rate_is_read_beside_the_reports_status_and_failed_rules(tmp_path):
    zezhou = seed_cells()[2]  # 行政复议: 维持 1, 纠正 1, 总计 2
    unread_pending = {c: v for c, v in zezhou.items() if c != "review.pending"}
    inputs = [
        Input("zz-2022", "泽州县人民政府", 2022, zezhou),
        Input("zz-2023", "泽州县人民政府", 2023, {**zezhou, "review.total": 3}),
        Input("zz-2024", "泽州县人民政府", 2024, unread_pending, status="partial"),
    ]
    warehouse = build(tmp_path, inputs)
    got = rows(warehouse, """SELECT year, status, failed_checks, failed_rules, review_correction_rate
                             FROM agency_year ORDER BY year""")
    assert got == [
        {"year": 2022, "status": "ok", "failed_checks": 0, "failed_rules": [],
         "review_correction_rate": pytest.approx(1 / 2)},
        # the agency's own 总计 (3) is not 维持 + 纠正 + 其他 + 尚未审结 (2): the rate is 1 / 3, flagged
        {"year": 2023, "status": "ok", "failed_checks": 1, "failed_rules": ["proceedings.review"],
         "review_correction_rate": pytest.approx(1 / 3)},
        # 尚未审结 unread: no rate, and the row says the report was read in part
        {"year": 2024, "status": "partial", "failed_checks": 0, "failed_rules": [],
         "review_correction_rate": None},
    ]
    change = rows(warehouse, """SELECT year, previous_year, status, failed_rules, previous_status,
                                       previous_failed_rules FROM agency_year_change ORDER BY year""")
    assert change[1:] == [
        {"year": 2023, "previous_year": 2022, "status": "ok", "failed_rules": ["proceedings.review"],
         "previous_status": "ok", "previous_failed_rules": []},
        {"year": 2024, "previous_year": 2023, "status": "partial", "failed_rules": [],
         "previous_status": "ok", "previous_failed_rules": ["proceedings.review"]},
    ]
