-- One row per report read: its school, inspection date (and number, when the text gives it) and
-- which era's heading it used, if any.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_report_files (
    source_file varchar not null,
    as_at_date date,
    urn integer not null,
    inspected_on date,
    inspection_number varchar,
    heading_framework varchar,
    count_points integer not null,
    count_parent_sentences integer not null
);
