-- One graded area of one listed inspection, already resolved on its framework's scale.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_mi_judgements (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    inspection_id varchar not null,
    block_id varchar not null,
    framework_id varchar not null,
    area varchar not null,
    scale_id varchar not null,
    grade_rank integer not null,
    grade_label varchar not null,
    judged_on date
);
