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
