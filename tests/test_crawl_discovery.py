"""Recognising reports, finding them on detail pages, and each CMS family's lists and pagination."""

from __future__ import annotations

import json

import pytest

from pipelines.crawl.discovery import is_document_url, is_report_title, may_be_cut_report_title, read_detail
from pipelines.crawl.families import FAMILIES


@pytest.mark.parametrize("title", [
    "乐清市人力资源和社会保障局2023年政府信息公开工作年度报告",
    "莆田市涵江区民政局2023年度政府信息公开年报",
    "2022年政府信息公开工作年度报告（区司法局）",
    "政府信息公开工作年度报告（2021年）",
])
def test_report_titles_are_recognised(title):
    assert is_report_title(title)


@pytest.mark.parametrize("title", [
    "关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
    "乐清市2024年部门预算公开",
    "涵江区2023年度部门决算公开",
    "乐清市2023年法治政府建设年度报告",
    "天河区2023年度安全生产工作报告",
    "涵江区2024年政务公开工作要点",
    "关于公布2024年政府信息公开指南的公告",
])
def test_other_items_are_skipped(title):
    assert not is_report_title(title)


def test_a_source_pattern_replaces_the_default():
    assert is_report_title("2023年信息公开统计", r"信息公开统计")
    assert not is_report_title("2023年政府信息公开工作年度报告", r"信息公开统计")


DETAIL = """<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="乐清市财政局2022年政府信息公开工作年度报告">
<meta name="PubDate" content="2023-01-20 09:30"><meta name="ContentSource" content="乐清市财政局">
<title>页面标题</title></head><body>
<p>附件：<a href="./P020230120118233412.pdf">报告.pdf</a></p>
<iframe src="/attach/iframe.pdf"></iframe>
<embed src="/attach/embed.PDF" type="application/pdf">
<a href="/module/pdfviewer/web/viewer.html?file=/picture/0/viewer.pdf">在线阅读</a>
<a href="javascript:void(0)" onclick="window.open('/module/download/downfile.jsp?classid=0&filename=2301.docx')">下载</a>
<a href="javascript:downloadFile('/upload/report.wps')">WPS</a>
<a href="/upload/report.odt">ODT</a>
<a href="./P020230120118233412.pdf#page=2">同一附件</a>
<a href="/zwgk/index.html">政务公开</a><a href="/files/budget.xls">预算表</a>
</body></html>"""


def test_a_detail_page_gives_its_attachments_in_every_markup_and_its_meta_tags():
    detail = read_detail(DETAIL, "https://www.yueqing.gov.cn/art/xxgk/ndbg/202301/t20230120_118233.html")
    site = "https://www.yueqing.gov.cn"
    assert detail.attachments == (
        f"{site}/art/xxgk/ndbg/202301/P020230120118233412.pdf",
        f"{site}/attach/iframe.pdf",
        f"{site}/attach/embed.PDF",
        f"{site}/picture/0/viewer.pdf",
        f"{site}/module/download/downfile.jsp?classid=0&filename=2301.docx",
        f"{site}/upload/report.wps",
        f"{site}/upload/report.odt",
    )
    assert detail.title == "乐清市财政局2022年政府信息公开工作年度报告"
    assert detail.published == "2023-01-20 09:30"
    assert detail.content_source == "乐清市财政局"
    assert not detail.inline


def test_a_page_with_the_report_tables_is_the_report_even_with_an_attachment():
    page = ("<html><body><h1>2023年政府信息公开工作年度报告</h1><table><tr><td>本年新收政府信息公开申请数量"
            "</td></tr></table><p>行政复议</p><a href='/a.pdf'>附件</a></body></html>")
    detail = read_detail(page, "https://x.gov.cn/art/1.html")
    assert detail.inline and detail.attachments == ("https://x.gov.cn/a.pdf",)
    assert read_detail("<html><body><p>见正文</p></body></html>", "https://x.gov.cn/2.html").inline


def test_document_urls_by_path_or_by_a_file_name_in_the_query():
    assert is_document_url("https://x.gov.cn/a/B.PDF")
    assert is_document_url("https://x.gov.cn/downfile.jsp?filename=a.docx")
    assert not is_document_url("https://x.gov.cn/art/2024/1/20/art_1229_5678.html")


def test_trs_pages_from_create_page_html():
    html = '<script>createPageHTML(4, 0, "index", "shtml");</script>'
    pages = FAMILIES["trs"].more_pages(html, "https://x.gov.cn/zwgk/ndbg/index.shtml",
                                       "https://x.gov.cn/zwgk/ndbg/index.shtml")
    assert pages == [f"https://x.gov.cn/zwgk/ndbg/index_{n}.shtml" for n in (1, 2, 3)]
    newer = "<script>createPageHTML('page_div', 3, 0, 'index', 'html', 52);</script>"
    assert FAMILIES["trs"].more_pages(newer, "https://x.gov.cn/a/index.html", "https://x.gov.cn/a/index.html") == [
        "https://x.gov.cn/a/index_1.html", "https://x.gov.cn/a/index_2.html"]
    assert FAMILIES["trs"].more_pages("<script>var countPage = 2;</script>", "https://x.gov.cn/a/index.html",
                                      "https://x.gov.cn/a/index.html") == ["https://x.gov.cn/a/index_1.html"]


