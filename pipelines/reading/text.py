"""Normalising labels and reading numbers out of cells.

Labels are compared in one normal form: NFKC (full width to half width),
simplified characters, no white space, quotation marks or inner punctuation
(``信访、举报、投诉`` is ``信访举报投诉``); brackets stay, since ``（七）总计``
differs from the column ``总计`` only by them. Numbers are read
only from pieces that are wholly numeric (``12``, ``1,234``, ``288.67万元``,
``/`` for zero); enumerators such as ``1.`` or ``（一）`` are label text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.util import find_spec

from pipelines.documents.model import PAGE_CUT


def _t2s_characters() -> dict[int, str]:
    """OpenCC's traditional→simplified character table as a ``str.translate`` map.

    Labels only need characters mapped (phrase conversion would turn 資訊 into
    资讯 anyway, see ``_TERMS``), and a translate table converts a large page in
    C time where OpenCC's phrase matcher takes seconds. The table is read from the
    package's folder without importing the package (its import, JSON and resource
    readers included, cost every ``xxgk extract`` ~20 ms of its start-up).
    """
    folder = find_spec("opencc").submodule_search_locations[0]
    table: dict[int, str] = {}
    with open(f"{folder}/dictionary/TSCharacters.txt", encoding="utf-8") as data:
        lines = data.read().splitlines()
    for line in lines:
        traditional, _, simplified = line.partition("\t")
        if len(traditional) == 1 and simplified.split():
            table[ord(traditional)] = simplified.split()[0]
    return table


_T2S = _t2s_characters()


def simplified(text: str) -> str:
    """Traditional characters as simplified ones, character by character (OpenCC's table)."""
    return text.translate(_T2S)
_DROP = re.compile(r"[\s\u200b\ufeff\"'“”‘’「」『』〝〞＂*#·•、，,。.:;；!?…]+")
# Words that reports print for the template's own: 其它 for 其他, Taiwanese 资讯 for
# 信息, and traditional spellings that map by phrase, not by character (反覆 → 反复).
_TERMS = (("资讯", "信息"), ("其它", "其他"), ("反覆", "反复"), ("覆议", "复议"))

# Cells meaning zero or "not applicable": the spec reads them as 0.
ZERO_SYMBOLS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "―", "─", "无", "〇", "空", "×"})
_UNIT = r"(?P<unit>万元|亿元|元|件次|人次|件|条|个|次|项|份|宗|起|人|家)?"
_NUMBER = re.compile(r"^(?P<sign>[+-]|增加|增|新增|减少|减|下降)?"
                     r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?" + _UNIT + "$")
# Digits whose thousands grouping breaks off (``1,8``, ``11,``): a number a line break cut
# inside its cell. Some number, but not this one: unclear, never read as its piece.
# Pieces an adapter marked as cut by a page break (``50⁞80``: ``model.PAGE_CUT``) likewise.
_CUT_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})*,\d{0,2}$|^[\d,]+" + PAGE_CUT + r"[\d,]+$")
_NEGATIVE = frozenset({"-", "减少", "减", "下降"})
# Footnote marks: circled and superscript digits (NFKC would turn ① into 1 and
# 1286① into 12861), 注1-style references and Word's [1] glued to a label or number.
_MARKS = re.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf"
                    r"\u00b9\u00b2\u00b3\u2070-\u2079\u2080-\u2089]+|(?<=\S)(?:注|附注)\d{1,2}$"
                    r"|(?<=\S)\[\d{1,2}\]")
_MONEY_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
# A label with its number glued on (``行政许可102``): split the trailing digits.
_GLUED = re.compile(r"^(?P<label>.*[\u4e00-\u9fff”）)])(?P<number>\d+(?:\.\d+)?)$")
# A number followed by its unit across a space: ``12 件``.
_SPACED_UNIT = re.compile(r"(\d)\s+(万元|亿元|元|件|条|个|次|项)(?=\s|$)")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_T2S)
    for old, new in _TERMS:
        text = text.replace(old, new)
    return _DROP.sub("", text)


@dataclass(frozen=True)
class Number:
    """A value as printed: its digits, unit and sign kept for later judgement."""

    value: Decimal
    raw: str
    unit: str | None = None
    # one cell printing several numbers (``1 2``), or a number cut by a line break
    # (``1,8``): a cell, but which value?
    unclear: bool = False

    def parts(self) -> list["Number"]:
        """The numbers an unclear cell prints, taken as cells of their own."""
        return [parse_number(piece) for piece in self.raw.split()]

    @property
    def is_cut(self) -> bool:
        """A number cut by a line break (``1,8``): its row's other numbers may be cut too,
        where no separator shows it."""
        return self.unclear and _CUT_NUMBER.match(self.raw) is not None

    @property
    def is_blank(self) -> bool:
        """An empty cell read as 0."""
        return self.raw == ""

    @property
    def is_plain_integer(self) -> bool:
        """Digits only: the kind of token that may be several numbers run together."""
        return self.raw.isdigit()

    def in_wan_yuan(self, default_unit: str | None) -> Decimal:
        scale = _MONEY_SCALE.get(self.unit or default_unit or "万元", Decimal(1))
        return self.value * scale


def parse_number(piece: str) -> Number | None:
    """The number a whole piece of text states, or None if it is not one. Read in
    simplified characters: a traditional page prints 無 for 无, 萬元 and 億元."""
    raw = simplified(unicodedata.normalize("NFKC", drop_marks(piece))).strip().replace(" ", "")
    if not raw:
        return None
    if raw in ZERO_SYMBOLS:
        return Number(Decimal(0), raw)
    match = _NUMBER.match(raw)
    if not match:
        return Number(Decimal(0), raw, unclear=True) if _CUT_NUMBER.match(raw) else None
    digits = match["digits"].replace(",", "") + (match["frac"] or "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if match["sign"] in _NEGATIVE:
        value = -value
    return Number(value, raw, match["unit"])


def drop_marks(text: str) -> str:
    return _MARKS.sub("", text)


@lru_cache(maxsize=65536)
def split_pieces(cell: str) -> tuple[str | Number, ...]:
    """A cell as label text and numbers, in order; consecutive text pieces joined.

    A number that is part of a date (``2023 年度``) is text, not a value. Cached: the
    same cells (``0``, the form's labels) recur in every report.
    """
    cell = _SPACED_UNIT.sub(r"\1\2", unicodedata.normalize("NFKC", drop_marks(cell)))
    out: list[str | Number] = []
    for piece in (drop_marks(p) for p in cell.split()):
        if not piece:
            continue
        if piece.startswith(("年", "月", "日", "号")) and out and isinstance(out[-1], Number):
            _append_text(out, out.pop().raw + piece)
            continue
        number = parse_number(piece)
        if number is None:
            glued = _GLUED.match(piece)
            if glued and not _is_enumerated(glued["label"]):
                _append_text(out, glued["label"])
                out.append(parse_number(glued["number"]))
                continue
            _append_text(out, piece)
        else:
            out.append(number)
    return tuple(out)


def _is_enumerated(label: str) -> bool:
    """``第二十条第（`` and the like end where an enumerator's digits start."""
    return label.endswith(("第", "(", "（", "第(", "共"))


def _append_text(out: list[str | Number], text: str) -> None:
    if out and isinstance(out[-1], str):
        out[-1] = out[-1] + text
    else:
        out.append(text)
