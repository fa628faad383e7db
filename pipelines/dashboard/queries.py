"""What the dashboard reads from the analyst copy: one query per kind of figure, each over
the whole warehouse (grouped per page in Python), so 100,000 agency-years take a handful of
scans instead of one query per page.

Every rate is read from the warehouse's views (``agency_year``, ``region_year``,
``agency_peer_rank``), never recomputed here; only the counts that show its denominator
beside it are read alongside.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.warehouse.query import connect_reader

STATUS_ORDER = "CASE status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END"

AGENCY_YEARS = """
SELECT agency_key, coalesce(agency_name, name_normalised) AS agency_name, province,
       province_code, city, county, level, sector, year, template, status, report_key,
       document_key, documents, received, carried_over, processed, carried_forward,
       disclosed, partially_disclosed, withheld, unavailable, not_held, not_processed,
       other_processing, review_total, review_corrected, review_pending, litigation_total,
       litigation_corrected, litigation_pending, disclosure_rate, refusal_share,
       not_held_share, not_processed_share, review_correction_rate, litigation_correction_rate
FROM agency_year ORDER BY agency_key, year"""

AGENCIES = """
SELECT agency_key, coalesce(name_published, name_normalised) AS agency_name, province,
       province_code, city, county, level, sector, region_resolution
FROM agencies WHERE agency_key IN (SELECT agency_key FROM reports)
ORDER BY province_code NULLS LAST, city NULLS FIRST, county NULLS FIRST, agency_name"""

# An agency-year's best document, as the report of record chooses, but a document that is
# not a report (a notice naming the agency) does not count as publishing.
COVERAGE = f"""
SELECT agency_key, year, min({STATUS_ORDER}) AS best
FROM reports
WHERE agency_key IS NOT NULL AND year IS NOT NULL AND status <> 'not_a_report'
GROUP BY agency_key, year"""

UNPLACED = """
SELECT count(*) FROM reports
WHERE (agency_key IS NULL OR year IS NULL) AND status <> 'not_a_report'"""

YEARS = "SELECT year FROM years ORDER BY year"

APPLICANT_LABELS = "SELECT applicant_code, label FROM applicant_types ORDER BY position"

RECEIVED_BY_APPLICANT = """
SELECT c.agency_key, c.year, o.applicant_code, o.count
FROM core.agency_year_counts c JOIN request_outcomes o USING (document_key)
WHERE o.row_code = 'new_received'
ORDER BY c.agency_key, c.year"""

CHECKS = """
SELECT c.agency_key, c.year, count(*) AS checks, count(*) FILTER (WHERE k.passed) AS passed,
       list(k.rule ORDER BY k.rule) FILTER (WHERE NOT k.passed) AS failed_rules,
       list(k.detail ORDER BY k.rule) FILTER (WHERE NOT k.passed) AS failure_details
FROM core.agency_year_counts c JOIN check_results k USING (document_key)
GROUP BY c.agency_key, c.year ORDER BY c.agency_key, c.year"""

SOURCES = f"""
SELECT r.agency_key, r.year, r.report_key, r.status, r.url, r.fetched_at, r.sha256, r.format,
       r.template, r.problems, r.document_key = c.document_key AS of_record
FROM reports r
LEFT JOIN core.agency_year_counts c ON c.agency_key = r.agency_key AND c.year = r.year
WHERE r.agency_key IS NOT NULL
ORDER BY r.agency_key, r.year NULLS FIRST, {STATUS_ORDER.replace('status', 'r.status')},
         r.fetched_at DESC"""

REPORTS_BY_YEAR_STATUS = """
SELECT year, status, count(*) AS reports FROM reports GROUP BY year, status
ORDER BY year NULLS LAST, status"""

# Outcome counts summed over the agencies whose report printed them; region_year carries no
# 无法提供 or 其他处理, so the mix is summed from agency_year directly.
OUTCOME_MIX = """
SELECT year, count(*) AS agencies, sum(received)::BIGINT AS received,
       sum(processed)::BIGINT AS processed, sum(disclosed)::BIGINT AS disclosed,
       sum(partially_disclosed)::BIGINT AS partially_disclosed, sum(withheld)::BIGINT AS withheld,
       sum(unavailable)::BIGINT AS unavailable, sum(not_processed)::BIGINT AS not_processed,
       sum(other_processing)::BIGINT AS other_processing
