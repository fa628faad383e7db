"""A report's title: where it is printed or declared, and what it names.

The title names both the issuing body and the year covered
(``洪泽区人民政府2023年政府信息公开工作年度报告``). Pages print it broken over
lines (the agency on one, ``2023年政府信息公开工作年度报告`` on the next;
``…政府信息公开`` / ``工作年度报告``; ``2025`` / ``年…``; inside the year itself,
``…人民政府20`` / ``23年…`` or ``二〇二`` / ``三年度…``), spaced out
(``2 0 2 3 年``), in 《》 or 【】 and followed by （全文）.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelines.documents.model import Block

from .sections import heading_of

YEAR = r"(?:19|20)\d{2}"
REPORT = r"(?:政府信息公开|政府资讯公开|政务公开|信息公开)(?:工作)?(?:情况的|情况|的)?(?:年度)?(?:报告|年报)"
_TITLE = re.compile(rf"^(?P<pre>.*?)(?P<year>{YEAR})年(?:度)?(?P<post>.*?){REPORT}")
_TITLE_NO_YEAR = re.compile(rf"^(?P<pre>.*?){REPORT}(?:\(?(?P<year>{YEAR})年?度?\)?)?")
# A title line ends with the report's name (perhaps its year in brackets after it).
_TITLE_LINE = re.compile(rf"{REPORT}(?:\(?{YEAR}年?度?\)?)?$")
# What frames a title: marks around it, a label before it, a version note or the
# page's info line (发布时间…来源…) after it; 数据表 after it names the page of the
# report's tables published beside it (…年度报告数据表, …年报数据表, …报告（数据表）).
_FRAME = re.compile(r"^[《【\[]+|[》】\]]+$|^(?:标题|题目|文章标题|名称)(?=.{8})|"
                    r"\((?:全文|正文|文字版|公开版|修订版|更正版|修正版|定稿|数据表)\)$|"
                    r"(?<=报告|年报)数据表$|"
                    r"(?<=报告|年报)(?:发布时间|发布日期|发文日期|来源|信息来源|作者|浏览次数|字号).*$")
# A title line cut inside a word or a number: the next line goes on with it.
_CUT = re.compile(r"^(?:年|度|工作|报告|年度报告|信息公开|公开工作)")
_YEAR_END = re.compile(rf"{YEAR}年度?$")  # ``XX局`` / ``2023年度`` / ``政府信息公开工作年度报告``
_YEAR_LINE = re.compile(rf"^\(?{YEAR}年?度?\)?$")
# A year in Chinese numerals (二〇二三年), and a line cut inside a year's figures
# (``…人民政府20`` / ``23年…``, ``二〇二`` / ``三年度…``).
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "O": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([二一][〇○零O一二三四五六七八九]{3})(?=年)")
_FIGURE = r"[\d〇○零O一二三四五六七八九]"
_YEAR_HEAD = re.compile(rf"(?<!{_FIGURE}){_FIGURE}{{1,3}}$")
_YEAR_REST = re.compile(rf"^{_FIGURE}{{1,3}}(?=年)")
# Bodies named …社 publish reports too: 供销合作社联合社 (and 供销社), a 日报社, an
# 出版社, 新华通讯社, a 杂志社; a bare 社 is not listed (旅行社, 本社).
_AGENCY_END = re.compile(r"(?:局|委员会|委|办公室|办|人民政府|政府|院|厅|部|署|中心|所|站|队|处|会|馆|"
                         r"合作社|联合社|供销社|报社|出版社|通讯社|杂志社|"
                         r"街道办事处|管委会|管理委员会|分局|总局|集团|公司|支队|大队|"
                         r"省|市|区|县|旗|州|盟|镇|乡|街道)[)）]?$")
_STRIP = re.compile(r"^(?:关于|印发|发布)|(?:关于|的)$|[《》【】\[\]:：,，、]|^[(（].*?[)）]|[(（][^)）]*$")
# A body speaking of itself (本局, 我委, 本机关) names no body.
_SELF = re.compile(r"^(?:本|我|该)(?:局|委|办|厅|院|部|署|中心|机关|单位|部门|镇|乡|街道|区|县|市|政府|社|报社)")
_NAVIGATION = re.compile(r"[>›»]|当前位置|您的位置|上一篇|下一篇|相关")
_LABEL_LINE = re.compile(r"^(?:附件\d*|索引号|主题分类|发布机构|发文日期|文号|来源|发布时间)")
TITLE_SEARCH_BLOCKS = 40


def names_report(value: str | None) -> bool:
    return bool(value) and bool(re.search(REPORT, value))


def title_lines(blocks: list[Block], texts: list[str], join_above: bool,
                declared: set[str] = frozenset()) -> Iterator[str]:
    """The title line nearest above the report's body (sidebars and related-report
    lists come before it), joined where it is broken over lines; with the agency's
    name from the lines above when ``join_above`` and it is not a ``declared`` title."""
    limit = min(len(texts), TITLE_SEARCH_BLOCKS, body_start(blocks))
    found = None
    i = 0
    while i < limit:
        title, used = _title_at(blocks, texts, i, limit)
        if title:
            above = join_above and frame(title) not in declared
            found = _with_agency_above(title, blocks, texts, i) if above else title
        i += used
    if found:
        yield found


def _title_at(blocks: list[Block], texts: list[str], i: int, limit: int) -> tuple[str | None, int]:
    """The title that starts at line ``i``, over up to three lines, and how many it took.
    A line is joined to the one below only where that one is no title by itself or
    goes on with a cut word (``2025`` / ``年…``, ``…信息公开`` / ``工作年度报告``)."""
    if not _could_be_title(blocks[i], texts[i]):
        return None, 1
    joined = ""
    for k in range(i, min(i + 3, limit)):
        if k > i and not _could_be_title(blocks[k], texts[k]):
            break
        alone = frame(texts[k])
        if k > i and _TITLE_LINE.search(alone) and not (
                _CUT.match(alone) or _YEAR_END.search(joined) or _cut_in_year(joined, alone)):
            break
        joined += texts[k]
        if _TITLE_LINE.search(frame(joined)):
            title, used = year_in_figures(frame(joined)), k - i + 1
            if k + 1 < limit and _YEAR_LINE.match(texts[k + 1]) and not _TITLE.match(title):
                title, used = title + texts[k + 1], used + 1  # （2023年度） on the line below
            return title, used
    return None, 1


def _cut_in_year(joined: str, line: str) -> bool:
    """Whether ``joined`` ends with the first figures of a year ``line`` goes on with."""
    head, rest = _YEAR_HEAD.search(joined), _YEAR_REST.match(line)
    if not (head and rest) or len(head[0]) + len(rest[0]) != 4:
        return False
    return re.fullmatch(YEAR, year_in_figures(head[0] + rest[0] + "年")[:4]) is not None


def year_in_figures(text: str) -> str:
    """二〇二三年 as 2023年: titles and dates print a year in either."""
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)


def frame(text: str) -> str:
    """A title without what frames it."""
    previous = None
    while previous != text:
        previous, text = text, _FRAME.sub("", text)
    return text


def body_start(blocks: list[Block]) -> int:
    """Where the report's own text begins: its first paragraph or section heading."""
    for i, block in enumerate(blocks):
        if "。" in block.text or heading_of(block) is not None:
            return i + 1
    return len(blocks)


