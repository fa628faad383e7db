-- One load, run inside a single transaction by pipelines/warehouse/load.py.
-- {staging} is the directory of this load's Parquet files, one sub-directory per staged table;
-- {winners_only} is empty when no staged document is superseded by another in the same load.

-- Every document staged in this load, and per report identity the one that stands:
-- the latest fetched (then the smallest sha256, so the choice is repeatable).
CREATE OR REPLACE TEMP TABLE staged_reports AS
SELECT * FROM read_parquet('{staging}/reports/*.parquet');

CREATE OR REPLACE TEMP TABLE load_winners AS
SELECT * FROM staged_reports
QUALIFY row_number() OVER (PARTITION BY report_key ORDER BY fetched_at DESC NULLS LAST, sha256) = 1;

-- What this load replaces: the same report (a re-read or re-fetched document), or the same
-- document that earlier stood under another identity.
CREATE OR REPLACE TEMP TABLE load_replaced AS
SELECT report_key, document_key FROM reports
WHERE report_key IN (SELECT report_key FROM load_winners)
   OR document_key IN (SELECT document_key FROM load_winners);

DELETE FROM request_outcomes WHERE document_key IN (SELECT document_key FROM load_replaced);
DELETE FROM proceeding_outcomes WHERE document_key IN (SELECT document_key FROM load_replaced);
DELETE FROM proactive_measures WHERE document_key IN (SELECT document_key FROM load_replaced);
DELETE FROM check_results WHERE document_key IN (SELECT document_key FROM load_replaced);
DELETE FROM prose_figures WHERE document_key IN (SELECT document_key FROM load_replaced);
DELETE FROM core.report_measures WHERE document_key IN (SELECT document_key FROM load_replaced);
DELETE FROM reports WHERE report_key IN (SELECT report_key FROM load_replaced);

INSERT INTO reports BY NAME
SELECT * FROM load_winners;

INSERT INTO request_outcomes BY NAME
SELECT * FROM read_parquet('{staging}/requests/*.parquet') {winners_only};
INSERT INTO proceeding_outcomes BY NAME
SELECT * FROM read_parquet('{staging}/proceedings/*.parquet') {winners_only};
INSERT INTO proactive_measures BY NAME
SELECT * FROM read_parquet('{staging}/proactive/*.parquet') {winners_only};
INSERT INTO check_results BY NAME
SELECT * FROM read_parquet('{staging}/checks/*.parquet') {winners_only};
INSERT INTO prose_figures BY NAME
SELECT * FROM read_parquet('{staging}/prose_figures/*.parquet') {winners_only};

-- ---------------------------------------------------------------- agency resolution
-- One agency across its names. agency.py gives each name the agency it is by its region and
-- department alone (base_agency_key: 洪泽区人民政府 = 淮安市洪泽区人民政府); here, with every
-- year in view, a government's 办公室, a listed rename (agency_renames) and a name placed only
-- by its portal join another agency only when no year has both, and the old name comes first. Everything is recomputed from
-- agency_names at each load, so a rename row added or a year loaded later re-decides.
-- Delete, then insert (not INSERT OR REPLACE): a DuckLake lake has no primary keys to replace by.
CREATE OR REPLACE TEMP TABLE staged_agency_names AS
SELECT DISTINCT ON (name_key) * EXCLUDE (agency_key, match_rule, match_note),
       agency_key AS base_agency_key, match_rule AS name_match_rule, match_note AS name_match_note
FROM read_parquet('{staging}/agencies/*.parquet');
DELETE FROM agency_names WHERE name_key IN (SELECT name_key FROM staged_agency_names);
INSERT INTO agency_names BY NAME SELECT * FROM staged_agency_names;

-- A warehouse loaded before names were kept: a report's agency_key was its name's key, and
-- agencies held one row per name (no name_canonical); such a name, not staged again, stands alone.
UPDATE reports SET agency_name_key = agency_key
WHERE agency_name_key IS NULL AND agency_key IS NOT NULL;

INSERT INTO agency_names BY NAME
SELECT agency_key AS name_key, agency_key AS base_agency_key, name_published, name_normalised,
       name_normalised AS name_canonical, 'exact' AS name_match_rule, province, province_code,
       city, city_code, county, county_code, region_code, level, sector, region_resolution,
       region_note, registry_source
FROM agencies
WHERE name_canonical IS NULL AND agency_key NOT IN (SELECT name_key FROM agency_names);

