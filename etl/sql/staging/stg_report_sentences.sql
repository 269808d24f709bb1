-- Each sentence of a report that mentions parents, coded as the points are, with its hash.
-- Temporary: staging lives in memory for the build; only the marts, rejects and load log are kept.
create temp table stg_report_sentences (
    source_file varchar not null,
    as_at_date date,
    line bigint not null,
    urn integer not null,
    inspected_on date,
    in_improvement_section boolean not null,
    sentence varchar not null,
    sentence_hash varchar not null,
    label varchar not null,
    learning_link boolean not null,
    triggers varchar not null,
    rule_label varchar not null,
    model_label varchar,
    model_share double,
    is_uncertain boolean not null,
    has_learning_words boolean not null
);
