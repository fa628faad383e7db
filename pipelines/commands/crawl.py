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
from pipelines.settings import load_settings, option_default


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "crawl",
        description="Crawl every source of the site registry (politely: robots.txt, one request "
                    "at a time per host, a pause between requests), store what is found under "
                    "--raw, then read each new document into --reports. Exits non-zero only "
                    "when the registry is invalid or every source failed.",
    )
    parser.add_argument("--sources", metavar="FILE",
                        help=f"the site registry ({option_default('sources')})")
    parser.add_argument("--source", action="append", metavar="NAME",
                        help="crawl only this source (repeatable)")
    parser.add_argument("--raw", metavar="DIR|URL",
                        help="the raw store: a folder or an fsspec URL such as s3://bucket/raw "
                             f"({option_default('raw')})")
    parser.add_argument("--reports", metavar="DIR",
                        help=f"where report files go ({option_default('reports')})")
    parser.add_argument("--sample-portal", action="store_true",
                        help="serve the bundled sample portal on loopback for this crawl and crawl "
                             "it (its own sources file; --sources is ignored)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    args.raw = args.raw or settings.raw
    args.reports = args.reports or settings.reports
    if not args.sample_portal:
        return _crawl(args, args.sources or settings.sources)
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
        lines += [f"  {s.name}: picture not kept {url}: {reason}" for url, reason in s.image_failures]
    return "\n".join(lines)


def extraction_line(written: list[Path], reports_dir: Path) -> str:
    statuses = Counter(f.report["status"] for f in read_report_files(reports_dir, only=written))
    counts = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "nothing new"
    return f"read {len(written)} new document(s): {counts}"
