"""When each source was last crawled successfully, from the raw store's fetch log.

A crawl of a source succeeds when one of its list pages answers (200, or 304 for a
page unchanged since the last crawl): a source none of whose list pages answer fails
as a whole (``run.py``). A list page that moved is asked at its new address, which the
store remembers, so that address counts too. A source is stale when its last success
is older than ``nights`` nights, or when it never had one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from .registry import Source
from .store import RawStore

ANSWERED = (200, 304)
STALE_AFTER_NIGHTS = 3


def last_successful_crawls(store: RawStore, sources: Iterable[Source]) -> dict[str, datetime | None]:
    """Source name → when one of its list pages last answered (UTC), or None if never."""
    last: dict[str, datetime | None] = {}
    for source in sources:
        lists = set(source.lists) | {m for u in source.lists if (m := store.moved_to(u))}
        answered = [f["fetched_at"] for f in store.fetches(source.name)
                    if f["url"] in lists and f["status"] in ANSWERED]
        last[source.name] = datetime.fromisoformat(max(answered)) if answered else None
    return last


def stale_sources(last: dict[str, datetime | None], now: datetime,
                  nights: int = STALE_AFTER_NIGHTS) -> dict[str, datetime | None]:
    """The sources whose last success is older than ``nights`` days before ``now``, or none."""
    limit = now - timedelta(days=nights)
    return {name: when for name, when in last.items() if when is None or when < limit}
