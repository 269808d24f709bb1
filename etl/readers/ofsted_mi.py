"""Ofsted management information, "state-funded schools - latest inspections", both layouts.

Each row carries one school and up to three inspections (latest report card or graded, previous or
latest OEIF graded, latest ungraded). Rows become school facts, one inspection record per block, and
one judgement record per graded area, each grade resolved on the scale of its own framework.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from etl.checks import (
    VALUE_DROPPED,
    VALUE_KEPT,
    Check,
    Parser,
    a_date,
    combine_rejects,
    digits,
    duplicate_keys,
    integer,
    one_line_per_value,
    reject_rows,
    run_checks,
    text,
)
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.scales import (
    FRAMEWORK_BY_ID,
    FRAMEWORKS,
    NOT_APPLICABLE_TOKENS,
    OEIF_AREAS,
    REPORT_CARD_AREAS,
    UNKNOWN_GRADE_TOKENS,
    scale_for,
)
from schemas.sources import InspectionBlock, SourceLayout

INSPECTION_DROPPED = "inspection dropped"
RECORDED_NOT_GRADE = "recorded, not a grade"  # a code with a published meaning, such as 9
CONCERN_WORDS = {  # Ofsted's categories of concern (formats.md §1, §7), as published
    "SM": "SM",
    "SWK": "SWK",
    "NTI": "NTI",
    "Special measures": "SM",
    "Serious weaknesses": "SWK",
    "Notice to improve": "NTI",
}


def _concern() -> Parser:
    """A category of concern in Ofsted's code; a code Ofsted does not define is kept as published
    (reported once per value by `_unknown_concerns`), never silently dropped."""
    keys = {k.casefold(): v for k, v in CONCERN_WORDS.items()}

    def parse(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        known = raw.str.to_lowercase().replace_strict(keys, default=None, return_dtype=pl.String)
        return pl.coalesce(known, raw), pl.lit(None, pl.String)

    return parse


def _unknown_concerns(file: str, block: InspectionBlock, kept: pl.DataFrame) -> pl.DataFrame:
    if "category_of_concern" not in kept.columns:
        return pl.DataFrame()
    unknown = kept.filter(
        pl.col("category_of_concern").is_not_null()
        & ~pl.col("category_of_concern").is_in(sorted(set(CONCERN_WORDS.values())))
    )
    return one_line_per_value(
        reject_rows(
            file,
            unknown,
            block.category_of_concern or "",
            pl.col("category_of_concern"),
            pl.lit("not a category of concern Ofsted defines (SM, SWK, NTI): kept as published"),
            VALUE_KEPT,
        )
    )


JUDGEMENT_SCHEMA = {
    "line": pl.Int64,
    "urn": pl.Int64,
    "inspection_id": pl.String,
    "block_id": pl.String,
    "framework_id": pl.String,
    "area": pl.String,
    "scale_id": pl.String,
    "grade_rank": pl.Int64,
    "grade_label": pl.String,
    "judged_on": pl.Date,
}


def _grade_lookup() -> pl.DataFrame:
    """Every accepted spelling of every grade, per framework and area, with its scale."""
    rows = []
    for framework in FRAMEWORKS:
        areas = REPORT_CARD_AREAS if framework.framework_id == "report_card_2025" else OEIF_AREAS
        for area in areas:
            if area == "overall_effectiveness" and framework.overall_scale_id is None:
                continue
            scale = scale_for(framework.framework_id, area)
            for token, level in scale.lookup().items():
                rows.append(
                    (framework.framework_id, area, token, scale.scale_id, level.rank, level.label)
                )
    return pl.DataFrame(
        rows,
        schema=["framework_id", "area", "token", "scale_id", "grade_rank", "grade_label"],
        orient="row",
    )


GRADE_LOOKUP = _grade_lookup()


def _framework_of(started_on: pl.Expr) -> pl.Expr:
    expr = pl.lit(None, pl.String)
    for framework in reversed(FRAMEWORKS):
        in_range = started_on >= pl.lit(framework.starts_on)
        if framework.ends_on is not None:
            in_range = in_range & (started_on < pl.lit(framework.ends_on))
        expr = pl.when(in_range).then(pl.lit(framework.framework_id)).otherwise(expr)
    return expr


def _school_checks(layout: SourceLayout, as_at: date) -> list[Check]:
    h = layout.columns
    return [
        Check("urn", h["urn"], digits(6, "URN"), required=True),
        Check("laestab", h["laestab"], digits(7, "LAESTAB"), required=True),
        Check("school_name", h["school_name"], text(), required=True),
        Check("la_name", h["la_name"], text(), required=True),
        Check("ofsted_phase", h["ofsted_phase"], text()),
        Check("school_type", h["school_type"], text()),
        Check("opened_on", h["opened_on"], a_date(not_after=as_at)),
        Check("region", h["region"], text()),
        Check("postcode", h["postcode"], text()),
        Check("trust_name", h["trust_name"], text()),
        Check("idaci_quintile", h["idaci_quintile"], integer(1, 5)),
        Check("pupils", h["pupils"], integer(0, 10000)),
    ]


def _block_checks(block: InspectionBlock, as_at: date) -> list[Check]:
    checks = [
        Check("inspection_number", block.number, text()),
        Check("started_on", block.started_on, a_date(not_after=as_at)),
    ]
    optional = {
        # publication follows inspection: official statistics as at 31 August list reports
        # published into September, so a publication date after the as-at date is normal
        "published_on": (block.published_on, a_date()),
        "inspection_type": (block.inspection_type, text()),
        "urn_at_inspection": (block.urn_at_inspection, digits(6, "URN")),
        "category_of_concern": (block.category_of_concern, _concern()),
        "outcome": (block.outcome, text()),
    }
    checks += [Check(t, h, p) for t, (h, p) in optional.items() if h]
    checks += [Check(f"area.{a}", h, text()) for a, h in block.areas.items()]
    checks += [Check(f"date.{a}", h, a_date(not_after=as_at)) for a, h in block.area_dates.items()]
    return checks


def _optional(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    """A block column, or an empty one of the same name where this layout's block has none."""
    return pl.col(name) if name in frame.columns else pl.lit(None, dtype).alias(name)


