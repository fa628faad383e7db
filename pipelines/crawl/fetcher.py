"""Fetching one URL for one source: politely, conditionally, with retries, and recorded.

Every request goes through its host's gate, carries the source's User-Agent and,
when the store holds an earlier copy, If-None-Match / If-Modified-Since. Every
answer (and every failure) is written to the fetch log; every body received
whole is stored by sha256. A 304 hands back the stored copy.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from .politeness import HostGates, private_address
from .registry import Source
from .store import RawStore

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})
MAX_RETRY_AFTER = 60.0


class Refused(Exception):
    """The URL was not requested at all: off-site, disallowed by robots.txt, or a private address."""


class FetchFailed(Exception):
    """The URL was requested and could not be had; the message is the reason."""


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass(frozen=True)
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    body: bytes
    sha256: str
    status: int  # 200, or 304 when the stored copy was still good
    etag: str | None
    last_modified: str | None
    content_type: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    def __init__(self, source: Source, client: httpx.Client, store: RawStore, gates: HostGates) -> None:
        self.source = source
        self.client = client
        self.store = store
        self.gates = gates
        self._robots: dict[str, Protego | str] = {}  # origin -> rules, or why there are none
        self._robots_lock = threading.Lock()

    # ---------------------------------------------------------------- the checks

    def check(self, url: str) -> None:
        """Raise ``Refused`` unless this source may request ``url``."""
        self.check_host(url)
        rules = self.robots(url)
        if isinstance(rules, str):
            raise Refused(rules)
        if not rules.can_fetch(url, self.source.user_agent):
            raise Refused("disallowed by robots.txt")

    def check_host(self, url: str) -> None:
        """Raise ``Refused`` unless ``url`` is on this source's hosts and not a private address."""
        if not self.source.allows(url):
            raise Refused(f"off-site: {urlsplit(url).netloc or url} is not a host of this source")
        host = urlsplit(url).hostname or ""
        if not self.source.allow_private:
            address = private_address(host)
            if address:
                raise Refused(f"{host} is a private or loopback address ({address}); "
                              f"set allow_private on the source to crawl it")

    def robots(self, url: str) -> Protego | str:
        """The host's robots.txt rules, or the reason nothing may be asked of the host."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
            return self._robots[origin]

    def _load_robots(self, origin: str) -> Protego | str:
        try:
            # Its redirects are checked for the host only: robots rules do not govern robots.txt,
            # and asking for them here (the origin's rules being loaded) would wait on ourselves.
            page = self._get_known_address(origin + "/robots.txt", self.check_host)
        except FetchFailed as error:
            if str(error).startswith("HTTP 4"):
                return Protego.parse("")  # no robots.txt: everything allowed
            # A host whose robots.txt cannot be read (5xx, down) is asked nothing more.
            return f"robots.txt could not be read ({error}): nothing more asked of {origin}"
        rules = Protego.parse(page.body.decode("utf-8-sig", errors="replace"))  # a BOM would hide line one
        delay = rules.crawl_delay(self.source.user_agent)
        if delay:
            self._gate(origin).slow_down(float(delay))
        return rules

    def _gate(self, url: str):
        return self.gates.gate(urlsplit(url).netloc.lower(), self.source.concurrency, self.source.delay)

    # ---------------------------------------------------------------- fetching

    def fetch(self, url: str, max_bytes: int | None = None) -> Page:
        """The page at ``url``: checked, then requested (following redirects within the cap);
        a body over ``max_bytes`` (default: the source's ``max_bytes``) fails as too large."""
        self.check(url)
        return self._get_known_address(url, self.check, max_bytes)

    def _get_known_address(self, url: str, check, max_bytes: int | None = None) -> Page:
        """``url``, asked where it redirected to last time (so a re-crawl asks once,
        conditionally); at the listed address again if that fails or is refused now."""
        target = self.store.moved_to(url)
        if target and target != url:
            try:
                check(target)
                page = self._get(target, self.source.max_redirects, check, max_bytes)
                return Page(url, page.final_url, page.body, page.sha256, page.status, page.etag,
                            page.last_modified, page.content_type)
            except (Refused, FetchFailed):
                pass
        return self._get(url, self.source.max_redirects, check, max_bytes)

    def _get(self, url: str, redirects_left: int, check=None, max_bytes: int | None = None) -> Page:
        """``url`` with retries; ``check`` vets each redirect target (default: ``self.check``)."""
        last_reason = ""
        for attempt in range(self.source.retries + 1):
            try:
                return self._attempt(url, redirects_left, check or self.check,
                                     max_bytes or self.source.max_bytes)
            except _Retry as retry:
                last_reason = str(retry)
                if attempt < self.source.retries:
                    time.sleep(retry.wait if retry.wait is not None
                               else self.source.backoff * 2 ** attempt)
        raise FetchFailed(f"{last_reason} (after {self.source.retries + 1} tries)")

    def _attempt(self, url: str, redirects_left: int, check, max_bytes: int) -> Page:
        known = self.store.resource(url)
        headers = {"User-Agent": self.source.user_agent}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        log = dict(conditional=known is not None)
        gate = self._gate(url)
        with gate.turn():
            try:
                status, response_headers, body = self._request(url, headers, max_bytes)
            except httpx.TimeoutException:
                self.store.log_fetch(url, self.source.name, error="timeout", **log)
                # The portal may still be working on it: give it as long again before the next ask.
                time.sleep(self.source.timeout)
                raise _Retry("timed out") from None
            except (httpx.TransportError, _Truncated) as error:
                reason = str(error) or type(error).__name__
                self.store.log_fetch(url, self.source.name, error=reason, **log)
                raise _Retry(f"connection failed: {reason}") from None
            except FetchFailed as error:
                self.store.log_fetch(url, self.source.name, error=str(error), **log)
                raise
        etag = response_headers.get("etag")
        last_modified = response_headers.get("last-modified")
        if status in (301, 302, 303, 307, 308):
            self.store.log_fetch(url, self.source.name, status=status, **log)
            return self._redirect(url, response_headers.get("location"), redirects_left, check, max_bytes)
        if status == 304 and known:
            self.store.log_fetch(url, self.source.name, status=304, sha256=known.sha256, **log)
            return Page(url, url, self.store.get(known.sha256), known.sha256, 304,
                        known.etag, known.last_modified, None)
        if status in RETRY_STATUSES:
            self.store.log_fetch(url, self.source.name, status=status, **log)
            raise _Retry(f"HTTP {status}", _retry_after(response_headers.get("retry-after")))
        if status != 200:
            self.store.log_fetch(url, self.source.name, status=status, **log)
            raise FetchFailed(f"HTTP {status}")
        sha256 = self.store.put(body)
        self.store.log_fetch(url, self.source.name, status=status, size=len(body), sha256=sha256,
                             etag=etag, last_modified=last_modified, **log)
        self.store.remember(url, sha256, etag, last_modified)
        return Page(url, url, body, sha256, 200, etag, last_modified, response_headers.get("content-type"))

    def _redirect(self, url: str, location: str | None, redirects_left: int, check,
                  max_bytes: int) -> Page:
        """Follow one hop. Temporary redirects are remembered like permanent ones: portals
        answer 302 for pages that moved for good, and asking the old address again each
        night would cost an unconditional request (``_get_known_address`` falls back)."""
        if not location:
            raise FetchFailed("a redirect without a Location")
        if redirects_left <= 0:
            raise FetchFailed(f"more than {self.source.max_redirects} redirects")
        target = urljoin(url, location)
        try:
            check(target)
        except Refused as refused:
            raise FetchFailed(f"redirected to {target}, not followed: {refused}") from None
        page = self._get(target, redirects_left - 1, check, max_bytes)
        self.store.remember_move(url, page.final_url)
        return Page(url, page.final_url, page.body, page.sha256, page.status, page.etag,
                    page.last_modified, page.content_type)

    def _request(self, url: str, headers: dict[str, str],
                 max_bytes: int) -> tuple[int, httpx.Headers, bytes]:
        with self.client.stream("GET", url, headers=headers, timeout=self.source.timeout,
                                follow_redirects=False) as response:
            if response.status_code != 200:
                response.read()
                return response.status_code, response.headers, b""
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(f"too large: {int(declared):,} bytes (limit {max_bytes:,})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailed(f"too large: over {max_bytes:,} bytes")
                chunks.append(chunk)
            if declared and declared.isdigit() and response.num_bytes_downloaded != int(declared):
                raise _Truncated(f"truncated: {response.num_bytes_downloaded} of {declared} bytes")
            return response.status_code, response.headers, b"".join(chunks)


class _Truncated(Exception):
    pass


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    return None
