"""A stretch of a document as one stream of label text and numbers.

Reading a table as a stream, rather than as a grid, is what survives the ways
conversions mangle tables: rows broken over lines, labels broken mid-word with
the numbers between the pieces, numbers printed before their label. Each
token remembers the block (line or table row) it came from, so the reader can
still prefer what one physical row says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.documents.model import Block

from .text import Number, normalize, split_pieces

TEXT, VALUE, BLANK = "text", "value", "blank"
_MIN_INTERRUPTED = 4  # shorter phrases interrupted would match too much
_MAX_INTERRUPTION = 4

# Page furniture that conversions leave in the middle of tables.
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]+\d+[-—–－\s]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                          r"|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页|page\s*\d+(?:\s*of\s*\d+)?)$",
                          re.I)
_RUNNING_HEADER = re.compile(r"(工作)?年度报告|年报")


@dataclass(frozen=True)
class Token:
    kind: str
    block: int
    text: str = ""
    number: Number | None = None
    span: int = 1  # columns the token's cell spans, when the cell is this one token


@dataclass(frozen=True)
class Hit:
    """A phrase of a lexicon found in the stream's label text."""

    kind: str
    code: str
    token: int
    end_token: int
    start: int = 0  # where in the stream's label text the phrase starts and ends
    end: int = 0


class Lexicon:
    """Phrases and what they name; ``scan`` finds the longest phrase at each place.

    One regular expression of all phrases, longest first, scanned left to right,
    is maximal munch done by the regex engine.
    """

    def __init__(self, entries: list[tuple[str, str, str]]):
        self._meaning: dict[str, tuple[str, str]] = {}
        for phrase, kind, code in entries:
            norm = normalize(phrase)
            if norm and norm not in self._meaning:
                self._meaning[norm] = (kind, code)
        phrases = sorted(self._meaning, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(p) for p in phrases))

    def scan(self, text: str) -> list[tuple[int, int, str, str]]:
        return [(m.start(), m.end(), *self._meaning[m.group()])
                for m in self._pattern.finditer(text)]


class Stream:
    def __init__(self, blocks: list[Block], start: int, end: int):
        self.tokens: list[Token] = []
        for index in range(start, end):
            block = blocks[index]
            if is_page_furniture(block) or is_prose(block):
                continue
            cells = [split_pieces(cell) for cell in block.cells]
            numeric_cells = sum(1 for c in cells if any(isinstance(p, Number) for p in c))
            spans = block.spans or (1,) * len(cells)
            for pieces, span in zip(cells, spans):
                if not pieces:
                    self.tokens.append(Token(BLANK, index, span=span))
                elif numeric_cells > 1 and len(pieces) > 1 and all(
                        isinstance(p, Number) for p in pieces):
                    raw = " ".join(p.raw for p in pieces)
                    self.tokens.append(Token(VALUE, index, raw, _unclear(raw), span))
                    continue
                alone = span if len(pieces) == 1 else 1  # a cell's span is its one number's
                for piece in pieces:
                    if isinstance(piece, Number):
                        self.tokens.append(Token(VALUE, index, piece.raw, piece, alone))
                    else:
                        self.tokens.append(Token(TEXT, index, normalize(piece)))
        self.ends_document = end >= len(blocks)  # nothing of the document follows
        self._tables = {i: blocks[i].table for i in range(start, end)}
        self._explicit = {i for i in range(start, end) if blocks[i].explicit_cells}
        self._text, self._owner = self._label_text()
        self._text_blocks = {t.block for t in self.tokens if t.kind == TEXT}
        self.by_block: dict[int, list[int]] = {}  # block → its token positions, in order
        for i, token in enumerate(self.tokens):
            self.by_block.setdefault(token.block, []).append(i)

    def _label_text(self) -> tuple[str, list[int]]:
        chars: list[str] = []
        owner: list[int] = []
        for i, token in enumerate(self.tokens):
            if token.kind == TEXT:
                chars.append(token.text)
                owner.extend([i] * len(token.text))
        return "".join(chars), owner

    def hits(self, lexicon: Lexicon) -> list[Hit]:
        return [
            Hit(kind, code, self._owner[start], self._owner[end - 1], start, end)
            for start, end, kind, code in lexicon.scan(self._text)
        ]

    @property
    def label_text(self) -> str:
        return self._text

    def find_interrupted(self, phrases: tuple[str, ...], start: int, end: int,
                         kind: str, code: str) -> Hit | None:
        """A phrase whose characters are interrupted by a few others, between ``start``
        and ``end`` of the label text.

        A vertical group label printed one or two characters per line breaks the row
        labels beside it (``没有现成信`` ``）无`` ``息需要另行制作``); searched only where
        the form's order says the row must be, such a match is still that row.
        """
        window = self._text[start:end]
        for phrase in phrases:
            norm = normalize(phrase)
            if len(norm) < _MIN_INTERRUPTED:
                continue
            pattern = ".{0,%d}?" % _MAX_INTERRUPTION
            match = re.search(pattern.join(re.escape(ch) for ch in norm), window)
            if match and len(match.group()) - len(norm) <= _MAX_INTERRUPTION:
                first, last = start + match.start(), start + match.end()
                return Hit(kind, code, self._owner[first], self._owner[last - 1], first, last)
        return None

    def blocks(self) -> list[int]:
        """The blocks the stream holds tokens of, in order."""
        return list(self.by_block)

    def table_of(self, block: int) -> int | None:
        return self._tables.get(block)

    def has_explicit_cells(self, block: int) -> bool:
        """Whether the block's empty cells are real cells though the document's are not."""
        return block in self._explicit

    def has_text(self, block: int) -> bool:
        return block in self._text_blocks


def _unclear(raw: str) -> Number:
    """A table cell printing several numbers: it holds one value, but which?"""
    return Number(Decimal(0), raw, unclear=True)


_SPACES = re.compile(r"\s+")
_LONE_NUMBER = re.compile(r"(?<!\S)\d+(?!\S)")


def is_prose(block: Block) -> bool:
    """A sentence, not a table line: it ends one (。), or it is long, has clauses and
    hardly any free-standing numbers (a padded table line has many)."""
    if len(block.cells) != 1:
        return False
    text = block.text
    if "。" in text:
        return True
    compact = _SPACES.sub("", text)
    return len(compact) >= 60 and "，" in compact and len(_LONE_NUMBER.findall(text)) < 3


def is_page_furniture(block: Block) -> bool:
    """Page numbers and running headers that a page break leaves inside a table."""
    text = block.text.strip()
    if _PAGE_NUMBER.match(text):
        return True
    return len(block.cells) == 1 and bool(_RUNNING_HEADER.search(normalize(text)))
