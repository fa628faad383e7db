"""``xxgk crawl``: crawl the registry's portals, then read what is new."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pipelines.commands.extract import text_table
from pipelines.crawl import CrawlSummary, RegistryError, crawl, load_registry
from pipelines.ingest import extract_new
from pipelines.portal import serve_sample_portal
from pipelines.report_files import read_report_files


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "crawl",
        description="Crawl every source of the site registry (politely: robots.txt, one request "
                    "at a time per host, a pause between requests), store what is found under "
                    "--raw, then read each new document into --reports. Exits non-zero only "
                    "when the registry is invalid or every source failed.",
    )
    parser.add_argument("--sources", default="data/sources.yaml", metavar="FILE",
                        help="the site registry (default: data/sources.yaml)")
    parser.add_argument("--source", action="append", metavar="NAME",
                        help="crawl only this source (repeatable)")
    parser.add_argument("--raw", default="data/raw", metavar="DIR|URL",
                        help="the raw store: a folder or an fsspec URL such as s3://bucket/raw "
                             "(default: data/raw)")
    parser.add_argument("--reports", default="data/reports", metavar="DIR",
                        help="where report files go (default: data/reports)")
    parser.add_argument("--sample-portal", action="store_true",
                        help="serve the bundled sample portal on loopback for this crawl and crawl "
                             "it (its own sources file; --sources is ignored)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.sample_portal:
        return _crawl(args, args.sources)
    with serve_sample_portal() as portal, tempfile.TemporaryDirectory() as work:
        return _crawl(args, portal.write_sources(Path(work) / "sources.yaml"))


def _crawl(args: argparse.Namespace, sources: str | Path) -> int:
    try:
        registry = load_registry(sources)
        summary = crawl(registry, args.raw, only=args.source, progress=_progress)
    except RegistryError as error:
        print(f"xxgk crawl: invalid registry: {error}", file=sys.stderr)
        return 2
    print(summary_text(summary))
    written = extract_new(args.raw, Path(args.reports), progress=_progress)
    print(extraction_line(written, Path(args.reports)))
    return 1 if summary.all_failed else 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary_text(summary: CrawlSummary) -> str:
    rows = [("source", "found", "new", "unchanged", "duplicates", "failed", "skipped", "note")]
    for s in summary.sources:
        rows.append((s.name, str(s.found), str(s.new), str(s.unchanged), str(s.duplicates),
                     str(len(s.failed)), str(len(s.skipped)), f"source failed: {s.error}" if s.error else "-"))
    lines = [text_table(rows)]
    for s in summary.sources:
        lines += [f"  {s.name}: failed {url}: {reason}" for url, reason in s.failed]
        lines += [f"  {s.name}: skipped {url}: {reason}" for url, reason in s.skipped]
    return "\n".join(lines)


def extraction_line(written: list[Path], reports_dir: Path) -> str:
    statuses = Counter(f.report["status"] for f in read_report_files(reports_dir, only=written))
    counts = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "nothing new"
    return f"read {len(written)} new document(s): {counts}"
