-- Inspections as listed in each MI file: a row can list several (latest, previous, ungraded).
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_mi_inspections (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    urn_at_inspection integer,
    inspection_id varchar not null,
    kind varchar not null,
    block_id varchar not null,
    framework_id varchar not null,
    inspection_type varchar,
    started_on date not null,
    published_on date,
    category_of_concern varchar,
    outcome varchar
);
