"""Worker processes that read documents, one at a time each, a hang or a crash costing
only its own document.

A worker is started one of two ways:

- **a fresh interpreter** running only ``serve`` (the default): no copy of a parent's
  threads or open files, as Dagster's run process and the crawl need. Not
  multiprocessing's spawn, which also starts a resource tracker process and re-imports
  the parent's main module in every worker (for ``python -m pipelines.demo`` or a
  Dagster script, all of Dagster);
- **forked** from a parent that has imported the reader (``forked=True``): a worker
  then costs a fork instead of an interpreter's start and the reader's import, a
  quarter of a second each on a slow machine. Only for a parent that is one thread and
  holds no library with threads of its own: ``xxgk extract``.

Documents and reports go over a socket pair (``multiprocessing.connection``, pickled).
Each worker's address space is capped, and its document timed from here.
"""

from __future__ import annotations

import gc
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, Pipe, wait
from pathlib import Path

from models.report import Report, failed
from pipelines.extract import Item, extract_bytes, extract_path

WORKER_MEMORY = 1024 ** 3  # a worker reading a report needs under 100 MB
_ROOT = Path(__file__).resolve().parent.parent
_WORKER_PROGRAM = "import sys; from pipelines.workers import serve; serve(int(sys.argv[1]))"


def read_in_workers(items: Iterable[Item], size: int, time_limit: float,
                    forked: bool = False) -> Iterator[Report]:
    """See ``pipelines.extract.extract_many``."""
    if forked:
        ready_to_read()
    pending = enumerate(items)
    pool: list[_Worker] = []
    done: dict[int, Report] = {}
    following = 0
    try:
        while True:
            _hand_out(pending, pool, size, time_limit, forked)
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
            _hand_out(pending, pool, size, time_limit, forked)
            while following in done:
                yield done.pop(following)
                following += 1
    finally:
        for worker in pool:
            worker.stop()


def _hand_out(pending: Iterator[tuple[int, Item]], pool: list[_Worker], size: int,
              time_limit: float, forked: bool) -> None:
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
            idle = _Worker(forked)
            pool.append(idle)
        idle.start(*task, time_limit)


class _Worker:
    """One process reading one document at a time, sent over a socket pair."""

    def __init__(self, forked: bool) -> None:
        self.task: tuple[int, str] | None = None
        self.deadline = 0.0
        self.forked = forked
        self._spawn()

    def _spawn(self) -> None:
        self.connection, child = Pipe()
        if self.forked:
            self.process = _fork(child, self.connection)
        else:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_PROGRAM, str(child.fileno())],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, env=_worker_environment())
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


class _ForkedProcess:
    """A forked worker, killed and reaped as ``subprocess.Popen`` is."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self) -> None:
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _fork(child: Connection, parent_end: Connection) -> _ForkedProcess:
    """A worker forked from this process, serving on ``child``. It never returns to the
    caller's code: it leaves by ``os._exit``, so no buffer, atexit handler or ``finally``
    of the parent runs twice."""
    pid = os.fork()
    if pid:
        return _ForkedProcess(pid)
    status = 1
    try:
        parent_end.close()
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        _serve_on(child)
        status = 0
    finally:
        os._exit(status)


def _worker_environment() -> dict[str, str]:
    """The parent's environment, with this checkout first on the worker's import path
    (so a checkout run without installing reads with its own code)."""
    paths = [str(_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def serve(fd: int) -> None:
    """A fresh worker's program, on the socket ``fd`` its parent passed."""
    ready_to_read()
    _serve_on(Connection(fd))


def _serve_on(connection: Connection) -> None:
    """Read each document sent until the parent closes its end. The address space is
    capped, so a document that would take gigabytes kills only its worker."""
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
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


def ready_to_read() -> None:
    """The reader imported before the first document, and the garbage collector tuned to a
    reading loop: the modules' objects frozen out of its scans (and, in a forked worker,
    their pages left shared with the parent), and a collection after 20,000 new objects
    rather than 700 (a page's characters alone are thousands of tuples, none of them in
    a cycle). 1.5% of a worker's instructions on text PDFs."""
    import pipelines.documents  # noqa: F401 - what extract_bytes imports, done once here
    import pipelines.reading  # noqa: F401
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
