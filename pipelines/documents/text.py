"""Text renditions of reports (converted from PDF or Word): lines to blocks.

Conversions print table rows as tab-separated cells or as pipe tables
(``| a | b |``), often with rows broken over several lines. Markdown
decoration is dropped: ``#`` headings, ``**bold**``, rules and table
separator lines, ``<br>`` and other inline HTML tags, pandoc's ``[text]{style=…}`` spans,
backslash escapes and HTML entities.

Crawler-saved pages (metadata lines, then a body flattened onto one line) are
read by ``flattened``: the metadata into ``Document.meta``, the line cut back
into headings, sentences and table rows.
"""

from __future__ import annotations

import html
import re

from .flattened import cut_line, is_flattened, read_meta
from .model import Block, Document

_RULE = re.compile(r"^[\s|+:]*[-=_*]{3,}[-=_*\s|+:]*$")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s*")
_BOLD = re.compile(r"\*\*|__")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")


def parse_text(text: str, source: str) -> Document:
    meta, lines = read_meta(text.splitlines())
    blocks = [b for line in lines for part in _unflattened(line)
              if (b := _line_block(part))]
    return Document(source=source, format="text", blocks=blocks, explicit_cells=False, meta=meta)


def _unflattened(line: str) -> list[str]:
    """A line that holds a body or a table run together, as the lines it was.

    A pipe table's own row starts with its ``|``; a stray ``|`` left inside a
    flattened body (the crawler kept a markdown row's closing bar) does not stop
    the cut."""
    if "\t" in line or line.lstrip().startswith("|") or not is_flattened(line):
        return [line]
    return cut_line(line)


def _line_block(line: str) -> Block | None:
    if _RULE.match(line):
        return None
    line = _BOLD.sub("", _HEADING_MARKS.sub("", line))
    line = html.unescape(_ESCAPE.sub(r"\1", _SPAN.sub(r"\1", line))).rstrip()
    if "\t" in line:
        cells = line.split("\t")
    elif "|" in line and (line.lstrip().startswith("|") or line.endswith("|")):
        cells = line.strip().strip("|").split("|")
    else:
        text = _TAG.sub("", _BREAK.sub(" ", line)).strip()
        return Block((text,)) if text else None
    # A line break inside a table cell parts what the converter merged into one
    # cell (``0<br>0`` under ``本年制发件数<br>本年废止件数``).
    cells = [_TAG.sub("", part).strip() for cell in cells for part in _BREAK.split(cell)]
    return Block(tuple(cells), table=0) if any(cells) else None
