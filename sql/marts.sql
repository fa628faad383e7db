-- Mart views for comparison. Counts come from report_measures; every rate is derived here.
-- A rate is NULL when its denominator is 0 or a count it needs was not read.

CREATE OR REPLACE VIEW mart_agency_year AS
SELECT *,
       (disclosed + partially_disclosed) / nullif(processed, 0) AS disclosure_rate,
       withheld / nullif(processed, 0) AS refusal_share,
       not_held / nullif(processed, 0) AS not_held_share,
       not_processed / nullif(processed, 0) AS not_processed_share,
       review_corrected / nullif(review_total - review_pending, 0) AS review_correction_rate,
       litigation_corrected / nullif(litigation_total - litigation_pending, 0)
           AS litigation_correction_rate
FROM agency_year_counts;
COMMENT ON VIEW mart_agency_year IS 'Per agency and year (the report of record): requests received, carried over, processed; outcome counts; review and litigation counts; and the rates derived from them.';

CREATE OR REPLACE VIEW mart_region_year AS
SELECT * EXCLUDE (processed_with_disclosed, processed_with_withheld, processed_with_not_held,
                  processed_with_not_processed, review_decided_with_corrected,
                  litigation_decided_with_corrected),
       (disclosed + partially_disclosed) / nullif(processed_with_disclosed, 0) AS disclosure_rate,
       withheld / nullif(processed_with_withheld, 0) AS refusal_share,
       not_held / nullif(processed_with_not_held, 0) AS not_held_share,
       not_processed / nullif(processed_with_not_processed, 0) AS not_processed_share,
       review_corrected / nullif(review_decided_with_corrected, 0) AS review_correction_rate,
       litigation_corrected / nullif(litigation_decided_with_corrected, 0)
           AS litigation_correction_rate
FROM region_year_counts;
COMMENT ON VIEW mart_region_year IS 'Roll-ups by region (全国, 省, 市, 县: every agency inside the region) and sector (全部 = all sectors), per year; rates are computed from the summed counts of the agencies that have them.';

CREATE OR REPLACE VIEW mart_agency_year_change AS
SELECT agency_key, agency_name, province, city, county, level, sector, year,
       lag(year) OVER w AS previous_year,
       received, received - lag(received) OVER w AS received_change,
       processed, processed - lag(processed) OVER w AS processed_change,
       disclosure_rate, disclosure_rate - lag(disclosure_rate) OVER w AS disclosure_rate_change,
       refusal_share, refusal_share - lag(refusal_share) OVER w AS refusal_share_change,
       review_total, review_total - lag(review_total) OVER w AS review_total_change,
       review_correction_rate,
       review_correction_rate - lag(review_correction_rate) OVER w AS review_correction_rate_change,
       litigation_total, litigation_total - lag(litigation_total) OVER w AS litigation_total_change
FROM mart_agency_year
WINDOW w AS (PARTITION BY agency_key ORDER BY year);
COMMENT ON VIEW mart_agency_year_change IS 'Year-over-year change per agency: each measure and its difference from the agency''s previous report year (previous_year says which; it need not be year - 1).';

CREATE OR REPLACE VIEW mart_region_year_change AS
SELECT region_scope, region_code, province, city, county, sector, level, year,
       lag(year) OVER w AS previous_year,
       agencies, received, received - lag(received) OVER w AS received_change,
       disclosure_rate, disclosure_rate - lag(disclosure_rate) OVER w AS disclosure_rate_change,
       refusal_share, refusal_share - lag(refusal_share) OVER w AS refusal_share_change,
       review_total, review_total - lag(review_total) OVER w AS review_total_change,
       review_correction_rate,
       review_correction_rate - lag(review_correction_rate) OVER w AS review_correction_rate_change
FROM mart_region_year
-- province, city and county depend on region_code; partitioning by them too lets a filter on
-- them reach below the window, so asking for one county does not compute every region.
WINDOW w AS (PARTITION BY region_scope, region_code, province, city, county, sector, level
             ORDER BY year);
COMMENT ON VIEW mart_region_year_change IS 'Year-over-year change of each region and sector roll-up (mart_region_year).';

CREATE OR REPLACE VIEW mart_reports_failing_checks AS
WITH failed AS (
    SELECT document_key, count(*) AS failed_checks,
           list(rule ORDER BY rule) AS failed_rules,
           list(detail ORDER BY rule) AS failure_details
    FROM fact_check
    WHERE NOT passed
    GROUP BY document_key
)
SELECT r.report_key, r.agency_name, r.province, r.city, r.county, r.sector, r.year,
       r.template, r.status, r.url, r.sha256, f.failed_checks, f.failed_rules, f.failure_details
FROM failed f
JOIN stg_reports r USING (document_key);
COMMENT ON VIEW mart_reports_failing_checks IS 'Reports whose own numbers fail the template''s arithmetic: which rules, and how.';

CREATE OR REPLACE VIEW mart_proactive_shared AS
SELECT a.agency_key, a.agency_name, a.province, a.city, a.county, a.sector, a.level, a.year,
       a.template, p.item_code, i.row_label, i.column_label, p.value
FROM agency_year_counts a
JOIN fact_proactive p USING (document_key)
JOIN dim_proactive_item i USING (item_code)
WHERE i.in_both_templates;
COMMENT ON VIEW mart_proactive_shared IS 'Section 二 measures the 2019 and 2021 forms share (行政许可, 行政处罚, 行政强制 处理决定数量), per agency and year: comparable across the template change.';
