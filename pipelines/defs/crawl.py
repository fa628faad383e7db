"""The nightly crawl: portals in the site registry → raw documents kept as fetched."""

import dagster as dg

from pipelines.crawl import CrawlSummary, crawl, load_registry
from pipelines.defs.resources import CrawlerResource
from pipelines.defs.sources import SOURCES


@dg.asset(
    group_name="crawl",
    kinds={"python"},
    partitions_def=SOURCES,
    description="Every document a source's portal publishes as an annual report, stored "
                "content-addressed in the raw store, with the fetch log; one partition per "
                "source of the registry. Re-crawls send conditional requests, so an unchanged "
                "site costs one request per page.",
    check_specs=[dg.AssetCheckSpec("every_source_crawled", asset="raw_documents",
                                   description="The source did not fail as a whole.")],
)
def raw_documents(context: dg.AssetExecutionContext,
                  crawler: CrawlerResource) -> dg.MaterializeResult:
    registry = load_registry(crawler.sources_file)
    summary = crawl(registry, crawler.raw_path, only=[context.partition_key],
                    progress=context.log.info)
    failures = {s.name: s.error for s in summary.sources if not s.ok}
    return dg.MaterializeResult(
        metadata={
            "found": sum(s.found for s in summary.sources),
            "new": sum(s.new for s in summary.sources),
            "unchanged": sum(s.unchanged for s in summary.sources),
            "failed_requests": sum(len(s.failed) for s in summary.sources),
            "sources": dg.MetadataValue.md(sources_table(summary)),
        },
        check_results=[dg.AssetCheckResult(
            check_name="every_source_crawled",
            passed=not failures,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"failed_sources": dg.MetadataValue.json(failures)},
        )],
    )


def sources_table(summary: CrawlSummary) -> str:
    """The crawl per source as a Markdown table, with the first failure's reason."""
    lines = ["| source | found | new | unchanged | failed | first failure |",
             "|---|---|---|---|---|---|"]
    for s in summary.sources:
        reason = s.error or (f"{s.failed[0][0]}: {s.failed[0][1]}" if s.failed else "")
        lines.append(f"| {s.name} | {s.found} | {s.new} | {s.unchanged} | {len(s.failed)} "
                     f"| {reason.replace('|', '/')} |")
    return "\n".join(lines)
