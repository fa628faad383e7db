"""Table 三 in three layouts real pages have, one rule per test.

* A 总计 column blank in *every* row is not printed: each total is derived from
  its row's six applicant cells (when all six are read) and named in ``notes``;
  a few blank total cells are 0, as the spec reads blanks.
* Labels in one column and the number rows in a block below are read by order
  only when every row is found, the lines are exactly as many as the rows, and
  every rule of the table holds.
* Labels printed twice (a heading, then the row): the rows' own lines are read.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pipelines.extract import extract_bytes

_SPEC = importlib.util.spec_from_file_location(
    "layout_fixtures", Path(__file__).parent / "fixtures" / "layouts" / "make_fixtures.py")
render = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(render)

TABLE = render.T21  # a 2021-format table 三 whose numbers satisfy every rule
ROWS = render.ROWS21
AGENCY, YEAR = "湖州市吴兴区统计局", 2022


def html_page(printed: dict[str, list]) -> bytes:
    page = render.trs_page(AGENCY, YEAR, "2021", render.PRO21, printed, render.REVIEW)
    return page.encode("utf-8")


def text_page(table_lines: list[str]) -> bytes:
    return render.text_report(AGENCY, YEAR, "2021", render.PRO21, table_lines,
                              render.REVIEW).encode("utf-8")


def row(report, code: str) -> list:
    return [report.cells.get(f"requests.{code}.{c}") for c in render.ALLCOLS]


def checks(report) -> dict[str, bool]:
    return {c.rule: c.passed for c in report.checks}


def detached(rows: list[str]) -> list[str]:
    return render.request_head_lines() + render.label_column("2021") + [""] + \
        render.number_lines(TABLE, rows)


# ------------------------------------------------------------------ blank total column

def test_a_total_column_blank_in_every_row_is_derived_and_said_so():
    report = extract_bytes(html_page({r: v[:6] + [None] for r, v in TABLE.items()}), "t.html")
    assert report.status == "ok", report.problems
    for r in ROWS:
        assert row(report, r) == TABLE[r]
    assert any("总计 column is blank in every row" in n and "derived" in n for n in report.notes)


def test_a_derived_total_is_not_checked_against_itself_but_every_other_rule_runs():
    report = extract_bytes(html_page({r: v[:6] + [None] for r, v in TABLE.items()}), "t.html")
    ran = checks(report)
    assert not any(rule.startswith("row_total.") for rule in ran)
    assert ran["balance.total"] and ran["outcomes.total"]


def test_a_derived_total_keeps_the_agencys_error_visible():
    printed = {r: v[:6] + [None] for r, v in TABLE.items()}
    printed["carried_forward"][0] += 1  # the agency's 结转下年度 of 自然人 one too high
    ran = checks(extract_bytes(html_page(printed), "t.html"))
    assert ran["balance.natural_person"] is False
    assert ran["balance.total"] is False  # the derived total carries the error on


def test_a_few_blank_totals_are_zeros_not_a_missing_column():
    printed = {r: list(v) for r, v in TABLE.items()}
    zero_rows = [r for r in ROWS if TABLE[r][6] == 0]
    for r in zero_rows:
        printed[r][6] = None
    report = extract_bytes(html_page(printed), "t.html")
    assert report.status == "ok", report.problems
    assert all(row(report, r) == TABLE[r] for r in ROWS)
    assert not any("derived" in n for n in report.notes)


def test_a_blank_total_is_not_derived_from_an_unread_applicant_cell():
    printed = {r: v[:6] + [None] for r, v in TABLE.items()}
    printed["disclosed"][1] = "4 1"  # one cell printing two numbers
    report = extract_bytes(html_page(printed), "t.html")
    assert report.status == "partial"
    assert "requests.disclosed.total" not in report.cells
    assert "requests.disclosed.commercial_enterprise" not in report.cells
    assert report.cells["requests.disclosed.natural_person"] == TABLE["disclosed"][0]
    assert any("not derived" in p and "disclosed" in p for p in report.problems)


# ------------------------------------------------------------------ labels cut off

def test_a_number_block_of_exactly_one_line_per_row_is_read_by_order():
    report = extract_bytes(text_page(detached(ROWS)), "t.txt")
    assert report.status == "ok", report.problems
    assert all(row(report, r) == TABLE[r] for r in ROWS)
    assert any("read in the form's order" in n and "confirmed" in n for n in report.notes)


def test_a_number_block_one_line_short_is_not_read():
    report = extract_bytes(text_page(detached([r for r in ROWS if r != "other_unpaid_fee"])),
                           "t.txt")
    assert report.status == "partial"
    assert not any(k.startswith("requests.") for k in report.cells)


def test_a_number_block_whose_order_breaks_a_sum_is_not_read():
    rows = list(ROWS)
    k = rows.index("total_processed")
    rows[k - 1], rows[k] = rows[k], rows[k - 1]
    report = extract_bytes(text_page(detached(rows)), "t.txt")
    assert report.status == "partial"
    assert not any(k.startswith("requests.") for k in report.cells)
    assert any("do not satisfy the table's arithmetic" in n for n in report.notes)


def test_a_number_block_with_a_label_missing_is_not_read_even_if_the_count_fits():
    labels = [line for line in render.label_column("2021") if line != render.LBL["other_other"]]
    lines = render.request_head_lines() + labels + [""] + render.number_lines(
        TABLE, [r for r in ROWS if r != "other_other"])
    report = extract_bytes(text_page(lines), "t.txt")
    assert not any(k.startswith("requests.") for k in report.cells)


def test_an_agencys_error_in_a_number_block_leaves_the_block_unread():
    table = {r: list(v) for r, v in TABLE.items()}
    table["new_received"][0] += 1
    lines = render.request_head_lines() + render.label_column("2021") + [""] + \
        render.number_lines(table, ROWS)
    report = extract_bytes(text_page(lines), "t.txt")
    assert report.status == "partial"
    assert not any(k.startswith("requests.") for k in report.cells)


# ------------------------------------------------------------------ labels printed twice

def test_labels_printed_twice_read_each_row_from_its_own_line():
    lines = render.request_head_lines()
    for r in ROWS:
        numbers = TABLE[r][:6] if r == "disclosed" else TABLE[r]  # 总计 lost in one row
        lines += [render.LBL[r], render.LBL[r] + " " + " ".join(map(str, numbers))]
    report = extract_bytes(text_page(lines), "t.txt")
    assert report.status == "partial"
    assert "requests.disclosed.total" not in report.cells
    assert all(row(report, r) == TABLE[r] for r in ROWS if r != "disclosed")


def test_a_row_one_number_short_is_not_read_as_digits_run_together():
    lines = render.request_head_lines()
    for r in ROWS:
        values = [1, 0, 0, 0, 0, 12] if r == "not_processed_duplicate" else TABLE[r]
        lines.append(render.LBL[r] + " " + " ".join(map(str, values)))
    report = extract_bytes(text_page(lines), "t.txt")
    assert "requests.not_processed_duplicate.total" not in report.cells
