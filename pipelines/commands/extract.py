"""``xxgk extract PATH...``: read documents, print their reports."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from models.report import FAILED, Report
from pipelines.extract import default_workers, extract_many, extract_path
from pipelines.settings import option_default


def register(commands: argparse._SubParsersAction) -> None:
    extract = commands.add_parser(
        "extract",
        description="Read each document (HTML, text, PDF, Word) and print its report as JSON "
                    "Lines, in input order. Exits 1 when any document failed.",
    )
    extract.add_argument("paths", nargs="+", metavar="PATH")
    shape = extract.add_mutually_exclusive_group()
    shape.add_argument("--pretty", action="store_true", help="indented JSON, for people")
    shape.add_argument("--table", action="store_true",
                       help="a summary table of documents and their checks, for people")
    extract.add_argument("--workers", type=_positive, metavar="N",
                         help="documents read at once, each in its own process with a time "
                              f"limit and a memory cap ({option_default('workers')}; "
                              "unset, one per core)")
    extract.set_defaults(run=run)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, at least 1: {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    try:
        workers = args.workers or default_workers()
    except ValueError as error:
        print(f"xxgk extract: {error}", file=sys.stderr)
        return 2
    reports = []
    for report in _with_progress(args.paths, workers):
        reports.append(report)
        if not args.table:
            print(_json(report, args.pretty), flush=True)
    if args.table:
        print(summary_table(reports))
    return 1 if any(r.status == FAILED for r in reports) else 0


def _with_progress(paths: list[str], workers: int) -> Iterable[Report]:
    """One document is read here; several in worker processes that a hang cannot stall,
    forked from this process (one thread, no library with threads of its own)."""
    show = sys.stderr.isatty() and len(paths) > 1
    reports = [extract_path(paths[0])] if len(paths) == 1 \
        else extract_many(paths, workers, forked=True)
    for index, (path, report) in enumerate(zip(paths, reports), 1):
        if show:
            print(f"\r[{index}/{len(paths)}] {path[-60:]:<60}", end="", file=sys.stderr, flush=True)
        yield report
    if show:
        print(file=sys.stderr)


def _json(report: Report, pretty: bool) -> str:
    return json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2 if pretty else None)


def summary_table(reports: list[Report]) -> str:
    """What was read and what its checks found, one line per document."""
    header = ("document", "status", "template", "agency", "year", "cells", "checks", "findings")
    rows = [header]
    for r in reports:
        failed_checks = r.failed_checks
        findings = "; ".join(r.problems) if r.problems else ", ".join(failed_checks)
        rows.append((
            r.source.rsplit("/", 1)[-1], r.status, r.template or "-", r.agency or "-",
            str(r.year or "-"), str(len(r.cells)),
            f"{len(r.checks) - len(failed_checks)}/{len(r.checks)} passed",
            findings[:120] or "-",
        ))
    return text_table(rows)


def text_table(rows: list[tuple[str, ...]]) -> str:
    """Rows aligned in columns, CJK characters counted as two columns wide."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
