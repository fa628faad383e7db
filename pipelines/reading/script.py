"""The script a report is printed in, and names read as printed.

Label matching folds traditional characters into simplified ones one character
at a time (``text.normalize``). A name must not be folded so: 昇 乾 鍾 are
ordinary characters of names in simplified documents (昇平县 is not 升平县).
So identity reads a simplified document's lines as printed, and converts only a
document printed in traditional characters, by phrase (OpenCC's phrase tables:
乾縣 → 乾县, not 干县), keeping the printed form beside the converted one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .text import simplified

# A traditional page prints 資 開 請 報 in nearly every sentence (over a third of its
# characters differ from simplified ones); a simplified page only a name or a 繁體 link.
_TRADITIONAL_SHARE = 0.10
_TRADITIONAL_LEAST = 8
_SAMPLE = 20000  # characters: far more than a share needs
# Simplified characters in their own right that OpenCC's table folds into another
# (乾 → 干, for 乾燥) where its phrases miss a name: 乾安縣 is 乾安县, never 干安县.
_NAME_CHARACTERS = frozenset("乾")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# What identity ignores in a line: white space (``2 0 2 3 年``), quotation marks and the
# inner punctuation label matching drops too.
_DROP = re.compile(r"[\s\u200b\ufeff\"'“”‘’「」『』〝〞＂*#·•、，,。.:;；!?…]+")


def is_traditional(texts: Iterable[str]) -> bool:
    """Whether a document is printed in traditional characters (by share, not by presence)."""
    han = "".join(_HAN.findall("".join(texts)))[:_SAMPLE]
    changed = sum(1 for a, b in zip(han, simplified(han)) if a != b)
    return changed >= _TRADITIONAL_LEAST and changed >= _TRADITIONAL_SHARE * len(han)


@lru_cache(maxsize=1)
def _converter():
    """OpenCC's phrase converter, imported only for a page printed in traditional
    characters."""
    import opencc

    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Line:
    """A line as identity reads it (``text``: NFKC, spaces and inner punctuation out,
    simplified by phrase on a traditional page) and as printed, position for position
    where the conversion kept the length (``printed`` is then as long as ``text``)."""

    text: str
    printed: str

    @property
    def aligned(self) -> bool:
        return len(self.text) == len(self.printed)


def reading_line(raw: str, traditional: bool) -> Line:
    printed = _DROP.sub("", unicodedata.normalize("NFKC", raw))
    if not traditional:
        return Line(printed, printed)
    text = _DROP.sub("", unicodedata.normalize("NFKC", _converter().convert(raw)))
    if len(text) == len(printed):
        text = "".join(p if p in _NAME_CHARACTERS else t for t, p in zip(text, printed))
    return Line(text, printed)


def as_printed(name: str, lines: Iterable[Line]) -> str | None:
    """The printed form of a name found in converted lines, or None where no line
    prints it position for position."""
    wanted = _brackets(name)
    for line in lines:
        if not line.aligned:
            continue
        at = _brackets(line.text).find(wanted)
        if at >= 0:
            return _full_width_brackets(line.printed[at:at + len(wanted)])
    return None


def _brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _full_width_brackets(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")
