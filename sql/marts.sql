-- Mart views for comparison. Counts come from report_measures; every rate is derived here.
-- A rate is NULL when its denominator is 0 or a count it needs was not read.

CREATE OR REPLACE VIEW mart_agency_year AS
SELECT o.agency_key, o.agency_name, o.name_normalised, o.province, o.province_code, o.city,
       o.city_code, o.county, o.county_code, o.region_code, o.level, o.sector, o.year,
       o.template, o.status, o.report_key, o.documents,
       m.received, m.carried_over, m.processed, m.carried_forward,
       m.disclosed, m.partially_disclosed, m.withheld, m.unavailable, m.not_held,
       m.not_processed, m.other_processing,
       m.review_total, m.review_corrected, m.review_pending,
       m.litigation_total, m.litigation_corrected, m.litigation_pending,
       (m.disclosed + m.partially_disclosed) / nullif(m.processed, 0) AS disclosure_rate,
       m.withheld / nullif(m.processed, 0) AS refusal_share,
       m.not_held / nullif(m.processed, 0) AS not_held_share,
       m.not_processed / nullif(m.processed, 0) AS not_processed_share,
       m.review_corrected / nullif(m.review_total - m.review_pending, 0) AS review_correction_rate,
       m.litigation_corrected / nullif(m.litigation_total - m.litigation_pending, 0)
           AS litigation_correction_rate
FROM stg_report_of_record o
JOIN report_measures m USING (document_key);
COMMENT ON VIEW mart_agency_year IS 'Per agency and year (the report of record): requests received, carried over, processed; outcome counts; review and litigation counts; and the rates derived from them.';

CREATE OR REPLACE VIEW mart_region_year AS
WITH agency_year AS (
    SELECT *, disclosed + partially_disclosed AS disclosed_or_partial,
           review_total - review_pending AS review_decided,
           litigation_total - litigation_pending AS litigation_decided
    FROM mart_agency_year
)
SELECT CASE WHEN grouping(province_code) = 1 THEN '全国'
            WHEN grouping(city_code) = 1 THEN '省'
            WHEN grouping(county_code) = 1 THEN '市'
            ELSE '县' END AS region_scope,
       coalesce(county_code, city_code, province_code) AS region_code,
       province, province_code, city, city_code, county, county_code,
       CASE WHEN grouping(sector) = 1 THEN '全部' ELSE sector END AS sector,
       CASE WHEN grouping(level) = 1 THEN '全部' ELSE level END AS level,
       year,
       count(*) AS agencies,
       sum(received)::BIGINT AS received, sum(carried_over)::BIGINT AS carried_over,
       sum(processed)::BIGINT AS processed, sum(disclosed)::BIGINT AS disclosed,
       sum(partially_disclosed)::BIGINT AS partially_disclosed, sum(withheld)::BIGINT AS withheld,
       sum(not_held)::BIGINT AS not_held, sum(not_processed)::BIGINT AS not_processed,
       sum(review_total)::BIGINT AS review_total, sum(review_corrected)::BIGINT AS review_corrected,
       sum(review_pending)::BIGINT AS review_pending, sum(litigation_total)::BIGINT AS litigation_total,
       sum(litigation_corrected)::BIGINT AS litigation_corrected,
       sum(litigation_pending)::BIGINT AS litigation_pending,
       sum(disclosed_or_partial)
           / nullif(sum(processed) FILTER (WHERE disclosed_or_partial IS NOT NULL), 0)
           AS disclosure_rate,
       sum(withheld) / nullif(sum(processed) FILTER (WHERE withheld IS NOT NULL), 0)
           AS refusal_share,
       sum(not_held) / nullif(sum(processed) FILTER (WHERE not_held IS NOT NULL), 0)
           AS not_held_share,
       sum(not_processed) / nullif(sum(processed) FILTER (WHERE not_processed IS NOT NULL), 0)
           AS not_processed_share,
       sum(review_corrected)
           / nullif(sum(review_decided) FILTER (WHERE review_corrected IS NOT NULL), 0)
           AS review_correction_rate,
       sum(litigation_corrected)
           / nullif(sum(litigation_decided) FILTER (WHERE litigation_corrected IS NOT NULL), 0)
           AS litigation_correction_rate
