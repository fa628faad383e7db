"""The raw store: fetched bytes by sha256, the fetch log and the catalog of report documents.

The store's root is a local path or an fsspec URL (``memory://…`` in tests,
``s3://bucket/raw`` given s3fs installed, any fsspec filesystem). Layout under
the root (``data/raw/`` by default)::

    blobs/ab/abcdef…          the bytes of every page and document fetched, named by sha256
    crawl.sqlite              fetches (every request), resources (the last good copy of each
                              URL, for conditional requests), documents (the report catalog),
                              moved (redirects, followed directly next time), readings
                              (which reader version read each document, and to where)

A blob exists whole or not at all (``pipelines.files.write_atomically``), and
the same bytes under two URLs are stored once. On a local path SQLite commits
each record as it is made, so a crash loses nothing fetched. Elsewhere the
catalog is an SQLite image held in memory, loaded when the store opens and
written back whole (merged with what other writers wrote meanwhile) on
``flush()``, on ``close()`` and at most every ``FLUSH_SECONDS`` while records
are made; a crash loses the records since the last write, never a blob.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from upath import UPath

from pipelines.files import is_local, write_atomically

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL, source TEXT, fetched_at TEXT NOT NULL,
    status INTEGER, bytes INTEGER, sha256 TEXT, etag TEXT, last_modified TEXT,
    conditional INTEGER NOT NULL DEFAULT 0, error TEXT
);
CREATE TABLE IF NOT EXISTS resources (
    url TEXT PRIMARY KEY, sha256 TEXT NOT NULL, etag TEXT, last_modified TEXT, fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    url TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL, fetched_at TEXT NOT NULL,
    etag TEXT, last_modified TEXT, status INTEGER, bytes INTEGER, title TEXT, published TEXT,
    agencies TEXT NOT NULL DEFAULT '[]', region_code TEXT, page_url TEXT
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
CREATE TABLE IF NOT EXISTS moved (url TEXT PRIMARY KEY, target TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS readings (
    sha256 TEXT NOT NULL, report TEXT NOT NULL, reader TEXT NOT NULL, status TEXT,
    report_stamp TEXT, read_at TEXT NOT NULL, PRIMARY KEY (sha256, report)
);
"""
CATALOG = "crawl.sqlite"
FLUSH_SECONDS = 60.0


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Resource:
    """The last good copy of a URL: what a conditional request revalidates."""

    url: str
    sha256: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class CatalogEntry:
    """A report document as the crawl found it; the extraction step's provenance."""

    url: str
    source: str
    sha256: str
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    status: int | None = None
    bytes: int | None = None
    title: str | None = None
    published: str | None = None
    agencies: tuple[str, ...] = ()
    region_code: str | None = None
    page_url: str | None = None


