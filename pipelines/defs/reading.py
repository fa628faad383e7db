"""Reading: raw documents → one report per document, with the agency's arithmetic checked."""

from collections import Counter

import dagster as dg

from models.report import FAILED, NEEDS_OCR, OK
from pipelines.defs.crawl import raw_documents
from pipelines.defs.resources import CrawlerResource, ReportStoreResource
from pipelines.ingest import extract_new
from pipelines.report_files import read_report_files


@dg.asset(
    group_name="reading",
    deps=[raw_documents],
    kinds={"python"},
    description="One report per raw document (cells by template code, checks, status, "
                "problems), stored as data/reports/<sha256>.json. Only documents not read "
                "before are read.",
)
def reports(context: dg.AssetExecutionContext, crawler: CrawlerResource,
            report_store: ReportStoreResource) -> dg.MaterializeResult:
    written = extract_new(crawler.raw_path, report_store.path, progress=context.log.info)
    statuses = Counter(f.report["status"] for f in read_report_files(report_store.path))
    return dg.MaterializeResult(metadata={
        "read_now": len(written),
        "reports": sum(statuses.values()),
        **{f"status_{status}": count for status, count in sorted(statuses.items())},
    })


@dg.asset_check(asset=reports, description="Reports whose own arithmetic fails (the agency's "
                "error, kept and flagged, not corrected): a warning that lists them.")
def agencies_arithmetic_holds(report_store: ReportStoreResource) -> dg.AssetCheckResult:
    failing = {f.provenance.url or f.provenance.sha256: [c["rule"] for c in f.report["checks"]
                                                        if not c["passed"]]
               for f in read_report_files(report_store.path)}
    failing = {source: rules for source, rules in failing.items() if rules}
    return dg.AssetCheckResult(passed=not failing, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"reports_failing": len(failing),
                                         "failed_checks": dg.MetadataValue.json(failing)})


@dg.asset_check(asset=reports, description="Every report document was read: none failed or "
                "waits for OCR. Failed documents are kept with their reason, never dropped.")
def every_report_read(report_store: ReportStoreResource) -> dg.AssetCheckResult:
    files = list(read_report_files(report_store.path))
    unread = {f.provenance.url or f.provenance.sha256: f.report["problems"][:1]
              for f in files if f.report["status"] in (FAILED, NEEDS_OCR)}
    clean = sum(f.report["status"] == OK for f in files)
    return dg.AssetCheckResult(passed=not unread, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"unread": dg.MetadataValue.json(unread),
                                         "ok": clean, "reports": len(files)})
