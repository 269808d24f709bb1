"""Advisers' corrections of the report coder (Partnership Lens layout): one row per sentence or
improvement point, named by the school's URN, the inspection (its date, or its number, as the
report gives it) and the sentence's hash as the dashboard shows it, with the right label.

A correction overrides the coder on the next build and is kept in the warehouse, with whether it
found its sentence. When one file corrects the same sentence twice, the later line wins and the
earlier is rejected, naming it.
"""

from __future__ import annotations

import polars as pl

from etl.checks import ROW_REJECTED, Check, combine_rejects, digits, reject_rows, run_checks
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.report_codes import CODE_WORDS, CODES, CORRECTION_SPELLINGS
from schemas.sources import REPORT_CORRECTIONS_LAYOUT, SourceLayout

H = REPORT_CORRECTIONS_LAYOUT.columns
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


def inspection() -> object:
    """An inspection as a report names it: its date (dd/mm/yyyy, yyyy-mm-dd or '9 November
    2016', a range such as '9-10 November 2016' read as its first day) or its number (digits).
    Parsed to 'date:<iso>' or 'number:<digits>'."""

    def parse(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        first_day = raw.str.replace(r"^(\d{1,2})\s*[\u2013-]\s*\d{1,2}(\s+[A-Za-z])", "$1$2")
        parsed = pl.coalesce(
            *(first_day.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS)
        )
        number = raw.str.contains(r"^\d{5,10}$")
        value = (
            pl.when(number)
            .then(pl.lit("number:") + raw)
            .when(parsed.is_not_null())
            .then(pl.lit("date:") + parsed.cast(pl.String))
        )
        problem = pl.when(raw.is_not_null() & value.is_null()).then(
            pl.lit("not an inspection date (dd/mm/yyyy) or inspection number (digits)")
        )
        return value, problem

    return parse


def sentence_hash() -> object:
    """The 12-character sentence reference the dashboard shows beside each coded sentence."""

    def parse(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        folded = raw.str.to_lowercase()
        ok = folded.str.contains(r"^[0-9a-f]{12}$")
        return (
            pl.when(ok).then(folded),
            pl.when(raw.is_not_null() & ~ok).then(
                pl.lit(
                    "not a sentence reference (12 letters a-f and digits, as the dashboard shows)"
                )
            ),
        )

    return parse


def label() -> object:
    """One of the coder's labels, as a code or in the words the dashboard shows, any case."""
    spellings = {k.casefold(): v for k, v in CORRECTION_SPELLINGS.items()}
    allowed = ", ".join(CODE_WORDS[code] for code in CODES)

    def parse(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        value = raw.str.to_lowercase().replace_strict(spellings, default=None)
        problem = pl.when(raw.is_not_null() & value.is_null()).then(
            pl.lit(f"unknown label (expected one of: {allowed})")
        )
        return value, problem

    return parse


def read_corrections(raw: RawTable, layout: SourceLayout = REPORT_CORRECTIONS_LAYOUT) -> ReadResult:
    """Validate the corrections, read under the headers the file spells (`layout` resolved to
    them); a bad row is rejected with its line, column and reason."""
    H = layout.columns  # noqa: N806 - the module's name for the layout's headers
    rows, rejects = run_checks(
        raw,
        [
            Check("urn", H["urn"], digits(6, "URN"), required=True),
            Check("inspection", H["inspection"], inspection(), required=True),
            Check("sentence_hash", H["sentence_hash"], sentence_hash(), required=True),
            Check("label", H["label"], label(), required=True),
        ],
    )
    key = ["urn", "inspection", "sentence_hash"]
    last = pl.col(LINE_COLUMN).max().over(key).alias("_last")
    marked = rows.with_columns(last)
    replaced = reject_rows(
        raw.file,
        marked.filter(pl.col(LINE_COLUMN) != pl.col("_last")),
        H["sentence_hash"],
        pl.col("sentence_hash"),
        pl.format("this sentence is corrected again at line {}, which is kept", pl.col("_last")),
        ROW_REJECTED,
    )
    kept = marked.filter(pl.col(LINE_COLUMN) == pl.col("_last"))
    kind, value = (
        pl.col("inspection").str.split_exact(":", 1).struct.field(f) for f in ("field_0", "field_1")
    )
    corrections = kept.select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        pl.when(kind == "date")
        .then(value.str.to_date("%Y-%m-%d", strict=False))
        .alias("inspected_on"),
        pl.when(kind == "number").then(value).alias("inspection_number"),
        "sentence_hash",
        "label",
    )
    return ReadResult(
        raw.file,
        REPORT_CORRECTIONS_LAYOUT.layout_id,
        raw.frame.height,
        {"stg_report_corrections": corrections},
        combine_rejects([rejects, replaced]),
    )
