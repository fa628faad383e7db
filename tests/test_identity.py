"""Identity and document kind: ``agency``, ``year`` and ``status: not_a_report``.

A specification table. Each case is one small but realistic document — a
portal page with its chrome, or a text conversion of a PDF/Word file or of a
saved page — with the identity ``../shared/spec/template.md`` demands:

* ``agency`` is the issuing body as the report's title names it, without the
  year and the words 政府信息公开工作年度报告 (``洪泽区人民政府2023年政府信息公开
  工作年度报告`` → ``洪泽区人民政府``); where there is no title, the body that
  signs the report;
* ``year`` is the reporting year covered, not the publication year;
* a document that is not an annual report (a 工作要点 notice, a budget, a
  statistical bulletin, a news item or a chart about the report, a 指南, a list
  of report titles) is ``not_a_report``.

Documents are built by the helpers below from one body of report tables
(二、三、四 in the 2021 format), so that every case differs from the others only
in what concerns identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pytest

from models.report import NOT_A_REPORT
from pipelines.documents import parse_bytes
from pipelines.reading import read_report

# ---------------------------------------------------------------------------
# The report tables, once; rendered as a text conversion (tab-separated) or as HTML.
# ---------------------------------------------------------------------------

_PROACTIVE_TEXT = """\
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t2\t1\t8
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t96
第二十条第（六）项
信息内容\t本年处理决定数量
行政处罚\t41
行政强制\t0
第二十条第（八）项
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t0"""

_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
# (group, label, seven numbers); the group rows of 三、本年度办理结果 carry no numbers.
_REQUEST_ROWS = (
    (None, "一、本年新收政府信息公开申请数量", (16, 0, 0, 0, 5, 0, 21)),
    (None, "二、上年结转政府信息公开申请数量", (1, 0, 0, 0, 0, 0, 1)),
    ("", "（一）予以公开", (7, 0, 0, 0, 2, 0, 9)),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (1, 0, 0, 0, 1, 0, 2)),
    ("（三）不予公开", "1.属于国家秘密", (0,) * 7),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", (0,) * 7),
    ("（三）不予公开", "3.危及“三安全一稳定”", (0,) * 7),
    ("（三）不予公开", "4.保护第三方合法权益", (0,) * 7),
    ("（三）不予公开", "5.属于三类内部事务信息", (0,) * 7),
    ("（三）不予公开", "6.属于四类过程性信息", (0,) * 7),
    ("（三）不予公开", "7.属于行政执法案卷", (2, 0, 0, 0, 0, 0, 2)),
    ("（三）不予公开", "8.属于行政查询事项", (0,) * 7),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", (4, 0, 0, 0, 1, 0, 5)),
    ("（四）无法提供", "2.没有现成信息需要另行制作", (0,) * 7),
    ("（四）无法提供", "3.补正后申请内容仍不明确", (0,) * 7),
    ("（五）不予处理", "1.信访举报投诉类申请", (2, 0, 0, 0, 0, 0, 2)),
    ("（五）不予处理", "2.重复申请", (0,) * 7),
    ("（五）不予处理", "3.要求提供公开出版物", (0,) * 7),
    ("（五）不予处理", "4.无正当理由大量反复申请", (0,) * 7),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", (0,) * 7),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (1, 0, 0, 0, 0, 0, 1)),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("（六）其他处理", "3.其他", (0,) * 7),
    ("", "（七）总计", (17, 0, 0, 0, 4, 0, 21)),
    (None, "四、结转下年度继续办理", (0, 0, 0, 0, 1, 0, 1)),
)
_PROCEEDINGS = (1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1)


def _requests_text() -> str:
    lines = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\t\t\t\t\t\t总计",
        "\t自然人\t法人或其他组织\t\t\t\t\t",
        "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    ]
    seen_groups: set[str] = set()
    for group, label, numbers in _REQUEST_ROWS:
        cells = "\t".join(str(n) for n in numbers)
        if group is None or label == "（七）总计":
            lines.append(f"{label}\t\t{cells}")
        elif group == "":
            lead = "三、本年度办理结果" if label == "（一）予以公开" else ""
            lines.append(f"{lead}\t{label}\t{cells}")
        elif group not in seen_groups:
            seen_groups.add(group)
            lines.append(f"\t{group}\t{label}\t{cells}")
        else:
            lines.append(f"\t\t{label}\t{cells}")
    return "\n".join(lines)


_PROCEEDINGS_TEXT = "\n".join([
    "行政复议\t\t\t\t\t行政诉讼",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
    "\t".join(str(n) for n in _PROCEEDINGS),
])


def _td(text: object, **attrs: object) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f'<td align="center"{extra}><span style="font-family:仿宋_GB2312;font-size:12pt;">{escape(str(text))}</span></td>'


def _proactive_html() -> str:
    rows = []
    for line in _PROACTIVE_TEXT.splitlines():
        cells = line.split("\t")
        if len(cells) == 1:
            rows.append(_td(cells[0], colspan=4))
        elif len(cells) == 2:
            rows.append(_td(cells[0]) + _td(cells[1], colspan=3))
        else:
            rows.append("".join(_td(c) for c in cells))
    return _table(rows)


def _requests_html() -> str:
    rows = [
        _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3)
        + _td("申请人情况", colspan=7),
        _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2),
        "".join(_td(c) for c in _COLUMNS[1:6]),
    ]
    group_sizes = {}
    for group, _, _ in _REQUEST_ROWS:
        if group:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    seen_groups: set[str] = set()
    for group, label, numbers in _REQUEST_ROWS:
        cells = "".join(_td(n) for n in numbers)
        if group is None:
            rows.append(_td(label, colspan=3) + cells)
        elif group == "":
            lead = _td("三、本年度办理结果", rowspan=22) if label == "（一）予以公开" else ""
            rows.append(lead + _td(label, colspan=2) + cells)
        elif group not in seen_groups:
            seen_groups.add(group)
            rows.append(_td(group, rowspan=group_sizes[group]) + _td(label) + cells)
        else:
            rows.append(_td(label) + cells)
    return _table(rows)


def _proceedings_html() -> str:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    rows = [
        _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10),
        "".join(_td(r, rowspan=2) for r in results) + _td("未经复议直接起诉", colspan=5)
        + _td("复议后起诉", colspan=5),
        "".join(_td(r) for r in results * 2),
        "".join(_td(n) for n in _PROCEEDINGS),
    ]
    return _table(rows)


def _table(rows: list[str]) -> str:
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return ('<table border="1" cellspacing="0" cellpadding="0" width="100%" '
            f'style="border-collapse:collapse;">\n{body}\n</table>')


# ---------------------------------------------------------------------------
# Report bodies: the narrative around the tables, with its identity-bearing lines
# ---------------------------------------------------------------------------

INTRO = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
         "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
         "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
         "存在的主要问题及改进情况、其他需要报告的事项。如对本报告有疑问，请与本机关办公室联系。")


def period(year: int) -> str:
    """The usual statement of the statistical period."""
    return INTRO[:-len("如对本报告有疑问，请与本机关办公室联系。")] + \
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与本机关办公室联系。"


def _body_paragraphs(intro: str, overall: str) -> list[tuple[str, str]]:
    """(kind, content): kind is "p" for a paragraph line, "t2"/"t3"/"t4" for a table."""
    return [
        ("p", intro),
        ("p", "一、总体情况"),
        ("p", overall),
        ("p", "二、主动公开政府信息情况"),
        ("t2", ""),
        ("p", "三、收到和处理政府信息公开申请情况"),
        ("t3", ""),
        ("p", "四、政府信息公开行政复议、行政诉讼情况"),
        ("t4", ""),
        ("p", "五、存在的主要问题及改进情况"),
        ("p", "政策解读形式较为单一，公开内容与群众需求仍有差距。下一步，将围绕重点领域加大公开力度，提升解读质量。"),
        ("p", "六、其他需要报告的事项"),
        ("p", "本年度未收取信息处理费。"),
    ]


OVERALL = ("本年度，本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息312条，"
           "收到政府信息公开申请21件，均在法定期限内答复。")


def overall(year: int) -> str:
    return f"{year}年，本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息312条，收到政府信息公开申请21件，均在法定期限内答复。"


def text_report(*, before: list[str] = (), intro: str = INTRO, overall_text: str = OVERALL,
                after: list[str] = ()) -> bytes:
    """A text conversion: the lines before the body (title, chrome), the body, the lines after (signature, footer)."""
    lines = list(before)
    for kind, content in _body_paragraphs(intro, overall_text):
        if kind == "p":
            lines.append(content)
        elif kind == "t2":
            lines.append(_PROACTIVE_TEXT)
        elif kind == "t3":
            lines.append(_requests_text())
        else:
            lines.append(_PROCEEDINGS_TEXT)
    lines.extend(after)
    return ("\n".join(lines) + "\n").encode("utf-8")


def text_doc(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


SITE_HEADER = """\
<div class="head"><div class="top-bar">{site} <a href="#">繁體版</a> <a href="#">无障碍</a> <a href="#">长者版</a> <a href="#">登录</a></div>
<div class="logo"><img src="/images/logo.png" alt="{site}"></div></div>
<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a></nav>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>"""

SITE_FOOTER = """\
<div class="footer"><p><a href="#">网站地图</a> | <a href="#">联系我们</a></p>
<p>主办单位：{site}办公室　承办单位：{site}大数据发展管理中心</p>
<p>网站标识码：3303290001　浙ICP备05012858号-1　浙公网安备 33032902000113号</p></div>"""


def html_page(*, head: str = "", site: str = "泰顺县人民政府", header: str | None = None,
              heading: str = "", info: str = "发布时间：2024-01-18　来源：本机关　浏览次数：<span>362</span>",
              intro: str = INTRO, overall_text: str = OVERALL, tables: bool = True,
              paragraphs: list[str] | None = None, signature: list[str] = (), after_article: str = "",
              footer: str | None = None) -> bytes:
    """A portal article page: <head>, header chrome, the article (heading, info line, body, signature), chrome after."""
    parts = []
    if paragraphs is not None:
        parts = [f"<p>{escape(p)}</p>" for p in paragraphs]
    else:
        for kind, content in _body_paragraphs(intro, overall_text):
            if kind == "p":
                parts.append(f'<p style="text-indent:2em;">{escape(content)}</p>')
            elif tables:
                parts.append({"t2": _proactive_html, "t3": _requests_html, "t4": _proceedings_html}[kind]())
    parts += [f'<p style="text-align:right;">{escape(s)}</p>' for s in signature]
    article = "\n".join(parts)
    header_html = SITE_HEADER.format(site=site) if header is None else header
    footer_html = SITE_FOOTER.format(site=site) if footer is None else footer
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{site}">
{head}
<link rel="stylesheet" href="/css/article.css">
<script src="/js/jquery.min.js"></script>
</head>
<body>
{header_html}
<div class="main-content">
<div class="article">
{heading}
<div class="info">{info}</div>
<div class="article-con" id="zoom">
{article}
</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
{after_article}
</div>
{footer_html}
</body>
</html>
"""
    return page.encode("utf-8")


