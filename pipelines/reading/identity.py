"""Who issued a report and which year it covers.

The title names both (``洪泽区人民政府2023年政府信息公开工作年度报告``); a
report without a usable title is attributed to the body that signs it, and its
year is read from the statistical period it states, or else is the year
before the signature's date (reports are published early in the next year).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipelines.documents.model import Document

from .text import normalize

_REPORT = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
_TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年(?:度)?(?P<post>.*?)" + _REPORT)
# A title line ends with the report's name (perhaps with its year in brackets after it).
_TITLE_LINE = re.compile(_REPORT + r"(?:\(?(?:19|20)\d{2}年?度?\)?)?(?:\(全文\))?$")
_TITLE_NO_YEAR = re.compile(r"^(?P<pre>.*?)" + _REPORT + r"(?:\(?(?P<year>(?:19|20)\d{2})年?度?\)?)?")
_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|-|—|~)(?:(?:19|20)\d{2}年)?12月31日")
_YEAR_REPORT = re.compile(r"((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)")
_DATE = re.compile(r"^((?:19|20)\d{2})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日$")
_AGENCY_END = re.compile(r"(?:局|委员会|委|办公室|办|人民政府|政府|院|厅|部|署|中心|所|站|队|处|会|"
                         r"街道办事处|管委会|管理委员会|分局|总局|集团|公司|支队|大队)$")
_STRIP = re.compile(r"^(?:关于|印发|发布)|(?:关于|的)$|[《》【】\[\]()（）:：,，、]")


_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "O": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([二一][〇○零O一二三四五六七八九]{3})(?=年)")


def _arabic_years(text: str) -> str:
    """``二〇二三年`` → ``2023年``: some titles and signatures write years in characters."""
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)


@dataclass(frozen=True)
class Identity:
    agency: str | None
    year: int | None
    titled: bool  # the document carries a report title


def identify(doc: Document) -> Identity:
    title = _title(doc)
    agency = year = None
    if title:
        agency, year = _parse_title(title)
    texts = [_arabic_years(normalize(b.text)) for b in doc.blocks]
    if not agency:
        agency = _signature(texts) or _in_body_title_agency(texts) or _publisher(doc)
    if year is None:
        year = _body_year(texts)
    return Identity(agency, year, title is not None)


def _title(doc: Document) -> str | None:
    """The report's title: what the container declares first, else a title line near the top.

    A page whose declared titles are all something else (a notice, a budget)
    has no report title, whatever its links and lists mention.
    """
    declared = [_arabic_years(normalize(doc.meta[k])) for k in ("title", "heading", "page_title") if doc.meta.get(k)]
    for value in declared:
        if re.search(_REPORT, value):
            return value
    if declared:
        return None
    texts = [_arabic_years(normalize(b.text)) for b in doc.blocks[:40]]
    for i, text in enumerate(texts):
        if len(text) > 70 or "。" in text or not _TITLE_LINE.search(text):
            continue
        match = _TITLE.match(text)
        if match and not match["pre"] and not match["post"] and i > 0 \
                and _looks_like_agency(texts[i - 1]):
            return texts[i - 1] + text
        return text
    return None


def _parse_title(title: str) -> tuple[str | None, int | None]:
    match = _TITLE.match(title)
    if match:
        agency = _clean_agency(match["pre"]) or _clean_agency(match["post"])
        return agency, int(match["year"])
    match = _TITLE_NO_YEAR.match(title)
    if match:
        return _clean_agency(match["pre"]), int(match["year"]) if match["year"] else None
    return None, None


def _clean_agency(text: str) -> str | None:
    previous = None
    while previous != text:
        previous, text = text, _STRIP.sub("", text).strip()
    return text if len(text) >= 2 else None


def _looks_like_agency(text: str) -> bool:
    return 2 <= len(text) <= 30 and bool(_AGENCY_END.search(text)) and not re.search(r"\d", text)


def _in_body_title_agency(texts: list[str]) -> str | None:
    """A report without a title often names itself in its first paragraph."""
    for text in texts[:10]:
        for match in _YEAR_REPORT.finditer(text):
            before = text[: match.start()]
            cut = max(before.rfind(w) for w in ("公开", "发布", "编制", "公布", "形成", "是", "了"))
            candidate = before[cut + 2:] if cut >= 0 else before
            if _looks_like_agency(candidate):
                return candidate
    return None


def _signature(texts: list[str]) -> str | None:
    for i in range(len(texts) - 1, 0, -1):
        date = _DATE.match(texts[i])
        if date and _looks_like_agency(texts[i - 1]):
            return texts[i - 1]
    return None


def _publisher(doc: Document) -> str | None:
    value = doc.meta.get("publisher")
    if value:
        value = normalize(unicodedata.normalize("NFKC", value))
        value = re.sub(r"^(?:来源|信息来源|发布机构)[:：]?", "", value)
        return value if _looks_like_agency(value) else None
    return None


def _body_year(texts: list[str]) -> int | None:
    for pattern in (_PERIOD, _YEAR_REPORT):
        for text in texts:
            match = pattern.search(text)
            if match:
                return int(match.group(1))
    for i in range(len(texts) - 1, -1, -1):
        date = _DATE.match(texts[i])
        if date:
            return int(date.group(1)) - 1
    return None
