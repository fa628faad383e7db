"""Being a good guest: one gate per host (concurrency and delay), no private addresses.

(robots.txt is read by the fetcher, which needs the store to ask for it conditionally.)
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from .registry import Source


# Added to every pause: a request leaves here a little before the server starts on it,
# and by a varying amount, so without it two starts could look closer than the delay
# to the server, whose view is the one that counts.
SPACING_MARGIN = 0.02


class HostGate:
    """At most ``concurrency`` requests in flight to one host, started ``delay`` seconds apart.

    With a concurrency of 1 the delay also runs from the end of the previous
    request, so a slow portal gets its full pause between two answers.
    """

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = concurrency
        self.delay = delay
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._last_start = float("-inf")
        self._last_end = float("-inf")

    def slow_down(self, delay: float) -> None:
        with self._lock:
            self.delay = max(self.delay, delay)

    @contextmanager
    def turn(self) -> Iterator[None]:
        self._slots.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                spacing = self.delay + SPACING_MARGIN if self.delay else 0.0
                start = max(now, self._last_start + spacing)
                if self.concurrency == 1:
                    start = max(start, self._last_end + spacing)
                self._last_start = start
            time.sleep(max(0.0, start - now))
            yield
        finally:
            with self._lock:
                self._last_end = time.monotonic()
            self._slots.release()


class HostGates:
    """The gates of one crawl, by host (``host:port``), shared by every source fetching there.

    Sources sharing a host share one gate with the strictest of their settings,
    fixed before the crawl starts so no gate is ever swapped while in use.
    """

    def __init__(self, sources: Iterable[Source] = ()) -> None:
        self._settings: dict[str, tuple[int, float]] = {}
        for source in sources:
            for host in source.hosts:
                concurrency, delay = self._settings.get(host, (source.concurrency, source.delay))
                self._settings[host] = (min(concurrency, source.concurrency), max(delay, source.delay))
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    def gate(self, netloc: str, concurrency: int, delay: float) -> HostGate:
        with self._lock:
            if netloc not in self._gates:
                self._gates[netloc] = HostGate(*self._settings.get(netloc, (concurrency, delay)))
            return self._gates[netloc]


@lru_cache(maxsize=1024)
def private_address(host: str) -> str | None:
    """The loopback, private or otherwise non-public address ``host`` resolves to, if any."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return None  # the request itself will fail and say so
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global:
            return str(address)
    return None
