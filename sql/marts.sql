-- Mart views for comparison. Counts come from report_measures; every rate is derived here.
-- A rate is NULL when its denominator is 0 or a count it needs was not read.

CREATE OR REPLACE VIEW agency_year AS
SELECT *,
       (disclosed + partially_disclosed) / nullif(processed, 0) AS disclosure_rate,
       withheld / nullif(processed, 0) AS refusal_share,
       not_held / nullif(processed, 0) AS not_held_share,
       not_processed / nullif(processed, 0) AS not_processed_share,
       review_corrected / nullif(review_total - review_pending, 0) AS review_correction_rate,
       litigation_corrected / nullif(litigation_total - litigation_pending, 0)
           AS litigation_correction_rate
FROM core.agency_year_counts;
COMMENT ON VIEW agency_year IS 'Per agency and year (the report of record): requests received, carried over, processed; outcome counts; review and litigation counts; the rates derived from them; and beside them the report''s status, problems and failed check rules, which say why a rate is NULL or not to be trusted.';

CREATE OR REPLACE VIEW region_year AS
SELECT * EXCLUDE (disclosed_or_partial_with_processed, processed_with_disclosed,
                  withheld_with_processed, processed_with_withheld,
                  not_held_with_processed, processed_with_not_held,
                  not_processed_with_processed, processed_with_not_processed,
                  review_corrected_with_decided, review_decided_with_corrected,
                  litigation_corrected_with_decided, litigation_decided_with_corrected),
       disclosed_or_partial_with_processed / nullif(processed_with_disclosed, 0) AS disclosure_rate,
       withheld_with_processed / nullif(processed_with_withheld, 0) AS refusal_share,
       not_held_with_processed / nullif(processed_with_not_held, 0) AS not_held_share,
       not_processed_with_processed / nullif(processed_with_not_processed, 0) AS not_processed_share,
       review_corrected_with_decided / nullif(review_decided_with_corrected, 0)
           AS review_correction_rate,
       litigation_corrected_with_decided / nullif(litigation_decided_with_corrected, 0)
           AS litigation_correction_rate
FROM core.region_year_counts;
COMMENT ON VIEW region_year IS 'Roll-ups by region (全国, 省, 市, 县: every agency inside the region) and sector (全部 = all sectors), per year; rates are computed from the summed counts of the agencies that have them.';

-- Year-over-year: each year against the year before (a hash join, faster than a window over a
-- million rows, and a filter on a place name reaches both sides). No report the year before,
-- no change.
CREATE OR REPLACE VIEW agency_year_change AS
SELECT cur.agency_key, cur.agency_name, cur.province, cur.city, cur.county, cur.level,
       cur.sector, cur.year, prev.year AS previous_year,
       cur.prose_derived, prev.prose_derived AS previous_prose_derived,
       cur.status, cur.failed_rules, prev.status AS previous_status,
       prev.failed_rules AS previous_failed_rules,
       cur.received, cur.received - prev.received AS received_change,
       cur.processed, cur.processed - prev.processed AS processed_change,
       cur.disclosure_rate, cur.disclosure_rate - prev.disclosure_rate AS disclosure_rate_change,
       cur.refusal_share, cur.refusal_share - prev.refusal_share AS refusal_share_change,
       cur.review_total, cur.review_total - prev.review_total AS review_total_change,
       cur.review_correction_rate,
       cur.review_correction_rate - prev.review_correction_rate AS review_correction_rate_change,
       cur.litigation_total, cur.litigation_total - prev.litigation_total AS litigation_total_change
FROM agency_year cur
LEFT JOIN agency_year prev ON prev.agency_key = cur.agency_key AND prev.year = cur.year - 1;
COMMENT ON VIEW agency_year_change IS 'Year-over-year change per agency: each measure and its difference from the year before (previous_year; NULL when the agency has no report for that year).';