FROM agency_year GROUP BY year ORDER BY year"""

# A region's rate from region_year, its numerator and denominator from region_year_counts
# (summed over the agencies that have both, as the rate is).
REGION_RATES = """
SELECT y.region_scope, y.region_code, y.province, y.province_code, y.year, y.agencies,
       y.received, y.processed, y.disclosure_rate,
       c.disclosed_or_partial_with_processed AS disclosure_numerator,
       c.processed_with_disclosed AS disclosure_denominator,
       y.refusal_share, c.withheld_with_processed AS refusal_numerator,
       c.processed_with_withheld AS refusal_denominator,
       y.not_held_share, c.not_held_with_processed AS not_held_numerator,
       c.processed_with_not_held AS not_held_denominator,
       y.review_correction_rate, c.review_corrected_with_decided AS review_numerator,
       c.review_decided_with_corrected AS review_denominator
FROM region_year y
JOIN core.region_year_counts c
  ON c.region_scope = y.region_scope AND c.region_code IS NOT DISTINCT FROM y.region_code
 AND c.sector = y.sector AND c.level = y.level AND c.year = y.year
WHERE y.region_scope IN ('全国', '省') AND y.sector = '全部' AND y.level = '全部'
ORDER BY y.region_scope DESC, y.province_code, y.year"""

# Ranks from agency_peer_rank; the not-held rank, which the view lacks, by the same rule
# (rank 1 the largest; no value, no rank) over the same peers.
PEERS = """
WITH peers AS (
    SELECT p.*, a.name_normalised, a.disclosed, a.partially_disclosed, a.not_held,
           a.not_held_share, a.review_corrected,
           a.review_total - a.review_pending AS review_decided,
           a.status AS report_status, coalesce(f.failed, 0) AS failed_checks
    FROM agency_peer_rank p JOIN agency_year a USING (agency_key, year)
    LEFT JOIN (SELECT document_key, count(*) AS failed FROM check_results WHERE NOT passed
               GROUP BY document_key) f ON f.document_key = a.document_key
)
SELECT agency_key, coalesce(agency_name, name_normalised) AS agency_name, province,
       province_code, city, county, level, sector, year, peers, received, received_rank, processed,
       disclosed + partially_disclosed AS disclosed_or_partial, disclosure_rate,
       disclosure_rank, withheld, refusal_share, refusal_rank, not_held, not_held_share,
       CASE WHEN not_held_share IS NOT NULL THEN rank() OVER (
           PARTITION BY province_code, sector, level, year
           ORDER BY not_held_share DESC NULLS LAST) END AS not_held_rank,
       review_corrected, review_decided, review_correction_rate, review_correction_rank,
       report_status, failed_checks
FROM peers
ORDER BY province_code NULLS FIRST, year, sector, level, disclosure_rank NULLS LAST, agency_name"""

NOT_WHOLE = """
SELECT report_key, agency_key, coalesce(agency_name, name_normalised) AS agency_name, year,
       status, format, url, fetched_at, sha256, problems
FROM staging.stg_reports WHERE status NOT IN ('ok', 'not_a_report')
ORDER BY status DESC, year NULLS LAST, agency_name, url"""

FAILING_CHECKS = """
SELECT f.report_key, r.agency_key, coalesce(f.agency_name, a.name_normalised) AS agency_name,
       f.year, f.status, f.url, r.fetched_at, f.sha256, f.failed_checks, f.failed_rules,
       f.failure_details
FROM reports_failing_checks f JOIN reports r USING (report_key)
LEFT JOIN agencies a ON a.agency_key = r.agency_key
ORDER BY f.year NULLS LAST, agency_name, f.url"""

# 结转下年度 of year Y−1 against 上年结转 of year Y, column by column: the warehouse's own
# view of the pairs that disagree (sql/marts.sql), with the applicant columns' labels.
CROSS_YEAR = """
SELECT m.agency_key, coalesce(m.agency_name, a.name_normalised) AS agency_name,
       m.previous_year, m.year, m.applicant_code, t.label AS applicant_label,
       m.carried_forward_previous_year AS carried_forward, m.carried_over,
       m.previous_report_key, m.report_key
FROM carry_over_mismatches m
JOIN applicant_types t ON t.applicant_code = m.applicant_code
LEFT JOIN agencies a ON a.agency_key = m.agency_key
ORDER BY m.year, agency_name, t.position"""


@dataclass
class Rows:
    """A query's result: column names and rows (tuples), read at once."""

    columns: list[str]
    rows: list[tuple]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def read(connection: duckdb.DuckDBPyConnection, sql: str, *parameters) -> Rows:
    cursor = connection.execute(sql, list(parameters) if parameters else None)
    return Rows([d[0] for d in cursor.description], cursor.fetchall())


def cross_year(connection: duckdb.DuckDBPyConnection) -> list[dict]:
    """结转 disagreements between consecutive years, from the warehouse's view."""
    return read(connection, CROSS_YEAR).dicts()


def open_warehouse(database: Path) -> duckdb.DuckDBPyConnection:
    return connect_reader(database)
