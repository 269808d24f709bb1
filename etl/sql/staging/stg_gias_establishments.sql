-- Register rows that passed validation, one per URN per GIAS file.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_gias_establishments (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    laestab integer,
    la_code integer not null,
    la_name varchar not null,
    school_name varchar not null,
    school_type varchar not null,
    type_group varchar,
    phase varchar,
    is_open boolean not null,
    opened_on date,
    closed_on date,
    pupils integer,
    fsm_pct double,
    trust_name varchar,
    region varchar,
    postcode varchar
);