CREATE OR REPLACE VIEW region_year_change AS
SELECT cur.region_scope, cur.region_code, cur.province, cur.city, cur.county, cur.sector,
       cur.level, cur.year, prev.year AS previous_year,
       cur.agencies, cur.prose_derived_agencies, prev.prose_derived_agencies AS previous_prose_derived_agencies,
       cur.received, cur.received - prev.received AS received_change,
       cur.disclosure_rate, cur.disclosure_rate - prev.disclosure_rate AS disclosure_rate_change,
       cur.refusal_share, cur.refusal_share - prev.refusal_share AS refusal_share_change,
       cur.review_total, cur.review_total - prev.review_total AS review_total_change,
       cur.review_correction_rate,
       cur.review_correction_rate - prev.review_correction_rate AS review_correction_rate_change
FROM region_year cur
LEFT JOIN region_year prev
       ON prev.region_scope = cur.region_scope
      AND prev.region_code IS NOT DISTINCT FROM cur.region_code
      AND prev.sector = cur.sector AND prev.level = cur.level AND prev.year = cur.year - 1;
COMMENT ON VIEW region_year_change IS 'Year-over-year change of each region and sector roll-up (region_year) against the year before.';

CREATE OR REPLACE VIEW reports_failing_checks AS
WITH failed AS (
    SELECT document_key, count(*) AS failed_checks,
           list(rule ORDER BY rule) AS failed_rules,
           list(detail ORDER BY rule) AS failure_details
    FROM check_results
    WHERE NOT passed
    GROUP BY document_key
)
SELECT r.report_key, r.agency_name, r.province, r.city, r.county, r.sector, r.year,
       r.template, r.status, r.url, r.sha256, f.failed_checks, f.failed_rules, f.failure_details
FROM failed f
JOIN staging.stg_reports r USING (document_key);
COMMENT ON VIEW reports_failing_checks IS 'Reports whose own numbers fail the template''s arithmetic: which rules, and how.';

CREATE OR REPLACE VIEW proactive_shared AS
SELECT a.agency_key, a.agency_name, a.region_code, a.sector, a.level, a.year, a.template,
       p.item_code, p.value
FROM core.agency_year_counts a
JOIN proactive_measures p USING (document_key)
WHERE p.item_code IN (SELECT item_code FROM proactive_items WHERE in_both_templates);
COMMENT ON VIEW proactive_shared IS 'Section 二 measures the 2019 and 2021 forms share (行政许可, 行政处罚, 行政强制 处理决定数量), per agency and year: comparable across the template change. Labels are in proactive_items.';

-- Cross-year: what an agency carried forward at the end of one year (结转下年度继续办理) is what
-- it carried over into the next (上年结转). Each year's report of record, per applicant column
-- whose two cells were both read. A disagreement is the agency's own, as a failed check is.
CREATE OR REPLACE VIEW carry_over_pairs AS
WITH carried AS (
    SELECT o.agency_key, o.agency_name, o.year, o.report_key, o.url, o.sha256,
           f.row_code, f.applicant_code, f.count
    FROM staging.stg_report_of_record o
    JOIN request_outcomes f USING (document_key)
    WHERE f.row_code IN ('carried_forward', 'carried_over')
)
SELECT cur.agency_key, cur.agency_name, prev.year AS previous_year, cur.year,
       cur.applicant_code, prev.count AS carried_forward_previous_year,
       cur.count AS carried_over, prev.count = cur.count AS agrees,
       prev.report_key AS previous_report_key, prev.url AS previous_url,
       prev.sha256 AS previous_sha256, cur.report_key, cur.url, cur.sha256
FROM carried cur
JOIN carried prev
  ON prev.agency_key = cur.agency_key AND prev.year = cur.year - 1
 AND prev.applicant_code = cur.applicant_code
WHERE cur.row_code = 'carried_over' AND prev.row_code = 'carried_forward';
COMMENT ON VIEW carry_over_pairs IS 'Per agency, pair of consecutive years and applicant column: the 结转下年度继续办理 of the year before against the 上年结转 of the year, from each year''s report of record, with both reports'' URL and sha256.';

CREATE OR REPLACE VIEW carry_over_mismatches AS
SELECT * EXCLUDE (agrees) FROM carry_over_pairs WHERE NOT agrees;
COMMENT ON VIEW carry_over_mismatches IS 'The pairs of carry_over_pairs that disagree: an agency''s 上年结转 that is not what its report of the year before carried forward.';

