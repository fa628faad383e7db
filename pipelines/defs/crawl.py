"""The nightly crawl: one source of the site registry (a partition) → raw documents kept as fetched.

A source that cannot be crawled as a whole (no list page answered) fails its own
partition, so it is retried by the crawl's retry policy and shows as failed in the UI,
while every other source's run goes on. Requests to a host are spaced by the crawler;
two runs never crawl one host at once (``host_pools``).
"""

from collections.abc import Iterator

import dagster as dg

from pipelines.crawl import RawStore, SourceSummary, crawl
from pipelines.crawl.freshness import last_successful_crawls
from pipelines.defs.host_pools import holding_host_pools
from pipelines.defs.resources import CrawlerResource
from pipelines.defs.sources import SOURCES


def crawl_retry(retries: int = 2, delay_seconds: float = 600) -> dg.RetryPolicy:
    """A portal that is down at 02:30 is often back a little later: by default two more
    tries, 10 then 20 minutes on (± jitter, so sources failing together do not all come
    back together). ``XXGK_CRAWL_RETRIES`` and ``XXGK_CRAWL_RETRY_DELAY`` change it."""
    return dg.RetryPolicy(max_retries=retries, delay=delay_seconds,
                          backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)


def crawl_asset(retry_policy: dg.RetryPolicy) -> dg.AssetsDefinition:
    """The crawl asset with the deployment's retry policy (a policy is fixed on the asset)."""
    return dg.asset(
        name="raw_documents", group_name="crawl", kinds={"python"}, partitions_def=SOURCES,
        pool="crawl", retry_policy=retry_policy, description=DESCRIPTION,
        check_specs=[dg.AssetCheckSpec(
            "source_crawled", asset="raw_documents",
            description="The source's list pages answered: it did not fail as a whole.")],
    )(crawl_source)


DESCRIPTION = ("Every document a source's portal publishes as an annual report, stored "
               "content-addressed in the raw store, with the fetch log; one partition per "
               "source of the registry. Re-crawls send conditional requests, so an unchanged "
               "site costs one request per page.")


def crawl_source(context: dg.AssetExecutionContext, crawler: CrawlerResource) -> Iterator:
    source = crawler.registry().select([context.partition_key])[0]
    with holding_host_pools(context.instance, context.run.run_id,
                            f"raw_documents:{source.name}", source.hosts,
                            wait_seconds=crawler.host_wait_seconds, progress=context.log.info):
        summary = crawl(crawler.registry(), crawler.raw_path, only=[source.name],
                        progress=context.log.info).source(source.name)
    metadata = crawl_metadata(summary)
    if not summary.ok:
        with RawStore(crawler.raw_path) as store:
            last = last_successful_crawls(store, [source])[source.name]
        yield dg.AssetCheckResult(check_name="source_crawled", passed=False, metadata={
            "error": summary.error,
            "last_successful_crawl": last.isoformat() if last else "never"})
        raise dg.Failure(description=f"{source.name} could not be crawled: {summary.error}",
                         metadata=metadata)
    yield dg.MaterializeResult(metadata=metadata)
    yield dg.AssetCheckResult(check_name="source_crawled", passed=True,
                              metadata={"failed_requests": len(summary.failed)})


raw_documents = crawl_asset(crawl_retry())


def crawl_metadata(summary: SourceSummary) -> dict:
    return {
        "found": summary.found,
        "new": summary.new,
        "unchanged": summary.unchanged,
        "failed_requests": len(summary.failed),
        "skipped_requests": len(summary.skipped),
        "failures": dg.MetadataValue.md(failures_table(summary)),
    }


def failures_table(summary: SourceSummary) -> str:
    """The source's failed and skipped requests as a Markdown table (the first 50)."""
    lines = ["| URL | what happened |", "|---|---|"]
    if summary.error:
        lines.append(f"| (the source) | {summary.error.replace('|', '/')} |")
    for url, reason in (summary.failed + summary.skipped)[:50]:
        lines.append(f"| {url} | {reason.replace('|', '/')} |")
    return "\n".join(lines)
