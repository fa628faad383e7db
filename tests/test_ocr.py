"""OCR of scans: numbers are kept only where the form's arithmetic confirms them.

The scans in tests/fixtures/scans/ are office-made report PDFs put through
``make_scans.py`` (150 dpi grey, turned, JPEG noise); tests/test_fixtures.py checks their
every cell. Here: what the report says of its OCR, the damaged digit, the limits, the
confirmation rules on their own, and the table rules found in a drawn picture.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw

from conftest import FIXTURES
from models import template as T
from models.report import OK, Report
from pipelines.extract import extract_path
from pipelines.ocr import engine, grid, ocr_limits
from pipelines.ocr.confirm import confirm

SCANS = FIXTURES / "scans"


@pytest.fixture(scope="module")
def damaged() -> Report:
    return extract_path(SCANS / "s03_one_digit_damaged.pdf")


def test_a_damaged_digit_leaves_its_row_out_and_names_it(damaged):
    truth = json.loads((SCANS / "s03_one_digit_damaged.expected.json").read_text("utf-8"))
    assert damaged.status == "partial"
    assert not any(code.startswith("requests.new_received.") for code in damaged.cells)
    assert any("row new_received" in p and "row_total.new_received fails" in p
               for p in damaged.problems)
    assert {k: v for k, v in damaged.cells.items() if truth["cells"].get(k) != v} == {}


def test_the_report_says_its_numbers_are_an_ocrs(damaged):
    assert damaged.ocr is True
    assert damaged.to_json_dict()["ocr"] is True
    assert any("read by OCR" in note for note in damaged.notes)
    # table 二: no rule of the form checks it, so OCR'd numbers are not kept
    assert not any(code.startswith("proactive.") for code in damaged.cells)
    assert any("table 二 row rules" in p and "no rule" in p for p in damaged.problems)


def test_a_text_pdf_is_not_marked_ocr():
    report = extract_path(FIXTURES / "pdf" / "seed_000_pdf.pdf")
    assert report.status == OK and report.ocr is False


def test_the_page_limit_stops_the_ocr_and_says_why(monkeypatch):
    monkeypatch.setenv("XXGK_OCR_MAX_PAGES", "1")
    report = extract_path(SCANS / "s01_seed_html_150dpi_skewed.pdf")
    assert report.status == "partial"
    assert any("OCR read 1 of the scan's 5 pages (XXGK_OCR_MAX_PAGES)" in p
               for p in report.problems)
    assert not any(code.startswith("requests.") for code in report.cells)


def test_the_page_time_limit_stops_the_ocr_and_says_why(monkeypatch):
    monkeypatch.setenv("XXGK_OCR_PAGE_SECONDS", "0.001")
    report = extract_path(SCANS / "s01_seed_html_150dpi_skewed.pdf")
    assert report.status == "needs_ocr" and report.cells == {}
    assert any("OCR stopped at page 1 of 5: a page took more than 0.001 s "
               "(XXGK_OCR_PAGE_SECONDS)" in p for p in report.problems)


def test_limits_come_from_the_environment(monkeypatch):
    assert (ocr_limits().max_pages, ocr_limits().page_seconds) == (30, 15.0)
    monkeypatch.setenv("XXGK_OCR_MAX_PAGES", "4")
    monkeypatch.setenv("XXGK_OCR_PAGE_SECONDS", "2.5")
    assert (ocr_limits().max_pages, ocr_limits().page_seconds) == (4, 2.5)
    monkeypatch.setenv("XXGK_OCR_MAX_PAGES", "many")
    with pytest.raises(ValueError, match="XXGK_OCR_MAX_PAGES must be a whole number of pages, at least 1"):
        ocr_limits()


def test_without_tesseract_a_scan_stays_needs_ocr(monkeypatch):
    monkeypatch.setattr(engine, "_TESSDATA_DIRS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", "/nonexistent")
    report = extract_path(FIXTURES / "pdf" / "x01_scan_image_only.pdf")
    assert report.status == "needs_ocr" and report.cells == {}
    assert "tesseract-ocr-chi-sim" in report.problems[0]


# ------------------------------------------------------------ the confirmation on its own

def _table_three(changes: dict[str, int] | None = None) -> dict[str, Decimal]:
    """Table 三 of a 2021 report whose arithmetic holds: 3 natural persons' requests
    received and disclosed, 1 carried over and forward; with ``changes`` applied."""
    cells = {code: Decimal(0) for code in T.request_codes(T.TEMPLATE_2021)}
    for row, value in (("new_received", 3), ("disclosed", 3), ("total_processed", 3),
                       ("carried_over", 1), ("carried_forward", 1)):
        cells[f"requests.{row}.natural_person"] = Decimal(value)
        cells[f"requests.{row}.total"] = Decimal(value)
    cells.update({code: Decimal(value) for code, value in (changes or {}).items()})
    return cells


def _report(cells) -> Report:
    return Report(source="x", status=OK, template=T.TEMPLATE_2021, cells=dict(cells))


def test_rows_whose_arithmetic_holds_are_kept_whole():
    cells = _table_three()
    out = confirm(_report(cells), {"requests"}, {})
    assert out.cells == cells and out.status == OK and out.ocr


def test_a_misread_figure_leaves_out_its_row_only():
    cells = _table_three({"requests.disclosed.natural_person": 8})  # a 3 read as 8
    out = confirm(_report(cells), {"requests"}, {})
    assert out.status == "partial"
    assert not any(c.startswith("requests.disclosed.") for c in out.cells)
    assert out.cells == {k: v for k, v in cells.items() if not k.startswith("requests.disclosed.")}
    assert "table 三 row disclosed: OCR'd numbers left out (row_total.disclosed fails on the " \
           "OCR reading)" in out.problems


def test_a_misreading_its_row_cannot_see_leaves_out_every_row_of_the_failing_rule():
    # a 3 read as 8 both in the cell and in its row's total: the row adds up, the column not
    cells = _table_three({"requests.disclosed.natural_person": 8, "requests.disclosed.total": 8})
    out = confirm(_report(cells), {"requests"}, {})
    outcome_rows = {f"requests.{r}" for r in T.OUTCOME_ROWS[T.TEMPLATE_2021]}
    left = {code.rsplit(".", 1)[0] for code in out.cells}
    assert left.isdisjoint(outcome_rows | {"requests.total_processed"})
    assert out.cells.get("requests.disclosed.natural_person") is None


def test_an_unsure_cell_leaves_out_its_row():
    cells = _table_three()
    del cells["requests.carried_over.commercial_enterprise"]
    out = confirm(_report(cells), {"requests"}, {})
    assert not any(c.startswith("requests.carried_over.") for c in out.cells)
    assert any("row carried_over" in p and "not recognised with confidence" in p
               for p in out.problems)


def test_tables_not_read_by_ocr_are_left_as_read():
    cells = {**_table_three({"requests.disclosed.natural_person": 8}),
             "proactive.rules.issued": Decimal(2)}
    out = confirm(_report(cells), {"proceedings"}, {})
    assert out.cells == cells


# ------------------------------------------------------------ the rules of a picture

def _drawn_table(angle: float) -> Image.Image:
    """A 4-column ruled table: a group label merged down rows 2-3, a header merged
    across columns 2-4."""
    picture = Image.new("L", (900, 500), 255)
    draw = ImageDraw.Draw(picture)
    xs, ys = (100, 300, 500, 650, 800), (100, 160, 240, 320, 400)
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=60, width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=60, width=2)
    draw.rectangle((xs[0] + 4, ys[2] - 2, xs[1] - 4, ys[2] + 2), fill=255)  # label down
    for x in xs[2:-1]:  # header across
        draw.line((x, ys[0] + 3, x, ys[1] - 3), fill=255, width=4)
    return picture.rotate(angle, resample=Image.BILINEAR, fillcolor=255)


@pytest.mark.parametrize("angle", [0.0, 0.9, -1.4])
def test_table_rules_cut_cells_as_a_word_processor_merged_them(angle):
    page, turned = grid.straighten(_drawn_table(angle))
    assert abs(turned - angle) <= 0.15
    (table,) = grid.tables(grid.rule_ink(page))
    assert [len(row) for row in table.rows] == [2, 4, 3, 4]
    merged_down = table.rows[1][0]
    assert merged_down.bottom - merged_down.top > 150  # over rows 2 and 3


# ------------------------------------------------------------ in the warehouse

def test_the_warehouse_says_which_reports_were_read_by_ocr(tmp_path, damaged):
    from pipelines.report_files import Provenance, write_report_file
    from pipelines.warehouse import load_reports, run_query

    text = extract_path(FIXTURES / "pdf" / "seed_000_pdf.pdf")
    for name, report in (("scan", damaged), ("text", text)):
        write_report_file(tmp_path / "reports", report, Provenance(
            sha256=name * 8, url=f"https://rsj.yueqing.gov.cn/{name}.pdf",
            fetched_at="2024-03-01T08:00:00Z", source="test"))
    warehouse = tmp_path / "warehouse.duckdb"
    load_reports(tmp_path / "reports", warehouse, tmp_path / "staging")
    rows = run_query(warehouse, "SELECT url, status, ocr FROM reports ORDER BY url").to_dicts()
    assert rows == [
        {"url": "https://rsj.yueqing.gov.cn/scan.pdf", "status": "partial", "ocr": True},
        {"url": "https://rsj.yueqing.gov.cn/text.pdf", "status": "ok", "ocr": False}]


# ------------------------------------------------------------ pictures a page shows

def test_a_picture_page_read_from_the_raw_store_takes_only_its_own_hosts_pictures(
        tmp_path, monkeypatch):
    from pipelines.crawl.store import RawStore
    from pipelines.extract import extract_bytes

    stem = "w02_html_page_tables_as_pictures"
    page = (SCANS / f"{stem}.html").read_text("utf-8").replace(f'src="{stem}_files/',
                                                               'src="/picture/')
    with RawStore(tmp_path) as store:
        for picture in (SCANS / f"{stem}_files").glob("*.png"):
            store.remember(f"https://rsj.yueqing.gov.cn/picture/{picture.name}",
                           store.put(picture.read_bytes()), None, None)
    monkeypatch.setenv("XXGK_RAW", str(tmp_path))
    url = "https://rsj.yueqing.gov.cn/art/2024/1/20/art_1229_3813.html"

    report = extract_bytes(page.encode(), url)
    expected = json.loads((SCANS / f"{stem}.expected.json").read_text("utf-8"))
    assert report.ocr and report.status == "partial"
    assert {k: int(v) for k, v in report.cells.items()} == expected["cells"]

    elsewhere = page.replace('src="/picture/', 'src="https://cdn.example.com/picture/')
    report = extract_bytes(elsewhere.encode(), url)
    assert not report.ocr and report.cells == {}


def test_without_tesseract_a_pasted_table_is_named_not_read(monkeypatch):
    monkeypatch.setattr(engine, "_TESSDATA_DIRS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", "/nonexistent")
    report = extract_path(SCANS / "w01_docx_tables_pasted_as_pictures.docx")
    assert report.status == "partial" and not report.ocr
    assert not any(code.startswith("requests.") for code in report.cells)
    assert any("pasted as a picture (in the Word file) is not read" in p for p in report.problems)


def test_one_or_two_misread_figures_never_survive_the_confirmation():
    """Random consistent tables 三 and 四, one or two cells misread to other figures: every
    number kept is the printed one (the arithmetic sees one or two misreadings always)."""
    import random

    rng = random.Random(12)
    codes = (*T.request_codes(T.TEMPLATE_2021), *T.proceeding_codes())
    for _ in range(300):
        truth = _consistent_tables(rng)
        read = dict(truth)
        for code in rng.sample(codes, rng.choice((1, 2))):
            read[code] = truth[code] + rng.choice((-1, 1)) * rng.randint(1, 9)
        out = confirm(_report(read), {"requests", "proceedings"}, {})
        assert {k: v for k, v in out.cells.items() if truth[k] != v} == {}
        assert out.status == "partial"


def _consistent_tables(rng) -> dict[str, Decimal]:
    cells: dict[str, Decimal] = {}
    applicants = [a.code for a in T.APPLICANTS[:-1]]
    outcomes = T.OUTCOME_ROWS[T.TEMPLATE_2021]
    for applicant in applicants:
        for row in outcomes:
            cells[f"requests.{row}.{applicant}"] = Decimal(rng.choice((0, 0, 0, 1, 2, 5, 12)))
        processed = sum(cells[f"requests.{row}.{applicant}"] for row in outcomes)
        cells[f"requests.total_processed.{applicant}"] = processed
        forward = Decimal(rng.randint(0, 3))
        carried_over = Decimal(rng.randint(0, min(3, int(processed + forward))))
        cells[f"requests.carried_over.{applicant}"] = carried_over
        cells[f"requests.carried_forward.{applicant}"] = forward
        cells[f"requests.new_received.{applicant}"] = processed + forward - carried_over
    for row in {code.split(".")[1] for code in T.request_codes(T.TEMPLATE_2021)}:
        cells[f"requests.{row}.total"] = sum(cells[f"requests.{row}.{a}"] for a in applicants)
    for proceeding in T.PROCEEDINGS:
        results = [f"{proceeding.code}.{r.code}" for r in T.PROCEEDING_RESULTS[:-1]]
        for code in results:
            cells[code] = Decimal(rng.randint(0, 4))
        cells[f"{proceeding.code}.total"] = sum(cells[c] for c in results)
    return cells