CREATE OR REPLACE VIEW agency_year_carry_over AS
WITH compared AS (
    SELECT agency_key, year, min(previous_year) AS previous_year, count(*) AS columns_compared,
           count(*) FILTER (WHERE NOT agrees) AS columns_disagreeing,
           bool_and(agrees) AS carry_over_consistent
    FROM carry_over_pairs
    GROUP BY agency_key, year
)
SELECT a.agency_key, a.agency_name, a.province, a.city, a.county, a.sector, a.level, a.year,
       c.previous_year, coalesce(c.columns_compared, 0) AS columns_compared,
       coalesce(c.columns_disagreeing, 0) AS columns_disagreeing, c.carry_over_consistent
FROM core.agency_year_counts a
LEFT JOIN compared c USING (agency_key, year);
COMMENT ON VIEW agency_year_carry_over IS 'Per agency and year: whether its 上年结转 agrees with what its report of the year before carried forward, column by column (NULL when there is nothing to compare: no report the year before, or no cells read on one side).';

-- ---------------------------------------------------------------- agency resolution: review
-- Pairs of agencies that may be one but that no rule merged, for a person to decide (a row in
-- data/agency_renames.tsv, or nothing): a merge a rule proposed but the years forbade; two
-- agencies of one region, level and sector (not 其他; townships and zones, of which a region
-- has many, left out); an unplaced name whose canonical name a placed agency has.
CREATE OR REPLACE VIEW agency_match_candidates AS
WITH refused AS (
    SELECT DISTINCT f.agency_key, t.agency_key AS other_agency_key, m.rule AS rule_considered,
           m.rejected_because AS reason
    FROM agency_merges m
    JOIN (SELECT DISTINCT base_agency_key, agency_key FROM agency_names) f
      ON f.base_agency_key = m.from_agency_key
    JOIN (SELECT DISTINCT base_agency_key, agency_key FROM agency_names) t
      ON t.base_agency_key = m.to_agency_key
    WHERE NOT m.merged AND f.agency_key <> t.agency_key
),
peers AS (
    SELECT a.agency_key, b.agency_key AS other_agency_key, NULL AS rule_considered,
           'same region, level and sector; no rule or listed rename covers the two names' AS reason
    FROM agencies a
    JOIN agencies b
      ON b.region_code = a.region_code AND b.level = a.level AND b.sector = a.sector
     AND b.agency_key > a.agency_key
    WHERE a.sector <> '其他' AND a.level NOT IN ('乡镇级', '开发区')
),
unplaced AS (
    SELECT a.agency_key, b.agency_key AS other_agency_key, NULL AS rule_considered,
           'the name''s region is ' || a.region_resolution || '; a placed agency has the same canonical name'
               AS reason
    FROM agencies a
    JOIN agencies b
      ON b.name_canonical = a.name_canonical AND a.region_code IS NULL AND b.region_code IS NOT NULL
    WHERE a.level IS NULL  -- unplaced, not a national agency
),
pairs AS (
    SELECT * FROM refused
    UNION ALL
    SELECT * FROM peers p
    WHERE NOT EXISTS (SELECT 1 FROM refused r
                      WHERE least(r.agency_key, r.other_agency_key) = p.agency_key
                        AND greatest(r.agency_key, r.other_agency_key) = p.other_agency_key)
    UNION ALL
    SELECT * FROM unplaced
)
SELECT p.agency_key, a.name_published AS agency_name, a.years,
       p.other_agency_key, b.name_published AS other_agency_name, b.years AS other_years,
       coalesce(a.province, b.province) AS province, coalesce(a.city, b.city) AS city,
       coalesce(a.county, b.county) AS county, coalesce(a.region_code, b.region_code) AS region_code,
       coalesce(a.level, b.level) AS level, a.sector, b.sector AS other_sector,
       p.rule_considered, p.reason
FROM pairs p
JOIN agencies a ON a.agency_key = p.agency_key
JOIN agencies b ON b.agency_key = p.other_agency_key;
COMMENT ON VIEW agency_match_candidates IS 'Pairs of agencies that may be one agency but that no rule merged, for review: a 办公室 or rename merge the years forbade (rule_considered, reason), two agencies of one region, level and sector, or an unplaced name whose canonical name a placed agency has (鼓楼区人民政府). Merge a pair by a row in data/agency_renames.tsv; never by similarity alone.';
