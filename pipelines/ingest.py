"""Extraction of what the crawl brought in: each stored report document read once.

For every document in the raw store's catalog that has no
``reports_dir/<sha256>.json`` yet, or one made by other reading code, read its
bytes and write the report with its provenance. The same bytes under two URLs
are one document, read once (the first URL in the catalog's order names it). A
document already read by this code is never read again, so a re-crawl of an
unchanged site extracts nothing; a better reader re-reads everything once.
Documents are read in worker processes (``extract_many``, one per core unless
``XXGK_WORKERS`` says fewer), so a file that hangs a PDF library costs its time
limit, not the night; each document's bytes are loaded as a worker falls idle.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.crawl.store import CatalogEntry, RawStore
from pipelines.extract import extract_many
from pipelines.ocr.linked import RAW_SETTING
from pipelines.report_files import Provenance, keep_report, unread_documents



def extract_new(raw_root: Path, reports_dir: Path,
                progress: Callable[[str], None] | None = None,
                workers: int | None = None, source: str | None = None) -> list[Path]:
    """Read every catalogued document not read yet by this code; return the files written.
    ``workers`` processes read at once (default: ``extract.default_workers()``); with
    ``source``, only the documents catalogued under that registry source are read.
    """
    say = progress or (lambda message: None)
    with RawStore(raw_root) as store:
        entries = [e for e in _first_url_per_document(store.documents())
                   if source is None or e.source == source]
        pending = unread_documents(store, entries, reports_dir)
        written = []
        for entry, report in zip(pending, _read(store, pending, workers)):
            written.append(keep_report(store, reports_dir, report, provenance(entry)))
            say(f"[{len(written)}/{len(pending)}] {report.status}: {entry.title or entry.url}")
    return written


def _read(store: RawStore, entries: list[CatalogEntry], workers: int | None) -> Iterator:
    with _pictures_from(store.root):
        yield from extract_many(((store.get(e.sha256), e.url) for e in entries), workers=workers)


@contextmanager
def _pictures_from(root) -> Iterator[None]:
    """A page's pictures are looked up in this store (``pipelines.ocr.linked``): the readers,
    worker processes too, find it by ``XXGK_RAW``, set while they read."""
    previous = os.environ.get(RAW_SETTING)
    os.environ[RAW_SETTING] = str(root)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(RAW_SETTING, None)
        else:
            os.environ[RAW_SETTING] = previous


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
