"""Altair charts, built once and reused: each chart is authored in Altair without data, turned into
a Vega-Lite spec once per process (validated then), and drawn with the page's own frame, which
Streamlit sends as Arrow. Building an Altair chart costs tens of milliseconds of Python per chart
(most of a rerun's time under load); doing it once keeps a filter change cheap.

Colours run blue (favourable) to orange (unfavourable): distinguishable with the common
colour-vision deficiencies, and never the only carrier of meaning (tables sit beside each chart).
"""

from __future__ import annotations

import copy
import functools
import textwrap
from pathlib import Path

import altair as alt
import polars as pl
import streamlit as st
import vl_convert

from lens.data.coverage import place as national_place
from lens.rules.labels import FAMILY_SHORT_LABELS, whose
from lens.rules.words import LEGEND_WORDS, NOT_ON_LIST
from schemas.parent_view import OPTION_LABELS

GRADE_COLOURS_4 = ("#08306b", "#4a7fb5", "#d9822b", "#8c2d04")
GRADE_COLOURS_5 = ("#08306b", "#4a7fb5", "#9e9e9e", "#d9822b", "#8c2d04")
ANSWER_LABELS = {
    "strongly_agree": "Strongly agree",
    "agree": "Agree",
    "disagree": "Disagree",
    "strongly_disagree": "Strongly disagree",
}
GAP_COLOURS = {
    LEGEND_WORDS["above"]: "#08306b",
    LEGEND_WORDS["below"]: "#b35806",
    LEGEND_WORDS["on_the_line"]: "#6a3d9a",
    NOT_ON_LIST: "#767676",
}


# --- the look every chart shares, on screen and on paper -------------------------------------

BACKGROUND = "#ffffff"
INK = "#1f1f1f"  # titles and axis titles: 16.4:1 on white
LABEL_INK = "#3d3d3d"  # axis and legend labels: 10.9:1 on white (WCAG 2.2 AA asks 4.5:1)
RULE_INK = "#767676"  # axis lines and ticks: 4.5:1, for what is not text
TITLE_CHARACTERS = 56  # a title longer than this wraps onto a second line, never clipped


def theme(font: str = "Source Sans 3, Source Sans Pro, sans-serif") -> dict:
    """The Vega-Lite config of every chart: dark text on white, so no chart text falls under
    4.5:1 (the default label grey, #888, is 3.5:1; Streamlit's own chart theme is about 3.7:1),
    legends under the plot where they do not squeeze it, and labels that never overprint."""
    text = {"labelColor": LABEL_INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12}
    return {
        "background": BACKGROUND,
        "font": font,
        "title": {"color": INK, "subtitleColor": LABEL_INK, "fontSize": 14, "anchor": "start"},
        "axis": {
            **text,
            "labelOverlap": "greedy",  # a label that would overprint another is left out
            "domainColor": RULE_INK,
            "tickColor": RULE_INK,
            "gridColor": "#e3e3e3",
        },
        "legend": {**text, "labelLimit": 320, "symbolStrokeWidth": 1.5},
        "header": {**text},
        "text": {"color": INK},
        "view": {"stroke": None},
    }


# --- chart templates (no data; hashable arguments only) -----------------------------------------


def grade_shares(
    domain: tuple[str, ...], colours: tuple[str, ...], places: tuple[str, ...] = ()
) -> alt.Chart:
    """A 100% stacked bar per place (the LA first), grades in scale order, every grade of the
    scale in the legend (beneath, so the bars keep the width), the axis in quarters."""
    return (
        alt.Chart()
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y(
                "geography:N",
                title=None,
                sort=list(places) or None,
                axis=alt.Axis(labelLimit=220),
            ),
            x=alt.X(
                "pct_schools:Q",
                title="% of schools",
                stack="normalize",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            color=alt.Color(
                "grade_label:N",
                title="Grade",
                sort=list(domain),
                scale=alt.Scale(domain=list(domain), range=list(colours[: len(domain)])),
                legend=alt.Legend(orient="bottom", direction="horizontal", columns=3),
            ),
            order=alt.Order("grade_rank:Q"),
            tooltip=[
                alt.Tooltip("geography:N", title="Area"),
                alt.Tooltip("grade_label:N", title="Grade"),
                alt.Tooltip("count_schools:Q", title="Schools"),
                alt.Tooltip("pct_schools:Q", title="% of schools"),
            ],
        )
    )


