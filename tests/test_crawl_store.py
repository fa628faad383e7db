"""The raw store: whole files or none, each distinct content once, and a fetch log that remembers;
on a local path as before, and on any fsspec filesystem (here fsspec's in-memory one)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import uuid

import fsspec
import pytest

from pipelines.crawl import CatalogEntry, RawStore
from tests.conftest import ROOT

SITES = ROOT / "data" / "sample_portal" / "sites"
REPORT_PAGE = SITES / "hanweb" / "art" / "2024" / "1" / "22" / "art_1229_5690.html"
REPORT_PDF = next(SITES.rglob("*.pdf"))


@pytest.fixture
def memory_root():
    """A fresh ``memory://`` store root, removed afterwards (the filesystem is per process)."""
    root = f"memory://xxgk-test-{uuid.uuid4().hex}/raw"
    yield root
    memory = fsspec.filesystem("memory")
    if memory.exists(root):
        memory.rm(root, recursive=True)


@pytest.fixture(params=["local", "memory"])
def store_root(request, tmp_path):
    return str(tmp_path / "raw") if request.param == "local" else request.getfixturevalue("memory_root")


def entry(url: str, sha256: str, **extra) -> CatalogEntry:
    return CatalogEntry(url=url, source="hanjiang", sha256=sha256,
                        fetched_at="2024-02-01T08:00:00+00:00", agencies=("莆田市涵江区民政局",),
                        region_code="350303", **extra)


def test_documents_come_back_byte_identical_and_the_catalog_lists_them(store_root):
    page, pdf = REPORT_PAGE.read_bytes(), REPORT_PDF.read_bytes()
    with RawStore(store_root) as store:
        page_sha, pdf_sha = store.put(page), store.put(pdf)
        store.catalog(entry("http://www.hanjiang.gov.cn/art/2024/1/22/art_1229_5690.html", page_sha,
                            title="莆田市涵江区民政局2023年政府信息公开工作年度报告", bytes=len(page)))
        store.catalog(entry("http://www.hanjiang.gov.cn/module/download/ndbg.pdf", pdf_sha,
                            bytes=len(pdf), page_url="http://www.hanjiang.gov.cn/art/x.html"))
    with RawStore(store_root) as store:  # a new process would see the same
        assert store.get(page_sha) == page and store.get(pdf_sha) == pdf
        catalog = store.documents()
    assert [(e.url, e.sha256, e.bytes) for e in catalog] == [
        ("http://www.hanjiang.gov.cn/art/2024/1/22/art_1229_5690.html", page_sha, len(page)),
        ("http://www.hanjiang.gov.cn/module/download/ndbg.pdf", pdf_sha, len(pdf))]
    assert catalog[0].title == "莆田市涵江区民政局2023年政府信息公开工作年度报告"
    assert catalog[0].agencies == ("莆田市涵江区民政局",)
    assert catalog[1].page_url == "http://www.hanjiang.gov.cn/art/x.html"


