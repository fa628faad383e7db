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
DELETE FROM report_measures WHERE document_key IN (SELECT document_key FROM load_replaced);
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

-- Delete, then insert (not INSERT OR REPLACE): a DuckLake lake has no primary keys to replace by.
CREATE OR REPLACE TEMP TABLE staged_agencies AS
SELECT DISTINCT ON (agency_key) * FROM read_parquet('{staging}/agencies/*.parquet');
DELETE FROM agencies WHERE agency_key IN (SELECT agency_key FROM staged_agencies);
INSERT INTO agencies BY NAME SELECT * FROM staged_agencies;
DELETE FROM agencies
WHERE agency_key NOT IN (SELECT agency_key FROM reports WHERE agency_key IS NOT NULL);

DELETE FROM years;
INSERT INTO years SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year;

-- The counts the comparison views read, for the reports this load wrote. A group's count
-- (不予公开, 无法提供 …) is the sum of its rows only when every row of the group that the
-- report's template prints was read; otherwise it is NULL, never a partial sum.
INSERT INTO report_measures BY NAME
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
