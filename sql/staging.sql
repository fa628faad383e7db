-- Staging views: the fact tables with their dimensions' codes and labels joined on, one per
-- fact, as dbt's jaffle_shop stages its sources, in the schema staging; they read the star
-- schema in main. Marts (marts.sql) read these and the loader's tables in core.

CREATE OR REPLACE VIEW staging.stg_reports AS
SELECT r.report_key, r.report_id, r.document_key, r.sha256, r.agency_key,
       r.agency_name, a.name_normalised, a.province, a.province_code, a.city, a.city_code,
       a.county, a.county_code, a.region_code, a.level, a.sector, a.region_resolution,
       r.year, r.template, r.status, r.format, r.url, r.fetched_at, r.registry_source,
       r.problems, r.cells_read, r.agency_as_printed, r.agency_source, r.year_source,
       coalesce(r.prose_derived, false) AS prose_derived
FROM main.reports r
LEFT JOIN main.agencies a USING (agency_key);
COMMENT ON VIEW staging.stg_reports IS 'Every report with its agency''s region, level and sector.';

-- One report per agency and year for comparisons: when several documents give the same
-- agency-year (a page and its PDF, a repost), the best-read one stands: ok before partial
-- before anything else, then the latest fetched, then the smallest sha256.
CREATE OR REPLACE VIEW staging.stg_report_of_record AS
SELECT *, count(*) OVER (PARTITION BY agency_key, year) AS documents
FROM staging.stg_reports
WHERE agency_key IS NOT NULL AND year IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY agency_key, year
    ORDER BY CASE status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END,
             fetched_at DESC NULLS LAST, sha256
) = 1;
COMMENT ON VIEW staging.stg_report_of_record IS 'The report that stands for each agency and year in comparisons (ok before partial, then latest fetched); documents counts how many documents gave that agency-year.';

CREATE OR REPLACE VIEW staging.stg_request_counts AS
SELECT r.report_key, r.agency_key, r.year, r.template, f.row_code, d.label AS row_label,
       d.is_outcome, d.group_code, d.group_label, d.reason_code, f.applicant_code,
       a.label AS applicant_label, a.is_legal_person, a.is_total, f.count
FROM main.request_outcomes f
JOIN main.reports r USING (document_key)
JOIN main.request_stages d USING (row_code)
JOIN main.applicant_types a USING (applicant_code);
COMMENT ON VIEW staging.stg_request_counts IS 'Section 三 counts with their row (stage or outcome group and reason) and applicant type.';

CREATE OR REPLACE VIEW staging.stg_proceeding_counts AS
SELECT r.report_key, r.agency_key, r.year, f.proceeding_code, p.label AS proceeding_label,
       p.is_litigation, f.result_code, res.label AS result_label, f.count
FROM main.proceeding_outcomes f
JOIN main.reports r USING (document_key)
JOIN main.proceedings p USING (proceeding_code)
JOIN main.proceeding_results res USING (result_code);
COMMENT ON VIEW staging.stg_proceeding_counts IS 'Section 四 counts with their proceeding and result.';

CREATE OR REPLACE VIEW staging.stg_proactive AS
SELECT r.report_key, r.agency_key, r.year, r.template, f.item_code, i.row_label,
       i.column_label, i.unit, i.in_both_templates, f.value
FROM main.proactive_measures f
JOIN main.reports r USING (document_key)
JOIN main.proactive_items i USING (item_code);
COMMENT ON VIEW staging.stg_proactive IS 'Section 二 measures with their item; in_both_templates marks those comparable between the 2019 and 2021 forms.';

CREATE OR REPLACE VIEW staging.stg_checks AS
SELECT r.report_key, r.agency_key, r.year, r.template, f.rule, c.description, f.passed,
       f.detail
FROM main.check_results f
JOIN main.reports r USING (document_key)
LEFT JOIN main.check_rules c ON c.template = r.template AND c.rule = f.rule;
COMMENT ON VIEW staging.stg_checks IS 'Every check result with the rule it applies.';