FROM agency_year
GROUP BY GROUPING SETS (
    (year), (year, sector), (year, sector, level),
    (year, province_code, province), (year, province_code, province, sector),
    (year, province_code, province, city_code, city),
    (year, province_code, province, city_code, city, sector),
    (year, province_code, province, city_code, city, county_code, county),
    (year, province_code, province, city_code, city, county_code, county, sector)
)
HAVING NOT (grouping(province_code) = 0 AND province_code IS NULL)
   AND NOT (grouping(city_code) = 0 AND city_code IS NULL)
   AND NOT (grouping(county_code) = 0 AND county_code IS NULL);
COMMENT ON VIEW mart_region_year IS 'Roll-ups of mart_agency_year by region (全国, 省, 市, 县: every agency inside the region) and sector (全部 = all sectors), per year; rates are computed from the summed counts of the agencies that have them.';

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
WINDOW w AS (PARTITION BY region_scope, region_code, sector, level ORDER BY year);
COMMENT ON VIEW mart_region_year_change IS 'Year-over-year change of each region and sector roll-up (mart_region_year).';

CREATE OR REPLACE VIEW mart_agency_year_rank AS
SELECT agency_key, agency_name, province, province_code, city, county, level, sector, year,
       count(*) OVER peers AS peers,
       received, processed, withheld, disclosure_rate, refusal_share, review_correction_rate,
       CASE WHEN received IS NOT NULL THEN
           rank() OVER (PARTITION BY province_code, sector, level, year, received IS NULL
                        ORDER BY received DESC) END AS received_rank,
       CASE WHEN disclosure_rate IS NOT NULL THEN
           rank() OVER (PARTITION BY province_code, sector, level, year, disclosure_rate IS NULL
                        ORDER BY disclosure_rate DESC) END AS disclosure_rank,
       CASE WHEN refusal_share IS NOT NULL THEN
           rank() OVER (PARTITION BY province_code, sector, level, year, refusal_share IS NULL
                        ORDER BY refusal_share DESC) END AS refusal_rank,
       CASE WHEN review_correction_rate IS NOT NULL THEN
           rank() OVER (PARTITION BY province_code, sector, level, year,
                                     review_correction_rate IS NULL
                        ORDER BY review_correction_rate DESC) END AS review_correction_rank
FROM mart_agency_year
WHERE province_code IS NOT NULL AND level IS NOT NULL
WINDOW peers AS (PARTITION BY province_code, sector, level, year);
COMMENT ON VIEW mart_agency_year_rank IS 'Each agency''s rank among its peers (same province, sector and level, same year); rank 1 is the largest value; agencies without the value are not ranked.';

CREATE OR REPLACE VIEW mart_reports_failing_checks AS
SELECT r.report_key, r.agency_name, r.province, r.city, r.county, r.sector, r.year,
       r.template, r.status, r.url, r.sha256,
       count(*) AS failed_checks,
       list(c.rule ORDER BY c.rule) AS failed_rules,
       list(c.detail ORDER BY c.rule) AS failure_details
FROM fact_check c
JOIN stg_reports r USING (document_key)
WHERE NOT c.passed
GROUP BY ALL;
COMMENT ON VIEW mart_reports_failing_checks IS 'Reports whose own numbers fail the template''s arithmetic: which rules, and how.';

CREATE OR REPLACE VIEW mart_proactive_shared AS
SELECT o.agency_key, o.agency_name, o.province, o.city, o.county, o.sector, o.level, o.year,
       o.template, p.item_code, p.row_label, p.column_label, p.value
FROM stg_report_of_record o
JOIN stg_proactive p USING (report_key)
WHERE p.in_both_templates;
COMMENT ON VIEW mart_proactive_shared IS 'Section 二 measures the 2019 and 2021 forms share (行政许可, 行政处罚, 行政强制 处理决定数量), per agency and year: comparable across the template change.';
