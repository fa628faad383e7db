"""A static multi-site HTTP server with ETags, conditional answers, faults and an access log."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from .faults import Fault, FaultPlan

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "data" / "sample_portal"
# Every file carries one fixed date, so Last-Modified does not depend on a checkout's mtimes.
LAST_MODIFIED = "Mon, 15 Jan 2024 08:00:00 GMT"
_PLACEHOLDER = re.compile(rb"\{\{site:([a-z0-9_]+)\}\}")
HEADERS_FILE = "_headers.json"
_TEXT_SUFFIXES = {".html", ".htm", ".xml", ".txt", ".yaml", ".js", ".jsp"}


@dataclass(frozen=True)
class AccessEntry:
    """One request as the server saw it; times are ``time.monotonic()`` values."""

    site: str
    method: str
    path: str  # path and query, as requested
    headers: dict[str, str]
    status: int
    start: float
    end: float
    bytes_sent: int

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class RunningPortal:
    """What ``serve_sample_portal`` yields: the sites' base URLs and what they were asked."""

    root: Path
    sites: dict[str, str]  # site name -> base URL, e.g. http://127.0.0.1:41234
    faults: FaultPlan
    log: list[AccessEntry] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def entries(self, site: str | None = None) -> list[AccessEntry]:
        with self._lock:
            return [e for e in self.log if site is None or e.site == site]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def record(self, entry: AccessEntry) -> None:
        with self._lock:
            self.log.append(entry)

    def fill(self, data: bytes) -> bytes:
        """Replace ``{{site:NAME}}`` with that site's base URL."""
        return _PLACEHOLDER.sub(lambda m: self.sites.get(m.group(1).decode(), "").encode(), data)

    def write_sources(self, path: str | Path) -> Path:
        """A sources file for the running portal, from the portal's own template."""
        template = (self.root / "sources.yaml.template").read_bytes()
        path = Path(path)
        path.write_bytes(self.fill(template))
        return path


def _site_file(site_root: Path, target: str) -> Path | None:
    parts = urlsplit(target)
    relative = unquote(parts.path).lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    if parts.query:
        relative += "@" + unquote(parts.query)
    candidate = (site_root / relative).resolve()
    if site_root.resolve() not in candidate.parents or candidate.name == HEADERS_FILE:
        return None
    if not candidate.is_file() and parts.query:
        candidate = _same_query(candidate, parse_qsl(unquote(parts.query), keep_blank_values=True))
    return candidate if candidate is not None and candidate.is_file() else None


def _same_query(candidate: Path, query: list[tuple[str, str]]) -> Path | None:
    """A file for the same path whose query has the same parameters in another order."""
    stem = candidate.name.split("@", 1)[0]
    for sibling in candidate.parent.glob(f"{stem}@*"):
        if sorted(parse_qsl(sibling.name.split("@", 1)[1], keep_blank_values=True)) == sorted(query):
            return sibling
    return None


def _site_headers(site_root: Path) -> list[tuple[re.Pattern, dict[str, str]]]:
    """A site's extra response headers: ``_headers.json`` maps a path regex to headers (e.g. a charset)."""
    path = site_root / HEADERS_FILE
    if not path.is_file():
        return []
    return [(re.compile(pattern), headers) for pattern, headers in json.loads(path.read_text("utf-8")).items()]


def _handler(portal: RunningPortal, site: str, site_root: Path) -> type[BaseHTTPRequestHandler]:
    extra_headers = _site_headers(site_root)

    class SiteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "nginx"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            start = time.monotonic()
            try:
                status, sent = self._answer()
            except (BrokenPipeError, ConnectionResetError):
                status, sent = 499, 0  # nginx's code for "the client closed the request first"
            portal.record(AccessEntry(
                site=site, method="GET", path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                status=status, start=start, end=time.monotonic(), bytes_sent=sent,
            ))

        def _answer(self) -> tuple[int, int]:
            fault = portal.faults.take(site, self.path)
            if fault and fault.kind == "delay":
                time.sleep(fault.seconds)
                fault = None
            if fault and fault.kind == "status":
                return self._send(fault.status, b"<html><body>error</body></html>", "text/html",
                                  dict(fault.headers))
            if fault and fault.kind == "redirect":
                location = portal.fill(fault.to.encode()).decode()
                status = fault.status if 300 <= fault.status < 400 else 302
                return self._send(status, b"", "text/html", {"Location": location, **fault.headers})
            path = _site_file(site_root, self.path)
            if path is None:
                return self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            body = path.read_bytes()
            if path.suffix.lower() in _TEXT_SUFFIXES or path.name.endswith(".html") or "@" in path.name:
                body = portal.fill(body)
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if self._not_modified(etag):
                return self._send(304, b"", None, headers)
            kind = mimetypes.guess_type(path.name.split("@")[0])[0] or "application/octet-stream"
            for pattern, extra in extra_headers:
                if pattern.search(self.path):
                    kind = extra.get("Content-Type", kind)
                    headers.update({k: v for k, v in extra.items() if k != "Content-Type"})
            if fault and fault.kind == "truncate":
                return self._send_truncated(body, kind, headers)
            return self._send(200, body, kind, headers)

        def _not_modified(self, etag: str) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:
                return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
            return self.headers.get("If-Modified-Since") == LAST_MODIFIED

        def _send(self, status: int, body: bytes, kind: str | None,
                  headers: dict[str, str] | None = None) -> tuple[int, int]:
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
            return status, len(body)

        def _send_truncated(self, body: bytes, kind: str, headers: dict[str, str]) -> tuple[int, int]:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            half = body[: len(body) // 2]
            self.wfile.write(half)
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return 200, len(half)

    return SiteHandler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def site_names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "sites").iterdir() if p.is_dir())


@contextmanager
def serve_sample_portal(root: Path | str = DEFAULT_ROOT, faults: list[Fault] | None = None,
                        host: str = "127.0.0.1") -> Iterator[RunningPortal]:
    """Serve every site under ``root/sites`` on a free loopback port until the block ends."""
    root = Path(root)
    portal = RunningPortal(root=root, sites={}, faults=FaultPlan(faults))
    servers = []
    try:
        for name in site_names(root):
            server = _Server((host, 0), _handler(portal, name, root / "sites" / name))
            servers.append(server)
            portal.sites[name] = f"http://{host}:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                             daemon=True, name=f"portal-{name}").start()
        yield portal
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
