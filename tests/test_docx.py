"""Word reports: DOCX read as Word prints it; DOC and ODT through LibreOffice, or refused naming it.

The seed fixtures under ``fixtures/docx/`` are checked cell by cell by ``test_fixtures.py``.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import FIXTURES, load_json, wrong_cells
from pipelines.documents import office
from pipelines.extract import extract_bytes, extract_path

WORD_SOURCES = sorted((FIXTURES / "converted" / "pdf" / "src").glob("*.docx"))


@pytest.mark.parametrize("docx", WORD_SOURCES, ids=lambda p: p.stem)
def test_python_docx_reports_with_vertical_merges_read_every_cell(docx):
    truth = load_json(FIXTURES / "converted" / f"{docx.stem}__pdfplumber.expected.json")
    report = extract_path(docx)
    assert (report.status, report.format) == ("ok", "docx"), report.problems
    assert (report.agency, report.year, report.template) == (
        truth["agency"], truth["year"], truth["template"])
    assert wrong_cells(report, truth["cells"]) == {}


def test_merged_cells_are_given_once_as_word_prints_them():
    from pipelines.documents import parse_bytes
    docx = FIXTURES / "docx" / "seed_000_docx.docx"
    rows = [b.cells for b in parse_bytes(docx.read_bytes(), docx.name).blocks if b.table == 1]
    assert rows[0] == ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况")
    assert rows[1] == ("自然人", "法人或其他组织", "总计")
    assert sum(cell == "三、本年度办理结果" for row in rows for cell in row) == 1


def test_doc_without_libreoffice_fails_naming_what_is_missing(monkeypatch):
    monkeypatch.setattr(office, "office_program", lambda: None)
    data = (FIXTURES / "docx" / "seed_000_doc.doc").read_bytes()
    report = extract_bytes(data, "report.doc")
    assert report.status == "failed"
    assert "needs LibreOffice (soffice), which is not installed" in report.problems[0]


def test_odt_without_libreoffice_fails_naming_what_is_missing(monkeypatch):
    monkeypatch.setattr(office, "office_program", lambda: None)
    data = (FIXTURES / "formats" / "odt_township_2024.odt").read_bytes()
    report = extract_bytes(data, "report.odt")
    assert report.status == "failed"
    assert report.problems[0] == ("the file is an ODT document; reading it needs LibreOffice "
                                  "(soffice), which is not installed")


def test_an_opendocument_spreadsheet_is_not_taken_for_text():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    report = extract_bytes(archive.getvalue(), "report.ods")
    assert report.status == "failed" and "not a DOCX or ODT" in report.problems[0]


def test_a_zip_that_is_not_word_and_a_broken_docx_fail_with_reasons():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Doc_0/Page_0/Content.xml", "<ofd/>")
    report = extract_bytes(archive.getvalue(), "report.ofd")
    assert report.status == "failed" and "not a DOCX" in report.problems[0]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<not xml")
    report = extract_bytes(broken.getvalue(), "report.docx")
    assert report.status == "failed" and "DOCX file is corrupt" in report.problems[0]


def test_a_title_in_a_text_box_is_read_once_and_nested_tables_once(tmp_path):
    """Word stores a text box twice (the drawing, then a fallback for old readers); a
    layout table holding the report's table must not give its rows twice."""
    import docx
    from docx.oxml import parse_xml

    box = ('<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>'
           '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
           '<w:t>{0}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{0}</w:t>'
           '</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r></w:p>')
    source = FIXTURES / "docx" / "seed_000_docx.docx"
    word = docx.Document(source)
    word.element.body.insert(0, parse_xml(box.format("乐清市人力资源和社会保障局2023年政府信息公开工作年度报告")))
    outer = word.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "附表", "1"
    path = tmp_path / "boxed.docx"
    word.save(path)
    from pipelines.documents import parse_bytes
    lines = [b.text for b in parse_bytes(path.read_bytes(), path.name).blocks]
    assert lines.count("乐清市人力资源和社会保障局2023年政府信息公开工作年度报告") == 1
    assert lines.count("附表 1") == 1
    report = extract_path(path)
    assert (report.status, report.agency, report.year) == ("ok", "乐清市人力资源和社会保障局", 2023)
