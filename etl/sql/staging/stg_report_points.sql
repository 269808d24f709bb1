-- Each point of a report's improvement section, coded (engagement, involvement, informing, none).
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_report_points (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    inspected_on date,
    heading_framework varchar,
    point_no integer not null,
    parent_point_no integer,
    text varchar not null,
    label varchar not null,
    learning_link boolean not null,
    triggers varchar not null
);
