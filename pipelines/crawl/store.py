"""The raw store: fetched bytes by sha256, the fetch log and the catalog of report documents.

Layout under ``raw_root`` (``data/raw/`` by default)::

    blobs/ab/abcdef…          the bytes of every page and document fetched, named by sha256
    crawl.sqlite              fetches (every request), resources (the last good copy of each
                              URL, for conditional requests), documents (the report catalog),
                              moved (redirects, followed directly next time)

A blob is written to a temporary file and renamed into place, so it exists
whole or not at all, and the same bytes under two URLs are stored once.
SQLite commits each record as it is made, so a crash loses nothing fetched.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipelines.files import write_atomically

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
"""


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
    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.blobs = self.root / "blobs"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.root / "crawl.sqlite", check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> RawStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- bytes

    def blob_path(self, sha256: str) -> Path:
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
            return self._db.execute(sql, args).fetchall()

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
