"""Crawler-saved text: the page's metadata lines, and a body flattened onto one line.

Crawlers save a report page as plain text: a few metadata lines (``标题: …``,
``发布时间: 2024-01-20 10:00``, ``发布机构: …``, ``原文链接: http://…`` or ``来源网址:``,
sometimes ``来源:`` or ``索引号:``), then the body with every line break lost: headings,
paragraphs and tables run together, each table row's cells run into its label
(``一、本年新收政府信息公开申请数量801000081``). This module reads the metadata
into ``Document.meta`` and cuts such a line back into blocks a reader can use:
before and after each section heading, after each sentence, before a closing
date, and, inside the tables' sections, before each row label the template
knows (``models/template.py``). Where the digits of a row run together stays
for the reader to settle (``pipelines/reading/runs.py``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from models import template as T

META_KEYS = {
    "标题": "title", "题目": "title", "文章标题": "title",
    "发布时间": "published", "发布日期": "published",
    "发布机构": "publisher", "来源": "publisher", "信息来源": "publisher",
    "原文链接": "url", "原文地址": "url", "来源网址": "url", "网址": "url",
    "索引号": "index_number",
}
_META_LINE = re.compile(r"^\s*(" + "|".join(sorted(META_KEYS, key=len, reverse=True))
                        + r")\s*[:：]\s*(.*?)\s*$")
_HEADER_LINES = 15  # the metadata block sits in the first lines, blank lines between
_PUBLISHER_ORDER = ("发布机构", "信息来源", "来源")


def read_meta(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """The crawler's metadata lines at the head of the text, and the lines after them.

    Two such lines at least make a header (one ``来源：`` line is a body's own); the
    first value of each key is kept, 发布机构 before 来源.
    """
    found: list[tuple[str, str]] = []
    end = 0
    for i, line in enumerate(lines[:_HEADER_LINES]):
        if not line.strip():
            continue
        match = _META_LINE.match(line)
        if not match:
            if found:
                break
            continue
        found.append((match[1], match[2]))
        end = i + 1
    if len(found) < 2:
        return {}, lines
    meta: dict[str, str] = {}
    for word, value in sorted(found, key=lambda kv: _PUBLISHER_ORDER.index(kv[0])
                              if kv[0] in _PUBLISHER_ORDER else -1):
        if value:
            meta.setdefault(META_KEYS[word], value)
    kept = [line for line in lines[:end] if not _META_LINE.match(line)]
    return meta, kept + lines[end:]


# ------------------------------------------------------------ section headings

_ORDINAL = r"[一二三四五六七八]\s*[、.,]\s*"
_SECTIONS = (
    ("overview", r"(?:总体情况|概述)"),
    ("proactive", r"主动公开政府信息(?:的)?情况"),
    ("requests", r"收到和处理政府信息公开申请(?:的)?情况"),
    ("proceedings", r"(?:因)?政府信息公开(?:申请)?(?:引起的)?行政复议[、,和及]?(?:提起)?"
                    r"行政诉讼(?:的)?情况"),
    ("problems", r"(?:政府信息公开工作)?存在的主要问题(?:及|和)?(?:其)?(?:改进(?:情况|措施))?"),
    ("other", r"其他需要报告的事项"),
)
_SECTION = re.compile("|".join(f"(?P<{name}>{_ORDINAL}{body})" for name, body in _SECTIONS))
_TABLE_SECTIONS = frozenset({"proactive", "requests", "proceedings"})


# ------------------------------------------------------------ row labels

def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]?|\([一二三四五六七八九十\d]+\)|\d+[.、,]?)")
_QUOTES = "\"'“”‘’「」"
_COLUMN_WORDS = frozenset(_nfkc(p) for c in T.APPLICANTS for p in c.all_phrases)


def _enumerator_pattern(label: str) -> str:
    """A row's own enumerator as printed before its label; a digit must be followed by
    its stop (``2.``): a bare digit glued to the run of digits before it is a cell's."""
    match = _ENUMERATOR.match(_nfkc(label))
    if not match:
        return ""
    mark = match.group()
    digit = re.sub(r"[^\d一二三四五六七八九十]", "", mark)
    if digit.isdigit():
        return rf"(?:{digit}\s*[.、,]|\({digit}\))\s*"
    return rf"(?:\({digit}\)|{digit}\s*[、.,]?)\s*"


def _body_pattern(phrase: str) -> str:
    """The phrase as printed: quotes optional, and spaces anywhere between its characters
    (tables are printed ``三、本 年度 办理 结果`` where a cell's words were spread out)."""
    return r"\s*".join(f"[{re.escape(_QUOTES)}]?" if ch in _QUOTES else re.escape(ch)
                       for ch in phrase if not ch.isspace())


def _row_alternatives(label: T.Label) -> list[tuple[int, str, str, bool]]:
    enumerator = _enumerator_pattern(label.label)
    out = []
    for phrase in label.all_phrases:
        body = _ENUMERATOR.sub("", _nfkc(phrase)).strip()
        if not body:
            continue
        # A bare 其他 or 总计 is a column's word too: only its enumerator makes it a row.
        optional = "" if body in _COLUMN_WORDS or not enumerator else "?"
        if body in _COLUMN_WORDS and not enumerator:
            continue
        out.append((len(body), body, f"(?:{enumerator}){optional}{_body_pattern(body)}"
                    if enumerator else _body_pattern(body), not optional))
    return out


@cache
def _cut_before() -> tuple[tuple[int, str, str, bool], ...]:
    """(length, phrase, pattern, whether its enumerator is printed before it) of every
    row label, heading and header word a flattened line is cut before, the longest
    first."""
    cut: list[tuple[int, str, str, bool]] = []
    for label in (*T.REQUEST_ROWS_ANY, *T.REQUEST_GROUPS, *T.PROACTIVE_ROWS):
        cut.extend(_row_alternatives(label))
    phrases = [_nfkc(p) for h in T.REQUEST_HEADINGS if h.code != "legal_persons"
               for p in h.all_phrases]
    phrases.extend(_nfkc(p) for p in T.PROACTIVE_HEADINGS)
    cut.extend((len(p), p, _body_pattern(p), False) for p in phrases)
    cut.sort(key=lambda item: -item[0])
    return tuple(cut)


@cache
def _labels() -> re.Pattern:
    """The pattern of ``_cut_before``'s phrases. Made on first use: a few hundred
    alternatives take 30-60 ms to compile, which a PDF, a page or a text report with
    no line run together does not pay."""
    # Header words that hold a row's word (法人或其他组织) are read whole, never cut.
    keep = [_body_pattern(_nfkc(p)) for h in T.REQUEST_HEADINGS if h.code == "legal_persons"
            for p in h.all_phrases]
    return re.compile("(?P<keep>" + "|".join(keep) + ")|(?P<cut>"
                      + "|".join(p for _, _, p, _ in _cut_before()) + ")")


def _squeezed(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in _QUOTES)


@cache
def _squeezed_phrases() -> frozenset[tuple[str, bool]]:
    return frozenset((_squeezed(phrase), numbered) for _, phrase, _, numbered in _cut_before())


# What an enumerator's pattern ends with (``2.``, ``(六)``, ``六、``, ``六``), in NFKC.
_ENUMERATOR_ENDS = frozenset(".,、)0123456789一二三四五六七八九十")


def _may_hold_labels(text: str, count: int) -> bool:
    """Whether ``text`` may hold ``count`` matches of ``_labels``. A match spells its
    phrase with nothing but spaces and quotes between the characters, and matches do not
    overlap: so without spaces and quotes the text shows ``count`` phrases whole, none
    overlapping another (one that needs its enumerator, right after the enumerator's
    last character). Never false where the pattern finds ``count``; a fraction of a
    millisecond a document, against compiling the pattern."""
    squeezed = _squeezed(text)
    spans = []
    for phrase, numbered in _squeezed_phrases():
        place = squeezed.find(phrase)
        while place >= 0:
            if not numbered or (place and squeezed[place - 1] in _ENUMERATOR_ENDS):
                spans.append((place + len(phrase), place))
            place = squeezed.find(phrase, place + 1)
    found, free_from = 0, 0
    for end, start in sorted(spans):  # the most spans that do not overlap: earliest end first
        if start >= free_from:
            found, free_from = found + 1, end
    return found >= count


_MIN_LABELS = 3  # a line holding this many row labels is a table run together
_CLOSING_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_SENTENCE_END = re.compile(r"。")
# A heading's enumerator right after a row's digits starts the next row or group:
# ``…000000(六)1.申请人…`` (the label after it may be wrapped past recognition).
_ENUMERATOR_AFTER_DIGITS = re.compile(r"(?<=\d)\s*(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")


def is_flattened(line: str) -> bool:
    """A body or a table run together on one line: two section headings, or several
    row labels of the form."""
    text = _nfkc(line)
    if len(_SECTION.findall(text)) >= 2:
        return True
    table = text.rsplit("。", 1)[-1]  # sentences name rows too (全年新收…上年结转…)
    if not _may_hold_labels(table, _MIN_LABELS):
        return False
    return sum(1 for m in _labels().finditer(table) if m.lastgroup == "cut") >= _MIN_LABELS


def cut_line(line: str) -> list[str]:
    """A flattened line as the lines it was: headings, sentences, table rows."""
    text, origin = _normalised(line)
    cuts: set[int] = set()
    sections = list(_SECTION.finditer(text))
    bounds = [(0, len(text), None)]
    if sections:
        bounds = [(0, sections[0].start(), None)]
        for k, match in enumerate(sections):
            cuts.update((match.start(), match.end()))
            end = sections[k + 1].start() if k + 1 < len(sections) else len(text)
            bounds.append((match.end(), end, match.lastgroup))
    for start, end, section in bounds:
        tabled = section in _TABLE_SECTIONS or not sections
        for piece_start, piece_end in _sentences(text, start, end, cuts):
            piece = text[piece_start:piece_end]
            date = _CLOSING_DATE.search(piece)
            if date and date.start() > 0:
                cuts.add(piece_start + date.start())
            if tabled and not piece.rstrip().endswith("。"):
                cuts.update(piece_start + m.start() for m in _labels().finditer(piece)
                            if m.lastgroup == "cut" and m.start() > 0)
                cuts.update(piece_start + m.start(1)
                            for m in _ENUMERATOR_AFTER_DIGITS.finditer(piece))
    points = sorted({origin[c] for c in cuts if 0 < c < len(text)})
    pieces = [line[a:b] for a, b in zip([0, *points], [*points, len(line)])]
    return [p.strip() for p in pieces if p.strip()]


def _sentences(text: str, start: int, end: int, cuts: set[int]):
    """The stretch's sentences (each ending at its 。), the cuts between them recorded."""
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        cuts.add(match.end())
        yield position, match.end()
        position = match.end()
    if position < end:
        yield position, end


def _normalised(line: str) -> tuple[str, list[int]]:
    """The line in NFKC, character by character, with where each character came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(line):
        norm = _nfkc(ch)
        chars.append(norm)
        origin.extend([i] * len(norm))
    origin.append(len(line))
    return "".join(chars), origin
