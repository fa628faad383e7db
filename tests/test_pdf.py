"""PDF reports read exactly, or refused quickly with a reason; never a guessed number.

The report fixtures under ``fixtures/pdf/`` are checked cell by cell by
``test_fixtures.py``; here: the six real LibreOffice PDFs of ``fixtures/converted/``,
the refusals and their reasons, the page and time limits, repeated page parts
read once, and what counts as a garbled text layer.
"""

from __future__ import annotations

import random
import time

import pytest

from conftest import FIXTURES, SHARED, load_json, wrong_cells
from pipelines.documents import NeedsOcr, UnreadableDocument, parse_bytes
from pipelines.documents.pdf import parse_pdf
from pipelines.documents.pdf_text import is_garbled_text
from pipelines.extract import extract_bytes, extract_many, extract_path

CONVERTED = sorted((FIXTURES / "converted" / "pdf").glob("*.pdf"))
# x01 (a scan) and x02 (fonts without a Unicode map) are read by OCR now: tests/test_ocr.py.
REFUSED = sorted(p for p in (FIXTURES / "pdf").glob("x*.pdf")
                 if load_json(p.with_suffix(".expected.json"))["status"] in ("failed", "needs_ocr"))


@pytest.mark.parametrize("pdf", CONVERTED, ids=lambda p: p.stem)
def test_real_office_pdfs_read_every_cell(pdf):
    truth = load_json(FIXTURES / "converted" / f"{pdf.stem}__pdfplumber.expected.json")
    report = extract_path(pdf)
    assert report.status == "ok", report.problems
    assert (report.agency, report.year, report.format) == (truth["agency"], truth["year"], "pdf")
    assert wrong_cells(report, truth["cells"]) == {}
    assert sorted(report.failed_checks) == sorted(truth["failed_checks"])


@pytest.mark.parametrize("pdf", REFUSED, ids=lambda p: p.stem)
def test_unreadable_pdfs_are_refused_quickly_naming_why(pdf):
    expected = load_json(pdf.with_suffix(".expected.json"))
    started = time.monotonic()
    report = extract_path(pdf)
    assert time.monotonic() - started < 2
    assert report.status == expected["status"]
    assert report.cells == {}
    assert expected["reason_contains"] in report.problems[0]


def test_a_pdf_longer_than_the_page_limit_is_refused():
    data = (FIXTURES / "pdf" / "p04_table3_three_pages.pdf").read_bytes()
    with pytest.raises(UnreadableDocument, match="has 6 pages .limit 5."):
        parse_pdf(data, "long.pdf", max_pages=5)


def test_reading_stops_at_the_time_limit():
    data = (FIXTURES / "pdf" / "p04_table3_three_pages.pdf").read_bytes()
    report = extract_bytes(data, "slow.pdf", time_limit=0)
    assert report.status == "failed"
    assert "took more than 0 s (stopped at page 1 of 6)" in report.problems[0]


def test_a_batch_keeps_input_order_and_kills_a_worker_that_overruns(tmp_path):
    pdfs = [FIXTURES / "pdf" / "p01_no_rules.pdf", FIXTURES / "pdf" / "x03_encrypted.pdf"]
    data = pdfs[0].read_bytes()
    items = [str(pdfs[0]), (data, "from-crawler.pdf"), str(pdfs[1]), str(tmp_path / "none.pdf")]
    reports = list(extract_many(items, workers=2))
    assert [r.source for r in reports] == [str(pdfs[0]), "from-crawler.pdf", str(pdfs[1]),
                                           str(tmp_path / "none.pdf")]
    assert [r.status for r in reports] == ["ok", "ok", "failed", "failed"]
    overrun = list(extract_many([str(pdfs[0])], workers=1, time_limit=0.01))
    assert overrun[0].status == "failed"
    assert "took longer than 0.01 s" in overrun[0].problems[0]


