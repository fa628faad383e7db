"""One path in, one Report out — whatever the path holds.

A batch must never stop for one bad file: every failure becomes a ``failed``
report with a one-line reason, and the other documents are still read. Time is
bounded twice: adapters check a limit between pages (PDF) and time out a
LibreOffice conversion; ``extract_many`` reads in worker processes and kills
one that overruns, which also bounds a hang inside C code.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from models.report import NEEDS_OCR, Report, failed
from pipelines.settings import load_settings

MAX_BYTES = 20 * 1024 * 1024  # far larger than any real report page; a bigger file is a mistake
# The code that turns bytes into a report; see ``reader_version``.
_READER_CODE = ("models", "pipelines/documents", "pipelines/ocr", "pipelines/reading",
                "pipelines/extract.py")
_ROOT = Path(__file__).resolve().parent.parent


@cache
def reader_version() -> str:
    """A digest of the reading code. Stored reports carry it, and one made by other code
    is read again: a better reader reaches every document read before it, and an
    unchanged one reads nothing twice."""
    import hashlib

    root = _ROOT
    digest = hashlib.sha256()
    for part in _READER_CODE:
        path = root / part
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def extract_path(path: str | os.PathLike, max_bytes: int = MAX_BYTES,
                 time_limit: float | None = None) -> Report:
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
    return extract_bytes(data, source, time_limit)


def extract_bytes(data: bytes, source: str, time_limit: float | None = None) -> Report:
    """``time_limit`` (seconds) bounds reading a PDF, checked between pages, and a
    LibreOffice conversion; ``extract_many`` also bounds what no check can interrupt."""
    # Imported here: a process handing documents to fresh workers never reads one itself.
    from pipelines.documents import NeedsOcr, UnreadableDocument, parse_bytes
    from pipelines.reading import read_report
    try:
        document = parse_bytes(data, source, time_limit)
    except UnreadableDocument as error:
        return failed(source, str(error))
    except NeedsOcr as error:
        return Report(source=source, status=NEEDS_OCR, problems=[str(error)],
                      format=_format_of(data))
    except Exception as error:  # noqa: BLE001 - a library failing on one file must not stop a batch
        return failed(source, f"cannot parse the file: {type(error).__name__}: {error}",
                      _format_of(data))
    if not document.blocks:
        return failed(source, "the document has no text", document.format)
    try:
        return read_report(document)
    except Exception as error:  # noqa: BLE001 - one document's bug must not stop a batch
        return failed(source, f"internal error while reading: {type(error).__name__}: {error}",
                      document.format)


def _format_of(data: bytes) -> str | None:
    return "pdf" if b"%PDF-" in data[:1024] else None


DOCUMENT_SECONDS = 30.0  # wall time for one document in ``extract_many``, conversion included

Item = str | os.PathLike | tuple[bytes, str]


def default_workers() -> int:
    """Worker processes to read with: the setting ``workers`` (``XXGK_WORKERS`` or the config
    file, see ``pipelines.settings``; a bad value raises ValueError naming it) when set,
    else one per core this process may run on (its CPU affinity, which a container or
    ``taskset`` narrows)."""
    named = load_settings().workers
    if named:
        return named
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def extract_many(items: Iterable[Item], workers: int | None = None,
                 time_limit: float = DOCUMENT_SECONDS, forked: bool = False) -> Iterator[Report]:
    """Reports of paths or ``(bytes, source)`` pairs, in input order, each read in a worker
    process (``pipelines.workers``); a worker that overruns ``time_limit`` (a hang inside
    a PDF library, which no check between pages can interrupt) is killed and replaced,
    and its document ``failed``.

    ``workers`` (default ``default_workers()``) processes at most, started as documents
    come; ``items`` is consumed only as workers fall idle, so a generator of bytes holds
    in memory just the documents being read. ``forked``: workers are forked from this
    process, which imports the reader first; only for a caller that is one thread and
    holds no library with threads of its own (``xxgk extract``)."""
    size = default_workers() if workers is None else workers
    if size < 1:
        raise ValueError(f"workers must be at least 1, not {size}")
    from pipelines.workers import read_in_workers  # here: one document needs no pool

    return read_in_workers(items, size, time_limit, forked)
