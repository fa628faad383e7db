"""The one place that decides whether a document is an annual report at all.

A report must never be dropped: a document that carries the report's tables or
section headings is a report, and one titled as an annual report is a report
even when nothing else of it could be read (``partial``, the gap named). A
document is ``not_a_report`` only on evidence of another kind of document (a
notice about compiling or publishing reports, a list of report titles, a
budget or final accounts, a statistical bulletin, a disclosure guide, news, a
chart about a report, a page that only links the report as an attachment), or
when nothing in it is a report's at all. The evidence is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.documents.model import Block, Document

from .sections import Regions
from .tables import TableRead
from .text import normalize

_REPORT = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)")
_TITLE_BLOCKS = 12  # a title sits among the document's first lines
_MAX_TITLE = 80
_LIST_TITLES = 3

# What a title says of a document that is not a report. Each: (evidence, pattern).
_TITLE_KINDS = (
    ("a notice", re.compile(r"(?:通知|通报|公告|通告|意见|方案|要点|计划|函)(?:\(.*\))?$")),
    ("a budget or final accounts", re.compile(r"部门预算|部门决算|单位预算|单位决算|预算公开|"
                                              r"决算公开|预算表|决算表|(?:预算|决算)$")),
    ("a statistical bulletin", re.compile(r"统计公报")),
    ("a disclosure guide or catalogue", re.compile(r"(?:指南|目录)$")),
    ("a chart or interpretation of a report", re.compile(r"图解|一图|图说|读懂|解读")),
    # (a verb inside a body's name, 培训中心, is not news)
    ("news about a report", re.compile(r"(?:发布|公布|晒出|出炉|召开|举办|部署|会议|培训|调研)"
                                       r"(?!中心|学校|学院|基地|站|所|处|科|办)")),
)
_PAGINATION = re.compile(r"共\s*\d+\s*[条页]|\d+\s*/\s*\d+\s*页|上一页|下一页|尾页")
_ATTACHMENT = re.compile(r"附件[:：]?\s*\S*\.(?:pdf|docx?|wps|xlsx?|ofd|zip|rar)\b|详见附件|见附件",
                         re.I)


@dataclass(frozen=True)
class Recognition:
    is_report: bool
    evidence: tuple[str, ...] = ()  # why it is not a report, or what the report lacks


def recognise(doc: Document, regions: Regions, reads: dict[str, TableRead]) -> Recognition:
    if any(read.cells for read in reads.values()) or _table_headings(regions) >= 2:
        return Recognition(True)
    titles = _titles(doc)
    evidence = _other_kind(doc, titles, regions)
    if evidence:
        return Recognition(False, tuple(evidence))
    titled = next((t for t in titles if _REPORT.search(t)), None)
    if titled:
        return Recognition(True, (f"titled as an annual report ({titled}), but neither its "
                                  f"tables nor its section headings were found",))
    return Recognition(False, ("nothing in it is a report's: no title naming an annual "
                               "report, none of the form's section headings or tables",))


def _table_headings(regions: Regions) -> int:
    return sum(1 for name in ("proactive", "requests", "proceedings") if name in regions.headings)


def _titles(doc: Document) -> list[str]:
    """What the document calls itself: the titles its container declares, then its
    first short lines."""
    out = [normalize(doc.meta[k]) for k in ("title", "heading", "page_title") if doc.meta.get(k)]
    for block in doc.blocks[:_TITLE_BLOCKS]:
        text = normalize(block.text)
        if len(block.cells) == 1 and 4 <= len(text) <= _MAX_TITLE and "。" not in block.text:
            out.append(text)
    return out


def _other_kind(doc: Document, titles: list[str], regions: Regions) -> list[str]:
    evidence = []
    main = titles[0] if titles else ""
    for kind, pattern in _TITLE_KINDS:
        if main and pattern.search(main):
            evidence.append(f"{kind}: its title is {main!r}")
            break
    listed = _report_titles(doc.blocks)
    pages = next((m.group() for b in doc.blocks if (m := _PAGINATION.search(b.text))), None)
    if not _has_sentences(doc.blocks):
        if len(listed) >= _LIST_TITLES:
            evidence.append(f"a list page: it lists {len(listed)} report titles "
                            f"({'; '.join(listed[:3])} …) and holds no report text")
        elif pages:
            evidence.append(f"a list page: it holds no report text, only a list's pagination "
                            f"({pages!r})")
    if not regions.headings:
        link = next((b.text for b in doc.blocks if _ATTACHMENT.search(b.text)), None)
        if link:
            evidence.append(f"a page that links the report as an attachment and holds none "
                            f"of its text: {link[:80]!r}")
    return evidence


def _report_titles(blocks: list[Block]) -> list[str]:
    titles = []
    for block in blocks:
        text = normalize(block.text)
        if len(text) <= _MAX_TITLE and _REPORT.search(text) and re.search(r"(?:19|20)\d{2}", text) \
                and text not in titles:
            titles.append(text)
    return titles


def _has_sentences(blocks: list[Block]) -> bool:
    return any(len(b.text) > 30 and "。" in b.text for b in blocks)
