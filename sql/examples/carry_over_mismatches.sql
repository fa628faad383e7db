-- Whose 上年结转 is not what their report of the year before carried forward (结转下年度继续办理)?
-- One row per applicant column that disagrees, with both reports to open; the agencies with the
-- most disagreeing columns first.
SELECT agency_name, previous_year, year, applicant_code, carried_forward_previous_year,
       carried_over, carried_over - carried_forward_previous_year AS difference,
       previous_url, url
FROM carry_over_mismatches
ORDER BY count(*) OVER (PARTITION BY agency_name) DESC, agency_name, year, applicant_code