class RawStore:
    """The raw store at ``root``: a local path, or a URL any fsspec filesystem serves."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = UPath(root)
        self.blobs = self.root / "blobs"
        self._lock = threading.Lock()
        self._catalog = _LocalCatalog(self.root) if is_local(self.root) else _ImageCatalog(self.root)
        self._db = self._catalog.connection

    def flush(self) -> None:
        """Make every record so far durable (a no-op on a local path: each already is)."""
        with self._lock:
            self._catalog.flush()

    def close(self) -> None:
        with self._lock:
            self._catalog.flush()
            self._db.close()

    def __enter__(self) -> RawStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- bytes

    def blob_path(self, sha256: str) -> UPath:
        return self.blobs / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store bytes (once) and return their sha256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.blob_path(sha256)
        if target.exists():
            return sha256
        write_atomically(target, data)
        return sha256

    def get(self, sha256: str) -> bytes:
        return self.blob_path(sha256).read_bytes()

    def has(self, sha256: str) -> bool:
        return self.blob_path(sha256).exists()

    # ---------------------------------------------------------------- records

    def _execute(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
            self._catalog.maybe_flush()
            return rows

    def log_fetch(self, url: str, source: str, *, status: int | None = None, size: int | None = None,
                  sha256: str | None = None, etag: str | None = None, last_modified: str | None = None,
                  conditional: bool = False, error: str | None = None) -> None:
        self._execute(
            "INSERT INTO fetches (url, source, fetched_at, status, bytes, sha256, etag, last_modified,"
            " conditional, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, source, utc_now(), status, size, sha256, etag, last_modified, int(conditional), error))

    def fetches(self, source: str | None = None) -> list[dict]:
        rows = self._execute(
            "SELECT url, source, fetched_at, status, bytes, sha256, etag, last_modified, conditional, error"
            " FROM fetches WHERE ? IS NULL OR source = ? ORDER BY id", (source, source))
        keys = ("url", "source", "fetched_at", "status", "bytes", "sha256", "etag", "last_modified",
                "conditional", "error")
        return [dict(zip(keys, row)) for row in rows]

    def resource(self, url: str) -> Resource | None:
        rows = self._execute("SELECT url, sha256, etag, last_modified FROM resources WHERE url = ?", (url,))
        if not rows or not self.has(rows[0][1]):
            return None
        return Resource(*rows[0])

    def remember(self, url: str, sha256: str, etag: str | None, last_modified: str | None) -> None:
        self._execute(
            "INSERT INTO resources (url, sha256, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, etag = excluded.etag,"
            " last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
            (url, sha256, etag, last_modified, utc_now()))

    def remember_move(self, url: str, target: str) -> None:
        """A redirect: the next crawl asks the target directly (and the URL itself if that fails)."""
        self._execute("INSERT INTO moved (url, target) VALUES (?, ?) ON CONFLICT (url) DO UPDATE"
                      " SET target = excluded.target", (url, target))

    def moved_to(self, url: str) -> str | None:
        rows = self._execute("SELECT target FROM moved WHERE url = ?", (url,))
        return rows[0][0] if rows else None

    def knows_document(self, sha256: str) -> bool:
        return bool(self._execute("SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1", (sha256,)))

    def catalog(self, entry: CatalogEntry) -> None:
        self._execute(
            "INSERT INTO documents (url, source, sha256, fetched_at, etag, last_modified, status, bytes,"
            " title, published, agencies, region_code, page_url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
            " source = excluded.source, sha256 = excluded.sha256, fetched_at = excluded.fetched_at,"
            " etag = excluded.etag, last_modified = excluded.last_modified, status = excluded.status,"
            " bytes = excluded.bytes, title = excluded.title, published = excluded.published,"
            " agencies = excluded.agencies, region_code = excluded.region_code,"
            " page_url = excluded.page_url",
            (entry.url, entry.source, entry.sha256, entry.fetched_at, entry.etag, entry.last_modified,
             entry.status, entry.bytes, entry.title, entry.published,
             json.dumps(list(entry.agencies), ensure_ascii=False), entry.region_code, entry.page_url))

    def documents(self) -> list[CatalogEntry]:
        """The report catalog, in a stable order (by URL)."""
        rows = self._execute(
            "SELECT url, source, sha256, fetched_at, etag, last_modified, status, bytes, title,"
            " published, agencies, region_code, page_url FROM documents ORDER BY url")
        return [CatalogEntry(*row[:10], agencies=tuple(json.loads(row[10])), region_code=row[11],
                             page_url=row[12]) for row in rows]

    # ---------------------------------------------------------------- readings

    def record_reading(self, sha256: str, report: str, reader: str, status: str | None,
                       report_stamp: str | None) -> None:
        """The document ``sha256`` was read by reader version ``reader``, its report kept at
        ``report`` (a location the reading step names) with this ``status``;
        ``report_stamp`` tells that file as written from a later one (size, mtime)."""
        self._execute(
            "INSERT INTO readings (sha256, report, reader, status, report_stamp, read_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256, report) DO UPDATE SET"
            " reader = excluded.reader, status = excluded.status,"
            " report_stamp = excluded.report_stamp, read_at = excluded.read_at",
            (sha256, report, reader, status, report_stamp, utc_now()))

    def readings_by(self, reader: str) -> dict[tuple[str, str], str | None]:
        """(sha256, report location) → report stamp, of every reading by reader ``reader``."""
        rows = self._execute("SELECT sha256, report, report_stamp FROM readings WHERE reader = ?",
                             (reader,))
        return {(sha256, report): stamp for sha256, report, stamp in rows}


class _LocalCatalog:
    """``crawl.sqlite`` on disk, in WAL mode: every record committed as it is made."""

    def __init__(self, root: UPath) -> None:
        (root / "blobs").mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(os.fspath(root / CATALOG), check_same_thread=False,
                                          isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.executescript(_SCHEMA)

    def maybe_flush(self) -> None:
        pass

    def flush(self) -> None:
        pass


class _ImageCatalog:
    """``crawl.sqlite`` on a filesystem SQLite cannot open (an object store): the image is
    loaded into memory and written back whole. Before a write, records another process
    wrote to the image since it was loaded are merged in (newer fetch or reading wins), so
    two crawls of different sources into one store lose nothing unless their writes meet
    within the same moment; run one writer at a time where that matters."""

    def __init__(self, root: UPath) -> None:
        self.image = root / CATALOG
        self.connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.loaded = self._remote_image()
        if self.loaded:
            self.connection.deserialize(self.loaded)
        self.connection.executescript(_SCHEMA)
        self.written_changes = self.connection.total_changes
        self.written_at = time.monotonic()

    def maybe_flush(self) -> None:
        if time.monotonic() - self.written_at > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.connection.total_changes == self.written_changes:
            return
        theirs = self._remote_image()
        if theirs and theirs != self.loaded:
            _merge(self.connection, theirs)
        image = self.connection.serialize()
        write_atomically(self.image, image)
        self.loaded = image
        self.written_changes = self.connection.total_changes
        self.written_at = time.monotonic()

    def _remote_image(self) -> bytes | None:
        return _rollback_journal(self.image.read_bytes()) if self.image.exists() else None


def _rollback_journal(image: bytes) -> bytes:
    """The image marked as a rollback-journal database: a local store's ``crawl.sqlite``
    (WAL mode) copied to an object store is otherwise refused by ``deserialize``. Bytes 18
    and 19 of the header are the file format's write and read versions (2 = WAL)."""
    if image[18:20] == b"\x02\x02":
        return image[:18] + b"\x01\x01" + image[20:]
    return image