def answers_by_grade(order: tuple[str, ...]) -> alt.Chart:
    """100% stacked bars of parents' answers, one bar per grade and geography."""
    return (
        alt.Chart()
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y("bar:N", title=None, sort=list(order), axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "pct_responses:Q",
                stack="normalize",
                title="% of responses",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            color=alt.Color(
                "answer_label:N",
                title="Answer",
                scale=alt.Scale(domain=list(ANSWER_LABELS.values()), range=list(GRADE_COLOURS_4)),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            order=alt.Order("answer_rank:Q"),
            tooltip=[
                alt.Tooltip("grade_label:N", title="Grade"),
                alt.Tooltip("geography:N", title="Area"),
                alt.Tooltip("answer_label:N", title="Answer"),
                alt.Tooltip("count_answers:Q", title="Responses"),
                alt.Tooltip("pct_responses:Q", title="% of responses"),
                alt.Tooltip("count_schools:Q", title="Schools"),
            ],
        )
    )


def _gap_encoding() -> dict:
    return {
        "color": alt.Color(
            "gap:N",
            title="Gap list",
            scale=alt.Scale(domain=list(GAP_COLOURS), range=list(GAP_COLOURS.values())),
        ),
        "shape": alt.Shape("gap:N", title="Gap list"),
    }


_SCHOOL_TOOLTIP = [
    alt.Tooltip("school_name:N", title="School"),
    alt.Tooltip("urn:N", title="URN"),
    alt.Tooltip("grade_label:N", title="Grade"),
    alt.Tooltip("pct_satisfied:Q", title="% satisfied", format=".1f"),
    alt.Tooltip("ci95_low_pct:Q", title="95% interval from", format=".1f"),
    alt.Tooltip("ci95_high_pct:Q", title="95% interval to", format=".1f"),
    alt.Tooltip("count_responses:Q", title="Responses"),
    alt.Tooltip("data_date:N", title="Parents answered by"),
    alt.Tooltip("inspected_on:N", title="Inspected"),
]


def school_intervals() -> alt.LayerChart:
    """Each school's % satisfied with its 95% interval, grouped by its grade."""
    grade = alt.Y("grade_label:N", title="Grade", sort=alt.SortField("grade_rank"))
    offset = alt.YOffset("jitter:Q", title=None)
    base = alt.Chart()
    bars = base.mark_rule(opacity=0.35).encode(
        y=grade,
        yOffset=offset,
        x=alt.X("ci95_low_pct:Q", title="% satisfied (95% interval)", scale=alt.Scale(zero=False)),
        x2="ci95_high_pct:Q",
        color=_gap_encoding()["color"],
        tooltip=_SCHOOL_TOOLTIP,
    )
    points = base.mark_point(filled=True, size=28).encode(
        y=grade, yOffset=offset, x="pct_satisfied:Q", tooltip=_SCHOOL_TOOLTIP, **_gap_encoding()
    )
    return alt.layer(bars, points).properties(height=alt.Step(60))


def differences() -> alt.LayerChart:
    """Each school's standardised difference from its reference group against its responses,
    with the 95% and 99.8% limits as horizontal lines: the gap list is exactly the points beyond
    the outer lines.

    One dataset: rows with layer = "limit" draw the lines, rows with layer = "school" the points.
    """
    x = alt.X("count_responses:Q", title="Responses (log scale)", scale=alt.Scale(type="log"))
    y = alt.Y("z:Q", title="Standardised difference from similar schools")
    lines = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "limit")
        .mark_rule(color="#333333")
        .encode(
            y=y,
            strokeDash=alt.StrokeDash(
                "limit:N",
                title="Lines",
                scale=alt.Scale(
                    domain=["Same as similar schools", "95% limits", "99.8% limits (gap list)"],
                    range=[[1, 0], [6, 3], [2, 2]],
                ),
            ),
        )
    )
    points = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "school")
        .mark_point(filled=True, size=30)
        .encode(
            x=x,
            y=y,
            tooltip=_SCHOOL_TOOLTIP[:4]
            + [
                alt.Tooltip("reference:N", title="Compared with"),
                alt.Tooltip("reference_pct:Q", title="% satisfied, compared with", format=".1f"),
                alt.Tooltip("z:Q", title="Standardised difference", format=".2f"),
                alt.Tooltip("count_responses:Q", title="Responses"),
            ],
            **_gap_encoding(),
        )
    )
    return alt.layer(lines, points)


