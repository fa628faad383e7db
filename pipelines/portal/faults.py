"""Fault injection for the sample portal, as configuration.

A ``Fault`` matches request paths (path and query, a regular expression
searched in ``/path?query``) on one site or all, and misbehaves the first
``times`` matching requests (or always, when ``times`` is None):

``status``    answer ``status`` (503, 429, 404, ...) with a short body
``delay``     wait ``seconds`` before answering normally (a slow portal)
``truncate``  announce the full Content-Length but send only half, then hang up
``redirect``  answer 302 (or ``status`` when it is a 3xx) to ``to`` (a path on the same site, or an absolute URL;
              ``{{site:NAME}}`` stands for a site's base URL)

``headers`` are added to a ``status`` or ``redirect`` answer (``Retry-After``, say).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

KINDS = ("status", "delay", "truncate", "redirect")


@dataclass
class Fault:
    path: str
    kind: str
    times: int | None = 1
    status: int = 503
    seconds: float = 0.0
    to: str = ""
    site: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # sent with a status or redirect answer
    hits: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"fault kind {self.kind!r} is not one of {', '.join(KINDS)}")
        self._pattern = re.compile(self.path)


class FaultPlan:
    """The faults of one running portal; thread-safe, each fault counting its own hits."""

    def __init__(self, faults: list[Fault] | None) -> None:
        self.faults = list(faults or ())
        self._lock = threading.Lock()

    def take(self, site: str, target: str) -> Fault | None:
        """The first fault that still applies to this request, counted as used."""
        with self._lock:
            for fault in self.faults:
                if fault.site not in (None, site) or not fault._pattern.search(target):
                    continue
                if fault.times is not None and fault.hits >= fault.times:
                    continue
                fault.hits += 1
                return fault
        return None