# Rows another writer added to the catalog image: the newer copy of a URL's record wins,
# fetches are the union of both logs, a redirect already known here stays.
_MERGES = (
    "INSERT OR REPLACE INTO documents SELECT t.* FROM theirs.documents t"
    " LEFT JOIN main.documents m USING (url) WHERE m.url IS NULL OR t.fetched_at > m.fetched_at",
    "INSERT OR REPLACE INTO resources SELECT t.* FROM theirs.resources t"
    " LEFT JOIN main.resources m USING (url) WHERE m.url IS NULL OR t.fetched_at > m.fetched_at",
    "INSERT OR REPLACE INTO readings SELECT t.* FROM theirs.readings t"
    " LEFT JOIN main.readings m USING (sha256, report)"
    " WHERE m.sha256 IS NULL OR t.read_at > m.read_at",
    "INSERT OR IGNORE INTO moved SELECT * FROM theirs.moved",
    "INSERT INTO fetches (url, source, fetched_at, status, bytes, sha256, etag, last_modified,"
    " conditional, error) SELECT url, source, fetched_at, status, bytes, sha256, etag,"
    " last_modified, conditional, error FROM theirs.fetches EXCEPT SELECT url, source,"
    " fetched_at, status, bytes, sha256, etag, last_modified, conditional, error FROM main.fetches",
)


def _merge(connection: sqlite3.Connection, image: bytes) -> None:
    """Merge the catalog image ``image`` (another writer's) into ``connection``."""
    with tempfile.TemporaryDirectory() as work:
        copy = os.path.join(work, CATALOG)
        with open(copy, "wb") as out:
            out.write(image)
        theirs = sqlite3.connect(copy)
        theirs.executescript(_SCHEMA)  # an image from before a table was added
        theirs.close()
        connection.execute("ATTACH DATABASE ? AS theirs", (copy,))
        try:
            for merge in _MERGES:
                connection.execute(merge)
        finally:
            connection.execute("DETACH DATABASE theirs")