DELETE FROM agency_names
WHERE name_key NOT IN (SELECT agency_name_key FROM reports WHERE agency_name_key IS NOT NULL);

CREATE OR REPLACE TEMP TABLE agency_name_years AS
SELECT agency_name_key AS name_key, count(*) AS reports,
       coalesce(list(DISTINCT year ORDER BY year)
                FILTER (WHERE year IS NOT NULL AND status <> 'not_a_report'), []) AS years
FROM reports WHERE agency_name_key IS NOT NULL
GROUP BY agency_name_key;

CREATE OR REPLACE TEMP TABLE agency_bases AS
SELECT n.base_agency_key, any_value(n.name_canonical) AS name_canonical,
       any_value(n.name_place) AS name_place, any_value(n.name_body) AS name_body,
       any_value(n.region_code) AS region_code, any_value(n.office_of_key) AS office_of_key,
       any_value(n.source_placed_key) AS source_placed_key,
       list_sort(list_distinct(flatten(list(coalesce(y.years, []))))) AS years
FROM agency_names n LEFT JOIN agency_name_years y USING (name_key)
GROUP BY n.base_agency_key;

-- What the office and rename rules propose: a name's agency into another agency; and a name
-- with no place, placed by its source's region, into the agency it would be there.
CREATE OR REPLACE TEMP TABLE agency_merge_proposals AS
SELECT g.base_agency_key AS from_key, t.base_agency_key AS to_key, 'office' AS rule,
       NULL::INTEGER AS year_effective, NULL::VARCHAR AS rename_source
FROM agency_bases g JOIN agency_bases t ON t.base_agency_key = g.office_of_key
UNION ALL
SELECT g.base_agency_key, t.base_agency_key, 'region_prefix', NULL, NULL
FROM agency_bases g JOIN agency_bases t ON t.base_agency_key = g.source_placed_key
UNION ALL
SELECT g.base_agency_key, t.base_agency_key, 'rename', r.year_effective, r.source
FROM agency_bases g
JOIN agency_renames r
  ON r.old_name = g.name_body
 AND (r.region_code IS NULL OR r.region_code = g.region_code
      OR (r.region_code LIKE '__0000' AND left(g.region_code, 2) = left(r.region_code, 2))
      OR (r.region_code LIKE '____00' AND left(g.region_code, 4) = left(r.region_code, 4)))
JOIN agency_bases t
  ON t.name_body = r.new_name AND t.name_place = g.name_place AND t.region_code = g.region_code
WHERE g.region_code IS NOT NULL;

CREATE OR REPLACE TEMP TABLE agency_merge_decisions AS
WITH proposed AS (
    SELECT p.*, g.name_canonical AS from_name, t.name_canonical AS to_name,
           g.years AS from_years, t.years AS to_years,
           count(DISTINCT p.to_key) OVER (PARTITION BY p.from_key) AS targets
    FROM agency_merge_proposals p
    JOIN agency_bases g ON g.base_agency_key = p.from_key
    JOIN agency_bases t ON t.base_agency_key = p.to_key
),
crowded AS (  -- years that two names proposed into one agency share
    SELECT a.from_key, list_sort(list_distinct(flatten(list(list_intersect(a.from_years, b.from_years))))) AS years
    FROM proposed a JOIN proposed b ON a.to_key = b.to_key AND a.from_key <> b.from_key
    WHERE list_has_any(a.from_years, b.from_years)
    GROUP BY a.from_key
)
SELECT p.*,
       CASE WHEN p.targets > 1 THEN
                'the rule fits ' || p.targets || ' agencies of the region; none is chosen'
            WHEN list_has_any(p.from_years, p.to_years) THEN
                'both published for ' || array_to_string(list_intersect(p.from_years, p.to_years), ', ')
            WHEN c.from_key IS NOT NULL THEN
                'another name proposed into the same agency also published for '
                || array_to_string(c.years, ', ')
            WHEN p.rule = 'rename' AND list_max(p.from_years) > p.year_effective THEN
                'the old name was used for ' || list_max(p.from_years)
                || ', after the rename took effect (' || p.year_effective || ')'
            WHEN p.rule = 'rename' AND list_max(p.from_years) > list_min(p.to_years) THEN
                'the old name was used after the new one'
       END AS rejected_because
FROM proposed p LEFT JOIN crowded c USING (from_key);

