"""Judgements of a school's work with parents: overall effectiveness of engagement with parents,
impact of parents on provision, and how far the work made the school more inclusive, each on the
4-point scale (1 outstanding ... 4 inadequate), with who judged it and their evidence."""

from __future__ import annotations

from datetime import date

import polars as pl

from etl.checks import Check, a_date, choice, digits, run_checks, text
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.scales import SCALES
from schemas.sources import ENGAGEMENT_LAYOUT

GRADES = {spelling: str(level.rank) for spelling, level in SCALES["engagement4"].lookup().items()}
H = ENGAGEMENT_LAYOUT.columns


def read_engagement(raw: RawTable, as_at: date) -> ReadResult:
    """Validate engagement judgements; an unknown scale value rejects the row, naming it."""
    grade = choice(GRADES, "grade on the 4-point scale")
    rows, rejects = run_checks(
        raw,
        [
            Check("urn", H["urn"], digits(6, "URN"), required=True),
            Check("judged_on", H["judged_on"], a_date(not_after=as_at), required=True),
            Check("source", H["source"], text(), required=True),
            Check("evaluator", H["evaluator"], text()),
            Check("engagement", H["engagement"], grade, required=True),
            Check("impact", H["impact"], grade, required=True),
            Check("inclusion", H["inclusion"], grade, required=True),
            Check("notes", H["notes"], text()),
        ],
    )
    judgements = rows.select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        "judged_on",
        "source",
        "evaluator",
        pl.col("engagement").cast(pl.Int64).alias("engagement_rank"),
        pl.col("impact").cast(pl.Int64).alias("impact_rank"),
        pl.col("inclusion").cast(pl.Int64).alias("inclusion_rank"),
        "notes",
    )
    return ReadResult(
        raw.file,
        ENGAGEMENT_LAYOUT.layout_id,
        raw.frame.height,
        {"stg_engagement_judgements": judgements},
        rejects,
    )
