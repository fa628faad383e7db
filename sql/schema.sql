-- The star schema. Tables only; views live in staging.sql and marts.sql.
-- Column comments come from glossary.tsv (one meaning per name), table comments are here.
-- Every statement is idempotent: the loader runs this file at the start of each load.
-- Layers (sql/README.md): main holds what analysts read, staging the stg_* views, core the
-- tables the loader precomputes for the views.

CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;

CREATE TABLE IF NOT EXISTS agencies (
    agency_key BIGINT PRIMARY KEY,
    name_published VARCHAR,
    name_normalised VARCHAR NOT NULL,
    province VARCHAR, province_code VARCHAR,
    city VARCHAR, city_code VARCHAR,
    county VARCHAR, county_code VARCHAR,
    region_code VARCHAR,
    level VARCHAR,
    sector VARCHAR NOT NULL,
    region_resolution VARCHAR NOT NULL,
    region_note VARCHAR,
    registry_source VARCHAR,
    name_canonical VARCHAR,
    names INTEGER,
    years INTEGER[],
    first_year INTEGER,
    last_year INTEGER
);
-- Warehouses built before agencies were resolved across their names gain these columns here.
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS name_canonical VARCHAR;
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS names INTEGER;
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS years INTEGER[];
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS first_year INTEGER;
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS last_year INTEGER;
COMMENT ON TABLE agencies IS 'Agencies that publish reports, one row per agency across every name it printed (agency_names): its latest name as published, its canonical name, region with 行政区划代码, administrative level and sector. Rebuilt at each load from agency_names.';

-- ---------------------------------------------------------------- agency resolution
-- Every name an agency printed, and how it was matched to the agency (see docs/warehouse.md,
-- "One agency across its names"); the reviewed tables the matching and the zones read.
CREATE TABLE IF NOT EXISTS agency_names (
    name_key BIGINT PRIMARY KEY,
    agency_key BIGINT,
    base_agency_key BIGINT NOT NULL,
    name_published VARCHAR,
    name_normalised VARCHAR NOT NULL,
    name_canonical VARCHAR,
    name_place VARCHAR,
    name_body VARCHAR,
    office_of_key BIGINT,
    source_placed_key BIGINT,
    name_match_rule VARCHAR,
    name_match_note VARCHAR,
    match_rule VARCHAR,
    match_note VARCHAR,
    province VARCHAR, province_code VARCHAR,
    city VARCHAR, city_code VARCHAR,
    county VARCHAR, county_code VARCHAR,
    region_code VARCHAR,
    level VARCHAR,
    sector VARCHAR NOT NULL,
    region_resolution VARCHAR NOT NULL,
    region_note VARCHAR,
    registry_source VARCHAR,
    years INTEGER[],
    first_year INTEGER,
    last_year INTEGER,
    reports INTEGER
);
COMMENT ON TABLE agency_names IS 'Every name (normalised, in its settled region) a report was published under, with the agency it belongs to, the years it was used and how it was matched: exact, region_prefix, short_form, office (the government''s 办公室) or rename (data/agency_renames.tsv). Two names merge only by such a rule; pairs no rule covers are in agency_match_candidates.';

CREATE TABLE IF NOT EXISTS agency_renames (
    old_name VARCHAR NOT NULL, new_name VARCHAR NOT NULL, region VARCHAR, region_code VARCHAR,
    year_effective INTEGER NOT NULL, source VARCHAR NOT NULL
);
COMMENT ON TABLE agency_renames IS 'The reviewed renames of data/agency_renames.tsv (机构改革 2018–2019 …): a department printed under old_name in a region merges with the same region''s new_name when their years allow (agency_merges).';

CREATE TABLE IF NOT EXISTS zone_regions (
    zone_name VARCHAR PRIMARY KEY, province VARCHAR NOT NULL, province_code VARCHAR NOT NULL,
    city VARCHAR, city_code VARCHAR, level VARCHAR NOT NULL, source VARCHAR NOT NULL
);
COMMENT ON TABLE zone_regions IS 'The reviewed zones of data/zone_regions.tsv (平潭综合实验区, 雄安新区 …) that the gazetteer lacks, with the province and city they lie in; agencies placed by it have region_resolution zone.';

CREATE TABLE IF NOT EXISTS years (year INTEGER PRIMARY KEY);
COMMENT ON TABLE years IS 'The report years present in the warehouse (the year a report covers, not the year it was published).';

CREATE TABLE IF NOT EXISTS applicant_types (
    applicant_code VARCHAR PRIMARY KEY, label VARCHAR, position INTEGER,
    is_legal_person BOOLEAN, is_natural_person BOOLEAN, is_total BOOLEAN
);
COMMENT ON TABLE applicant_types IS 'Applicant types of section 三 (自然人, the five 法人或其他组织 types, 总计), generated from models/template.py.';

CREATE TABLE IF NOT EXISTS request_stages (
    row_code VARCHAR PRIMARY KEY, label VARCHAR, position INTEGER, is_outcome BOOLEAN,
    group_code VARCHAR, group_label VARCHAR, reason_code VARCHAR, templates VARCHAR[]
);
COMMENT ON TABLE request_stages IS 'Rows of section 三: the stages (新收, 结转, 总计, 结转下年度) and the outcome hierarchy (group 予以公开 … 其他处理; reason), generated from models/template.py.';

CREATE TABLE IF NOT EXISTS proceedings (
    proceeding_code VARCHAR PRIMARY KEY, label VARCHAR, position INTEGER, is_litigation BOOLEAN
);
COMMENT ON TABLE proceedings IS 'Proceedings of section 四: 行政复议, 未经复议直接起诉, 复议后起诉.';