def _could_be_title(block: Block, text: str) -> bool:
    """A short line; or a short row of few cells (a conversion that took the title's
    pieces for a table: ``| | 2023 | 年政府信息公开工作年度报告 |``)."""
    raw = block.text
    cells = len(block.cells) == 1 or sum(1 for c in block.cells if c.strip()) <= 3
    return cells and 0 < len(text) <= 70 and "。" not in raw and not _NAVIGATION.search(raw)


def _with_agency_above(title: str, blocks: list[Block], texts: list[str], i: int) -> str:
    """``乐清市人民政府办公室`` above ``2023年政府信息公开工作年度报告``; a long name
    may itself be broken over two lines."""
    match = _TITLE.match(title)
    if not (match and not match["pre"] and not match["post"]):
        return title
    names = {}
    for above in (2, 1):
        lines = range(i - above, i)
        if i - above >= 0 and all(_could_be_title(blocks[j], texts[j])
                                  and not _LABEL_LINE.match(texts[j]) for j in lines):
            name = frame("".join(texts[j] for j in lines))
            if looks_like_agency(name):
                names[above] = name
    if 2 in names and 1 in names and _place_named(names[1]) and not _place_named(names[2]):
        del names[2]  # page chrome (打印本页 关闭窗口) above a whole name is no part of it
    return names.get(2, names.get(1, "")) + title


def _place_named(name: str) -> bool:
    from .clues import starts_with_place  # clues reads titles: imported when first needed

    return starts_with_place(name)


def parse_title(title: str) -> tuple[str | None, int | None]:
    """The body and the year a title names (either may be None)."""
    title = frame(title)
    match = _TITLE.match(title)
    if match:
        return clean_agency(match["pre"]) or clean_agency(match["post"]), int(match["year"])
    match = _TITLE_NO_YEAR.match(title)
    if match:
        return clean_agency(match["pre"]), int(match["year"]) if match["year"] else None
    return None, None


def clean_agency(text: str) -> str | None:
    """The body's name as printed, less framing words and marks; brackets inside a
    name (中国（上海）自由贸易试验区…) stay, full-width as official names print them."""
    previous = None
    while previous != text:
        previous, text = text, _STRIP.sub("", text).strip()
    text = text.replace("(", "（").replace(")", "）")
    return text if len(text) >= 2 else None


def looks_like_agency(text: str | None) -> bool:
    return (bool(text) and 2 <= len(text) <= 40 and bool(_AGENCY_END.search(text))
            and not re.search(r"\d|关于|印发|〈|《", text) and not _SELF.match(text)
            and not re.search(REPORT, text))

