-- Counts of each answer per school, period and statement, from either questionnaire layout.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_questionnaire_counts (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    source varchar not null,
    period_start date not null,
    period_end date not null,
    statement_key varchar not null,
    strongly_agree integer not null,
    agree integer not null,
    disagree integer not null,
    strongly_disagree integer not null,
    dont_know integer,
    returned integer not null,
    on_roll integer
);
