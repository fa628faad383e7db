"""A night with no change over a raw store of 100,000 documents: seconds, whole process.

Builds (not counted) a raw store whose catalog holds ``--documents`` synthetic report
documents (small blobs, one small report file each, each reading recorded in the catalog
as the current reader version made it), plus the bundled sample portal's ``yueqing``
source crawled and read once for real. Then times, as a user runs it, start-up included,
``xxgk crawl --source yueqing`` against that store, ``--rounds`` times: the portal answers
304 to everything, nothing is new, so nothing is read. Beside it, the same command over a
store holding only the portal's documents (what the crawl itself costs), and, in this
process, what deciding the same by opening every report file costs (how the reading step
decided before the catalog kept readings). Printed, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.crawl import RawStore  # noqa: E402
from pipelines.extract import reader_version  # noqa: E402
from pipelines.portal import serve_sample_portal  # noqa: E402
from pipelines.report_files import stored_reader  # noqa: E402

XXGK = [str(ROOT / ".venv" / "bin" / "xxgk")] if (ROOT / ".venv" / "bin" / "xxgk").exists() \
    else [sys.executable, "-m", "pipelines.cli"]


def synthetic_store(raw: Path, reports: Path, documents: int) -> None:
    """``documents`` catalogued documents, each stored and read: written directly (no fsync,
    no temporary names) so that 100,000 take seconds, in the store's own layout."""
    RawStore(raw).close()  # the layout and the catalog's tables
    reports.mkdir(parents=True, exist_ok=True)
    reader, folder = reader_version(), reports.resolve()
    catalog, readings = [], []
    for number in range(documents):
        agency = f"某某县第{number % 997}局"
        body = f"<html><body><h1>{agency}{2015 + number % 10}年政府信息公开工作年度报告" \
               f"</h1><p>{number}</p></body></html>".encode()
        sha256 = hashlib.sha256(body).hexdigest()
        blob = raw / "blobs" / sha256[:2] / sha256
        blob.parent.mkdir(exist_ok=True)
        blob.write_bytes(body)
        url = f"http://www.county{number % 997}.gov.cn/art/{2016 + number % 10}/ndbg_{number}.html"
        catalog.append((url, f"county{number % 997}", sha256, "2026-01-01T02:00:00+00:00", len(body),
                        f"{agency}年度报告", json.dumps([agency], ensure_ascii=False)))
        location = os.path.join(folder, f"{sha256}.json")
        report = {"report": {"status": "ok", "agency": agency, "year": 2015 + number % 10,
                             "cells": {}, "checks": [], "problems": [], "notes": []},
                  "provenance": {"sha256": sha256, "url": url}, "reader": reader}
        with open(location, "w", encoding="utf-8") as out:
            json.dump(report, out, ensure_ascii=False)
        stat = os.stat(location)
        readings.append((sha256, location, reader, "ok", f"{stat.st_size}:{stat.st_mtime_ns}",
                         "2026-01-01T02:10:00+00:00"))
    with sqlite3.connect(raw / "crawl.sqlite") as db:
        db.executemany("INSERT INTO documents (url, source, sha256, fetched_at, bytes, title, agencies)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", catalog)
        db.executemany("INSERT INTO readings (sha256, report, reader, status, report_stamp, read_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", readings)
    db.close()


def night(sources: Path, raw: Path, reports: Path) -> tuple[float, str]:
    """One ``xxgk crawl`` of yueqing, whole process: seconds and its closing line."""
    command = XXGK + ["crawl", "--sources", str(sources), "--source", "yueqing", "--raw", str(raw),
                      "--reports", str(reports)]
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"xxgk crawl failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return seconds, run.stdout.strip().splitlines()[-1]


def opening_every_report_file(raw: Path, reports: Path) -> float:
    """Seconds to find what is unread by opening each report file for its reader (as before)."""
    started = time.perf_counter()
    current = reader_version()
    with RawStore(raw) as store:
        unread = [e for e in store.documents() if stored_reader(reports, e.sha256) != current]
    assert not unread
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xxgk-night-bench-"))
    try:
        with serve_sample_portal() as portal:
            sources = portal.write_sources(work / "sources.yaml")
            big, small = (work / "big", work / "small")
            started = time.perf_counter()
            synthetic_store(big / "raw", big / "reports", args.documents)
            print(f"night bench: {args.documents:,} stored documents with their readings made in "
                  f"{time.perf_counter() - started:.1f} s (not counted)")
            for store in (big, small):
                seconds, line = night(sources, store / "raw", store / "reports")
                print(f"  first night of the portal's yueqing source ({store.name} store): "
                      f"{seconds:.2f} s; {line}")
            timings = {store: [night(sources, store / "raw", store / "reports")
                               for _ in range(args.rounds)] for store in (big, small)}
        for store, label in ((big, f"{args.documents:,} stored documents + the portal's"),
                             (small, "the portal's documents alone")):
            seconds = [s for s, _ in timings[store]]
            print(f"  no-change night, `xxgk crawl --source yueqing`, over {label}: "
                  f"median {statistics.median(seconds):.2f} s "
                  f"({', '.join(f'{s:.2f}' for s in seconds)}); {timings[store][-1][1]}")
        print(f"  deciding the same by opening every report file (the reading step before "
              f"readings were kept), in process: {opening_every_report_file(big / 'raw', big / 'reports'):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
