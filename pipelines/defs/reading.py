"""Reading: raw documents → one report per document, with the agency's arithmetic checked."""

from collections import Counter

import dagster as dg

from models.report import FAILED, NEEDS_OCR
from pipelines.defs.crawl import raw_documents
from pipelines.defs.resources import CrawlerResource, ReportStoreResource
from pipelines.defs.sources import SOURCES
from pipelines.ingest import extract_new
from pipelines.report_files import ReportFile, read_report_files


@dg.asset(
    name="report_files",
    group_name="reading",
    deps=[raw_documents],
    partitions_def=SOURCES,
    pool="reading",  # each read uses a process per core: how many at once is the machine's call
    kinds={"python"},
    description="One report per raw document of the source (cells by template code, checks, "
                "status, problems), stored as data/reports/<sha256>.json. Only documents not "
                "read before are read.",
    check_specs=[
        dg.AssetCheckSpec("every_report_read", asset="report_files",
                          description="Every report document was read: none failed or waits "
                                      "for OCR. Failed documents are kept with their reason, "
                                      "never dropped."),
        dg.AssetCheckSpec("agencies_arithmetic_holds", asset="report_files",
                          description="Reports whose own arithmetic fails (the agency's error, "
                                      "kept and flagged, not corrected): a warning that lists "
                                      "them."),
    ],
)
def reports(context: dg.AssetExecutionContext, crawler: CrawlerResource,
            report_store: ReportStoreResource) -> dg.MaterializeResult:
    source = context.partition_key
    written = extract_new(crawler.raw_path, report_store.path, progress=context.log.info,
                          source=source)
    files = [f for f in read_report_files(report_store.path)  # read once, for metadata and checks
             if f.provenance.source == source]
    statuses = Counter(f.report["status"] for f in files)
    return dg.MaterializeResult(
        metadata={
            "read_now": len(written),
            "reports": len(files),
            **{f"status_{status}": count for status, count in sorted(statuses.items())},
        },
        check_results=[every_report_read(files), agencies_arithmetic_holds(files)],
    )


def every_report_read(files: list[ReportFile]) -> dg.AssetCheckResult:
    unread = {_name(f): f.report["problems"][:1]
              for f in files if f.report["status"] in (FAILED, NEEDS_OCR)}
    return dg.AssetCheckResult(check_name="every_report_read", passed=not unread,
                               severity=dg.AssetCheckSeverity.WARN,
                               metadata={"unread": dg.MetadataValue.json(unread)})


def agencies_arithmetic_holds(files: list[ReportFile]) -> dg.AssetCheckResult:
    failing = {_name(f): [c["rule"] for c in f.report["checks"] if not c["passed"]]
               for f in files}
    failing = {source: rules for source, rules in failing.items() if rules}
    return dg.AssetCheckResult(check_name="agencies_arithmetic_holds", passed=not failing,
                               severity=dg.AssetCheckSeverity.WARN,
                               metadata={"reports_failing": len(failing),
                                         "failed_checks": dg.MetadataValue.json(failing)})


def _name(report_file: ReportFile) -> str:
    return report_file.provenance.url or report_file.provenance.sha256
