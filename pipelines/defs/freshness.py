"""Freshness: a source whose crawl has not succeeded for three nights is shown as stale.

The check reads the raw store's fetch log (``pipelines.crawl.freshness``), so it sees
every source of the registry, those whose runs failed and those no run was started
for; the ``check_freshness`` job runs it every morning, after the night's crawls.
"""

from datetime import datetime, timezone

import dagster as dg

from pipelines.crawl import RawStore
from pipelines.crawl.freshness import last_successful_crawls, stale_sources
from pipelines.defs.crawl import raw_documents
from pipelines.defs.resources import CrawlerResource


@dg.asset_check(asset=raw_documents, description="Every source of the registry was crawled "
                "successfully (a list page answered) within the last "
                "`CrawlerResource.stale_after_nights` nights (3); a warning listing the stale "
                "ones with their last success.")
def sources_crawled_recently(crawler: CrawlerResource) -> dg.AssetCheckResult:
    with RawStore(crawler.raw_path) as store:
        last = last_successful_crawls(store, crawler.registry().sources)
    now = datetime.now(timezone.utc)
    stale = stale_sources(last, now, crawler.stale_after_nights)
    return dg.AssetCheckResult(
        passed=not stale, severity=dg.AssetCheckSeverity.WARN,
        metadata={"sources": len(last), "stale": len(stale),
                  "never_crawled": sum(when is None for when in stale.values()),
                  "stale_sources": dg.MetadataValue.md(stale_table(stale, now))})


def stale_table(stale: dict[str, datetime | None], now: datetime, limit: int = 200) -> str:
    lines = ["| source | last successful crawl (UTC) | days ago |", "|---|---|---|"]
    by_age = sorted(stale.items(), key=lambda item: (item[1] is not None, item[1] or now))
    for name, when in by_age[:limit]:
        lines.append(f"| {name} | {when.isoformat() if when else 'never'} | "
                     f"{(now - when).days if when else ''} |")
    if len(stale) > limit:
        lines.append(f"| … {len(stale) - limit} more | | |")
    return "\n".join(lines)