def funnel() -> alt.LayerChart:
    """One reference group's funnel: % satisfied against responses, with the group's pooled share
    and the 95% and 99.8% limits widened for the spread between schools (as the gap list uses).

    One dataset: rows with layer = "limit" draw the lines, rows with layer = "school" the points.
    """
    x = alt.X("count_responses:Q", title="Responses (log scale)", scale=alt.Scale(type="log"))
    y = alt.Y("pct:Q", title="% satisfied", scale=alt.Scale(zero=False))
    lines = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "limit")
        .mark_line(color="#333333")
        .encode(
            x=x,
            y=y,
            detail="line:N",
            strokeDash=alt.StrokeDash(
                "limit:N",
                title="Lines",
                scale=alt.Scale(
                    domain=["Reference share", "95% limits", "99.8% limits (gap list)"],
                    range=[[1, 0], [6, 3], [2, 2]],
                ),
            ),
        )
    )
    points = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "school")
        .mark_point(filled=True, size=30)
        .encode(
            x=x,
            y=y,
            tooltip=_SCHOOL_TOOLTIP[:3]
            + [
                alt.Tooltip("pct:Q", title="% satisfied", format=".1f"),
                alt.Tooltip("count_responses:Q", title="Responses"),
            ],
            **_gap_encoding(),
        )
    )
    return alt.layer(lines, points)


OPTION_COLOURS = (
    "#08306b",
    "#4a7fb5",
    "#bdbdbd",
    "#d9822b",
    "#8c2d04",
    "#767676",
    "#08306b",
    "#d9822b",
    "#bdbdbd",
    "#08306b",  # Positive, Neutral, Negative: a question published with these alone
    "#bdbdbd",
    "#8c2d04",
)


def option_shares(domain: tuple[str, ...], colours: tuple[str, ...]) -> alt.Chart:
    """100% stacked bars of one question's answers, one bar per geography."""
    return (
        alt.Chart()
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y(
                "geography:N",
                title=None,
                sort=["Selection", "Region", "England"],
                axis=alt.Axis(labelLimit=220),
            ),
            x=alt.X(
                "pct_responses:Q",
                stack="normalize",
                title="% of submissions",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            color=alt.Color(
                "answer_label:N",
                title="Answer",
                sort=list(domain),
                scale=alt.Scale(domain=list(domain), range=list(colours)),
                legend=alt.Legend(orient="bottom", direction="horizontal", columns=3),
            ),
            order=alt.Order("answer_rank:Q"),
            tooltip=[
                alt.Tooltip("geography:N", title="Area"),
                alt.Tooltip("answer_label:N", title="Answer"),
                alt.Tooltip("pct_responses:Q", title="% of submissions"),
                alt.Tooltip("submissions:Q", title="Submissions"),
            ],
        )
    )


def trend() -> alt.LayerChart:
    """% positive across snapshots with the 95% interval as a band."""
    x = alt.X("snapshot:O", title="Parent View snapshot", sort=None)
    band = (
        alt.Chart()
        .mark_area(opacity=0.2)
        .encode(
            x=x,
            y=alt.Y(
                "ci95_low_pct:Q",
                title="% positive (95% interval shaded)",
                scale=alt.Scale(zero=False, nice=False, padding=12),
            ),
            y2="ci95_high_pct:Q",
            color=alt.Color("series:N", title=None, legend=None),
        )
    )
    line = (
        alt.Chart()
        .mark_line()
        .encode(x=x, y="pct_positive:Q", color=alt.Color("series:N", title=None, legend=None))
    )
    legend = alt.Legend(orient="bottom", direction="horizontal")
    points = (
        alt.Chart()
        .mark_point(filled=True, size=60)
        .encode(
            x=x,
            y="pct_positive:Q",
            color=alt.Color("series:N", title=None, legend=legend),
            shape=alt.Shape("series:N", title=None, legend=legend),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("snapshot:O", title="Snapshot"),
                alt.Tooltip("pct_positive:Q", title="% positive"),
                alt.Tooltip("ci95_low_pct:Q", title="95% from"),
                alt.Tooltip("ci95_high_pct:Q", title="95% to"),
            ],
        )
    )
    return alt.layer(band, line, points)


SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")


