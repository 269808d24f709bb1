"""The data each chart template of lens/present/charts.py draws, shaped from the query layer's
frames: one function per template, polars only, no drawing."""

from __future__ import annotations

import polars as pl

from lens.data.coverage import place as national_place
from lens.present.chart_templates import ANSWER_LABELS, OPTION_COLOURS
from lens.rules.gaps import LIMIT_LINE, WARN_LINE
from lens.rules.labels import FAMILY_SHORT_LABELS, whose
from lens.rules.words import LEGEND_WORDS, NOT_ON_LIST
from schemas.parent_view import OPTION_LABELS


def options_frame(frame: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...], tuple[str, ...]]:
    data = frame.with_columns(pl.col("answer").replace_strict(OPTION_LABELS).alias("answer_label"))
    present = data.sort("answer_rank")["answer"].unique(maintain_order=True).to_list()
    keys = list(OPTION_LABELS)
    return (
        data,
        tuple(OPTION_LABELS[k] for k in present),
        tuple(OPTION_COLOURS[keys.index(k)] for k in present),
    )


def answers_frame(frame: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...]]:
    data = frame.with_columns(
        pl.col("answer").replace_strict(ANSWER_LABELS).alias("answer_label"),
        (100 * pl.col("answer_share")).alias("pct_responses"),
        pl.format("{}: {}", pl.col("grade_label"), pl.col("geography")).alias("bar"),
    )
    order = data.sort("grade_rank", "geography", descending=[False, True])["bar"]
    return data, tuple(order.unique(maintain_order=True).to_list())


def gap_words(direction: pl.Expr) -> pl.Expr:
    """The legend's words for a school's place on the gap list (its gap_status, or a side)."""
    return direction.replace_strict(
        LEGEND_WORDS, default=NOT_ON_LIST, return_dtype=pl.String
    ).fill_null(NOT_ON_LIST)


def schools_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Schools of gap_schools shaped for school_intervals: percentages, and a stable jitter by
    URN (so the same picture every time, on screen and in the PDF)."""
    return frame.select(
        "school_name",
        pl.col("urn").cast(pl.String),
        "grade_rank",
        "grade_label",
        (100 * pl.col("share_satisfied")).alias("pct_satisfied"),
        (100 * pl.col("ci95_low_share")).alias("ci95_low_pct"),
        (100 * pl.col("ci95_high_share")).alias("ci95_high_pct"),
        "count_responses",
        "data_date",
        "inspected_on",
        ((pl.col("urn") * 7919) % 1000 / 1000).alias("jitter"),
        gap_words(pl.col("gap_status")).alias("gap"),
    )


def differences_frame(
    schools: pl.DataFrame, limit_z: float, warn_z: float, *, adjusted: bool = True
) -> pl.DataFrame:
    """Schools with their standardised difference, and the limit lines, for `differences`.

    With adjusted=False the chance-only (binomial) differences and their own flags are drawn: the
    expert's view of what over-dispersion does, never the gap list."""
    z, direction = (
        ("z_adjusted", "gap_status") if adjusted else ("z_unadjusted", "unadjusted_direction")
    )
    lines = pl.DataFrame(
        {
            "z": [0.0, warn_z, -warn_z, limit_z, -limit_z],
            "limit": ["Same as the group"] + [WARN_LINE] * 2 + [LIMIT_LINE] * 2,
        }
    ).with_columns(pl.lit("limit").alias("layer"))
    points = schools.select(
        pl.lit("school").alias("layer"),
        "count_responses",
        pl.col(z).alias("z"),
        "school_name",
        pl.col("urn").cast(pl.String),
        "grade_label",
        (100 * pl.col("share_satisfied")).alias("pct_satisfied"),
        "reference",
        (100 * pl.col("reference_share")).alias("reference_pct"),
        gap_words(pl.col(direction)).alias("gap"),
    )
    return pl.concat([lines, points], how="diagonal_relaxed")


def funnel_frame(schools: pl.DataFrame, limits: pl.DataFrame) -> pl.DataFrame:
    """One reference group's schools and its limit curves (gap_funnel_limits), in percentages."""
    names = {
        "reference_share": "Reference share",
        "lower_warn_share": WARN_LINE,
        "upper_warn_share": WARN_LINE,
        "lower_limit_share": LIMIT_LINE,
        "upper_limit_share": LIMIT_LINE,
    }
    lines = (
        limits.unpivot(
            index="count_responses", on=list(names), variable_name="line", value_name="share"
        )
        .with_columns(
            pl.lit("limit").alias("layer"),
            pl.col("line").replace_strict(names).alias("limit"),
            (100 * pl.col("share")).alias("pct"),
        )
        .drop("share")
    )
    points = schools.select(  # at the share the list counts, so the funnel and the list agree
        pl.lit("school").alias("layer"),
        "count_responses",
        (100 * pl.col("plotted_share")).alias("pct"),
        "school_name",
        pl.col("urn").cast(pl.String),
        "grade_label",
        gap_words(pl.col("gap_status")).alias("gap"),
    )
    return pl.concat([lines, points], how="diagonal_relaxed")


def timeline_frame(inspections: pl.DataFrame) -> pl.DataFrame:
    """Inspections shaped for the timeline: ISO dates, and words where a framework gave no grade."""
    return inspections.select(
        pl.col("started_on").dt.strftime("%Y-%m-%d").alias("started"),
        "era",
        pl.coalesce(
            "overall_judgement",
            pl.when(pl.col("kind") == "report_card")
            .then(pl.lit("report card"))
            .otherwise(pl.format("{} (no overall grade)", pl.col("kind"))),
        ).alias("judgement"),
        whose(pl.col("predecessor_urn")).alias("whose"),
        pl.when(pl.col("is_predecessor"))
        .then(pl.lit("Predecessor"))
        .otherwise(pl.lit("This school"))
        .alias("whose_kind"),
    )


def peer_frame(similar: pl.DataFrame, la_name: str) -> pl.DataFrame:
    """Similar schools twice over (in the LA, in England), this school in both rows."""
    rows = similar.with_columns(
        pl.when("is_this_school")
        .then(pl.lit("This school"))
        .otherwise(pl.lit("Similar school"))
        .alias("group")
    ).select("urn", "school_name", "pct_happy", "submissions", "group", "in_same_la")
    return pl.concat(
        [
            rows.filter("in_same_la").with_columns(pl.lit(f"In {la_name}").alias("scope")),
            rows.with_columns(pl.lit(f"In {national_place()}").alias("scope")),
        ]
    ).drop("in_same_la")


def satisfaction_series(history: pl.DataFrame) -> pl.DataFrame:
    """A school's satisfaction history shaped for satisfaction_history, oldest first."""
    return history.sort("data_date").select(
        pl.format(
            "{}{}",
            pl.col("family").replace_strict(FAMILY_SHORT_LABELS, default=pl.col("family")),
            pl.when(pl.col("is_predecessor"))
            .then(pl.format(" (predecessor, URN {})", pl.col("predecessor_urn")))
            .otherwise(pl.lit("")),
        ).alias("series"),
        pl.col("data_date").dt.strftime("%Y-%m-%d").alias("on"),
        "pct_satisfied",
        "ci95_low_pct",
        "ci95_high_pct",
        "count_responses",
    )
