"""Bytes to text for Chinese documents.

Portals declare charsets wrongly often enough that a declaration is only a
hint: strict UTF-8 is tried first (it almost never decodes GBK bytes by
accident), then the declared charset, then GB18030, the superset of GB2312 and
GBK that every Chinese page decodes under.
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
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in _candidates(declared):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
                return data[: error.start].decode(encoding), encoding  # cut mid-character
        except LookupError:
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


def _candidates(declared: str | None) -> list[str]:
    out = ["utf-8"]
    if declared:
        declared = declared.lower()
        out.append("gb18030" if declared in _GB_FAMILY else declared)
    out.append("gb18030")
    return out
