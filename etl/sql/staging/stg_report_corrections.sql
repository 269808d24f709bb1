-- Advisers' corrections of the report coder: one label per sentence or improvement point, named
-- by school, inspection (date or number) and the sentence's hash. They override the coder.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_report_corrections (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    inspected_on date,
    inspection_number varchar,
    sentence_hash varchar not null,
    label varchar not null
);
