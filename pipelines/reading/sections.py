"""Where each table of the report is: the headings 二 to 五, with fallbacks.

A heading is a short line that names its section (``三、收到和处理政府信息公开
申请情况``); the same words inside a paragraph (reports list their sections in
the preamble) are not headings. Where a heading is missing, the table's own
first labels mark where it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import template as T
from pipelines.documents.model import Block

from .stream import is_prose
from .text import normalize

_NUMERAL = r"^(?:第?[一二三四五六七八九十]+[、.,:)]?|\(?[一二三四五六七八九十]\)|\d[、.])?"
HEADINGS = {
    "proactive": re.compile(_NUMERAL + r"主动公开政府信息(?:情况|的情况)?$"),
    "requests": re.compile(_NUMERAL + r"收到和处理政府信息公开申请(?:的)?情况$"),
    "proceedings": re.compile(_NUMERAL + r"(?:因)?政府信息公开(?:申请)?(?:引起的)?行政复议[、,和及]"
                              r"?(?:提起)?行政诉讼(?:的)?情况$"),
    "problems": re.compile(_NUMERAL + r"(?:政府信息公开工作)?存在的主要问题|"
                           + _NUMERAL + r"其他需要报告的事项|" + _NUMERAL + r"下一步工作"),
}
_MAX_HEADING = 40
# No table of the form runs longer than this many lines; past it is the rest of
# a document whose next heading was not found.
MAX_TABLE_BLOCKS = 400


@dataclass(frozen=True)
class Regions:
    """Block ranges [start, end) of the three tables' sections; None where not found."""

    proactive: tuple[int, int] | None
    requests: tuple[int, int] | None
    proceedings: tuple[int, int] | None
    headings: frozenset[str] = frozenset()  # the sections found by their own heading




def heading_of(block: Block) -> str | None:
    if len(block.cells) > 2 or len(block.text) > 2 * _MAX_HEADING:
        return None
    text = normalize(block.text)
    if not text or len(text) > _MAX_HEADING:
        return None
    for name, pattern in HEADINGS.items():
        if pattern.search(text):
            return name
    return None


# Where a section's heading is missing, its table's own first words mark it.
_FIRST_ROW = next(r for r in T.REQUEST_ROWS[T.TEMPLATE_2021] if r.code == "new_received")
_FALLBACK = {
    "proactive": tuple(normalize(p) for p in T.PROACTIVE_HEADINGS),
    "requests": tuple(normalize(p) for p in (
        *(p for h in T.REQUEST_HEADINGS if h.code in ("applicants", "balance_note")
          for p in h.all_phrases),
        *_FIRST_ROW.phrases)),
    "proceedings": tuple(normalize(p) for p in T.PROCEEDING_RESULTS[0].all_phrases[:1]),
}


def find_regions(blocks: list[Block]) -> Regions:
    starts: dict[str, int] = {}
    for i, block in enumerate(blocks):
        name = heading_of(block)
        if name and name not in starts:
            starts[name] = i + 1
    headings = frozenset(starts)
    for name, phrases in _FALLBACK.items():
        if name not in starts:
            after = 0 if name == "proactive" else starts.get("proactive", 0)
            found = _first_with(blocks, phrases, after)
            if found is not None:
                starts[name] = _back_to_group_header(blocks, found) if name == "proceedings" else found
    ordered = sorted(starts.values())

    def span(name: str) -> tuple[int, int] | None:
        if name not in starts:
            return None
        start = starts[name]
        end = next((i for i in ordered if i > start), len(blocks))
        if end < len(blocks) and heading_of(blocks[end - 1]) is not None:
            end -= 1
        return (start, min(end, start + MAX_TABLE_BLOCKS))

    return Regions(span("proactive"), span("requests"), span("proceedings"), headings)


def _first_with(blocks: list[Block], phrases: tuple[str, ...], after: int) -> int | None:
    for i in range(after, len(blocks)):
        if is_prose(blocks[i]):
            continue
        text = normalize(blocks[i].text)
        if any(p in text for p in phrases):
            return i
    return None


def _back_to_group_header(blocks: list[Block], index: int) -> int:
    """The 结果维持 header row sits below the 行政复议/行政诉讼 row: start there."""
    for i in range(index, max(index - 4, 0), -1):
        if "行政复议" in normalize(blocks[i - 1].text):
            return i - 1
    return index
