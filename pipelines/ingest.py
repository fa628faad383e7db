"""Extraction of what the crawl brought in: each stored report document read once.

For every document in the raw store's catalog that has no
``reports_dir/<sha256>.json`` yet, read its bytes and write the report with its
provenance. The same bytes under two URLs are one document, read once (the
first URL in the catalog's order names it). A document already read is never
read again, so a re-crawl of an unchanged site extracts nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.crawl.store import CatalogEntry, RawStore
from pipelines.extract import extract_bytes
from pipelines.report_files import Provenance, report_path, write_report_file


def extract_new(raw_root: Path, reports_dir: Path,
                progress: Callable[[str], None] | None = None) -> list[Path]:
    """Read every catalogued document not read yet; return the report files written."""
    say = progress or (lambda message: None)
    with RawStore(raw_root) as store:
        pending = _first_url_per_document(store.documents())
        pending = [e for e in pending if not report_path(reports_dir, e.sha256).exists()]
        written = []
        for index, entry in enumerate(pending, 1):
            report = extract_bytes(store.get(entry.sha256), source=entry.url)
            written.append(write_report_file(reports_dir, report, provenance(entry)))
            say(f"[{index}/{len(pending)}] {report.status}: {entry.title or entry.url}")
    return written


def provenance(entry: CatalogEntry) -> Provenance:
    return Provenance(
        sha256=entry.sha256, url=entry.url, fetched_at=entry.fetched_at, source=entry.source,
        agencies=entry.agencies, region_code=entry.region_code, title=entry.title,
        published=entry.published,
    )


def _first_url_per_document(entries: list[CatalogEntry]) -> list[CatalogEntry]:
    first: dict[str, CatalogEntry] = {}
    for entry in entries:
        first.setdefault(entry.sha256, entry)
    return list(first.values())