def _read_block(
    raw: RawTable, block: InspectionBlock, schools: pl.DataFrame, as_at: date
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Inspections and judgements of one block, and their rejects."""
    parsed, rejects = run_checks(raw, _block_checks(block, as_at))
    # A row's block problems only matter for rows whose school was kept.
    parsed = parsed.join(schools.select(LINE_COLUMN, "urn"), on=LINE_COLUMN, how="inner")
    rejects = rejects.join(schools.select(pl.col(LINE_COLUMN).alias("line")), on="line", how="semi")
    area_cols = [f"area.{a}" for a in block.areas]
    present = pl.any_horizontal(
        pl.col("inspection_number").is_not_null(),
        pl.col("started_on").is_not_null(),
        *[pl.col(c).is_not_null() for c in area_cols],
    )
    parsed = parsed.filter(present).with_columns(_framework_of(pl.col("started_on")).alias("fw"))
    expected = "report_card_2025"
    drop_reason = (
        pl.when(pl.col("started_on").is_null())
        .then(pl.lit("inspection listed without a usable start date"))
        .when(pl.col("fw").is_null())
        .then(pl.lit("inspection dated before September 2005: no framework to read it by"))
        .when(pl.lit(block.kind == "report_card") & (pl.col("fw") != expected))
        .then(pl.lit("report-card grades for an inspection before 10 November 2025 (wrong era)"))
        .when(pl.lit(block.kind == "graded") & (pl.col("fw") == expected))
        .then(pl.lit("1-4 graded inspection dated after report cards began (wrong era)"))
    )
    parsed = parsed.with_columns(drop_reason.alias("_drop"))
    dropped = parsed.filter(pl.col("_drop").is_not_null())
    kept = parsed.filter(pl.col("_drop").is_null())
    drop_rejects = reject_rows(
        raw.file,
        dropped,
        block.started_on,
        pl.coalesce(pl.col("started_on").cast(pl.String), pl.col("inspection_number")),
        pl.col("_drop"),
        INSPECTION_DROPPED,
    )
    kept = kept.with_columns(
        pl.coalesce(
            "inspection_number",
            pl.format("{}-{}-{}", pl.col("urn"), pl.col("started_on"), pl.lit(block.kind)),
        ).alias("inspection_id")
    )
    inspections = kept.select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        _optional(kept, "urn_at_inspection", pl.Int64),
        "inspection_id",
        pl.lit(block.kind).alias("kind"),
        pl.lit(block.block_id).alias("block_id"),
        pl.col("fw").alias("framework_id"),
        _optional(kept, "inspection_type", pl.String),
        "started_on",
        _optional(kept, "published_on", pl.Date),
        _optional(kept, "category_of_concern", pl.String),
        _optional(kept, "outcome", pl.String),
    )
    judgements, grade_rejects = _judgements(raw.file, block, kept)
    concerns = _unknown_concerns(raw.file, block, kept)
    return (
        inspections,
        judgements,
        combine_rejects([rejects, drop_rejects, grade_rejects, concerns]),
    )


def _judgements(
    file: str, block: InspectionBlock, kept: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    if not block.areas:
        return pl.DataFrame(schema=JUDGEMENT_SCHEMA), pl.DataFrame()
    date_exprs = [
        pl.col(f"date.{a}") if a in block.area_dates else pl.lit(None, pl.Date) for a in block.areas
    ]
    long = (
        kept.select(
            LINE_COLUMN,
            "urn",
            "inspection_id",
            pl.col("fw").alias("framework_id"),
            "started_on",
            *[
                pl.struct(pl.col(f"area.{a}").alias("raw"), d.alias("judged_on")).alias(a)
                for a, d in zip(block.areas, date_exprs, strict=True)
            ],
        )
        .unpivot(
            index=[LINE_COLUMN, "urn", "inspection_id", "framework_id", "started_on"],
            variable_name="area",
        )
        .unnest("value")
        .filter(pl.col("raw").is_not_null())
        .with_columns(
            pl.col("raw").str.to_lowercase().alias("token"),
            pl.col("area").replace_strict(block.areas, return_dtype=pl.String).alias("_header"),
        )
    )
    token = pl.col("token")
    is_overall = pl.col("area") == "overall_effectiveness"
    graded_overall_fw = [f.framework_id for f in FRAMEWORKS if f.overall_scale_id is not None]
    not_applicable = long.filter(token.is_in(list(NOT_APPLICABLE_TOKENS)))
    recorded = one_line_per_value(  # Ofsted's published meaning, counted once per column
        not_applicable.select(
            pl.lit(file).alias("file"),
            pl.col(LINE_COLUMN).alias("line"),
            pl.col("_header").alias("column_name"),
            pl.col("raw").alias("value"),
            pl.when(pl.col("raw") == "9")
            .then(pl.lit("Ofsted's code 9: not applicable, so not a grade"))
            .otherwise(pl.lit("not applicable, so not a grade"))
            .alias("reason"),
            pl.lit(RECORDED_NOT_GRADE).alias("action"),
        )
    )
    long = long.filter(~token.is_in(list(NOT_APPLICABLE_TOKENS)))
    not_judged = token == "not judged"
    bad_not_judged = not_judged & is_overall & pl.col("framework_id").is_in(graded_overall_fw)
    long = long.filter(~not_judged | bad_not_judged)
    matched = long.join(GRADE_LOOKUP, on=["framework_id", "area", "token"], how="left")
    framework_names = {k: v.short_label for k, v in FRAMEWORK_BY_ID.items()}
    reason = (
        pl.when(bad_not_judged)
        .then(
            pl.lit(
                "'Not judged' for an inspection before September 2024, when overall "
                "grades were still given"
            )
        )
        .when(token.is_in(list(UNKNOWN_GRADE_TOKENS)))
        .then(
            pl.format(
                "grade code {} has no published meaning: recorded as unknown, not a grade",
                pl.col("raw"),
            )
        )
        .when(is_overall & ~pl.col("framework_id").is_in(graded_overall_fw))
        .then(
            pl.lit(
                "overall effectiveness grade for an inspection from 1 September 2024, "
                "when single-word grades had stopped (wrong era)"
            )
        )
        .otherwise(
            pl.format(
                "unknown grade '{}' for an inspection of the {} framework",
                pl.col("raw"),
                pl.col("framework_id").replace_strict(framework_names, return_dtype=pl.String),
            )
        )
    )
    failed = matched.filter(pl.col("scale_id").is_null() | bad_not_judged)
    rejects = one_line_per_value(  # 90 rows of grade 8 in one column are one line, counted
        failed.select(
            pl.lit(file).alias("file"),
            pl.col(LINE_COLUMN).alias("line"),
            pl.col("_header").alias("column_name"),
            pl.col("raw").alias("value"),
            reason.alias("reason"),
            pl.lit(VALUE_DROPPED).alias("action"),
        )
    )
    rejects = combine_rejects([rejects, recorded])
    judgements = matched.filter(pl.col("scale_id").is_not_null() & ~bad_not_judged).select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        "inspection_id",
        pl.lit(block.block_id).alias("block_id"),
        "framework_id",
        "area",
        "scale_id",
        "grade_rank",
        "grade_label",
        pl.coalesce("judged_on", "started_on").alias("judged_on"),
    )
    return judgements.cast(JUDGEMENT_SCHEMA), rejects  # type: ignore[arg-type]


def read_ofsted_mi(raw: RawTable, layout: SourceLayout, as_at: date) -> ReadResult:
    """Validate an Ofsted MI file into school facts, inspections and judgements."""
    schools, rejects = run_checks(raw, _school_checks(layout, as_at))
    duplicates = duplicate_keys(raw.file, schools, "urn", layout.columns["urn"])
    schools = schools.unique("urn", keep="first", maintain_order=True)
    parts = [rejects, duplicates]
    inspections, judgements = [], []
    for block in layout.blocks:
        block_inspections, block_judgements, block_rejects = _read_block(raw, block, schools, as_at)
        inspections.append(block_inspections)
        judgements.append(block_judgements)
        parts.append(block_rejects)
    school_facts = schools.select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        "laestab",
        (pl.col("laestab") // 10000).alias("la_code"),
        "la_name",
        "school_name",
        "ofsted_phase",
        "school_type",
        "opened_on",
        "region",
        "postcode",
        "trust_name",
        "idaci_quintile",
        "pupils",
    )
    return ReadResult(
        raw.file,
        layout.layout_id,
        raw.frame.height,
        {
            "stg_mi_schools": school_facts,
            "stg_mi_inspections": pl.concat(inspections, how="vertical_relaxed"),
            "stg_mi_judgements": pl.concat(judgements, how="vertical_relaxed"),
        },
        combine_rejects(parts),
    )
