"""Parental questionnaires: the at-inspection table (counts per statement) and a school's or LA's
own survey (one row per respondent and question), both brought to one school-level shape: counts
of each answer per school, period and statement.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from etl.checks import (
    ROW_REJECTED,
    Check,
    a_date,
    choice,
    combine_rejects,
    digits,
    integer,
    reject_rows,
    run_checks,
    text,
)
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.parent_view import OPTION_SPELLINGS, QUESTIONNAIRE_STATEMENTS
from schemas.sources import QUESTIONNAIRE_INSPECTION_LAYOUT, QUESTIONNAIRE_SURVEY_LAYOUT

COUNT_SCHEMA = {
    "line": pl.Int64,
    "urn": pl.Int64,
    "source": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "statement_key": pl.String,
    "strongly_agree": pl.Int64,
    "agree": pl.Int64,
    "disagree": pl.Int64,
    "strongly_disagree": pl.Int64,
    "dont_know": pl.Int64,
    "returned": pl.Int64,
    "on_roll": pl.Int64,
}
STATEMENT_SPELLINGS = {
    **{text.rstrip("."): key for key, text in QUESTIONNAIRE_STATEMENTS.items()},
    **{key: key for key in QUESTIONNAIRE_STATEMENTS},
}
ANSWERS = {
    spelling: key
    for spelling, key in OPTION_SPELLINGS.items()
    if key in ("strongly_agree", "agree", "disagree", "strongly_disagree", "dont_know")
}


def _statement() -> Check:
    return Check(
        "statement_key",
        "Statement",
        choice(STATEMENT_SPELLINGS, "questionnaire statement"),
        required=True,
    )


def read_inspection_questionnaire(raw: RawTable, as_at: date) -> ReadResult:
    """At-inspection questionnaire counts, checked against the number returned and on roll."""
    h = QUESTIONNAIRE_INSPECTION_LAYOUT.columns
    checks = [
        Check("urn", h["urn"], digits(6, "URN"), required=True),
        Check("inspected_on", h["inspected_on"], a_date(not_after=as_at), required=True),
        Check("statement_key", h["statement"], _statement().parser, required=True),
        *[
            Check(k, h[k], integer(0, 10_000), required=True)
            for k in ("strongly_agree", "agree", "disagree", "strongly_disagree")
        ],
        Check("returned", h["returned"], integer(0, 10_000), required=True),
        Check("on_roll", h["on_roll"], integer(0, 10_000)),
    ]
    rows, rejects = run_checks(raw, checks)
    answered = pl.sum_horizontal("strongly_agree", "agree", "disagree", "strongly_disagree")
    reason = (
        pl.when(answered > pl.col("returned"))
        .then(
            pl.format(
                "{} answers but only {} questionnaires returned", answered, pl.col("returned")
            )
        )
        .when(pl.col("returned") > pl.col("on_roll"))
        .then(
            pl.format(
                "{} questionnaires returned but only {} pupils on roll",
                pl.col("returned"),
                pl.col("on_roll"),
            )
        )
    )
    rows = rows.with_columns(reason.alias("_bad"))
    implausible = reject_rows(
        raw.file,
        rows.filter(pl.col("_bad").is_not_null()),
        h["returned"],
        pl.col("returned"),
        pl.col("_bad"),
        ROW_REJECTED,
    )
    counts = rows.filter(pl.col("_bad").is_null()).select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        pl.lit("at_inspection").alias("source"),
        pl.col("inspected_on").alias("period_start"),
        pl.col("inspected_on").alias("period_end"),
        "statement_key",
        "strongly_agree",
        "agree",
        "disagree",
        "strongly_disagree",
        pl.lit(None, pl.Int64).alias("dont_know"),
        "returned",
        "on_roll",
    )
    return ReadResult(
        raw.file,
        QUESTIONNAIRE_INSPECTION_LAYOUT.layout_id,
        raw.frame.height,
        {"stg_questionnaire_counts": counts.cast(COUNT_SCHEMA)},  # type: ignore[arg-type]
        combine_rejects([rejects, implausible]),
    )


def read_own_survey(raw: RawTable, as_at: date) -> ReadResult:
    """Individual survey answers, aggregated per school, academic year and statement."""
    h = QUESTIONNAIRE_SURVEY_LAYOUT.columns
    checks = [
        Check("respondent_id", h["respondent_id"], text(), required=True),
        Check("urn", h["urn"], digits(6, "URN"), required=True),
        Check("responded_on", h["responded_on"], a_date(not_after=as_at), required=True),
        Check(
            "statement_key",
            h["question"],
            choice(STATEMENT_SPELLINGS, "survey question"),
            required=True,
        ),
        Check("answer", h["answer"], choice(ANSWERS, "answer"), required=True),
    ]
    rows, rejects = run_checks(raw, checks)
    key = ["urn", "respondent_id", "statement_key"]
    rows = rows.with_columns(pl.col(LINE_COLUMN).min().over(key).alias("_first"))
    repeats = rows.filter(pl.col(LINE_COLUMN) != pl.col("_first"))
    repeat_rejects = reject_rows(
        raw.file,
        repeats,
        h["respondent_id"],
        pl.col("respondent_id"),
        pl.format(
            "respondent {} answered this question twice (first at line {})",
            pl.col("respondent_id"),
            pl.col("_first"),
        ),
        ROW_REJECTED,
    )
    rows = rows.filter(pl.col(LINE_COLUMN) == pl.col("_first")).drop("_first")
    year_start = pl.date(
        pl.col("responded_on").dt.year() - (pl.col("responded_on").dt.month() < 9).cast(pl.Int32),
        9,
        1,
    )
    counts = (
        rows.with_columns(year_start.alias("academic_year"))
        .group_by("urn", "academic_year", "statement_key")
        .agg(
            pl.col(LINE_COLUMN).min().alias("line"),
            pl.col("responded_on").min().alias("period_start"),
            pl.col("responded_on").max().alias("period_end"),
            *[
                (pl.col("answer") == k).sum().alias(k)
                for k in ("strongly_agree", "agree", "disagree", "strongly_disagree", "dont_know")
            ],
            # each respondent answers a statement once (repeats are rejected above), so the
            # answers in a group are its respondents
            pl.len().alias("returned"),
        )
        .with_columns(pl.lit("own_survey").alias("source"), pl.lit(None, pl.Int64).alias("on_roll"))
        .select(list(COUNT_SCHEMA))
        .sort("urn", "period_start", "statement_key")
    )
    return ReadResult(
        raw.file,
        QUESTIONNAIRE_SURVEY_LAYOUT.layout_id,
        raw.frame.height,
        {"stg_questionnaire_counts": counts.cast(COUNT_SCHEMA)},  # type: ignore[arg-type]
        combine_rejects([rejects, repeat_rejects]),
        notes=[f"{rows.height:,} answers aggregated to {counts.height:,} school statements"],
    )
