"""A crawl: every source walked (sources on different hosts at once), one source's failure its own.

For each source: walk its list pages and their pagination, keep the items whose
title names an annual report, open each detail page, and fetch the report
itself (the page, or its attachments). A report page's own pictures (its
tables may be pasted in as images, a 图片版 page) are fetched too, from the
page's own host only, furniture passed over, at most ``max_images`` per page,
and kept in the raw store for OCR. Nothing is requested that the source's
hosts, robots.txt or the private-address rule forbid; those are counted as
skipped, with the reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from pipelines.documents.decoding import decode, declared_charset

from .discovery import is_document_url, is_report_title, may_be_cut_report_title, read_detail, report_images
from .families import FAMILIES, Item
from .fetcher import Fetcher, FetchFailed, Page, Refused
from .politeness import HostGates
from .registry import Registry, Source
from .store import CatalogEntry, RawStore, utc_now

Progress = Callable[[str], None]


@dataclass(frozen=True)
class NewDocument:
    source: str
    url: str
    sha256: str
    title: str | None


@dataclass
class SourceSummary:
    name: str
    found: int = 0  # report documents located (URLs)
    new: int = 0  # bytes never stored as a report before
    unchanged: int = 0  # 304, or bytes already in the catalog
    duplicates: int = 0  # the same bytes as another URL of this crawl
    failed: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # never requested: (URL, reason)
    images: int = 0  # pictures of report pages fetched (or revalidated) and kept
    image_failures: list[tuple[str, str]] = field(default_factory=list)  # (picture URL, reason)
    error: str | None = None  # the source as a whole could not be crawled

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class CrawlSummary:
    sources: list[SourceSummary]
    new_documents: list[NewDocument]

    @property
    def all_failed(self) -> bool:
        return bool(self.sources) and all(not s.ok for s in self.sources)

    def source(self, name: str) -> SourceSummary:
        return next(s for s in self.sources if s.name == name)


def crawl(registry: Registry, raw_root: Path, only: list[str] | None = None,
          progress: Progress | None = None) -> CrawlSummary:
    sources = registry.select(only)
    say = progress or (lambda message: None)
    run = _Run(RawStore(raw_root), HostGates(sources), say)
    try:
        with httpx.Client(http2=False) as client, \
                ThreadPoolExecutor(max_workers=min(8, len(sources)), thread_name_prefix="crawl") as pool:
            summaries = list(pool.map(lambda s: run.source(s, client), sources))
    finally:
        run.store.close()
    return CrawlSummary(summaries, run.new_documents)


class _Run:
    def __init__(self, store: RawStore, gates: HostGates, say: Progress) -> None:
        self.store = store
        self.gates = gates
        self.say = say
        self.new_documents: list[NewDocument] = []
        self._seen: set[str] = set()  # sha256 of report documents met in this crawl
        self._lock = threading.Lock()

    def source(self, source: Source, client: httpx.Client) -> SourceSummary:
        summary = SourceSummary(source.name)
        try:
            crawl = _SourceCrawl(self, source, Fetcher(source, client, self.store, self.gates), summary)
            crawl.run()
        except FetchFailed as failure:
            summary.error = str(failure)
        except Exception as error:  # noqa: BLE001 - one source's failure must not stop the others
            summary.error = f"{type(error).__name__}: {error}"
        if summary.error:
            self.say(f"{source.name}: failed: {summary.error}")
        return summary

    def count(self, source: Source, summary: SourceSummary, page: Page, entry: CatalogEntry) -> str:
        """Catalog one report document; say whether it is new, unchanged or a duplicate."""
        with self._lock:
            duplicate = page.sha256 in self._seen
            self._seen.add(page.sha256)
            known = self.store.knows_document(page.sha256)
            self.store.catalog(entry)
            if duplicate:
                summary.duplicates += 1
                return "duplicate"
            if page.not_modified or known:
                summary.unchanged += 1
                return "unchanged"
            summary.new += 1
            self.new_documents.append(NewDocument(source.name, entry.url, page.sha256, entry.title))
            return "new"


class _SourceCrawl:
    def __init__(self, run: _Run, source: Source, fetcher: Fetcher, summary: SourceSummary) -> None:
        self.run_ = run
        self.source = source
        self.fetcher = fetcher
        self.summary = summary
        self.family = FAMILIES[source.cms]

    def run(self) -> None:
        items = self.list_items()
        reports = [i for i in items if is_report_title(i.title, self.source.title_pattern)]
        cut_short = [i for i in items if i not in reports and not self.source.title_pattern
                     and may_be_cut_report_title(i.title) and not is_document_url(i.url)]
        self.run_.say(f"{self.source.name}: {len(reports)} report item(s) and {len(cut_short)} "
                      f"cut-short title(s) among {len(items)} links")
        with ThreadPoolExecutor(max_workers=self.source.concurrency) as pool:
            list(pool.map(self.item, reports))
            list(pool.map(self.cut_short_item, cut_short))

    def list_items(self) -> list[Item]:
        items: dict[str, Item] = {}
        pages_read = 0
        for list_url in self.source.lists:
            queue, seen = [list_url], {list_url}
            while queue and len(seen) - len(queue) < self.source.max_pages:
                url = queue.pop(0)
                page = self.get(url)
                if page is None:
                    continue
                pages_read += 1
                html = _text(page.body)
                self.run_.say(f"{self.source.name}: list page {url}")
                for item in self.family.items(html, page.final_url, self.source.item_selector):
                    items.setdefault(item.url, item)
                for more in self.family.more_pages(html, page.final_url, list_url):
                    if more not in seen:
                        seen.add(more)
                        queue.append(more)
        if not pages_read:
            problems = self.summary.failed + self.summary.skipped
            reason = problems[0][1] if problems else "no list page"
            raise FetchFailed(f"no list page could be read: {reason}")
        return list(items.values())

    def item(self, item: Item, page: Page | None = None) -> None:
        if is_document_url(item.url):
            self.document(item.url, item.title, item.published, None)
            return
        page = page or self.get(item.url)
        if page is None:
            return
        detail = read_detail(_text(page.body), page.final_url)
        title = item.title or detail.title
        published = item.published or detail.published
        if detail.inline:
            self.record(page, title, published, item.url)
            self.pictures(page)
        for attachment in detail.attachments:
            self.document(attachment, title, published, item.url)

    def cut_short_item(self, item: Item) -> None:
        """An item whose list title was cut short: a report when its page's title says so."""
        page = self.get(item.url)
        if page is None:
            return
        detail = read_detail(_text(page.body), page.final_url)
        if detail.title and is_report_title(detail.title):
            self.item(Item(detail.title, item.url, item.published), page)

    def document(self, url: str, title: str | None, published: str | None, page_url: str | None) -> None:
        page = self.get(url)
        if page is not None:
            self.record(page, title, published, page_url)

    def record(self, page: Page, title: str | None, published: str | None, page_url: str | None) -> None:
        self.summary.found += 1
        entry = CatalogEntry(
            url=page.url, source=self.source.name, sha256=page.sha256, fetched_at=utc_now(),
            etag=page.etag, last_modified=page.last_modified, status=page.status,
            bytes=len(page.body), title=title, published=published, agencies=self.source.agencies,
            region_code=self.source.region_code, page_url=page_url,
        )
        outcome = self.run_.count(self.source, self.summary, page, entry)
        self.run_.say(f"{self.source.name}: {outcome}: {title or page.url}")

    def pictures(self, page: Page) -> None:
        """A report page's own pictures, into the raw store (``resources``, by URL) for OCR.
        A picture that cannot be had is recorded and the page stays as it is."""
        urls = report_images(_text(page.body), page.final_url, self.source.image_exclude)
        cap = self.source.max_images
        for url in urls[cap:]:
            self.summary.skipped.append((url, f"a picture over the cap of {cap} per page"))
        for url in urls[:cap]:
            try:
                self.fetcher.fetch(url, max_bytes=self.source.max_image_bytes)
            except (Refused, FetchFailed) as failure:
                self.summary.image_failures.append((url, str(failure)))
                self.run_.say(f"{self.source.name}: picture not kept: {url}: {failure}")
            else:
                self.summary.images += 1

    def get(self, url: str) -> Page | None:
        """The page, or None with the failure (or the refusal) recorded in the summary."""
        try:
            return self.fetcher.fetch(url)
        except Refused as refused:
            self.summary.skipped.append((url, str(refused)))
        except FetchFailed as failure:
            self.summary.failed.append((url, str(failure)))
            self.run_.say(f"{self.source.name}: failed: {url}: {failure}")
        return None


def _text(body: bytes) -> str:
    return decode(body, declared_charset(body))[0]
