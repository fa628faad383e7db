"""Who issued a report and which year it covers.

The title names both (``洪泽区人民政府2023年政府信息公开工作年度报告``). A
report without a usable title is attributed to the body that signs it; its
year is then the statistical period it states, or the year its preamble
reports on, or the year before the signature's date (reports are published
early in the following year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.documents.model import Block, Document

from .sections import heading_of
from .text import normalize

_YEAR = r"(?:19|20)\d{2}"
_REPORT = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
_TITLE = re.compile(rf"^(?P<pre>.*?)(?P<year>{_YEAR})年(?:度)?(?P<post>.*?){_REPORT}")
_TITLE_NO_YEAR = re.compile(rf"^(?P<pre>.*?){_REPORT}(?:\(?(?P<year>{_YEAR})年?度?\)?)?")
# A title line ends with the report's name (perhaps its year in brackets, or 全文, after it).
_TITLE_LINE = re.compile(rf"{_REPORT}(?:\(?{_YEAR}年?度?\)?)?(?:\(全文\))?$")
_PERIOD = re.compile(rf"({_YEAR})年1月1日(?:起)?(?:至|到|-|—|~)(?:{_YEAR}年)?12月31日")
_PREAMBLE_YEAR = re.compile(rf"({_YEAR})年度?(?:本机关|本单位|我局|我委|我办)?(?:政府信息公开|政务公开)")
_DATE = re.compile(rf"^({_YEAR})年[\d一二三四五六七八九十]{{1,2}}月(?:[\d一二三四五六七八九十]{{1,3}}日)?$")
_SEAL = re.compile(r"^\(?(?:盖章|印章|公章|签章|章)\)?$")
_AGENCY_END = re.compile(r"(?:局|委员会|委|办公室|办|人民政府|政府|院|厅|部|署|中心|所|站|队|处|会|"
                         r"街道办事处|管委会|管理委员会|分局|总局|集团|公司|支队|大队|"
                         r"省|市|区|县|旗|州|盟|镇|乡|街道)[)）]?$")
_STRIP = re.compile(r"^(?:关于|印发|发布)|(?:关于|的)$|[《》【】\[\]:：,，、]|^[(（].*?[)）]|[(（][^)）]*$")
_NAVIGATION = re.compile(r"[>›»]|当前位置|您的位置|上一篇|下一篇|相关")
_LABEL_LINE = re.compile(r"^(?:附件\d*|索引号|主题分类|发布机构|发文日期|文号|来源|发布时间)")
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "O": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([二一][〇○零O一二三四五六七八九]{3})(?=年)")
_TITLE_SEARCH_BLOCKS = 40
_PREAMBLE_BLOCKS = 12
_END_BLOCKS = 150


@dataclass(frozen=True)
class Identity:
    agency: str | None
    year: int | None


def identify(doc: Document) -> Identity:
    texts = [_line(b) for b in _head_and_tail(doc.blocks)]
    agency = year = None
    for title in _titles(doc, texts):
        named, dated = _parse_title(title)
        if named and not _looks_like_agency(named):
            continue  # a sentence that merely ends with the report's name
        year = year if year is not None else dated
        if named:
            agency, year = named, dated if dated is not None else year
            break
    if not agency:
        agency = _signature(texts) or _preamble_agency(texts) or _publisher(doc)
    if year is None:
        year = _body_year(texts)
    return Identity(_clean_agency(agency) if agency else None, year)


def _head_and_tail(blocks: list[Block]) -> list[Block]:
    """Titles, preambles and signatures sit at the ends of a report, never deep inside."""
    if len(blocks) <= 2 * _END_BLOCKS:
        return blocks
    return blocks[:_END_BLOCKS] + blocks[-_END_BLOCKS:]


def _line(block: Block) -> str:
    return _arabic_years(normalize(block.text))


def _arabic_years(text: str) -> str:
    """``二〇二三年`` → ``2023年``: some titles and signatures write years in characters."""
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)


def _titles(doc: Document, texts: list[str]):
    """Report titles, most trusted first: the article's declared title, its heading,
    the title line above its body, then the browser title (Word exports keep a stale
    one from last year's file)."""
    declared = [doc.meta[k] for k in ("title", "heading") if _names_report(doc.meta.get(k))]
    for value in declared:
        yield _arabic_years(normalize(value))
    # A page that declares its title shows where the title ends: a line above the
    # title line is then the site's name, not the agency's half of the title.
    line = _title_line(doc.blocks[:_END_BLOCKS], texts, join_above=not declared)
    if line:
        yield line
    if _names_report(doc.meta.get("page_title")):
        yield _arabic_years(normalize(doc.meta["page_title"]))


def _names_report(value: str | None) -> bool:
    return bool(value) and bool(re.search(_REPORT, normalize(value)))


def _title_line(blocks: list[Block], texts: list[str], join_above: bool) -> str | None:
    """The title line nearest above the report's body (sidebars and related-report
    lists come before it); one broken over two lines is joined."""
    limit = min(len(texts), _TITLE_SEARCH_BLOCKS, _body_start(blocks))
    found = None
    i = 0
    while i < limit:
        title, used = _title_at(blocks, texts, i)
        if title:
            found = _with_agency_above(title, blocks, texts, i) if join_above else title
        i += used
    return found


def _title_at(blocks: list[Block], texts: list[str], i: int) -> tuple[str | None, int]:
    if not _could_be_title(blocks[i], texts[i]):
        return None, 1
    if _TITLE_LINE.search(_unbracket(texts[i])):
        return _unbracket(texts[i]), 1
    if i + 1 < len(texts) and _could_be_title(blocks[i + 1], texts[i + 1]):
        joined = _unbracket(texts[i] + texts[i + 1])
        if _TITLE_LINE.search(joined) and not _TITLE_LINE.search(_unbracket(texts[i + 1])):
            return joined, 2
    return None, 1


def _body_start(blocks: list[Block]) -> int:
    """Where the report's own text begins: its first paragraph or section heading."""
    for i, block in enumerate(blocks):
        if "。" in block.text or heading_of(block) is not None:
            return i + 1
    return len(blocks)


def _could_be_title(block: Block, text: str) -> bool:
    raw = block.text
    return (len(block.cells) == 1 and 0 < len(text) <= 70 and "。" not in raw
            and not _NAVIGATION.search(raw))


def _unbracket(text: str) -> str:
    return text.strip("《》【】")


def _with_agency_above(title: str, blocks: list[Block], texts: list[str], i: int) -> str:
    """``乐清市人民政府办公室`` above ``2023年政府信息公开工作年度报告``; a long name
    may itself be broken over two lines."""
    match = _TITLE.match(title)
    if not (match and not match["pre"] and not match["post"]):
        return title
    for above in (2, 1):
        if i - above < 0:
            continue
        lines = range(i - above, i)
        if not all(_could_be_title(blocks[j], texts[j]) and not _LABEL_LINE.match(texts[j])
                   for j in lines):
            continue
        name = "".join(texts[j] for j in lines)
        if _looks_like_agency(name):
            return name + title
    return title


def _parse_title(title: str) -> tuple[str | None, int | None]:
    match = _TITLE.match(title)
    if match:
        return _clean_agency(match["pre"]) or _clean_agency(match["post"]), int(match["year"])
    match = _TITLE_NO_YEAR.match(title)
    if match:
        return _clean_agency(match["pre"]), int(match["year"]) if match["year"] else None
    return None, None


def _clean_agency(text: str) -> str | None:
    """The body's name as printed, less framing words and marks; brackets inside a
    name (中国（上海）自由贸易试验区…) stay, full-width as official names print them."""
    previous = None
    while previous != text:
        previous, text = text, _STRIP.sub("", text).strip()
    text = text.replace("(", "（").replace(")", "）")
    return text if len(text) >= 2 else None


def _looks_like_agency(text: str) -> bool:
    return (2 <= len(text) <= 40 and bool(_AGENCY_END.search(text))
            and not re.search(r"\d|关于|印发|〈|《", text))


def _signature(texts: list[str]) -> str | None:
    """The body named just above the last date line (a seal note may stand between)."""
    for i in range(len(texts) - 1, 0, -1):
        if not _DATE.match(texts[i]):
            continue
        for j in range(i - 1, max(i - 3, -1), -1):
            if _SEAL.match(texts[j]):
                continue
            return texts[j] if _looks_like_agency(texts[j]) else None
    return None


def _preamble_agency(texts: list[str]) -> str | None:
    """A report without a title often names itself in its first paragraph."""
    for text in texts[:_PREAMBLE_BLOCKS]:
        for match in re.finditer(rf"({_YEAR})年度?{_REPORT}", text):
            before = text[: match.start()]
            cut = max(before.rfind(w) for w in ("公开", "发布", "编制", "公布", "形成"))
            candidate = _clean_agency(before[cut + 2:] if cut >= 0 else before)
            if candidate and _looks_like_agency(candidate):
                return candidate
    return None


def _publisher(doc: Document) -> str | None:
    value = normalize(doc.meta.get("publisher", ""))
    value = re.sub(r"^(?:来源|信息来源|发布机构)[:：]?", "", value)
    return value if _looks_like_agency(value) else None


def _body_year(texts: list[str]) -> int | None:
    for text in texts:
        match = _PERIOD.search(text)
        if match:
            return int(match.group(1))
    for text in texts[:_PREAMBLE_BLOCKS]:
        match = _PREAMBLE_YEAR.search(text)
        if match:
            return int(match.group(1))
    for text in reversed(texts):
        date = _DATE.match(text)
        if date:
            return int(date.group(1)) - 1
    return None