def test_trs_items_relative_to_the_column_with_the_title_attribute():
    html = ('<ul><li><a href="./202401/t20240115_123456.html" title="乐清市人力资源和社会保障局2023年政府信息公开工作年度报告">'
            "乐清市人力资源和社会保障局2023年政府信息公...</a><span>2024-01-15</span></li></ul>")
    [item] = FAMILIES["trs"].items(html, "https://x.gov.cn/art/ndbg/index_1.html")
    assert item.url == "https://x.gov.cn/art/ndbg/202401/t20240115_123456.html"
    assert item.title.endswith("年度报告") and item.published == "2024-01-15"


HANWEB = """<div id="4567"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/x.jsp"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/1/20/art_1229_5678.html" title="涵江区2023年政府信息公开工作年度报告">涵江区…</a><span>2024-1-20</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/3/5/art_1229_6001.html" title="2024年政务公开工作要点">要点</a></li>]]></record>
</recordset></datastore></script><script>var totalRecord = 31; var perPage = 15;</script></div>"""


def test_hanweb_records_from_the_datastore_and_pages_by_page_number():
    hanweb = FAMILIES["hanweb"]
    list_url = "https://x.gov.cn/col/col1229/index.html?uid=4567&pageNum=1"
    items = hanweb.items(HANWEB, list_url)
    assert [(i.url, i.published) for i in items] == [
        ("https://x.gov.cn/art/2024/1/20/art_1229_5678.html", "2024-01-20"),
        ("https://x.gov.cn/art/2024/3/5/art_1229_6001.html", None)]
    assert hanweb.more_pages(HANWEB, list_url, list_url) == [
        "https://x.gov.cn/col/col1229/index.html?uid=4567&pageNum=2",
        "https://x.gov.cn/col/col1229/index.html?uid=4567&pageNum=3"]


def test_hanweb_pages_take_the_unit_id_from_the_page_when_the_list_url_lacks_it():
    page = '<a href="/module/web/jpage/dataproxy.jsp?columnid=1229&unitid=4567"></a><totalpage>2</totalpage>'
    assert FAMILIES["hanweb"].more_pages(page, "https://x.gov.cn/col/col1229/index.html",
                                         "https://x.gov.cn/col/col1229/index.html") == [
        "https://x.gov.cn/col/col1229/index.html?uid=4567&pageNum=2"]


def test_guangdong_gkmlpt_json_listing():
    listing = json.dumps({"total": 45, "articles": [
        {"title": "天河区司法局2023年政府信息公开工作年度报告",
         "url": "http://www.thnet.gov.cn/gkmlpt/content/1/1872/post_1872001.html",
         "display_publish_time": 1706227200}] * 20}, ensure_ascii=False)
    guangdong = FAMILIES["guangdong"]
    api = "http://www.thnet.gov.cn/gkmlpt/api/all/2914?page=1&sid=757001"
    item = guangdong.items(listing, api)[0]
    assert item.url.endswith("post_1872001.html") and item.published == "2024-01-26"
    assert guangdong.more_pages(listing, api, api) == [
        "http://www.thnet.gov.cn/gkmlpt/api/all/2914?sid=757001&page=2",
        "http://www.thnet.gov.cn/gkmlpt/api/all/2914?sid=757001&page=3"]


def test_generic_pagination_stays_in_the_column():
    html = ('<a href="list.html?page=2">下一页</a><a href="index_3.html">3</a>'
            '<a href="/other/column/index_2.html">2</a><a href="https://elsewhere.cn/zwgk/ndbg/list.html?page=2">2</a>'
            '<a href="/zwgk/ndbg/2024-01-18/1039.html">2023年报告</a>')
    pages = FAMILIES["generic"].more_pages(html, "https://x.gov.cn/zwgk/ndbg/list.html",
                                           "https://x.gov.cn/zwgk/ndbg/list.html")
    assert pages == ["https://x.gov.cn/zwgk/ndbg/list.html?page=2", "https://x.gov.cn/zwgk/ndbg/index_3.html"]


# ---------------------------------------------------------------- variants met on other portals

@pytest.mark.parametrize("title", [
    "泽州县人社局2023年度政府信息公开工作报告",
    "2012年政府信息公开工作报告",
    "达州市人社局二〇二二年政府信息公开工作年度报告",
    "泽州县住建局2023年政府信息公开工作年度\n报告",
])
def test_more_report_titles_are_recognised(title):
    assert is_report_title(title)