-- Each name's agency: its base agency, or where an accepted merge takes it (two steps at most:
-- a renamed government's 办公室).
CREATE OR REPLACE TEMP TABLE agency_name_resolution AS
WITH accepted AS (
    SELECT from_key, to_key, rule, to_name, rename_source
    FROM agency_merge_decisions WHERE rejected_because IS NULL
)
SELECT n.name_key, coalesce(m2.to_key, m1.to_key, n.base_agency_key) AS agency_key,
       coalesce(m1.rule, n.name_match_rule) AS match_rule,
       CASE m1.rule
           WHEN 'office' THEN 'the 办公室 of ' || m1.to_name || ', which published for none of its years'
           WHEN 'rename' THEN 'renamed ' || m1.to_name || ' (data/agency_renames.tsv: ' || m1.rename_source || ')'
           ELSE n.name_match_note
       END AS match_note,
       y.years, list_min(y.years) AS first_year, list_max(y.years) AS last_year,
       coalesce(y.reports, 0) AS reports
FROM agency_names n
LEFT JOIN accepted m1 ON m1.from_key = n.base_agency_key
LEFT JOIN accepted m2 ON m2.from_key = m1.to_key
LEFT JOIN agency_name_years y USING (name_key);

UPDATE agency_names
SET agency_key = r.agency_key, match_rule = r.match_rule,
    match_note = nullif(r.match_note, ''), years = r.years, first_year = r.first_year,
    last_year = r.last_year, reports = r.reports
FROM agency_name_resolution r
WHERE agency_names.name_key = r.name_key;

-- Every merge a rule proposed, and whether it held: agency_match_candidates lists the others.
CREATE OR REPLACE TABLE agency_merges AS
SELECT d.from_key AS from_agency_key, d.from_name, d.to_key AS to_agency_key, d.to_name, d.rule,
       d.year_effective, d.rename_source, d.from_years, d.to_years,
       d.rejected_because IS NULL AS merged, d.rejected_because
FROM agency_merge_decisions d
ORDER BY d.from_name, d.to_name;
COMMENT ON TABLE agency_merges IS 'Every merge the office and rename rules proposed between two agencies (by their names'' region and department), whether it was made, and if not why: both published in one year, the old name used after the rename, or more than one agency it could be. Rebuilt at each load.';

-- The agency: the name its own department printed last (the new name, the government rather
-- than its office), with that name's region; its years are every name's.
DELETE FROM agencies;
INSERT INTO agencies BY NAME
WITH named AS (
    SELECT n.*,
           count(*) OVER agency AS names,
           min(n.first_year) OVER agency AS agency_first_year,
           max(n.last_year) OVER agency AS agency_last_year,
           list_sort(list_distinct(flatten(list(coalesce(n.years, [])) OVER agency))) AS agency_years,
           row_number() OVER (agency ORDER BY n.base_agency_key = n.agency_key DESC,
                              n.last_year DESC NULLS LAST, n.reports DESC, n.name_key) AS choice
    FROM agency_names n
    WINDOW agency AS (PARTITION BY n.agency_key)
)
SELECT agency_key, name_published, name_normalised, name_canonical, province, province_code,
       city, city_code, county, county_code, region_code, level, sector, region_resolution,
       region_note, registry_source, names, agency_years AS years,
       agency_first_year AS first_year, agency_last_year AS last_year
FROM named WHERE choice = 1;

UPDATE reports SET agency_key = n.agency_key
FROM agency_names n
WHERE reports.agency_name_key = n.name_key AND reports.agency_key IS DISTINCT FROM n.agency_key;
-- ---------------------------------------------------------------- end of agency resolution

DELETE FROM years;
INSERT INTO years SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year;

