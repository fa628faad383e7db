"""Where a page's text is in lxml's tree (after an element, around a comment), kept when the
page chrome around it is taken out."""

from __future__ import annotations

from pipelines.documents.html import parse_html


def lines(html: str) -> list[tuple[str, ...]]:
    return [block.cells for block in parse_html(html.encode(), "page.html").blocks]


def test_text_after_a_removed_element_or_a_comment_stays_in_its_line():
    assert lines("<p>本年<script>var x;</script>新收<!-- 编辑 -->申请</p>") == [("本年新收申请",)]
    assert lines("<div><span class='share'>分享</span>正文<nav>x</nav>续</div>") == [("正文续",)]


def test_cells_drop_footnote_marks_and_comments_but_keep_the_text_after_them():
    rows = lines("<table><tr><td>行政许可<sup>1</sup>（含备案）</td>"
                 "<td>1<!--x-->2</td><td>3<br>4</td><td></td></tr></table>")
    assert rows == [("行政许可（含备案）", "12", "3 4", "")]


def test_menu_links_go_but_links_in_tables_and_their_rows_stay():
    html = ("<body><ul><li><a href='/'>首页</a>｜</li></ul>"
            "<table><tr><td><a href='f.pdf'>附件</a></td><td>5</td></tr></table></body>")
    assert lines(html) == [("｜",), ("附件", "5")]


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>某局_2023年政府信息公开工作年度报告</title></head>"
            "<body><h1>2023年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>")
    document = parse_html(html.encode(), "page.html")
    assert [b.cells for b in document.blocks] == [("2023年政府信息公开工作年度报告",),
                                                  ("一、总体情况",)]
    assert document.meta == {"page_title": "2023年政府信息公开工作年度报告",
                             "heading": "2023年政府信息公开工作年度报告"}


def test_a_page_of_markup_without_text_has_no_blocks():
    assert lines("<html><body><script>x</script><!-- -->  </body></html>") == []
