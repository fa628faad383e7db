"""Bytes to text for Chinese documents.

Portals declare charsets wrongly often enough that a declaration is only a
hint: strict UTF-8 is tried first (it almost never decodes GBK bytes by
accident), then the declared charset, then GB18030, the superset of GB2312 and
GBK that every Chinese page decodes under.

UTF-16 comes before all of them, with a byte-order mark or without: crawlers and
Windows' "Unicode" export save reports so (see ``utf16_text``).
"""

from __future__ import annotations

import codecs
import re

_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb18030"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return the text and the encoding that decoded it without error."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    text = utf16_text(data)
    if text is not None:
        return text, "utf-16"
    for encoding in _candidates(declared):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
                return data[: error.start].decode(encoding), encoding  # cut mid-character
        except LookupError:
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


def utf16_text(data: bytes) -> str | None:
    """The text of a UTF-16 file, with or without a byte-order mark; None for other bytes.

    Without a mark the bytes must show it twice over. They hold zero bytes, which
    UTF-8 and GB18030 text never does (UTF-16 has one in every ASCII character and in
    characters such as 一, U+4E00). And a sample decoded in one byte order reads as
    text, CJK, ASCII and their punctuation, which binary data does not and the other
    order does not either (its characters fall all over the BMP; see ``_utf16_order``).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    order = _utf16_order(data[:_SAMPLE_BYTES])
    return None if order is None else data[: len(data) // 2 * 2].decode(order, errors="replace")


_SAMPLE_BYTES = 8192
_PLAUSIBLE_SHARE = 0.97
_PLAUSIBLE = re.compile(r"[\t\n\r\f\x20-\x7e\u00a0-\u017f\u2000-\u2bff\u3000-\u30ff\u3200-\u33ff"
                        r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\ufeff]")


def _utf16_order(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``sample`` is UTF-16 text without a mark.

    Chinese text read in the wrong order is noise; text mostly of ASCII reads as CJK
    ideographs in both (``a``, 0x61, as U+6100), and then the side its zero bytes
    are on, the high byte of each ASCII character, tells the order."""
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 32 or 0 not in sample:
        return None
    readable = [order for order in ("utf-16-le", "utf-16-be") if _plausible(sample, order)]
    if len(readable) < 2:
        return readable[0] if readable else None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 3 * even:
        return "utf-16-le"
    if even >= 3 * odd:
        return "utf-16-be"
    return None


def _plausible(sample: bytes, order: str) -> bool:
    text = sample.decode(order, errors="replace")
    return len(_PLAUSIBLE.findall(text)) >= len(text) * _PLAUSIBLE_SHARE


def _candidates(declared: str | None) -> list[str]:
    out = ["utf-8"]
    if declared:
        declared = declared.lower()
        out.append("gb18030" if declared in _GB_FAMILY else declared)
    out.append("gb18030")
    return out