def satisfaction_history() -> alt.LayerChart:
    """One school's % satisfied per result, each with its 95% interval as a bar, per source.

    Okabe-Ito colours and a shape per source, so no one needs colour to tell them apart.
    """
    x = alt.X(
        "on:T",
        title="Results as at",
        axis=alt.Axis(format="%b %Y", labelAngle=-40),
        scale=alt.Scale(padding=18),  # no point on the plot's edge
    )
    legend = alt.Legend(labelLimit=320, orient="bottom", columns=2)
    scale = alt.Scale(range=list(SERIES_COLOURS))
    series = {  # one legend: colour and shape share field and title, drawn by the points only
        "color": alt.Color("series:N", title="Source", scale=scale, legend=legend),
        "shape": alt.Shape("series:N", title="Source", legend=legend),
    }
    unlabelled = alt.Color("series:N", title="Source", scale=scale, legend=None)
    tooltip = [
        alt.Tooltip("series:N", title="Source"),
        alt.Tooltip("on:T", title="As at"),
        alt.Tooltip("pct_satisfied:Q", title="% satisfied"),
        alt.Tooltip("ci95_low_pct:Q", title="95% from"),
        alt.Tooltip("ci95_high_pct:Q", title="95% to"),
        alt.Tooltip("count_responses:Q", title="Responses"),
    ]
    bars = (
        alt.Chart()
        .mark_rule(strokeWidth=2, opacity=0.6)
        .encode(
            x=x,
            y=alt.Y(
                "ci95_low_pct:Q",
                title="% satisfied (95% interval)",
                scale=alt.Scale(zero=False, nice=False, padding=14),  # 100% is not the edge
            ),
            y2="ci95_high_pct:Q",
            color=unlabelled,
        )
    )
    line = alt.Chart().mark_line(opacity=0.5).encode(x=x, y="pct_satisfied:Q", color=unlabelled)
    points = (
        alt.Chart()
        .mark_point(filled=True, size=70)
        .encode(x=x, y="pct_satisfied:Q", tooltip=tooltip, **series)
    )
    return alt.layer(bars, line, points).properties(height=280)


PEER_COLOURS = {"Similar school": "#4a7fb5", "This school": "#8c2d04"}


def peer_strip() -> alt.LayerChart:
    """Similar schools' % happy as dots in two rows (the LA, England), this school marked apart."""
    y = alt.Y("scope:N", title=None, sort=None)
    x = alt.X(
        "pct_happy:Q",
        title="% of parents saying their child is happy",
        scale=alt.Scale(zero=False, nice=False, padding=14),  # no dot on the plot's edge
    )
    legend = alt.Legend(orient="bottom", direction="horizontal")
    key = alt.Color(
        "group:N",
        title=None,
        scale=alt.Scale(domain=list(PEER_COLOURS), range=list(PEER_COLOURS.values())),
        legend=legend,
    )
    shape = alt.Shape(  # the legend draws this school as the tick the chart shows
        "group:N",
        title=None,
        scale=alt.Scale(domain=list(PEER_COLOURS), range=["circle", "M-0.3,-1.4H0.3V1.4H-0.3Z"]),
        legend=legend,
    )
    tooltip = [
        alt.Tooltip("school_name:N", title="School"),
        alt.Tooltip("pct_happy:Q", title="% happy"),
        alt.Tooltip("submissions:Q", title="Submissions"),
    ]
    peers = (
        alt.Chart()
        .transform_filter(alt.datum.group == "Similar school")
        .transform_calculate(jitter="(datum.urn * 7919) % 1000 / 1000")  # same every time
        .mark_point(filled=True, size=18, opacity=0.6)
        .encode(
            y=y,
            yOffset=alt.YOffset("jitter:Q", title=None),
            x=x,
            color=key,
            shape=shape,
            tooltip=tooltip,
        )
    )
    me = (
        alt.Chart()
        .transform_filter(alt.datum.group == "This school")
        .mark_tick(thickness=4, size=40)
        .encode(y=y, x=x, color=key, tooltip=tooltip)
    )
    return alt.layer(peers, me).properties(height=alt.Step(60))


def inspection_timeline() -> alt.LayerChart:
    """Each inspection on a time line, one row per framework era, its judgement in its own words."""
    x = alt.X("started:T", title="Inspection began", scale=alt.Scale(padding=24))
    y = alt.Y("era:N", title="Framework", sort=alt.SortField("started"))
    tooltip = [
        alt.Tooltip("started:T", title="Began"),
        alt.Tooltip("era:N", title="Framework"),
        alt.Tooltip("judgement:N", title="Judgement"),
        alt.Tooltip("whose:N", title="Whose"),
    ]
    legend = alt.Legend(orient="bottom", direction="horizontal")
    kinds = ["This school", "Predecessor"]
    shape = alt.Shape(
        "whose_kind:N",
        title=None,
        scale=alt.Scale(domain=kinds, range=["circle", "triangle"]),
        legend=legend,
    )
    colour = alt.Color(  # colour and shape together: the legend is never grey
        "whose_kind:N",
        title=None,
        scale=alt.Scale(domain=kinds, range=["#08306b", "#b35806"]),
        legend=legend,
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, size=80)
        .encode(x=x, y=y, shape=shape, color=colour, tooltip=tooltip)
    )
    words = (
        alt.Chart().mark_text(dy=-12, fontSize=11, color=INK).encode(x=x, y=y, text="judgement:N")
    )
    return alt.layer(points, words).properties(height=alt.Step(50))


