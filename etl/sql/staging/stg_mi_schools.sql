-- School facts from each Ofsted management-information file, one per URN per file.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_mi_schools (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    laestab integer not null,
    la_code integer not null,
    la_name varchar not null,
    school_name varchar not null,
    ofsted_phase varchar,
    school_type varchar,
    opened_on date,
    region varchar,
    postcode varchar,
    trust_name varchar,
    idaci_quintile integer,
    pupils integer
);
