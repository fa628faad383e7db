"""Who issued a report and which year it covers, from every clue the document gives.

Clues (``identity_source`` names them): the title — declared in metadata
(``metadata_title``), printed above the body (``title``), in the browser title
or file properties (``browser_title``); the ``signature`` and its date
(``signature_date``); the ``preamble`` (``本报告由XX局编制``, ``…XX局2023年度政府
信息公开工作年度报告``); the ``statistics_period``; the page's publisher and
column (``metadata_publisher``, ``metadata_column``); the ``file_name`` or URL;
a publication date (``published_date``, ``url_date``, the year of the 索引号:
``index_number``).

The first clue in ``AGENCY_ORDER`` / ``YEAR_ORDER`` that states a value decides.
A title names the year covered and beats every date; a date the report was
signed or published in year Y means year Y−1 only when nothing states the year,
and says so in ``notes``. A strong clue that disagrees with the one taken (beyond
a short and a long form of one name) is a problem naming both values and the rule
that chose; a weak one (a browser title, a file name) is a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from pipelines.documents.model import Block, Document

from . import clues
from .clues import Clue
from .script import Line, as_printed, is_traditional, reading_line
from .titles import (TITLE_SEARCH_BLOCKS, body_start, frame, looks_like_agency, names_report,
                     parse_title, title_lines, year_in_figures)

AGENCY_ORDER = ("metadata_title", "title", "browser_title", "signature", "preamble",
                "file_name", "metadata_publisher", "contact", "agency_line", "metadata_column")
YEAR_ORDER = ("metadata_title", "title", "statistics_period", "preamble", "file_name",
              "browser_title", "signature_date", "published_date", "url_date", "index_number")
# The preamble's name is weak: offices copy a preamble from another body's report and
# leave its name (a note, not a problem, when the title names another body).
_STRONG_AGENCY = frozenset({"metadata_title", "title", "signature", "metadata_publisher"})
_STRONG_YEAR = frozenset({"metadata_title", "title", "statistics_period", "preamble", "file_name"})
_PLACE = {
    "metadata_title": "the article title the page declares", "title": "the printed title",
    "browser_title": "the browser title (or file properties)", "signature": "the signature",
    "preamble": "the preamble", "file_name": "the file name or URL",
    "metadata_publisher": "the page's publisher", "metadata_column": "the page's column",
    "agency_line": "the line of the body's name above the preamble",
    "contact": "the office the preamble says to contact",
    "statistics_period": "the statistics period", "signature_date": "the signature's date",
    "published_date": "the publication date", "url_date": "the date in the URL",
    "index_number": "the 索引号's year",
}
_RULE = {
    "metadata_title": "a title names the body and the year it reports on, before any other clue",
    "title": "a title names the body and the year it reports on, before any other clue",
    "browser_title": "no printed title names it; the browser title comes next",
    "statistics_period": "without a title's year, the statistics period states the year covered",
    "signature": "without a title, the body that signs the report issued it",
    "preamble": "without a title or signature, the preamble names the body that compiled it",
    "contact": "no title, signature, preamble or page names a body; the report's contact does",
    "agency_line": "nothing else names a body; the name printed alone above the body does",
}
_END_BLOCKS = 150


@dataclass(frozen=True)
class Identity:
    agency: str | None
    year: int | None
    agency_as_printed: str | None = None
    source: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def identify(doc: Document) -> Identity:
    blocks = _head_and_tail(doc.blocks)
    traditional = is_traditional(b.text for b in blocks)
    lines = [_read_line(b.text, traditional) for b in blocks]

    def read(raw: str) -> str:
        return _read_line(raw, traditional).text

    found = _all_clues(doc, blocks, [line.text for line in lines], read)
    agency = _decide(found, AGENCY_ORDER, "agency")
    year = _decide(found, YEAR_ORDER, "year")
    problems, notes = _disagreements(found, agency, "agency", _STRONG_AGENCY)
    year_problems, year_notes = _disagreements(found, year, "year", _STRONG_YEAR)
    problems += year_problems
    notes += year_notes + _inferred(year)
    printed = _printed(agency.agency, doc, lines, traditional) if agency else None
    if agency and printed is None:
        notes.append(f"agency: {agency.agency} is the converted name; no line prints it "
                     f"character for character")
    source = {name: clue.kind for name, clue in (("agency", agency), ("year", year)) if clue}
    name = agency.agency if agency else None
    corrected = clues.undoubled(name) if name else None
    if corrected:
        notes.append(f"agency: printed {name}, the place's last character twice (the gazetteer "
                     f"knows the place, and what follows names a body by itself): read as "
                     f"{corrected}, kept as printed in agency_as_printed")
    return Identity(corrected or name, year.year if year else None,
                    printed or name, source, tuple(problems), tuple(notes))


@lru_cache(maxsize=65536)
def _read_line(raw: str, traditional: bool) -> Line:
    line = reading_line(raw, traditional)
    return Line(year_in_figures(line.text).replace("资讯", "信息"), line.printed)


def _head_and_tail(blocks: list[Block]) -> list[Block]:
    """Titles, preambles and signatures sit at the ends of a report, never deep inside."""
    if len(blocks) <= 2 * _END_BLOCKS:
        return blocks
    return blocks[:_END_BLOCKS] + blocks[-_END_BLOCKS:]


def _all_clues(doc: Document, blocks: list[Block], texts: list[str], read) -> list[Clue]:
    return (_title_clues(doc, blocks, texts, read) + clues.signature(texts)
            + clues.statistics_period(texts)
            + clues.preamble(texts, max(0, body_start(blocks[:_END_BLOCKS]) - 1))
            + clues.agency_line(blocks, texts)
            + clues.contact(texts, max(0, body_start(blocks[:_END_BLOCKS]) - 1))
            + clues.address(doc, read) + clues.metadata(doc, blocks, read))


def _title_clues(doc: Document, blocks: list[Block], texts: list[str], read) -> list[Clue]:
    """Titles, most trusted first: the article's declared title, its heading, the title
    line above its body, then the browser title (Word exports keep a stale one from
    last year's file). A sentence that merely ends with the report's name is none."""
    declared = [(kind, read(doc.meta[key])) for kind, key in
                (("metadata_title", "title"), ("title", "heading"))
                if doc.meta.get(key) and names_report(read(doc.meta[key]))]
    # A page that declares a title naming its body shows where the title ends, and so
    # does the declared title's own line: a line above it is the site's name, not the
    # agency's half of the title. (A generic heading, 政府信息公开工作年度报告, may
    # stand above the body's own title, the agency on the line above that.)
    names_body = any(parse_title(title)[0] for _, title in declared)
    printed = [("title", line) for line in title_lines(
        blocks[:_END_BLOCKS], texts, join_above=not names_body,
        declared={frame(t) for _, t in declared})]
    browser = [("browser_title", read(doc.meta["page_title"]))] \
        if doc.meta.get("page_title") and names_report(read(doc.meta["page_title"])) else []
    found = []
    for kind, title in declared + printed + browser:
        named, dated = parse_title(title)
        if named and not looks_like_agency(named):
            continue
        if named or dated:
            found.append(Clue(kind, agency=named, year=dated))
    return found


def _decide(found: list[Clue], order: tuple[str, ...], field_name: str) -> Clue | None:
    for kind in order:
        for clue in found:
            if clue.kind == kind and getattr(clue, field_name) is not None:
                return clue
    return None


def _disagreements(found: list[Clue], chosen: Clue | None, field_name: str,
                   strong: frozenset[str]) -> tuple[list[str], list[str]]:
    """A problem for each strong clue that states another value, a note for each weak one."""
    problems: list[str] = []
    notes: list[str] = []
    if chosen is None:
        return problems, notes
    taken = getattr(chosen, field_name)
    seen = set()
    for clue in found:
        value = getattr(clue, field_name)
        if value is None or clue is chosen:
            continue
        if clue.kind in clues.INFERRED:
            if field_name == "year" and value < taken:
                notes.append(f"year: {_PLACE[clue.kind]} ({clue.evidence}) falls before the end "
                             f"of {taken}, the year {_PLACE[chosen.kind]} says it covers")
            continue
        if _agrees(field_name, taken, value) or (clue.kind, value) in seen:
            continue
        seen.add((clue.kind, value))
        rule = _RULE.get(chosen.kind, f"{_PLACE[chosen.kind]} comes first in the order of clues")
        text = (f"{field_name}: {_PLACE[chosen.kind]} says {taken}, {_PLACE[clue.kind]} says "
                f"{value}; {taken} is taken ({rule})")
        (problems if clue.kind in strong else notes).append(text)
    return problems, notes


def _agrees(field_name: str, taken, value) -> bool:
    return taken == value if field_name == "year" else same_body(taken, value)


def same_body(a: str, b: str) -> bool:
    """One name in a short and a long form: 乐清市人社局 and 乐清市人力资源和社会保障局,
    南湖区审计局 and 嘉兴市南湖区审计局, 泰顺县人民政府 and its 办公室."""
    if clues.is_subunit(a) or clues.is_subunit(b):
        return True
    a, b = _core(a), _core(b)
    return _subsequence(a, b) or _subsequence(b, a)


def _core(name: str) -> str:
    name = name.replace("人民政府", "政府")
    return re.sub(r"(?:办公室|办公厅|办)$", "", name) or name


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(char in chars for char in short)


def _inferred(year: Clue | None) -> list[str]:
    if year is None or year.kind not in clues.INFERRED:
        return []
    return [f"year: the report states no year it covers; {year.year} is the year before "
            f"{_PLACE[year.kind]} ({year.evidence}), as reports are published early in the "
            f"following year"]


def _printed(agency: str, doc: Document, lines: list[Line], traditional: bool) -> str | None:
    """The agency as the document prints it. A simplified page is read as printed; on
    a traditional one the converted name is looked up, position for position, in the
    lines (a title may be broken over up to three), the metadata and the file name."""
    if not traditional:
        return agency
    head = lines[:TITLE_SEARCH_BLOCKS]
    joins = [Line("".join(l.text for l in head[i:i + n]), "".join(l.printed for l in head[i:i + n]))
             for n in (2, 3) for i in range(len(head))]
    meta = [_read_line(value, True) for value in chain(doc.meta.values(), [doc.source])]
    return as_printed(agency, chain(lines, joins, meta))

