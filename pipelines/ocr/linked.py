"""The bytes of a picture a web page shows: from the page itself, its folder or the raw store.

A report page's ``<img src>`` is looked for where the reader can find it without the
network: inline (``data:image/png;base64,…``); beside a saved page on disk (a relative
``src`` inside the page's own folder); or, for a page read from the raw store (its
source is its URL), the copy the crawler keeps of that URL (``resources`` in
``crawl.sqlite`` under ``XXGK_RAW``, ``data/raw`` by default). Only pictures of the
page's own host are taken. Fetching the pictures is the crawler's part, not done here:
a picture it has not stored is passed over.
"""

from __future__ import annotations

import base64
import binascii
import os
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

RAW_SETTING = "XXGK_RAW"
_MAX_BYTES = 20 * 1024 * 1024


def raw_root() -> Path:
    return Path(os.environ.get(RAW_SETTING, "").strip() or "data/raw")


def linked_picture(src: str, source: str, page_url: str | None = None) -> bytes | None:
    src = (src or "").strip()
    if not src:
        return None
    if src.startswith("data:image/"):
        return _inline(src)
    base = page_url or source
    if urlsplit(base).scheme in ("http", "https"):
        url = urljoin(base, src)
        if urlsplit(url).hostname != urlsplit(base).hostname:
            return None
        return _stored(url)
    return _beside(src, Path(source))


def _inline(src: str) -> bytes | None:
    head, _, payload = src.partition(",")
    if not head.endswith(";base64"):
        return None
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None


def _beside(src: str, page: Path) -> bytes | None:
    if urlsplit(src).scheme or src.startswith("/"):
        return None
    folder = page.resolve().parent
    path = (folder / unquote(src.split("?")[0].split("#")[0])).resolve()
    if folder not in path.parents or not path.is_file() or path.stat().st_size > _MAX_BYTES:
        return None
    return path.read_bytes()


def _stored(url: str) -> bytes | None:
    """The raw store's copy of ``url``, read without writing to the store."""
    root = raw_root()
    database = root / "crawl.sqlite"
    if not database.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            row = db.execute("SELECT sha256 FROM resources WHERE url = ?", (url,)).fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    blob = root / "blobs" / row[0][:2] / row[0]
    return blob.read_bytes() if blob.is_file() else None
