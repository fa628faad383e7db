"""Text renditions of reports (converted from PDF or Word): lines to blocks.

Conversions print table rows as tab-separated cells or as pipe tables
(``| a | b |``), often with rows broken over several lines; markdown
decoration (``#`` headings, ``**bold**``, rules) is dropped.
"""

from __future__ import annotations

import re

from .model import Block, Document

_RULE = re.compile(r"^\s*[-=_*]{3,}\s*$")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s*")
_BOLD = re.compile(r"\*\*|__")


def parse_text(text: str, source: str) -> Document:
    blocks = [b for b in (_line_block(line) for line in text.splitlines()) if b]
    return Document(source=source, format="text", blocks=blocks, explicit_cells=False)


def _line_block(line: str) -> Block | None:
    if _RULE.match(line):
        return None
    line = _BOLD.sub("", _HEADING_MARKS.sub("", line)).rstrip()
    if not line.strip():
        return None
    if "\t" in line:
        return Block(tuple(c.strip() for c in line.split("\t")), table=0)
    if line.count("|") >= 1 and (line.lstrip().startswith("|") or line.rstrip().endswith("|")):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        return Block(tuple(cells), table=0)
    return Block((line.strip(),))
