-- Ranks among peers, computed at each load from agency_year's rates (so each rate keeps
-- its one definition) and kept as a table: four ranks over a million agency-years take seconds,
-- too slow to recompute on every question.

CREATE OR REPLACE TABLE core.agency_year_ranks AS
WITH ranked AS (
    -- an integer per (province, sector, level): sorting on it is twice as fast as on the text
    SELECT *, dense_rank() OVER (ORDER BY province_code, sector, level) AS peer_group
    FROM agency_year
    WHERE level IS NOT NULL  -- a settled region, or a national agency (no province)
)
SELECT agency_key, year,
       count(*) OVER peers AS peers,
       -- NULLs sort last, so they never push a value down; an agency without the value gets no rank
       CASE WHEN received IS NOT NULL THEN
           rank() OVER (peers ORDER BY received DESC NULLS LAST) END AS received_rank,
       CASE WHEN disclosure_rate IS NOT NULL THEN
           rank() OVER (peers ORDER BY disclosure_rate DESC NULLS LAST) END AS disclosure_rank,
       CASE WHEN refusal_share IS NOT NULL THEN
           rank() OVER (peers ORDER BY refusal_share DESC NULLS LAST) END AS refusal_rank,
       CASE WHEN review_correction_rate IS NOT NULL THEN
           rank() OVER (peers ORDER BY review_correction_rate DESC NULLS LAST) END
           AS review_correction_rank
FROM ranked
WINDOW peers AS (PARTITION BY peer_group, year);
COMMENT ON TABLE core.agency_year_ranks IS 'Each agency-year''s rank among its peers (same province, sector and level, same year), from the rates of agency_year; rebuilt at each load.';

CREATE OR REPLACE VIEW agency_peer_rank AS
SELECT a.agency_key, a.agency_name, a.province, a.province_code, a.city, a.county, a.level,
       a.sector, a.year, r.peers, a.received, a.processed, a.withheld, a.disclosure_rate,
       a.refusal_share, a.review_correction_rate, r.received_rank, r.disclosure_rank,
       r.refusal_rank, r.review_correction_rank
FROM agency_year a
JOIN core.agency_year_ranks r USING (agency_key, year);
COMMENT ON VIEW agency_peer_rank IS 'Each agency''s rank among its peers (same province, sector and level, same year); rank 1 is the largest value; agencies without the value are not ranked.';
