-- Judgements of a school's work with parents, each grade 1 (outstanding) to 4 (inadequate).
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_engagement_judgements (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    judged_on date not null,
    source varchar not null,
    evaluator varchar,
    engagement_rank integer not null,
    impact_rank integer not null,
    inclusion_rank integer not null,
    notes varchar
);
