"""Recognising what a file is from its bytes, and refusing what cannot be read.

The file name is only a hint: portals serve HTML as ``.doc`` and text as
``.html``. Anything that is not a format we read yields an
``UnreadableDocument`` with a one-line reason.
"""

from __future__ import annotations

import re

from .decoding import decode
from .html import parse_html
from .model import Document
from .text import parse_text

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<meta|<body|<\?xml[^>]*>\s*<html)", re.I)
# Block structure, not <br> or <span>: markdown converters leave those in text.
_HTML_TAGS = re.compile(rb"<(?:table|p|div|tr|td|h[1-6]|body|li)\b", re.I)
_SIGNATURES = (
    (b"%PDF", "a PDF document; PDF is not read yet"),
    (b"PK\x03\x04", "a zip container (DOCX/WPS/OFD); these formats are not read yet"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (DOC/WPS/XLS); these formats are not read yet"),
    (b"\x89PNG", "a PNG image, not a document"),
    (b"\xff\xd8\xff", "a JPEG image, not a document"),
    (b"GIF8", "a GIF image, not a document"),
    (b"\x1f\x8b", "gzip-compressed data, not a document"),
    (b"Rar!", "a RAR archive, not a document"),
)


class UnreadableDocument(Exception):
    """The bytes are not a document this reader understands; the message says why."""


def parse_bytes(data: bytes, source: str) -> Document:
    if not data.strip():
        raise UnreadableDocument("the file is empty")
    for magic, reason in _SIGNATURES:
        if data.startswith(magic):
            raise UnreadableDocument(f"the file is {reason}")
    head = data[:8192]
    if _HTML_START.search(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return parse_html(data, source)
    if b"\x00" in head:
        raise UnreadableDocument("the file is binary data, not a text or HTML document")
    text, encoding = decode(data)
    if _garbled(text):
        raise UnreadableDocument(f"the file does not decode as text (tried UTF-8 and GB18030; "
                                 f"best was {encoding})")
    return parse_text(text, source)


def _garbled(text: str) -> bool:
    """Binary bytes that happen to decode: control characters or replacement marks."""
    sample = text[:20000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad / len(sample) > 0.01
