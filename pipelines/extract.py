"""One path in, one Report out — whatever the path holds.

A batch must never stop for one bad file: every failure becomes a ``failed``
report with a one-line reason, and the other documents are still read.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.report import NEEDS_OCR, Report, failed
from pipelines.documents import NeedsOcr, UnreadableDocument, parse_bytes
from pipelines.reading import read_report

MAX_BYTES = 20 * 1024 * 1024  # far larger than any real report page; a bigger file is a mistake


def extract_path(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> Report:
    source = str(path)
    p = Path(path)
    try:
        if not p.exists():
            return failed(source, "no such file")
        if p.is_dir():
            return failed(source, "is a directory, not a document")
        size = p.stat().st_size
        if size > max_bytes:
            return failed(source, f"file too large: {size:,} bytes (limit {max_bytes:,})")
        data = p.read_bytes()
    except OSError as error:
        return failed(source, f"cannot read the file: {error.strerror or error}")
    return extract_bytes(data, source)


def extract_bytes(data: bytes, source: str, time_limit: float | None = None) -> Report:
    """``time_limit`` (seconds) bounds reading a PDF, checked between pages, and a
    LibreOffice conversion; ``extract_many`` also bounds what no check can interrupt."""
    try:
        document = parse_bytes(data, source, time_limit)
    except UnreadableDocument as error:
        return failed(source, str(error))
    except NeedsOcr as error:
        return Report(source=source, status=NEEDS_OCR, problems=[str(error)],
                      format=_format_of(data))
    if not document.blocks:
        return failed(source, "the document has no text", document.format)
    try:
        return read_report(document)
    except Exception as error:  # noqa: BLE001 - one document's bug must not stop a batch
        return failed(source, f"internal error while reading: {type(error).__name__}: {error}",
                      document.format)


def _format_of(data: bytes) -> str | None:
    return "pdf" if b"%PDF-" in data[:1024] else None
