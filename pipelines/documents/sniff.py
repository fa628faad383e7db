"""Recognising what a file is from its bytes, and refusing what cannot be read.

The file name is only a hint: portals serve HTML as ``.doc`` and text as
``.html``. Anything that is not a format we read yields an
``UnreadableDocument`` with a one-line reason; a scan yields ``NeedsOcr``.
"""

from __future__ import annotations

import re

from .decoding import decode, utf16_text
from .errors import NeedsOcr, UnreadableDocument
from .model import Document
from .text import parse_text

# The PDF, Word and HTML adapters are imported by the branch that reads their format:
# pdfium, python-docx and lxml cost a tenth of a second to import, which a command reading
# one text file (``xxgk extract report.txt``) should not pay.

__all__ = ["NeedsOcr", "UnreadableDocument", "parse_bytes"]

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<meta|<body|<\?xml[^>]*>\s*<html)", re.I)
# Block structure, not <br> or <span>: markdown converters leave those in text.
_HTML_TAGS = re.compile(rb"<(?:table|p|div|tr|td|h[1-6]|body|li)\b", re.I)
_SIGNATURES = (
    (b"\x89PNG", "a PNG image, not a document"),
    (b"\xff\xd8\xff", "a JPEG image, not a document"),
    (b"GIF8", "a GIF image, not a document"),
    (b"\x1f\x8b", "gzip-compressed data, not a document"),
    (b"Rar!", "a RAR archive, not a document"),
)


def parse_bytes(data: bytes, source: str, time_limit: float | None = None) -> Document:
    """``time_limit`` bounds PDF reading (seconds, checked between pages) and LibreOffice
    conversions; None takes each adapter's own limit."""
    if not data.strip():
        raise UnreadableDocument("the file is empty")
    limit = {} if time_limit is None else {"time_limit": time_limit}
    if b"%PDF-" in data[:1024]:
        from .pdf import parse_pdf
        return parse_pdf(data, source, **limit)
    if data.startswith(b"PK\x03\x04"):
        from .docx import is_docx, parse_docx
        if is_docx(data):
            return parse_docx(data, source)
        if _is_odt(data):
            return _through_office(data, source, "odt", limit)
        raise UnreadableDocument("the file is a zip container but not a DOCX or ODT document "
                                 "(OFD, XLSX or an archive are not read)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _through_office(data, source, "doc", limit)
    if data.startswith(b"{\\rtf"):
        return _through_office(data, source, "rtf", limit)
    for magic, reason in _SIGNATURES:
        if data.startswith(magic):
            raise UnreadableDocument(f"the file is {reason}")
    text16 = utf16_text(data)
    if text16 is not None:  # read on as the UTF-8 file it would have been
        data = text16.encode("utf-8")
    head = data[:8192]
    if _HTML_START.search(head) or len(_HTML_TAGS.findall(head)) >= 3:
        from .html import parse_html
        return parse_html(data, source)
    if b"\x00" in head:
        raise UnreadableDocument("the file is binary data, not a text or HTML document")
    text, encoding = decode(data)
    if _garbled(text):
        raise UnreadableDocument(f"the file does not decode as text (tried UTF-8 and GB18030; "
                                 f"best was {encoding})")
    return parse_text(text, source)


def _is_odt(data: bytes) -> bool:
    """An OpenDocument text: its ``mimetype`` entry (the first, by the standard) says so.
    A spreadsheet or presentation in the same container says otherwise."""
    import io
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
    except (zipfile.BadZipFile, KeyError):
        return False


def _through_office(data: bytes, source: str, kind: str, limit: dict) -> Document:
    from .docx import parse_docx
    from .office import convert_to_docx
    document = parse_docx(convert_to_docx(data, kind, **limit), source)
    document.format = kind
    return document


def _garbled(text: str) -> bool:
    """Binary bytes that happen to decode: control characters or replacement marks."""
    sample = text[:20000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad / len(sample) > 0.01