def options_frame(frame: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...], tuple[str, ...]]:
    data = frame.with_columns(pl.col("answer").replace_strict(OPTION_LABELS).alias("answer_label"))
    present = data.sort("answer_rank")["answer"].unique(maintain_order=True).to_list()
    keys = list(OPTION_LABELS)
    return (
        data,
        tuple(OPTION_LABELS[k] for k in present),
        tuple(OPTION_COLOURS[keys.index(k)] for k in present),
    )


# --- data shaped for the templates ---------------------------------------------------------


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
            "limit": ["Same as similar schools"]
            + ["95% limits"] * 2
            + ["99.8% limits (gap list)"] * 2,
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
        "lower_95_share": "95% limits",
        "upper_95_share": "95% limits",
        "lower_998_share": "99.8% limits (gap list)",
        "upper_998_share": "99.8% limits (gap list)",
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


# --- drawing -----------------------------------------------------------------------------------

TEMPLATES = {
    "grade_shares": grade_shares,
    "answers_by_grade": answers_by_grade,
    "school_intervals": school_intervals,
    "differences": differences,
    "funnel": funnel,
    "option_shares": option_shares,
    "trend": trend,
    "peer_strip": peer_strip,
    "satisfaction_history": satisfaction_history,
    "inspection_timeline": inspection_timeline,
}


@functools.lru_cache(maxsize=128)
def spec(template: str, *args: object) -> dict:
    """The Vega-Lite spec of a template, built and validated once per process.

    Altair adds an empty placeholder dataset and its default theme's sizes to a chart without
    data; both go, so the page's frame and Streamlit's theme apply.
    """
    built = TEMPLATES[template](*args).to_dict(validate=True)
    for key in ("data", "datasets", "config"):
        built.pop(key, None)
    for layer in built.get("layer", []):
        layer.pop("data", None)
    return built


def title_lines(title: str) -> list[str]:
    """A chart title as lines short enough never to be clipped by a narrow chart."""
    return textwrap.wrap(title, TITLE_CHARACTERS, break_long_words=False) or [title]


def _with_title(template: str, title: str, args: tuple) -> dict:
    chart = copy.deepcopy(spec(template, *args))
    chart["title"] = {"text": title_lines(title)}
    return chart


FONTS = Path(__file__).parent / "fonts"
vl_convert.register_font_directory(str(FONTS))


def screen_spec(template: str, title: str, *args: object) -> dict:
    """The spec `draw` sends to the page: the template, its title in lines, this theme."""
    chart = _with_title(template, title, args)
    chart["config"] = theme()
    return chart


def paper_spec(template: str, title: str, *args: object, width: int = 480) -> dict:
    """The spec `png` renders for the packs: the same, in the packs' font and at a fixed width."""
    chart = _with_title(template, title, args)
    chart["width"] = width
    chart["config"] = theme("DejaVu Sans")
    return chart


def png(template: str, frame: pl.DataFrame, title: str, *args: object, width: int = 480) -> bytes:
    """The same chart as a PNG image (for the briefing pack), rendered without a browser.

    Data goes inline; no URL may be fetched while rendering.
    """
    chart = paper_spec(template, title, *args, width=width)
    temporal = [n for n, t in frame.schema.items() if t in (pl.Date, pl.Datetime)]
    values = frame.with_columns(pl.col(temporal).cast(pl.String)) if temporal else frame
    chart["data"] = {"values": values.to_dicts()}
    return vl_convert.vegalite_to_png(chart, scale=2, allowed_base_urls=[])


def draw(template: str, frame: pl.DataFrame, title: str, *args: object) -> None:
    """Draw a template with this run's data and title."""
    chart = screen_spec(template, title, *args)
    dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
    data = frame.with_columns(pl.col(dates).dt.strftime("%-d %b %Y")) if dates else frame
    # theme=None: this module's own theme (above) applies, whose text passes 4.5:1
    st.vega_lite_chart(data.to_arrow(), chart, width="stretch", theme=None)
