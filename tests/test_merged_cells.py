"""Cells merged across columns: a merged 0 is 0 in each column only where that is sure.

The fixtures ``fixtures/formats/merged_*`` are checked cell by cell by ``test_fixtures.py``;
here, what the reader says of the rows it does not read.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import FIXTURES
from pipelines.extract import extract_bytes, extract_path

PAGE = (FIXTURES / "formats" / "merged_zero_cells.html").read_text(encoding="utf-8")
ROW = ('<td>1.本机关不掌握相关政府信息</td><td style="text-align:center;">17</td>'
       '<td style="text-align:center;">3</td><td style="text-align:center;">0</td>'
       '<td style="text-align:center;">0</td><td style="text-align:center;">2</td>'
       '<td style="text-align:center;">1</td><td style="text-align:center;">23</td>')


def _with_row(cells: str):
    assert PAGE.count(ROW) == 1
    page = PAGE.replace(ROW, "<td>1.本机关不掌握相关政府信息</td>" + cells)
    return extract_bytes(page.encode("utf-8"), "page.html")


def test_a_merged_number_is_never_copied_into_its_columns_and_the_gap_is_named():
    report = extract_path(FIXTURES / "formats" / "merged_number_cell_docx.docx")
    assert report.status == "partial"
    assert not any(code.startswith("requests.unavailable_not_held.") for code in report.cells)
    assert "rows unavailable_not_held: a cell merged across 5 columns prints 6: which of those " \
           "columns hold it cannot be told" in report.notes


def test_a_merged_zero_beside_numbers_that_do_not_add_up_is_not_read():
    report = _with_row('<td>17</td><td colspan="5">0</td><td>23</td>')
    assert report.status == "partial"
    assert not any(code.startswith("requests.unavailable_not_held.") for code in report.cells)
    assert any("merged across columns beside other numbers" in n for n in report.notes)


def test_merged_cells_that_do_not_make_up_the_row_are_not_read():
    report = _with_row('<td colspan="4">0</td><td>23</td>')
    assert report.status == "partial"
    assert any("merged ones counted once per column they span, are 5 where 7 were expected" in n
               for n in report.notes)


def test_a_value_merged_over_a_single_valued_row_of_table_two_is_read_as_before():
    report = extract_path(FIXTURES / "formats" / "merged_zero_cells.html")
    assert report.cells["proactive.fees.amount_wan_yuan"] == Decimal("12.36")


def test_only_a_merged_cell_is_said_to_be_merged():
    """Zeros run together (``0000000``, one digit a cell) and table 二's one value across
    its columns are no merged zeros; the page's own merged 0s are."""
    text = extract_path(FIXTURES / "converted_md" / "c01_county_hrss_2021__markitdown-pdf.txt")
    html = extract_path(FIXTURES / "html" / "01_trs_county_2021.html")
    merged = extract_path(FIXTURES / "formats" / "merged_zero_cells.html")
    for report in (text, html):
        assert not any("merged across columns" in note for note in report.notes)
    assert any("merged across columns" in note for note in merged.notes)
