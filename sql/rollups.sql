-- Counts rolled up at each load, so the comparison views read a million agency-years in well
-- under a second. Counts only: the rates are derived in marts.sql.

-- Quality travels with the counts: the report's status and problems say which cells went
-- unread, failed_rules which of its own sums do not hold, so a NULL or odd rate says why.
CREATE OR REPLACE TABLE core.agency_year_counts AS
WITH failed AS (
    SELECT document_key, count(*) AS failed_checks, list(rule ORDER BY rule) AS failed_rules
    FROM check_results
    WHERE NOT passed
    GROUP BY document_key
)
SELECT o.agency_key, o.agency_name, o.name_normalised, o.province, o.province_code, o.city,
       o.city_code, o.county, o.county_code, o.region_code, o.level, o.sector, o.year,
       o.template, o.status, o.prose_derived, o.problems,
       coalesce(f.failed_checks, 0) AS failed_checks,
       coalesce(f.failed_rules, []::VARCHAR[]) AS failed_rules,
       o.report_key, o.document_key, o.documents,
       m.* EXCLUDE (document_key)
FROM staging.stg_report_of_record o
JOIN core.report_measures m USING (document_key)
LEFT JOIN failed f USING (document_key);
COMMENT ON TABLE core.agency_year_counts IS 'Per agency and year, the report of record''s counts (report_measures) with the agency''s region, level and sector, and the report''s status, problems and failed check rules; rebuilt at each load.';

-- A rate's numerator and denominator both count only the agencies that have both (…_with_…),
-- so a partly read report neither lowers nor raises a region's rate.
CREATE OR REPLACE TABLE core.region_year_counts AS
WITH decided AS (
    SELECT *, disclosed + partially_disclosed AS disclosed_or_partial,
           review_total - review_pending AS review_decided,
           litigation_total - litigation_pending AS litigation_decided
    FROM core.agency_year_counts
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
       count(*) FILTER (WHERE prose_derived) AS prose_derived_agencies,
       sum(received)::BIGINT AS received, sum(carried_over)::BIGINT AS carried_over,
       sum(processed)::BIGINT AS processed, sum(disclosed)::BIGINT AS disclosed,
       sum(partially_disclosed)::BIGINT AS partially_disclosed, sum(withheld)::BIGINT AS withheld,
       sum(not_held)::BIGINT AS not_held, sum(not_processed)::BIGINT AS not_processed,
       sum(review_total)::BIGINT AS review_total, sum(review_corrected)::BIGINT AS review_corrected,
       sum(review_pending)::BIGINT AS review_pending,
       sum(litigation_total)::BIGINT AS litigation_total,
       sum(litigation_corrected)::BIGINT AS litigation_corrected,
       sum(litigation_pending)::BIGINT AS litigation_pending,
       sum(disclosed_or_partial) FILTER (WHERE processed IS NOT NULL)::BIGINT
           AS disclosed_or_partial_with_processed,
       sum(processed) FILTER (WHERE disclosed_or_partial IS NOT NULL)::BIGINT
           AS processed_with_disclosed,
       sum(withheld) FILTER (WHERE processed IS NOT NULL)::BIGINT AS withheld_with_processed,
       sum(processed) FILTER (WHERE withheld IS NOT NULL)::BIGINT AS processed_with_withheld,
       sum(not_held) FILTER (WHERE processed IS NOT NULL)::BIGINT AS not_held_with_processed,
       sum(processed) FILTER (WHERE not_held IS NOT NULL)::BIGINT AS processed_with_not_held,
       sum(not_processed) FILTER (WHERE processed IS NOT NULL)::BIGINT
           AS not_processed_with_processed,
       sum(processed) FILTER (WHERE not_processed IS NOT NULL)::BIGINT
           AS processed_with_not_processed,
       sum(review_corrected) FILTER (WHERE review_decided IS NOT NULL)::BIGINT
           AS review_corrected_with_decided,
       sum(review_decided) FILTER (WHERE review_corrected IS NOT NULL)::BIGINT
           AS review_decided_with_corrected,
       sum(litigation_corrected) FILTER (WHERE litigation_decided IS NOT NULL)::BIGINT
           AS litigation_corrected_with_decided,
       sum(litigation_decided) FILTER (WHERE litigation_corrected IS NOT NULL)::BIGINT
           AS litigation_decided_with_corrected
FROM decided
GROUP BY GROUPING SETS (
    (year), (year, sector), (year, sector, level),
    (year, province_code, province), (year, province_code, province, sector),
    (year, province_code, province, city_code, city),
    (year, province_code, province, city_code, city, sector),
    (year, province_code, province, city_code, city, county_code, county),
    (year, province_code, province, city_code, city, county_code, county, sector)
)
-- A scope keeps only agencies placed at least that deep; a county under its province directly
-- (济源市, 仙桃市) or a 直辖市's district has no prefecture and is a 县 all the same.
HAVING CASE WHEN grouping(province_code) = 1 THEN true
            WHEN grouping(city_code) = 1 THEN province_code IS NOT NULL
            WHEN grouping(county_code) = 1 THEN city_code IS NOT NULL
            ELSE county_code IS NOT NULL END;
COMMENT ON TABLE core.region_year_counts IS 'Counts of agency_year_counts summed by region (全国, 省, 市, 县) and sector (全部 = all), per year, with the denominators of each rate; rebuilt at each load.';
