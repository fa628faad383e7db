"""One path in, one Report out — whatever the path holds.

A batch must never stop for one bad file: every failure becomes a ``failed``
report with a one-line reason, and the other documents are still read. Time is
bounded twice: adapters check a limit between pages (PDF) and time out a
LibreOffice conversion; ``extract_many`` reads in worker processes and kills
one that overruns, which also bounds a hang inside C code.
"""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from functools import cache
from multiprocessing.connection import Connection, Pipe, wait
from pathlib import Path

from models.report import NEEDS_OCR, Report, failed
from pipelines.settings import load_settings

MAX_BYTES = 20 * 1024 * 1024  # far larger than any real report page; a bigger file is a mistake
# The code that turns bytes into a report; see ``reader_version``.
_READER_CODE = ("models", "pipelines/documents", "pipelines/ocr", "pipelines/reading",
                "pipelines/extract.py")
_ROOT = Path(__file__).resolve().parent.parent
# A worker is a fresh interpreter (no copy of a parent's threads or open files, as Dagster
# needs) running only this: not multiprocessing's spawn, which also starts a resource
# tracker process and re-imports the parent's main module in every worker (for
# ``python -m pipelines.demo`` or a Dagster script, all of Dagster).
_WORKER_PROGRAM = "import sys; from pipelines.extract import serve; serve(int(sys.argv[1]))"


@cache
def reader_version() -> str:
    """A digest of the reading code. Stored reports carry it, and one made by other code
    is read again: a better reader reaches every document read before it, and an
    unchanged one reads nothing twice."""
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
    # Imported here: a process handing documents to workers never reads one itself.
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


WORKER_MEMORY = 1024 ** 3
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
                 time_limit: float = DOCUMENT_SECONDS) -> Iterator[Report]:
    """Reports of paths or ``(bytes, source)`` pairs, in input order, each read in a worker
    process; a worker that overruns ``time_limit`` (a hang inside a PDF library, which no
    check between pages can interrupt) is killed and replaced, and its document ``failed``.

    ``workers`` (default ``default_workers()``) processes at most, started as documents
    come; ``items`` is consumed only as workers fall idle, so a generator of bytes holds
    in memory just the documents being read."""
    size = default_workers() if workers is None else workers
    if size < 1:
        raise ValueError(f"workers must be at least 1, not {size}")
    pending = enumerate(items)
    pool: list[_Worker] = []
    done: dict[int, Report] = {}
    following = 0
    try:
        while True:
            _hand_out(pending, pool, size, time_limit)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                break
            nearest = min(w.deadline for w in busy) - time.monotonic()
            ready = wait([w.connection for w in busy], timeout=max(nearest, 0))
            for worker in busy:
                if worker.connection in ready:
                    index, report = worker.finish()
                    done[index] = report
                elif time.monotonic() > worker.deadline:
                    index, source = worker.task
                    done[index] = failed(source, f"reading took longer than {time_limit:g} s: "
                                                 f"stopped")
                    worker.restart()
            # the idle workers' next documents first, then the caller's turn: a worker never
            # waits while its last report is printed or stored
            _hand_out(pending, pool, size, time_limit)
            while following in done:
                yield done.pop(following)
                following += 1
    finally:
        for worker in pool:
            worker.stop()


def _hand_out(pending: Iterator[tuple[int, Item]], pool: list[_Worker], size: int,
              time_limit: float) -> None:
    """The next documents to every idle worker, the pool grown up to ``size`` while
    documents remain."""
    while True:
        idle = next((w for w in pool if w.task is None), None)
        if idle is None and len(pool) >= size:
            return
        task = next(pending, None)
        if task is None:
            return
        if idle is None:
            idle = _Worker()
            pool.append(idle)
        idle.start(*task, time_limit)


class _Worker:
    """One process reading one document at a time, sent over a pipe."""

    def __init__(self) -> None:
        self.task: tuple[int, str] | None = None
        self.deadline = 0.0
        self._spawn()

    def _spawn(self) -> None:
        self.connection, child = Pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WORKER_PROGRAM, str(child.fileno())],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env=_worker_environment())
        child.close()

    def start(self, index: int, item: Item, time_limit: float) -> None:
        source = item[1] if isinstance(item, tuple) else str(item)
        self.task = (index, source)
        self.deadline = time.monotonic() + time_limit
        try:
            self.connection.send((item, time_limit))
        except OSError:  # the idle worker is gone: a fresh one takes the document
            self.stop()
            self._spawn()
            self.connection.send((item, time_limit))

    def finish(self) -> tuple[int, Report]:
        index, source = self.task
        self.task = None
        try:
            return index, self.connection.recv()
        except (EOFError, OSError):  # the worker died (out of memory, a crash in C code)
            self.restart()
            return index, failed(source, "the reading process died while reading the file")

    def restart(self) -> None:
        self.task = None
        self.stop()
        self._spawn()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.connection.close()


def _worker_environment() -> dict[str, str]:
    """The parent's environment, with this checkout first on the worker's import path
    (so a checkout run without installing reads with its own code)."""
    paths = [str(_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def serve(fd: int) -> None:
    """A worker's loop, on the socket ``fd`` its parent passed. Its address space is
    capped, so a document that would take gigabytes kills only its worker (a worker
    reading a report needs under 100 MB)."""
    connection = Connection(fd)
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    _ready_to_read()
    while True:
        try:
            item, time_limit = connection.recv()
        except EOFError:
            return
        if isinstance(item, tuple):
            report = extract_bytes(item[0], item[1], time_limit)
        else:
            report = extract_path(item, time_limit=time_limit)
        connection.send(report)


def _ready_to_read() -> None:
    """The reader imported before the first document, and the garbage collector tuned to a
    reading loop: the modules' objects frozen out of its scans, and a collection after
    20,000 new objects rather than 700 (a page's characters alone are thousands of
    tuples, none of them in a cycle). 1.5% of a worker's instructions on text PDFs."""
    import pipelines.documents  # noqa: F401 - what extract_bytes imports, done once here
    import pipelines.reading  # noqa: F401
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