CREATE TABLE IF NOT EXISTS proceeding_results (
    result_code VARCHAR PRIMARY KEY, label VARCHAR, position INTEGER, is_total BOOLEAN
);
COMMENT ON TABLE proceeding_results IS 'Results of a proceeding in section 四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.';

CREATE TABLE IF NOT EXISTS proactive_items (
    item_code VARCHAR PRIMARY KEY, row_code VARCHAR, row_label VARCHAR, column_code VARCHAR,
    column_label VARCHAR, unit VARCHAR, position INTEGER, templates VARCHAR[],
    in_both_templates BOOLEAN
);
COMMENT ON TABLE proactive_items IS 'Measures of section 二 (主动公开) in both template versions; in_both_templates marks the items the 2019 and 2021 forms share, comparable across years.';

CREATE TABLE IF NOT EXISTS check_rules (
    template VARCHAR, rule VARCHAR, description VARCHAR, left_cells VARCHAR[], right_cells VARCHAR[],
    PRIMARY KEY (template, rule)
);
COMMENT ON TABLE check_rules IS 'The arithmetic each template states: left cells must equal the sum of right cells.';

CREATE TABLE IF NOT EXISTS reports (
    report_key BIGINT PRIMARY KEY,
    report_id VARCHAR NOT NULL,
    document_key BIGINT NOT NULL UNIQUE,
    sha256 VARCHAR NOT NULL,
    agency_key BIGINT,
    agency_name VARCHAR,
    year INTEGER,
    template VARCHAR,
    status VARCHAR NOT NULL,
    format VARCHAR,
    document_source VARCHAR,
    url VARCHAR,
    fetched_at TIMESTAMPTZ,
    registry_source VARCHAR,
    region_code_hint VARCHAR,
    title VARCHAR,
    published VARCHAR,
    problems VARCHAR[],
    notes VARCHAR[],
    cells_read INTEGER,
    agency_as_printed VARCHAR,
    agency_source VARCHAR,
    year_source VARCHAR,
    prose_derived BOOLEAN,
    agency_name_key BIGINT,
    ocr BOOLEAN
);
-- Warehouses built before these columns existed gain them here.
ALTER TABLE reports ADD COLUMN IF NOT EXISTS agency_as_printed VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS agency_source VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS year_source VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS prose_derived BOOLEAN;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS agency_name_key BIGINT;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
COMMENT ON TABLE reports IS 'One row per report, whatever its status (failed and not_a_report too): its agency, year, template, provenance (URL, fetch time, sha256), format, status and problems. A report is identified by its source URL; a re-read or re-fetched document replaces its row.';

CREATE TABLE IF NOT EXISTS request_outcomes (
    document_key BIGINT NOT NULL, row_code VARCHAR NOT NULL, applicant_code VARCHAR NOT NULL,
    count BIGINT NOT NULL
);
COMMENT ON TABLE request_outcomes IS 'Section 三 counts as printed: one row per report × stage-or-outcome row × applicant type. A cell the reader could not read has no row.';

CREATE TABLE IF NOT EXISTS proceeding_outcomes (
    document_key BIGINT NOT NULL, proceeding_code VARCHAR NOT NULL, result_code VARCHAR NOT NULL,
    count BIGINT NOT NULL
);
COMMENT ON TABLE proceeding_outcomes IS 'Section 四 counts as printed: one row per report × proceeding × result.';

CREATE TABLE IF NOT EXISTS proactive_measures (
    document_key BIGINT NOT NULL, item_code VARCHAR NOT NULL, value DECIMAL(38, 10) NOT NULL
);
COMMENT ON TABLE proactive_measures IS 'Section 二 measures as printed, of either template version: one row per report × item.';

CREATE TABLE IF NOT EXISTS check_results (
    document_key BIGINT NOT NULL, rule VARCHAR NOT NULL, passed BOOLEAN NOT NULL, detail VARCHAR
);
COMMENT ON TABLE check_results IS 'One row per arithmetic check applied to a report, with whether the agency''s own numbers passed it.';

CREATE TABLE IF NOT EXISTS prose_figures (
    document_key BIGINT NOT NULL, code VARCHAR NOT NULL, value DECIMAL(18, 4) NOT NULL, sentence VARCHAR
);
COMMENT ON TABLE prose_figures IS 'Every figure a report before 2019 states in prose (or prints in its 2008–2018 statistics table), with the sentence or row it came from: under the template code that means the same (also loaded into request_outcomes / proceeding_outcomes), or under a prose.* code of its own (prose.litigation.total, prose.fees.amount_wan_yuan, prose.requests.withheld.total …; see docs/warehouse.md).';

CREATE TABLE IF NOT EXISTS core.report_measures (
    document_key BIGINT PRIMARY KEY,
    received BIGINT, carried_over BIGINT, processed BIGINT, carried_forward BIGINT,
    disclosed BIGINT, partially_disclosed BIGINT, withheld BIGINT, unavailable BIGINT,
    not_held BIGINT, not_processed BIGINT, other_processing BIGINT,
    review_total BIGINT, review_corrected BIGINT, review_pending BIGINT,
    litigation_total BIGINT, litigation_corrected BIGINT, litigation_pending BIGINT
);
COMMENT ON TABLE core.report_measures IS 'The counts the comparison views use, one row per report (总计 column of section 三, totals of section 四), rebuilt from the fact tables at each load so views stay fast. Counts only; rates are derived in the views. NULL where a cell the count needs was not read.';
