-- Which reports fail their own arithmetic? Worst first.
SELECT agency_name, province, county, year, status, failed_checks, failed_rules, failure_details, url
FROM reports_failing_checks
ORDER BY failed_checks DESC, province, agency_name, year
