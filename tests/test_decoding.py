"""Bytes to text: UTF-16 found with or without a byte-order mark, never in other bytes.

The two UTF-16 fixtures without a mark (``fixtures/text/f08_*``, ``f09_*``) are
checked cell by cell by ``test_fixtures.py``; here, what must not be taken for UTF-16.
"""

from __future__ import annotations

import codecs
import random

import pytest

from conftest import FIXTURES
from pipelines.documents import UnreadableDocument, parse_bytes
from pipelines.documents.decoding import decode, utf16_text

REPORT = (FIXTURES / "text" / "f01_space_separated.txt").read_text(encoding="utf-8")
# A stretch of a report with hardly any ASCII: the zero bytes of UTF-16 are few.
DENSE = "一、总体情况\n　　本机关坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开。\n" * 40


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [REPORT, DENSE], ids=["report", "dense_cjk"])
def test_utf16_without_a_mark_decodes_in_its_byte_order(text, encoding):
    assert decode(text.encode(encoding)) == (text, "utf-16")


def test_utf16_with_a_mark_is_read_as_a_text_report():
    document = parse_bytes(codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "report.txt")
    assert document.format == "text"
    assert document.blocks[0].text == REPORT.splitlines()[0]


def test_an_html_page_saved_as_utf16_is_read_as_html():
    page = "<html><body><p>2023年政府信息公开工作年度报告</p><table><tr><td>1</td></tr></table></body></html>"
    document = parse_bytes(page.encode("utf-16-le"), "page.html")
    assert document.format == "html"
    assert [b.cells for b in document.blocks] == [("2023年政府信息公开工作年度报告",), ("1",)]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
@pytest.mark.parametrize("text", [REPORT, DENSE], ids=["report", "dense_cjk"])
def test_gb18030_and_utf8_text_is_never_taken_for_utf16(text, encoding):
    data = text.encode(encoding)
    assert utf16_text(data) is None
    assert decode(data) == (text, encoding)


def test_binary_data_with_zero_bytes_is_not_taken_for_utf16():
    noise = random.Random(7).randbytes(4096)
    data = bytes(b if i % 2 == 0 else 0 for i, b in enumerate(noise))  # zeros on one side only
    assert utf16_text(data) is None
    with pytest.raises(UnreadableDocument, match="binary data"):
        parse_bytes(data, "report.txt")