def test_header_rows_repeated_on_each_page_and_running_titles_are_read_once():
    pdf = FIXTURES / "pdf" / "p06_table3_four_pages_header_repeated.pdf"
    document = parse_bytes(pdf.read_bytes(), pdf.name)
    lines = [block.text for block in document.blocks]
    assert sum("申请人情况" in line for line in lines) == 1
    assert sum("法人或其他组织" in line for line in lines) == 1
    assert not any(line.startswith("- ") and line.endswith(" -") for line in lines)
    assert sum("年度报告" in line for line in lines) == 1  # the title, not the page headers


def test_a_scan_is_read_by_ocr_and_says_so():
    document = parse_bytes((FIXTURES / "pdf" / "x01_scan_image_only.pdf").read_bytes(), "scan.pdf")
    assert (document.format, document.meta["text_layer"]) == ("pdf", "ocr")
    assert document.meta["ocr"].startswith(
        "the PDF has no text layer: its 4 page(s) are images (a scan); read by OCR")


def test_a_font_without_unicode_map_is_never_read_as_numbers():
    """Its glyphs' codes are not text: the pages are read as pictures instead."""
    data = (FIXTURES / "pdf" / "x02_font_without_unicode_map.pdf").read_bytes()
    document = parse_bytes(data, "garbled.pdf")
    assert document.meta["text_layer"] == "ocr" and "ToUnicode" in document.meta["ocr"]


def test_chinese_text_is_usable_text(seeds_dir):
    for seed in sorted(seeds_dir.glob("*.txt")):
        assert is_garbled_text("".join(seed.read_text(encoding="utf-8").split())) is None


def test_glyph_numbers_read_as_characters_are_garbage():
    rng = random.Random(7)
    glyphs = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(800))
    assert "not Chinese text" in is_garbled_text(glyphs)
    subset_codes = "".join(chr(rng.randrange(0x21, 0x100)) for _ in range(400))
    assert "ToUnicode" in is_garbled_text(subset_codes)
    assert "no Unicode mapping" in is_garbled_text("政府信息公开" * 10 + "\ufffd" * 10)


def test_bare_page_numbers_go_but_a_zero_ending_two_pages_stays():
    from pipelines.documents.pdf_layout import Line, without_repeats

    def page(number, label):
        return [Line(400, 388, 300, [label], 842),
                Line(60, 50, 420, ["0"], 842),             # a table cell at the page's foot
                Line(30, 20, 298, [str(number)], 842)]     # the page number, centred
    kept = without_repeats([page(3, "1.属于国家秘密"), page(4, "2.重复申请"), page(5, "3.其他")])
    assert [[line.text for line in lines] for lines in kept] == [
        ["1.属于国家秘密", "0"], ["2.重复申请", "0"], ["3.其他", "0"]]


def test_pieces_of_a_vertical_label_starting_a_page_are_not_taken_for_a_repeated_header():
    from pipelines.documents.pdf_layout import Line, without_repeats

    def lines(*texts):
        return [Line(700 - 20 * i, 690 - 20 * i, 300, [t], 842) for i, t in enumerate(texts)]
    first = lines("申请人情况", "法人或其他组织", "一、本年新收", "0 0 0", "开", "理", "1.属于国家秘密",
                  "0 0 0")
    second = lines("申请人情况", "法人或其他组织", "开", "理", "3.其他", "1 0 1")
    third = lines("开", "理", "（七）总计", "1 0 1")
    kept = without_repeats([first, second, third])
    assert [line.text for line in kept[1]] == ["开", "理", "3.其他", "1 0 1"]
    assert [line.text for line in kept[2]] == ["开", "理", "（七）总计", "1 0 1"]


def test_a_pdf_with_junk_after_its_end_is_still_read():
    pdf = FIXTURES / "pdf" / "p07_agency_arithmetic_errors.pdf"
    report = extract_bytes(pdf.read_bytes() + b"<html><body>404</body></html>\n" * 400, pdf.name)
    assert (report.status, report.failed_checks) == ("ok", [
        "row_total.disclosed", "outcomes.total",
        # its prose says 新收11件, 办结10件 against the table's 13 and 12
        "narrative.requests.new_received.total", "narrative.requests.total_processed.total"])
