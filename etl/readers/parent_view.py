"""Ofsted Parent View school-level results: CSV with "46%" strings, or workbook tables.

Every layout becomes one row per school, snapshot and question, with a percentage per answer
option and the number of submissions. Schools under the 10-submission publication threshold are
never invented: a row claiming fewer is rejected. The question set is the one in use on the
snapshot date unless the published question wording says otherwise.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from etl.checks import (
    ROW_REJECTED,
    VALUE_DROPPED,
    Check,
    cleaned,
    combine_rejects,
    digits,
    duplicate_keys,
    integer,
    reject_rows,
    run_checks,
)
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.parent_view import (
    OPTION_KEYS,
    OPTION_SPELLINGS,
    PARENT_VIEW_SETS,
    PUBLICATION_MINIMUM_SUBMISSIONS,
    QuestionSet,
    question_set_for,
)
from schemas.sources import normalise_header

COLUMN_IGNORED = "column ignored"
SUBMISSION_HEADERS = ("submissions", "responses for year", "number of submissions", "responses")
SUM_TOLERANCE = 3.0  # published percentages are rounded, so options add to 100 give or take
_OPTIONS = "|".join(re.escape(s) for s in sorted(OPTION_SPELLINGS, key=len, reverse=True))
QUESTION_HEADER = re.compile(
    rf"^q\s*(?P<qid>\d+[a-z]?)\b[.:)]?\s*(?P<text>.*?)[\s.:]*\b(?P<option>{_OPTIONS})\s*%?$",
    re.IGNORECASE,
)
ANSWER_SCHEMA = {
    "line": pl.Int64,
    "urn": pl.Int64,
    "question_set": pl.String,
    "question_id": pl.String,
    "question_text": pl.String,
    "submissions": pl.Int64,
    **{f"pct_{key}": pl.Float64 for key in OPTION_KEYS},
}


def is_parent_view(raw: RawTable) -> bool:
    """A table with a submissions column and at least a few 'Qn ... <option>' columns."""
    has_count = any(normalise_header(h) in SUBMISSION_HEADERS for h in raw.headers.values())
    questions = sum(1 for h in raw.headers.values() if QUESTION_HEADER.match(h or ""))
    return has_count and questions >= 4


def _question_columns(raw: RawTable) -> pl.DataFrame:
    rows = []
    for key, header in raw.headers.items():
        match = QUESTION_HEADER.match(header or "")
        if match:
            rows.append(
                {
                    "column": key,
                    "header": header,
                    "question_id": match["qid"].lower(),
                    "header_text": match["text"].strip(" .:") or None,
                    "option": OPTION_SPELLINGS[match["option"].casefold()],
                }
            )
    return pl.DataFrame(rows)


def _choose_set(columns: pl.DataFrame, snapshot: date) -> QuestionSet:
    """The set in use on the date, unless the published wording matches another set better."""
    by_date = question_set_for(snapshot)
    texts = columns.drop_nulls("header_text").unique("question_id")
    if texts.is_empty():
        return by_date

    def score(qs: QuestionSet) -> int:
        known = qs.by_id()
        return sum(
            1
            for qid, text in texts.select("question_id", "header_text").iter_rows()
            if qid in known and known[qid].text.casefold()[:25] == text.casefold()[:25]
        )

    best = max(PARENT_VIEW_SETS, key=score)
    return best if score(best) > score(by_date) else by_date


def read_parent_view(raw: RawTable, snapshot: date) -> ReadResult:
    """Validate one Parent View table into per-school, per-question answer shares."""
    count_key = next(k for k, h in raw.headers.items() if normalise_header(h) in SUBMISSION_HEADERS)
    urn_key = next(k for k in raw.headers if k == "urn")
    columns = _question_columns(raw)
    question_set = _choose_set(columns, snapshot)
    known = question_set.by_id()

    schools, rejects = run_checks(
        raw,
        [
            Check("urn", raw.headers[urn_key], digits(6, "URN"), required=True),
            Check("submissions", raw.headers[count_key], integer(0, 100_000), required=True),
        ],
    )
    duplicates = duplicate_keys(raw.file, schools, "urn", raw.headers[urn_key])
    schools = schools.unique("urn", keep="first", maintain_order=True)
    too_few = schools.filter(pl.col("submissions") < PUBLICATION_MINIMUM_SUBMISSIONS)
    few_rejects = reject_rows(
        raw.file,
        too_few,
        raw.headers[count_key],
        pl.col("submissions"),
        pl.lit(
            f"fewer than {PUBLICATION_MINIMUM_SUBMISSIONS} submissions: Ofsted does not publish "
            "such results, so the row is not loaded"
        ),
        ROW_REJECTED,
    )
    schools = schools.filter(pl.col("submissions") >= PUBLICATION_MINIMUM_SUBMISSIONS)

    unknown = columns.filter(~pl.col("question_id").is_in(list(known)))
    unknown_rejects = pl.DataFrame(
        {
            "file": raw.file,
            "line": raw.header_line,
            "column_name": unknown["header"],
            "value": unknown["question_id"],
            "reason": f"unknown question for {question_set.name}: column not loaded",
            "action": COLUMN_IGNORED,
        },
        schema_overrides={"line": pl.Int64},
    )
    columns = columns.filter(pl.col("question_id").is_in(list(known)))
    values = raw.frame.select(
        LINE_COLUMN, *[cleaned(pl.col(c)).alias(c) for c in columns["column"]]
    )
    percent_style = values.select(
        pl.any_horizontal(pl.all().exclude(LINE_COLUMN).str.contains("%").any())
    ).item()
    long = (
        values.join(schools.select(LINE_COLUMN, "urn", "submissions"), on=LINE_COLUMN)
        .unpivot(
            index=[LINE_COLUMN, "urn", "submissions"], variable_name="column", value_name="raw"
        )
        .filter(pl.col("raw").is_not_null())
        .join(columns, on="column")
        .with_columns(
            pl.col("raw")
            .str.replace_all(r"[%,\s]", "")
            .cast(pl.Float64, strict=False)
            .alias("number")
        )
    )
    if not percent_style:
        proportions = long["number"].drop_nulls().max() is not None and (
            long["number"].drop_nulls().max() <= 1.0
        )
        if proportions:
            long = long.with_columns(pl.col("number") * 100)
    problem = (
        pl.when(pl.col("number").is_null())
        .then(pl.lit("not a percentage"))
        .when(~pl.col("number").is_between(0, 100))
        .then(pl.lit("percentage outside 0 to 100"))
    )
    long = long.with_columns(problem.alias("_problem"))
    value_rejects = long.filter(pl.col("_problem").is_not_null()).select(
        pl.lit(raw.file).alias("file"),
        pl.col(LINE_COLUMN).alias("line"),
        pl.col("header").alias("column_name"),
        pl.col("raw").alias("value"),
        pl.col("_problem").alias("reason"),
        pl.lit(VALUE_DROPPED).alias("action"),
    )
    long = long.filter(pl.col("_problem").is_null())
    texts = {qid: q.text for qid, q in known.items()}
    answers = (
        long.pivot(
            on="option",
            index=[LINE_COLUMN, "urn", "submissions", "question_id"],
            values="number",
            aggregate_function="first",
        )
        .with_columns(
            pl.lit(None, pl.Float64).alias(k) for k in OPTION_KEYS if k not in long["option"]
        )
        .with_columns(pl.sum_horizontal(*OPTION_KEYS).alias("_total"))
    )
    off = answers.filter((pl.col("_total") - 100).abs() > SUM_TOLERANCE)
    sum_rejects = off.select(
        pl.lit(raw.file).alias("file"),
        pl.col(LINE_COLUMN).alias("line"),
        pl.format("Q{}", pl.col("question_id")).alias("column_name"),
        pl.col("_total").round(1).cast(pl.String).alias("value"),
        pl.format(
            "the answer options of Q{} add up to {}%, not about 100%: question not loaded",
            pl.col("question_id"),
            pl.col("_total").round(1),
        ).alias("reason"),
        pl.lit(VALUE_DROPPED).alias("action"),
    )
    answers = answers.filter((pl.col("_total") - 100).abs() <= SUM_TOLERANCE).select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        pl.lit(question_set.question_set).alias("question_set"),
        "question_id",
        pl.col("question_id").replace_strict(texts, return_dtype=pl.String).alias("question_text"),
        "submissions",
        *[pl.col(k).alias(f"pct_{k}") for k in OPTION_KEYS],
    )
    return ReadResult(
        raw.file,
        f"parent_view_{question_set.question_set}",
        raw.frame.height,
        {"stg_parent_view_answers": answers.cast(ANSWER_SCHEMA)},  # type: ignore[arg-type]
        combine_rejects(
            [rejects, duplicates, few_rejects, unknown_rejects, value_rejects, sum_rejects]
        ),
        notes=[
            f"{question_set.name}; values read as "
            f"{'percentages' if percent_style else 'proportions or percentages'}"
        ],
    )