-- The counts the comparison views read, for the reports this load wrote. A group's count
-- (不予公开, 无法提供 …) is the sum of its rows only when every row of the group that the
-- report's template prints was read; otherwise it is NULL, never a partial sum.
INSERT INTO core.report_measures BY NAME
WITH totals AS (
    SELECT f.document_key, f.row_code, d.group_code, r.template, f.count
    FROM request_outcomes f
    JOIN request_stages d ON d.row_code = f.row_code
    JOIN load_winners r ON r.document_key = f.document_key
    WHERE f.applicant_code = (SELECT applicant_code FROM applicant_types WHERE is_total)
),
group_size AS (
    SELECT t.template, d.group_code, count(*) AS rows_in_group
    FROM request_stages d, unnest(d.templates) AS t(template)
    WHERE d.group_code IS NOT NULL
    GROUP BY ALL
),
groups AS (
    SELECT document_key,
           CASE WHEN count(*) = any_value(g.rows_in_group) THEN sum(count) END AS count,
           totals.group_code
    FROM totals
    -- a report before 2019 (prose, pre2019) states a group as the 2019 form's one row would
    JOIN group_size g ON g.template = CASE WHEN totals.template IN ('prose', 'pre2019') THEN '2019'
                                           ELSE totals.template END
                     AND g.group_code = totals.group_code
    GROUP BY document_key, totals.group_code
),
rows AS (
    SELECT document_key,
           max(count) FILTER (WHERE row_code = 'new_received') AS received,
           max(count) FILTER (WHERE row_code = 'carried_over') AS carried_over,
           max(count) FILTER (WHERE row_code = 'total_processed') AS processed,
           max(count) FILTER (WHERE row_code = 'carried_forward') AS carried_forward,
           max(count) FILTER (WHERE row_code = 'unavailable_not_held') AS not_held
    FROM totals GROUP BY document_key
),
grouped AS (
    SELECT document_key,
           max(count) FILTER (WHERE group_code = 'disclosed') AS disclosed,
           max(count) FILTER (WHERE group_code = 'partially_disclosed') AS partially_disclosed,
           max(count) FILTER (WHERE group_code = 'withheld') AS withheld,
           max(count) FILTER (WHERE group_code = 'unavailable') AS unavailable,
           max(count) FILTER (WHERE group_code = 'not_processed') AS not_processed,
           max(count) FILTER (WHERE group_code = 'other_processing') AS other_processing
    FROM groups GROUP BY document_key
),
proceeding_totals AS (
    SELECT f.document_key,
           max(f.count) FILTER (WHERE NOT p.is_litigation AND res.is_total) AS review_total,
           max(f.count) FILTER (WHERE NOT p.is_litigation AND f.result_code = 'corrected') AS review_corrected,
           max(f.count) FILTER (WHERE NOT p.is_litigation AND f.result_code = 'pending') AS review_pending,
           CASE WHEN count(*) FILTER (WHERE p.is_litigation AND res.is_total) = litigations.n
                THEN sum(f.count) FILTER (WHERE p.is_litigation AND res.is_total) END AS litigation_total,
           CASE WHEN count(*) FILTER (WHERE p.is_litigation AND f.result_code = 'corrected') = litigations.n
                THEN sum(f.count) FILTER (WHERE p.is_litigation AND f.result_code = 'corrected') END AS litigation_corrected,
           CASE WHEN count(*) FILTER (WHERE p.is_litigation AND f.result_code = 'pending') = litigations.n
                THEN sum(f.count) FILTER (WHERE p.is_litigation AND f.result_code = 'pending') END AS litigation_pending
    FROM proceeding_outcomes f
    JOIN proceedings p USING (proceeding_code)
    JOIN proceeding_results res USING (result_code)
    JOIN load_winners r ON r.document_key = f.document_key
    CROSS JOIN (SELECT count(*) AS n FROM proceedings WHERE is_litigation) AS litigations
    GROUP BY f.document_key, litigations.n
),
-- A report before 2019 states 不予公开 as one figure and its lawsuits without their kind:
-- the same measures as the group's and both kinds' sums, kept under codes of their own.
prose AS (
    SELECT f.document_key,
           max(f.value) FILTER (WHERE f.code = 'prose.requests.withheld.total')::BIGINT AS withheld,
           max(f.value) FILTER (WHERE f.code = 'prose.litigation.total')::BIGINT AS litigation_total
    FROM prose_figures f
    JOIN load_winners r ON r.document_key = f.document_key
    GROUP BY f.document_key
)
SELECT r.document_key, rows.* EXCLUDE (document_key), grouped.* EXCLUDE (document_key, withheld),
       proceeding_totals.* EXCLUDE (document_key, litigation_total),
       coalesce(grouped.withheld, prose.withheld) AS withheld,
       coalesce(proceeding_totals.litigation_total, prose.litigation_total) AS litigation_total
FROM load_winners r
LEFT JOIN rows USING (document_key)
LEFT JOIN grouped USING (document_key)
LEFT JOIN proceeding_totals USING (document_key)
LEFT JOIN prose USING (document_key);
