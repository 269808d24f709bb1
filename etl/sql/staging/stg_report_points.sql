-- Each point of a report's improvement section, coded (engagement, involvement, informing,
-- parents_views, none), with the phrase rules' and the classifier's labels and a short hash of the
-- text for an adviser's correction to cite.
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
