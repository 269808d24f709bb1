-- One school's Parent View answers to one question in one snapshot, as published percentages,
-- with the decimal places its file publishes percentages to (the most one in ten of them carries).
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_parent_view_answers (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    question_set varchar not null,
    question_id varchar not null,
    question_text varchar not null,
    submissions integer not null,
    pct_strongly_agree double,
    pct_agree double,
    pct_neither double,
    pct_disagree double,
    pct_strongly_disagree double,
    pct_dont_know double,
    pct_yes double,
    pct_no double,
    pct_not_applicable double,
    pct_rated_positive double,
    pct_rated_neutral double,
    pct_rated_negative double,
    published_decimal_places integer not null
);