@pytest.mark.parametrize("title", [
    "图解：涵江区财政局2023年政府信息公开工作年度报告",
    "一图读懂2023年政府信息公开工作年度报告",
    "涵江区2023年政府信息公开工作年度报表",
    "《泽州县2023年政府信息公开工作年度报告》解读",
])
def test_look_alikes_of_reports_are_skipped(title):
    assert not is_report_title(title)


def test_cut_short_titles_are_left_to_the_page_unless_plainly_something_else():
    assert may_be_cut_report_title("达州市医疗保障局2023年政府信息…")
    assert may_be_cut_report_title("达州市医疗保障局2023年政府信息...")
    assert not may_be_cut_report_title("达州市医疗保障局2023年政府信息公开工作要点…")
    assert not may_be_cut_report_title("达州市医疗保障局2023年政府信息公开工作年度报告")


def test_links_resolve_against_base_href_and_javascript_links_give_their_target():
    html = ('<html><head><base href="/info/"></head><body>'
            '<a href="ndbg/2024/a1.html">泽州县2023年<em>政府信息公开</em>工作年度报告</a>'
            '<a href="javascript:void(0)" onclick="window.open(\'/info/ndbg/2023/b2.html\')">二〇二二年年报</a>'
            '<a href="javascript:openArticle(\'./ndbg/2022/c3.html\');">2021年年报</a>'
            '<a href="javascript:;">下一页</a><a href="#" onclick="location.href=\'list_2.shtml\'">下一页</a>'
            '</body></html>')
    page = "https://x.gov.cn/zwgk/ndbg/index.shtml"
    items = FAMILIES["generic"].items(html, page)
    assert [(i.title, i.url) for i in items] == [
        ("泽州县2023年政府信息公开工作年度报告", "https://x.gov.cn/info/ndbg/2024/a1.html"),
        ("二〇二二年年报", "https://x.gov.cn/info/ndbg/2023/b2.html"),
        ("2021年年报", "https://x.gov.cn/info/ndbg/2022/c3.html"),
        ("下一页", "https://x.gov.cn/info/list_2.shtml")]
    detail = read_detail(html.replace("ndbg/2024/a1.html", "../uploads/a1.pdf"), page)
    assert detail.attachments == ("https://x.gov.cn/uploads/a1.pdf",)


def test_trs_pager_after_an_inline_definition_or_with_a_variable_count():
    defined = ("<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>"
               "<script>createPageHTML( 3 ,0 ,'index' ,'html' );</script>")
    column = "https://x.gov.cn/xxgk/ndbg/index.html"
    assert FAMILIES["trs"].more_pages(defined, column, column) == [
        "https://x.gov.cn/xxgk/ndbg/index_1.html", "https://x.gov.cn/xxgk/ndbg/index_2.html"]
    variable = ('<script>var currentPage = 0;\nvar countPage = 2//共多少页\n'
                'createPageHTML(countPage, currentPage, "index", "shtml");</script>')
    column = "https://x.gov.cn/zwgk/ndbg/index.shtml"
    assert FAMILIES["trs"].more_pages(variable, column, column) == ["https://x.gov.cn/zwgk/ndbg/index_1.shtml"]


def test_trs_attachments_written_by_a_script_are_found_and_bare_file_names_are_not():
    html = ("<script>var fileUrl = './P020220115600000000002.pdf'; var fileName = '年报表格.pdf';"
            "document.write('<a href=\"' + fileUrl + '\">' + fileName + '</a>');</script>")
    detail = read_detail(html, "https://x.gov.cn/xxgk/ndbg/202201/t20220115_3001.html")
    assert detail.attachments == ("https://x.gov.cn/xxgk/ndbg/202201/P020220115600000000002.pdf",)


def test_guangdong_json_pages_come_from_the_first_page_only():
    articles = [{"title": "越秀区2023年政府信息公开工作年度报告", "url": "/gkmlpt/content/2/2914/post_1.html",
                 "first_publish_time": 1705300000}]
    api = "http://x.gov.cn/gkmlpt/api/all/2914?page=1&sid=1"
    first = json.dumps({"articles": articles * 3, "total": 5}, ensure_ascii=False)
    last = json.dumps({"articles": articles * 2, "total": 5}, ensure_ascii=False)
    guangdong = FAMILIES["guangdong"]
    assert guangdong.more_pages(first, api, api) == ["http://x.gov.cn/gkmlpt/api/all/2914?sid=1&page=2"]
    assert guangdong.more_pages(last, "http://x.gov.cn/gkmlpt/api/all/2914?sid=1&page=2", api) == []
    assert guangdong.items(first, api)[0].published == "2024-01-15"