def test_a_memory_store_keeps_its_files_in_fsspec_and_nothing_on_disk(memory_root, tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    with RawStore(memory_root) as store:
        sha256 = store.put(b"%PDF-1.7 report")
        store.catalog(entry("http://x.gov.cn/a.pdf", sha256))
    memory = fsspec.filesystem("memory")
    assert memory.cat_file(f"{memory_root}/blobs/{sha256[:2]}/{sha256}") == b"%PDF-1.7 report"
    image = memory.cat_file(f"{memory_root}/crawl.sqlite")
    assert image.startswith(b"SQLite format 3\0")  # the same catalog file as on a disk
    assert list(tmp_path.iterdir()) == []


def test_two_writers_of_one_memory_store_lose_nothing(memory_root):
    first, second = RawStore(memory_root), RawStore(memory_root)  # e.g. two sources' crawls
    first.catalog(entry("http://a.gov.cn/1.html", first.put(b"one")))
    second.catalog(entry("http://b.gov.cn/2.html", second.put(b"two")))
    second.log_fetch("http://b.gov.cn/2.html", "b", status=200, size=3)
    first.close()
    second.close()
    with RawStore(memory_root) as store:
        assert [e.url for e in store.documents()] == ["http://a.gov.cn/1.html", "http://b.gov.cn/2.html"]
        assert [f["url"] for f in store.fetches()] == ["http://b.gov.cn/2.html"]


def test_a_local_store_copied_to_an_object_store_opens_there(tmp_path, memory_root):
    with RawStore(tmp_path / "raw") as store:  # the catalog on disk is in WAL mode
        sha256 = store.put(b"%PDF-1.7 report")
        store.catalog(entry("http://x.gov.cn/a.pdf", sha256))
    fsspec.filesystem("memory").put(str(tmp_path / "raw"), memory_root, recursive=True)
    with RawStore(memory_root) as store:
        assert [e.url for e in store.documents()] == ["http://x.gov.cn/a.pdf"]
        store.catalog(entry("http://x.gov.cn/b.pdf", sha256))
    with RawStore(memory_root) as store:
        assert len(store.documents()) == 2 and store.get(sha256) == b"%PDF-1.7 report"


# The catalog as stores made before readings were kept have it (no readings table).
_EARLIER_SCHEMA = """
CREATE TABLE fetches (id INTEGER PRIMARY KEY, url TEXT NOT NULL, source TEXT, fetched_at TEXT NOT NULL,
    status INTEGER, bytes INTEGER, sha256 TEXT, etag TEXT, last_modified TEXT,
    conditional INTEGER NOT NULL DEFAULT 0, error TEXT);
CREATE TABLE resources (url TEXT PRIMARY KEY, sha256 TEXT NOT NULL, etag TEXT, last_modified TEXT,
    fetched_at TEXT NOT NULL);
CREATE TABLE documents (url TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL,
    fetched_at TEXT NOT NULL, etag TEXT, last_modified TEXT, status INTEGER, bytes INTEGER, title TEXT,
    published TEXT, agencies TEXT NOT NULL DEFAULT '[]', region_code TEXT, page_url TEXT);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE TABLE moved (url TEXT PRIMARY KEY, target TEXT NOT NULL);
"""


def test_a_store_made_before_readings_were_kept_is_read_as_it_is(tmp_path):
    data = REPORT_PAGE.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    (tmp_path / "blobs" / sha256[:2]).mkdir(parents=True)
    (tmp_path / "blobs" / sha256[:2] / sha256).write_bytes(data)
    with sqlite3.connect(tmp_path / "crawl.sqlite") as db:
        db.executescript(_EARLIER_SCHEMA)
        db.execute("INSERT INTO documents (url, source, sha256, fetched_at, agencies) VALUES"
                   " ('http://www.hanjiang.gov.cn/a.html', 'hanjiang', ?, '2024-02-01T08:00:00+00:00',"
                   " '[\"莆田市涵江区民政局\"]')", (sha256,))
    db.close()
    with RawStore(tmp_path) as store:
        [document] = store.documents()
        assert (document.sha256, document.agencies) == (sha256, ("莆田市涵江区民政局",))
        assert store.get(sha256) == data
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("crawl.sqlite-")) \
        == ["blobs", "crawl.sqlite"]


def test_the_same_bytes_are_stored_once_under_their_sha256(tmp_path):
    with RawStore(tmp_path) as store:
        first, second = store.put(b"report"), store.put(b"report")
    assert first == second == hashlib.sha256(b"report").hexdigest()
    assert [p.name for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [first]


def test_a_write_interrupted_midway_leaves_no_file(tmp_path, monkeypatch):
    def killed(fd):
        raise KeyboardInterrupt  # the crawl is stopped while the bytes are being written

    with RawStore(tmp_path) as store:
        monkeypatch.setattr(os, "fsync", killed)
        with pytest.raises(KeyboardInterrupt):
            store.put(b"half of a report")
        monkeypatch.undo()
        assert not store.has(hashlib.sha256(b"half of a report").hexdigest())
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def test_validators_survive_a_reopen(store_root):
    with RawStore(store_root) as store:
        sha256 = store.put(b"page")
        store.remember("http://x.gov.cn/a.html", sha256, '"abc"', "Mon, 15 Jan 2024 08:00:00 GMT")
        store.log_fetch("http://x.gov.cn/a.html", "x", status=200, size=4, sha256=sha256)
    with RawStore(store_root) as store:
        resource = store.resource("http://x.gov.cn/a.html")
        assert (resource.sha256, resource.etag) == (sha256, '"abc"')
        assert store.fetches()[0]["status"] == 200
        store.blob_path(sha256).unlink()
        assert store.resource("http://x.gov.cn/a.html") is None  # no copy, no conditional request


def test_sources_sharing_a_host_share_the_strictest_gate():
    from pipelines.crawl import parse_registry
    from pipelines.crawl.politeness import HostGates

    registry = parse_registry({"sources": [
        {"name": "a", "cms": "trs", "lists": ["http://x.gov.cn/a/"], "concurrency": 3, "delay": 0.5},
        {"name": "b", "cms": "trs", "lists": ["http://x.gov.cn/b/"], "concurrency": 1, "delay": 0.2},
    ]})
    gates = HostGates(registry.sources)
    gate = gates.gate("x.gov.cn", 3, 0.5)
    assert gates.gate("x.gov.cn", 1, 0.2) is gate
    assert (gate.concurrency, gate.delay) == (1, 0.5)


def test_the_dagster_crawler_resource_keeps_an_object_store_url_whole(memory_root):
    from pipelines.defs.resources import CrawlerResource

    assert str(CrawlerResource(raw_root=memory_root).raw_path) == memory_root
    assert str(CrawlerResource(raw_root="data/raw").raw_path) == "data/raw"
    with RawStore(CrawlerResource(raw_root=memory_root).raw_path) as store:
        store.catalog(entry("http://x.gov.cn/a.pdf", store.put(b"%PDF-1.7")))
    assert fsspec.filesystem("memory").exists(f"{memory_root}/crawl.sqlite")