def h1(title: str) -> str:
    return f"<h1>{escape(title)}</h1>"


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    id: str
    data: bytes
    source: str
    agency: str | None = None
    year: int | None = None
    not_a_report: bool = False


def report(id: str, data: bytes, agency: str, year: int) -> Case:
    source = f"{id}.html" if data.lstrip().startswith(b"<") else f"{id}.txt"
    return Case(id, data, source, agency, year)


def other(id: str, data: bytes) -> Case:
    source = f"{id}.html" if data.lstrip().startswith(b"<") else f"{id}.txt"
    return Case(id, data, source, not_a_report=True)


CASES: list[Case] = [
    # --- titles ------------------------------------------------------------------
    report("title_plain",
           text_report(before=["泰顺县司法局2023年政府信息公开工作年度报告"], intro=period(2023)),
           "泰顺县司法局", 2023),
    report("title_niandu",
           html_page(head="<title>桐乡市教育局2023年度政府信息公开工作年度报告_桐乡市人民政府</title>",
                     site="桐乡市人民政府", heading=h1("桐乡市教育局2023年度政府信息公开工作年度报告"),
                     overall_text=overall(2023)),
           "桐乡市教育局", 2023),
    report("title_year_first",
           text_report(before=["2023年文成县统计局政府信息公开工作年度报告"], overall_text=overall(2023)),
           "文成县统计局", 2023),
    report("title_guanyu",
           text_report(before=["温州市民政局关于2022年度政府信息公开工作年度报告"], intro=period(2022),
                       after=["温州市民政局", "2023年1月20日"]),
           "温州市民政局", 2022),
    report("title_without_gongzuo",
           text_report(before=["永嘉县人民政府办公室2023年政府信息公开年度报告"], intro=period(2023)),
           "永嘉县人民政府办公室", 2023),
    report("title_zhengwu_gongkai",
           html_page(head="<title>南麂镇人民政府2021年政务公开工作年度报告_平阳县人民政府</title>",
                     site="平阳县人民政府", heading=h1("南麂镇人民政府2021年政务公开工作年度报告"),
                     info="发布时间：2022-01-25　来源：南麂镇", intro=period(2021)),
           "南麂镇人民政府", 2021),
    report("title_nianbao",
           text_report(before=["洞头区2023年政府信息公开工作年报"], intro=period(2023)),
           "洞头区", 2023),
    report("title_year_in_brackets_after",
           text_report(before=["平阳县市场监督管理局政府信息公开工作年度报告（2023年）"], overall_text=overall(2023)),
           "平阳县市场监督管理局", 2023),
    report("title_chinese_numeral_year",
           text_report(before=["瑞安市住房和城乡建设局二〇二三年政府信息公开工作年度报告"]),
           "瑞安市住房和城乡建设局", 2023),
    report("title_chinese_numeral_year_niandu_html",
           html_page(head="<title>文成县林业局二〇二三年度政府信息公开工作年度报告_文成县人民政府</title>",
                     site="文成县人民政府", heading=h1("文成县林业局二〇二三年度政府信息公开工作年度报告")),
           "文成县林业局", 2023),
    report("title_split_agency_then_year",
           text_report(before=["苍南县交通运输局", "2023年政府信息公开工作年度报告"]),
           "苍南县交通运输局", 2023),
    report("title_split_inside_the_words",
           text_report(before=["龙港市自然资源和规划局2023年政府信息", "公开工作年度报告"]),
           "龙港市自然资源和规划局", 2023),
    report("title_split_by_br_in_h1",
           html_page(head="<title>政府信息公开年报_苍南县人民政府</title>", site="苍南县人民政府",
                     heading="<h1>苍南县卫生健康局<br>2023年政府信息公开工作年度报告</h1>"),
           "苍南县卫生健康局", 2023),
    report("title_in_square_brackets",
           text_report(before=["【乐清市卫生健康局】2023年政府信息公开工作年度报告"]),
           "乐清市卫生健康局", 2023),
    report("title_in_book_title_marks",
           text_report(before=["《鹿城区财政局2023年政府信息公开工作年度报告》"]),
           "鹿城区财政局", 2023),
    report("title_followed_by_quanwen",
           text_report(before=["瓯海区教育局2023年政府信息公开工作年度报告（全文）"]),
           "瓯海区教育局", 2023),
    report("title_followed_by_publication_time",
           text_report(before=["龙湾区司法局2023年政府信息公开工作年度报告　发布时间：2024-01-20"]),
           "龙湾区司法局", 2023),
    report("html_title_with_portal_suffix_underscore",
           html_page(head="<title>温州市市场监督管理局2023年政府信息公开工作年度报告_温州市人民政府门户网站</title>",
                     site="温州市人民政府"),
           "温州市市场监督管理局", 2023),
    report("html_title_with_portal_suffix_dash",
           html_page(head="<title>平阳县应急管理局2023年政府信息公开工作年度报告-平阳县人民政府</title>",
                     site="平阳县人民政府"),
           "平阳县应急管理局", 2023),
    report("meta_article_title",
           html_page(head='<meta name="ArticleTitle" content="乐清市人力资源和社会保障局2023年政府信息公开工作年度报告">\n'
                          '<meta name="PubDate" content="2024-01-19 09:12">\n<title>乐清市人民政府</title>',
                     site="乐清市人民政府"),
           "乐清市人力资源和社会保障局", 2023),
    report("h1_inside_article_title_div_title_beats_signature",
           html_page(head="<title>泰顺县人民政府2023年政府信息公开工作年度报告_泰顺县人民政府</title>",
                     heading='<div class="article-title"><h1>泰顺县人民政府2023年政府信息公开工作年度报告</h1></div>',
                     signature=["泰顺县人民政府办公室", "2024年1月15日"]),
           "泰顺县人民政府", 2023),
    report("title_of_a_supply_cooperatives_federation",
           text_report(before=["温州市供销合作社联合社2023年政府信息公开工作年度报告"], intro=period(2023)),
           "温州市供销合作社联合社", 2023),
    report("title_of_a_newspaper_office_html",
           html_page(head="<title>温州日报社2023年政府信息公开工作年度报告_温州市人民政府</title>",
                     site="温州市人民政府", heading=h1("温州日报社2023年政府信息公开工作年度报告"),
                     info="发布时间：2024-01-26　来源：温州日报社"),
           "温州日报社", 2023),
    report("title_of_a_publishing_house_split_over_two_lines",
           text_report(before=["浙江人民出版社", "2023年度政府信息公开工作年度报告"]),
           "浙江人民出版社", 2023),
    report("data_table_page_nianbao_shujubiao_text",
           text_doc("乐清市民政局2023年政务公开年报数据表", "二、主动公开政府信息情况", _PROACTIVE_TEXT,
                    "三、收到和处理政府信息公开申请情况", _requests_text(),
                    "四、政府信息公开行政复议、行政诉讼情况", _PROCEEDINGS_TEXT),
           "乐清市民政局", 2023),
    report("data_table_page_shujubiao_in_brackets_html",
           html_page(head="<title>瑞安市财政局2023年政府信息公开工作年度报告（数据表）_瑞安市人民政府</title>",
                     site="瑞安市人民政府",
                     heading=h1("瑞安市财政局2023年政府信息公开工作年度报告（数据表）"),
                     info="发布时间：2024-01-23　来源：瑞安市财政局",
                     intro="附：瑞安市财政局2023年政府信息公开工作年度报告数据表。", overall_text=""),
           "瑞安市财政局", 2023),
    report("page_title_is_only_the_site_name",
           html_page(head="<title>文成县人民政府</title>", site="文成县人民政府",
                     heading=h1("文成县医疗保障局2023年政府信息公开工作年度报告")),
           "文成县医疗保障局", 2023),

    # --- no usable title: the signature and the body ---------------------------------
    report("no_title_signature_full_date_period_qi_zhi",
           text_report(intro=period(2023), overall_text=overall(2023), after=["桐乡市教育局", "2024年1月22日"]),
           "桐乡市教育局", 2023),
    report("no_title_signature_month_only_period_wei",
           text_report(intro=INTRO[:-len("如对本报告有疑问，请与本机关办公室联系。")]
                       + "本报告所列数据的统计期限为2023年1月1日至12月31日。如对本报告有疑问，请与本机关办公室联系。",
                       after=["海宁市水利局", "2024年1月"]),
           "海宁市水利局", 2023),
    report("no_title_signature_chinese_date_year_in_first_paragraph",
           text_report(intro="根据《中华人民共和国政府信息公开条例》要求，现将嘉善县商务局2023年度政府信息公开工作情况报告如下。",
                       after=["嘉善县商务局", "二〇二四年一月十五日"]),
           "嘉善县商务局", 2023),
    report("no_title_signature_with_seal_line",
           text_report(after=["苍南县农业农村局", "（盖章）", "2024年1月18日"]),
           "苍南县农业农村局", 2023),
    report("no_title_signature_then_portal_footer",
           text_report(intro=period(2023),
                       after=["安吉县林业局", "2024年1月25日", "【打印本页】【关闭窗口】",
                              "主办单位：安吉县人民政府办公室　承办单位：安吉县大数据发展管理中心",
                              "网站标识码：3305230001　浙ICP备11023456号-1", "浙公网安备 33052302000123号"]),
           "安吉县林业局", 2023),
    report("no_title_signature_and_date_on_one_line",
           text_report(intro=period(2023), after=["乐清市人力资源和社会保障局　　2024年1月20日"]),
           "乐清市人力资源和社会保障局", 2023),
    report("no_title_year_only_from_a_signature_on_one_line_then_the_source_link",
           text_report(after=["永嘉县农业农村局 2024年1月22日",
                              "原文链接：http://www.yj.gov.cn/art/2025/3/2/art_1229_5566.html"]),
           "永嘉县农业农村局", 2023),
    report("no_title_signature_of_a_supply_cooperatives_federation_on_one_line",
           text_report(intro=period(2023), after=["永嘉县供销合作社联合社 2024年1月22日"]),
           "永嘉县供销合作社联合社", 2023),
    report("no_title_year_only_from_signature",
           text_report(after=["德清县民政局", "2024年1月10日"]),
           "德清县民政局", 2023),
    report("html_no_heading_signature_month_only",
           html_page(head="<title>德清县人民政府</title>", site="德清县人民政府",
                     signature=["德清县交通运输局", "2024年1月"]),
           "德清县交通运输局", 2023),
    report("html_title_without_year_year_from_first_paragraph",
           html_page(head="<title>永嘉县林业局政府信息公开工作年度报告_永嘉县人民政府</title>", site="永嘉县人民政府",
                     heading=h1("永嘉县林业局政府信息公开工作年度报告"),
                     info="发布时间：2024-01-25　来源：永嘉县林业局",
                     intro="按照《中华人民共和国政府信息公开条例》要求，现公布永嘉县林业局2023年度政府信息公开工作情况。"),
           "永嘉县林业局", 2023),

    # --- traps ---------------------------------------------------------------------
    report("related_links_and_prev_next_with_other_years",
           html_page(head="<title>泰顺县司法局2023年政府信息公开工作年度报告_泰顺县人民政府</title>",
                     heading=h1("泰顺县司法局2023年政府信息公开工作年度报告"),
                     after_article="""\
<div class="prev-next"><p>上一篇：<a href="/art/2023/1/16/art_1.html">泰顺县司法局2022年政府信息公开工作年度报告</a></p>
<p>下一篇：<a href="/art/2024/2/1/art_2.html">泰顺县司法局2024年政务公开工作要点</a></p></div>
<div class="related"><h3>相关信息</h3><ul>
<li><a href="/art/2022/1/20/art_3.html">泰顺县司法局2021年政府信息公开工作年度报告</a><span>2022-01-20</span></li>
<li><a href="/art/2021/1/25/art_4.html">泰顺县司法局2020年政府信息公开工作年度报告</a><span>2021-01-25</span></li>
</ul></div>"""),
           "泰顺县司法局", 2023),
    report("saved_page_prev_next_lines_after_signature",
           text_report(after=["长兴县统计局", "2024年1月15日",
                              "上一篇：长兴县统计局2022年政府信息公开工作年度报告",
                              "下一篇：长兴县统计局2024年政务公开工作要点",
                              "相关链接：", "长兴县统计局2021年政府信息公开工作年度报告",
                              "长兴县统计局2020年政府信息公开工作年度报告"]),
           "长兴县统计局", 2023),
    report("text_breadcrumb_above_the_title",
           text_report(before=["首页 > 政务公开 > 政府信息公开年报", "嘉兴市南湖区审计局2023年政府信息公开工作年度报告",
                               "发布时间：2024-01-22　来源：南湖区审计局"]),
           "嘉兴市南湖区审计局", 2023),
    report("html_breadcrumb_text_and_no_heading",
           html_page(head="<title>海盐县人民政府</title>", site="海盐县人民政府",
                     header="""\
<div class="head"><div class="logo">海盐县人民政府</div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <span>政府信息公开年报</span></div>""",
                     intro=period(2023), signature=["海盐县城市管理局", "2024年1月16日"]),
           "海盐县城市管理局", 2023),
    report("footer_host_names_another_body",
           html_page(head="<title>2023年政府信息公开工作年度报告_瑞安市人民政府</title>", site="瑞安市人民政府",
                     heading=h1("2023年政府信息公开工作年度报告"),
                     signature=["瑞安市农业农村局", "2024年1月12日"],
                     footer="""\
<div class="foot"><p>主办单位：瑞安市人民政府办公室</p><p>承办单位：瑞安市大数据发展中心</p>
<p>网站标识码：3303810001　浙ICP备05000000号</p></div>"""),
           "瑞安市农业农村局", 2023),
    report("report_for_2022_published_in_2023_html",
           html_page(head='<meta name="PubDate" content="2023-01-18 10:22">\n'
                          "<title>平阳县交通运输局2022年度政府信息公开工作年度报告_平阳县人民政府</title>",
                     site="平阳县人民政府", heading=h1("平阳县交通运输局2022年度政府信息公开工作年度报告"),
                     info="发布时间：2023-01-18 10:22　来源：平阳县交通运输局",
                     overall_text=overall(2022)),
           "平阳县交通运输局", 2022),
    report("report_for_2022_published_in_2023_text_no_title",
           text_report(before=["发布时间：2023-01-18 10:22　来源：平阳县交通运输局　浏览次数：158"],
                       intro=period(2022), overall_text=overall(2022),
                       after=["平阳县交通运输局", "2023年1月18日"]),
           "平阳县交通运输局", 2022),
    report("column_heading_with_year_range_above_the_title",
           html_page(head="<title>鹿城区人民政府2023年政府信息公开工作年度报告_鹿城区人民政府</title>",
                     site="鹿城区人民政府",
                     header="""\
<div class="head"><div class="logo">温州市鹿城区人民政府</div></div>
<div class="column-title">政府信息公开工作年度报告（2019-2023年）</div>""",
                     heading=h1("鹿城区人民政府2023年政府信息公开工作年度报告"),
                     signature=["温州市鹿城区人民政府办公室", "2024年1月20日"]),
           "鹿城区人民政府", 2023),

    # --- not reports -----------------------------------------------------------------
    other("work_points_notice_text",
          text_doc("嘉兴市人民政府办公室关于印发嘉兴市2024年政务公开工作要点的通知",
                   "嘉政办发〔2024〕12号",
                   "各县（市、区）人民政府，市政府各部门、各直属单位：",
                   "《嘉兴市2024年政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻落实。",
                   "嘉兴市人民政府办公室",
                   "2024年4月8日",
                   "嘉兴市2024年政务公开工作要点",
                   "一、围绕稳进提质加强政策发布解读",
                   "（一）加强涉企政策发布。2024年6月底前完成涉企政策文件梳理。",
                   "二、围绕法治政府建设深化政务公开",
                   "（二）规范编制政府信息公开工作年度报告",
                   "各级行政机关要在2024年1月31日前公布本机关2023年政府信息公开工作年度报告，确保数据准确、勾稽关系正确。",
                   "（三）做好依申请公开。准确适用答复类型，降低行政复议纠错率。",
                   "三、强化工作保障",
                   "（四）加强培训考核。将政务公开纳入年度综合考核。")),
    other("work_points_notice_html",
          html_page(head='<meta name="ArticleTitle" content="桐庐县2024年政务公开工作要点">\n'
                         "<title>桐庐县2024年政务公开工作要点_桐庐县人民政府</title>",
                    site="桐庐县人民政府", heading=h1("桐庐县2024年政务公开工作要点"),
                    paragraphs=["为持续提升政务公开质效，制定本要点。",
                                "一、加强政策发布解读",
                                "（一）重要政策解读率达到100%。",
                                "二、规范年度报告发布",
                                "（二）各单位要在2024年1月31日前公布2023年政府信息公开工作年度报告。",
                                "桐庐县人民政府办公室", "2024年3月20日"])),
    other("department_budget_text",
          text_doc("临安区农业农村局2024年部门预算",
                   "一、部门基本情况",
                   "临安区农业农村局是区政府工作部门，内设机构8个，下属单位3个。",
                   "二、部门预算收支总表",
                   "单位：万元",
                   "收入\t金额\t支出\t金额",
                   "一般公共预算拨款\t8,632.15\t农林水支出\t8,012.40",
                   "政府性基金预算拨款\t300.00\t社会保障和就业支出\t619.75",
                   "收入总计\t8,932.15\t支出总计\t8,932.15",
                   "三、其他重要事项的情况说明",
                   "2024年“三公”经费预算12.30万元，比上年减少0.8万元。",
                   "临安区农业农村局",
                   "2024年2月5日")),
    other("department_final_accounts_html",
          html_page(head="<title>海宁市教育局2022年度部门决算_海宁市人民政府</title>", site="海宁市人民政府",
                    heading=h1("海宁市教育局2022年度部门决算"),
                    paragraphs=["第一部分 部门概况", "一、主要职能",
                                "第二部分 2022年度部门决算表", "收入支出决算总表",
                                "第三部分 2022年度部门决算情况说明",
                                "2022年度收入总计152,361.28万元，支出总计150,874.10万元。"],
                    after_article=_table([_td("项目") + _td("决算数"),
                                          _td("一般公共预算财政拨款收入") + _td("148,230.56"),
                                          _td("事业收入") + _td("4,130.72"),
                                          _td("本年收入合计") + _td("152,361.28")]))),
    other("statistical_bulletin_text",
          text_doc("德清县2023年国民经济和社会发展统计公报",
                   "德清县统计局",
                   "2024年3月15日",
                   "2023年，全县上下坚持稳中求进工作总基调，经济运行稳中向好。",
                   "一、综合",
                   "初步核算，全县地区生产总值712.3亿元，按可比价格计算，比上年增长6.8%。",
                   "指标\t单位\t绝对数\t比上年增长(%)",
                   "地区生产总值\t亿元\t712.3\t6.8",
                   "第一产业\t亿元\t28.6\t3.9",
                   "第二产业\t亿元\t341.2\t7.5",
                   "第三产业\t亿元\t342.5\t6.4",
                   "注：本公报中部分数据因四舍五入的原因，存在总计与分项合计不等的情况。")),
    other("news_item_about_the_report",
          html_page(head='<meta name="ArticleTitle" content="我局发布2023年政府信息公开工作年度报告">\n'
                         "<title>我局发布2023年政府信息公开工作年度报告_嘉善县人民政府</title>",
                    site="嘉善县人民政府", heading=h1("我局发布2023年政府信息公开工作年度报告"),
                    info="发布时间：2024-01-26　来源：嘉善县市场监督管理局",
                    paragraphs=["近日，嘉善县市场监督管理局在县政府门户网站发布《嘉善县市场监督管理局2023年政府信息公开工作年度报告》。",
                                "报告显示，2023年我局主动公开政府信息1208条，收到政府信息公开申请37件，已全部按期办结，"
                                "未发生因政府信息公开引起的行政复议和行政诉讼。",
                                "下一步，我局将持续深化重点领域信息公开，不断提升政务公开工作水平。"])),
    other("chart_interpretation_of_the_report",
          html_page(head="<title>图解：南浔区卫生健康局2023年政府信息公开工作年度报告_南浔区人民政府</title>",
                    site="南浔区人民政府", heading=h1("图解：南浔区卫生健康局2023年政府信息公开工作年度报告"),
                    paragraphs=[],
                    after_article='<p><img src="/picture/2024/tujie1.jpg" alt="图解1"></p>'
                                  '<p><img src="/picture/2024/tujie2.jpg" alt="图解2"></p>'
                                  '<p>【相关链接】<a href="/art/2024/1/22/art_1.html">南浔区卫生健康局2023年'
                                  '政府信息公开工作年度报告（文字版）</a></p>')),
    other("annual_report_preparation_notice",
          html_page(head='<meta name="ArticleTitle" content="关于做好2023年政府信息公开工作年度报告编制和发布工作的通知">\n'
                         "<title>关于做好2023年政府信息公开工作年度报告编制和发布工作的通知_绍兴市人民政府</title>",
                    site="绍兴市人民政府",
                    heading=h1("关于做好2023年政府信息公开工作年度报告编制和发布工作的通知"),
                    paragraphs=["各区、县（市）人民政府办公室，市政府各部门、各直属单位：",
                                "根据《中华人民共和国政府信息公开条例》规定，现就做好2023年政府信息公开工作年度报告编制和发布工作通知如下：",
                                "一、严格按照国办公开办函〔2021〕30号规定的格式编制年度报告，于2024年1月31日前向社会公布。",
                                "二、认真核对数据，确保收到和处理政府信息公开申请情况表勾稽关系正确。",
                                "绍兴市人民政府办公室", "2023年12月20日"])),
    other("disclosure_guide",
          html_page(head="<title>义乌市财政局政府信息公开指南_义乌市人民政府</title>", site="义乌市人民政府",
                    heading=h1("义乌市财政局政府信息公开指南"),
                    paragraphs=["为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                                "一、主动公开",
                                "本机关在每年1月31日前公布上一年度政府信息公开工作年度报告。",
                                "二、依申请公开",
                                "受理机构：义乌市财政局办公室　办公地址：义乌市稠城街道市府路1号　邮政编码：322000",
                                "义乌市财政局", "2023年6月1日"])),
    other("list_page_of_report_titles_html",
          html_page(head="<title>政府信息公开年报_柯桥区人民政府</title>", site="柯桥区人民政府",
                    heading='<div class="column-title">政府信息公开年度报告</div>', info="",
                    paragraphs=[],
                    after_article="""\
<ul class="list">
<li><a href="/art/2024/1/22/art_11.html" title="柯桥区卫生健康局2023年政府信息公开工作年度报告">柯桥区卫生健康局2023年政府信息公开工作年度报告</a><span class="date">2024-01-22</span></li>
<li><a href="/art/2024/1/19/art_12.html" title="柯桥区教育体育局2023年政府信息公开工作年度报告">柯桥区教育体育局2023年政府信息公开工作年度报告</a><span class="date">2024-01-19</span></li>
<li><a href="/art/2024/1/18/art_13.html" title="柯桥区人民政府2023年政府信息公开工作年度报告">柯桥区人民政府2023年政府信息公开工作年度报告</a><span class="date">2024-01-18</span></li>
<li><a href="/art/2023/1/20/art_14.html" title="柯桥区卫生健康局2022年政府信息公开工作年度报告">柯桥区卫生健康局2022年政府信息公开工作年度报告</a><span class="date">2023-01-20</span></li>
</ul>
<div class="pages">共 128 条 1/13 页 <a href="#">首页</a> <a href="#">上一页</a> <a href="#">下一页</a> <a href="#">尾页</a></div>""")),
    other("list_page_of_report_titles_text",
          text_doc("政府信息公开年报",
                   "柯桥区卫生健康局2023年政府信息公开工作年度报告",
                   "2024-01-22",
                   "柯桥区教育体育局2023年政府信息公开工作年度报告",
                   "2024-01-19",
                   "柯桥区人民政府2023年政府信息公开工作年度报告",
                   "2024-01-18",
                   "柯桥区卫生健康局2022年政府信息公开工作年度报告",
                   "2023-01-20",
                   "共128条 1/13页 首页 上一页 下一页 尾页")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_identity(case: Case):
    report = read_report(parse_bytes(case.data, case.source))
    if case.not_a_report:
        assert report.status == NOT_A_REPORT, (
            f"expected not_a_report, read as {report.status} ({report.agency!r}, {report.year!r})")
        assert report.cells == {}
        return
    assert report.status != NOT_A_REPORT, report.notes
    assert (report.agency, report.year) == (case.agency, case.year)


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------
# Every clue, the deciding one recorded, disagreements reported
# ---------------------------------------------------------------------------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

from pipelines.documents.model import Block, Document  # noqa: E402
from pipelines.extract import extract_path  # noqa: E402
from pipelines.reading.identity import identify, same_body  # noqa: E402

OPENINGS = sorted((Path(__file__).parent / "fixtures" / "openings").glob("*.expected.json"))


def _identity_problems(report) -> list[str]:
    return [p for p in report.problems if p.startswith(("agency:", "year:"))]


@pytest.mark.parametrize("expected_path", OPENINGS, ids=lambda p: p.name[:-14])
def test_opening_identity_problems(expected_path):
    """An opening raises exactly the identity problems its clues call for, each naming
    both values; agreeing clues raise none."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    document = next(p for p in expected_path.parent.glob(expected_path.name[:-14] + ".*")
                    if not p.name.endswith(".json"))
    problems = _identity_problems(extract_path(document))
    assert len(problems) == len(expected["identity_problems"]), problems
    for words, problem in zip(expected["identity_problems"], problems):
        assert all(word in problem for word in words), problem


def _opening(*lines: str, source: str = "report.txt", **meta: str) -> Document:
    body = lines + ("本报告根据《中华人民共和国政府信息公开条例》要求编制。", "一、总体情况",
                    "本年度，本机关全年主动公开政府信息312条。", "二、主动公开政府信息情况")
    return Document(source=source, format="text", blocks=[Block((line,)) for line in body], meta=meta)


def test_meta_keys_of_a_saved_page_are_clues():
    """The text adapter's header keys: title, publisher, published, url."""
    identity = identify(_opening(title="苍南县民政局2023年政府信息公开工作年度报告",
                                 publisher="苍南县民政局", published="2024-01-18",
                                 url="https://www.cn.gov.cn/art/2024/1/18/art_1_2.html"))
    assert (identity.agency, identity.year) == ("苍南县民政局", 2023)
    assert identity.source == {"agency": "metadata_title", "year": "metadata_title"}
    assert identity.problems == ()


def test_publisher_alone_names_the_body_and_publication_date_the_year():
    identity = identify(_opening("政府信息公开工作年度报告", publisher="文成县应急管理局",
                                 published="2024年01月25日"))
    assert (identity.agency, identity.year) == ("文成县应急管理局", 2023)
    assert identity.source == {"agency": "metadata_publisher", "year": "published_date"}
    assert any("2024" in note and "published" in note for note in identity.notes)


def test_file_name_states_the_year_and_a_dated_url_only_implies_one():
    named = identify(_opening("本报告由泰顺县审计局编制。",
                              source="/data/泰顺县审计局2022年度政府信息公开工作年度报告.pdf"))
    assert (named.agency, named.year) == ("泰顺县审计局", 2022)
    assert named.source == {"agency": "preamble", "year": "file_name"}
    dated = identify(_opening("本报告由泰顺县审计局编制。",
                              source="http://www.ts.gov.cn/art/xxgk/ndbg/202401/t20240115_123456.html"))
    assert (dated.year, dated.source["year"]) == (2023, "url_date")
    assert dated.notes


def test_title_year_beats_a_publication_date_that_says_otherwise():
    """Published in 2025 for 2023 (late): the title's year stands, silently right."""
    identity = identify(_opening("鹿城区审计局2023年政府信息公开工作年度报告", published="2025-03-02"))
    assert (identity.year, identity.source["year"], identity.problems) == (2023, "title", ())


def test_a_stale_browser_title_is_a_note_not_a_problem():
    identity = identify(_opening("洞头区统计局2023年政府信息公开工作年度报告",
                                 page_title="洞头区统计局2022年政府信息公开工作年度报告"))
    assert (identity.year, identity.problems) == (2023, ())
    assert any("2022" in note for note in identity.notes)


@pytest.mark.parametrize("signed", [("泰顺县财政局", "2024年1月15日"), ("泰顺县财政局　2024年1月15日",)])
def test_signature_naming_another_body_is_a_problem(signed):
    doc = _opening("泰顺县司法局2023年政府信息公开工作年度报告")
    doc.blocks += [Block((line,)) for line in signed]
    identity = identify(doc)
    assert identity.agency == "泰顺县司法局"
    assert len(identity.problems) == 1
    assert "泰顺县司法局" in identity.problems[0] and "泰顺县财政局" in identity.problems[0]


@pytest.mark.parametrize("a, b", [("乐清市人社局", "乐清市人力资源和社会保障局"),
                                  ("南湖区审计局", "嘉兴市南湖区审计局"),
                                  ("泰顺县人民政府", "泰顺县人民政府办公室"),
                                  ("泰顺县政府办", "泰顺县人民政府"),
                                  ("办公室", "国家林业和草原局")])
def test_short_and_long_forms_are_one_body(a, b):
    assert same_body(a, b)


@pytest.mark.parametrize("a, b", [("平阳县司法局", "平阳县人民政府"), ("鹿城区民政局", "瓯海区民政局")])
def test_different_bodies(a, b):
    assert not same_body(a, b)


def test_simplified_names_keep_their_characters():
    for name in ("昇平县人民政府", "乾县人民政府", "鍾陵乡人民政府"):
        identity = identify(_opening(f"{name}2023年政府信息公开工作年度报告"))
        assert (identity.agency, identity.agency_as_printed) == (name, name)


def test_traditional_page_is_converted_by_phrase_and_kept_as_printed():
    doc = Document(source="x.html", format="html", blocks=[Block((line,)) for line in (
        "乾縣人民政府2023年政府資訊公開工作年度報告",
        "本報告根據《中華人民共和國政府資訊公開條例》要求編製，全文包括總體情況、主動公開政府資訊情況。",
        "一、總體情況", "本年度，本機關堅持以公開為常態、不公開為例外，全年主動公開政府資訊312條。")])
    identity = identify(doc)
    assert (identity.agency, identity.agency_as_printed) == ("乾县人民政府", "乾縣人民政府")
    doc.blocks[0] = Block(("乾安縣教育局2023年政府資訊公開工作年度報告",))
    identity = identify(doc)
    assert (identity.agency, identity.agency_as_printed) == ("乾安县教育局", "乾安縣教育局")


def test_the_warehouse_keeps_the_printed_name_and_the_deciding_clues():
    from pipelines.report_files import Provenance, ReportFile
    from pipelines.warehouse.frames import frame_reports

    opening = OPENINGS[0].parent / "o21_traditional_page.html"
    report = extract_path(opening).to_json_dict()
    frames = frame_reports([ReportFile(report, Provenance(sha256="0" * 64, url=opening.as_uri()))])
    row = frames.reports.to_dicts()[0]
    assert (row["agency_name"], row["agency_as_printed"]) == ("常州市钟楼区人民政府", "常州市鐘樓區人民政府")
    assert (row["agency_source"], row["year_source"]) == ("title", "title")


def test_a_work_plan_the_preamble_cites_states_no_year():
    identity = identify(_opening("海宁市民政局政府信息公开工作年度报告",
                                 "根据《海宁市2024年政务公开工作要点》要求，本报告所列数据统计期限自2023年1月1日至2023年12月31日。"))
    assert (identity.year, identity.source["year"], identity.problems) == (2023, "statistics_period", ())


def test_an_attachment_file_name_names_the_body_without_the_attachment_word():
    identity = identify(_opening(source="/files/附件1：苍南县统计局2023年度政府信息公开工作年度报告.pdf"))
    assert (identity.agency, identity.year) == ("苍南县统计局", 2023)
    assert identity.source == {"agency": "file_name", "year": "file_name"}


def test_a_statistics_period_broken_over_two_lines():
    identity = identify(_opening("瑞安市档案馆政府信息公开工作年度报告", "本报告所列数据的统计期限自 2023",
                                 "年 1 月 1 日起至 2023 年 12 月 31 日止。"))
    assert (identity.agency, identity.year, identity.source) == (
        "瑞安市档案馆", 2023, {"agency": "title", "year": "statistics_period"})


def test_index_number_year_is_the_last_resort():
    identity = identify(_opening("政府信息公开工作年度报告", "本报告由泰顺县审计局编制。",
                                 index_number="11330329002570000X/2024-00031"))
    assert (identity.agency, identity.year, identity.source) == (
        "泰顺县审计局", 2023, {"agency": "preamble", "year": "index_number"})
    assert any("索引号" in note for note in identity.notes)


def test_a_source_field_holding_the_sites_own_name_is_no_publisher():
    identity = identify(_opening("龙泉市民政局2023年政府信息公开工作年度报告",
                                 publisher="龙泉市人民政府", site="龙泉市人民政府"))
    assert (identity.agency, identity.problems) == ("龙泉市民政局", ())
    named = identify(_opening("龙泉市民政局2023年政府信息公开工作年度报告", publisher="龙泉市人民政府"))
    assert len(named.problems) == 1 and "龙泉市人民政府" in named.problems[0]


def _untitled(*preamble: str, above: tuple[str, ...] = ()) -> Document:
    body = above + preamble + ("一、总体情况", "本年度，本机关全年主动公开政府信息312条。",
                               "二、主动公开政府信息情况")
    return Document(source="report.txt", format="text", blocks=[Block((line,)) for line in body])


@pytest.mark.parametrize("sentence, agency", [
    ("如对本报告有疑问，请与桐庐县人力资源和社会保障局联系（电话：0571-64212345）。",
     "桐庐县人力资源和社会保障局"),
    ("如对本年报有任何疑问，请与涵江区人力资源和社会保障局办公室联系（邮编：351111）。",
     "涵江区人力资源和社会保障局"),
    ("联系电话：0571-64512345，联系单位：建德市农业农村局", "建德市农业农村局"),
    ("联系单位：临安区林业局，地址：锦城街道衣锦街1号。", "临安区林业局"),
    ("请与开化县卫生健康委员会办公室联系。", "开化县卫生健康委员会"),
    ("请与常山县人民政府办公室联系。", "常山县人民政府办公室"),
])
def test_the_office_to_contact_names_the_body_where_nothing_else_does(sentence, agency):
    identity = identify(_untitled("本报告根据《中华人民共和国政府信息公开条例》要求编制。" + sentence))
    assert (identity.agency, identity.source.get("agency")) == (agency, "contact")


@pytest.mark.parametrize("sentence", [
    "如对本报告有疑问，请与市人力资源和社会保障局政策法规科联系（电话：0577-61880267）。",
    "如对本报告有疑问，请与本局办公室联系。",
    "如对本报告有疑问，请与我们联系（电话：0577-61880267）。",
])
def test_a_contact_no_reader_can_place_names_no_body(sentence):
    identity = identify(_untitled("本报告根据《中华人民共和国政府信息公开条例》要求编制。" + sentence))
    assert identity.agency is None


def test_a_contact_loses_to_a_title_and_disagreeing_is_only_a_note():
    doc = _untitled("本报告根据《中华人民共和国政府信息公开条例》要求编制。"
                    "如对本报告有疑问，请与平阳县人民政府办公室联系。",
                    above=("平阳县司法局2023年政府信息公开工作年度报告",))
    identity = identify(doc)
    assert (identity.agency, identity.source["agency"], identity.problems) == (
        "平阳县司法局", "title", ())
    assert any("平阳县人民政府办公室" in note for note in identity.notes)


def test_a_lone_name_line_above_the_preamble_names_the_body():
    identity = identify(_untitled("本报告根据《中华人民共和国政府信息公开条例》要求编制。",
                                  above=("德清县自然资源和规划局",)))
    assert (identity.agency, identity.source.get("agency")) == ("德清县自然资源和规划局",
                                                                "agency_line")


@pytest.mark.parametrize("above", [
    ("首页", "德清县自然资源和规划局"),  # more than one line above: a page's furniture
    ("自然资源和规划局",),  # no place the gazetteer knows
    ("德清县自然资源和规划局（盖章）",),  # not a name alone
])
def test_a_name_line_is_taken_only_alone_and_placed(above):
    identity = identify(_untitled("本报告根据《中华人民共和国政府信息公开条例》要求编制。",
                                  above=above))
    assert identity.agency is None


@pytest.mark.parametrize("printed, agency", [
    ("乐清市市人力资源和社会保障局", "乐清市人力资源和社会保障局"),
    ("永嘉县县自然资源和规划局", "永嘉县自然资源和规划局"),
    ("乐清市市场监督管理局", "乐清市市场监督管理局"),  # 市场 is a word
    ("乐山市市中区教育局", "乐山市市中区教育局"),  # 市中区 is a district
    ("泰顺县县级机关事务管理局", "泰顺县县级机关事务管理局"),
    ("乐清市人力资源和社会保障局", "乐清市人力资源和社会保障局"),
])
def test_a_place_suffix_printed_twice_is_put_right_and_kept_as_printed(printed, agency):
    identity = identify(_untitled(f"根据《中华人民共和国政府信息公开条例》要求，由{printed}编制而成。"))
    assert (identity.agency, identity.agency_as_printed) == (agency, printed)
    assert any("twice" in note for note in identity.notes) == (agency != printed)


@pytest.mark.parametrize("above, agency", [
    # a saved page's chrome, then the body's name alone above the year's title line
    (("字号：大 中 小", "打印本页 关闭窗口", "瑞安市自然资源和规划局"), "瑞安市自然资源和规划局"),
    # a long name broken over two lines, its second half a name by itself
    (("浙江省温州市瑞安市人力资源", "和社会保障局"), "浙江省温州市瑞安市人力资源和社会保障局"),
    (("国家税务总局瑞安市", "税务局"), "国家税务总局瑞安市税务局"),
])
def test_the_name_above_a_year_title_leaves_out_the_pages_chrome(above, agency):
    doc = _opening(*above, "2023年政府信息公开工作年度报告")
    assert (identify(doc).agency, identify(doc).year) == (agency, 2023)


@pytest.mark.parametrize("lines", [
    ("瑞安市教育局2021年政府", "信息公开工作年度报告"),
    ("瑞安市教育局2021年政府信息", "公开工作年度报告"),
    ("瑞安市教育局20", "21年政府信息公开工作年度报告"),
    ("瑞安市教育局202", "1年度政府信息公开工作年度报告"),
    ("瑞安市教育局二〇二", "一年度政府信息公开工作年度报告"),
    ("瑞安市教育局", "20", "21年政府信息公开工作年度报告"),
])
def test_a_title_cut_inside_its_words_is_joined(lines):
    identity = identify(_opening(*lines))
    assert (identity.agency, identity.year) == ("瑞安市教育局", 2021)


@pytest.mark.parametrize("self_name", ["本社", "我社", "本报社"])
def test_a_body_named_she_speaking_of_itself_names_no_body(self_name):
    doc = _untitled(f"现将{self_name}2023年度政府信息公开工作情况报告如下。")
    doc.blocks += [Block(("温州日报社",)), Block(("2024年1月26日",))]
    identity = identify(doc)
    assert (identity.agency, identity.source["agency"], identity.problems) == (
        "温州日报社", "signature", ())
    assert not any(note.startswith("agency:") for note in identity.notes), identity.notes
