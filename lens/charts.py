"""Altair charts for parents' satisfaction. Each is drawn from a table the page also shows, and
uses the blue-to-orange scale that stays distinguishable with common colour-vision deficiencies."""

from __future__ import annotations

import altair as alt
import polars as pl

from lens.ui import GRADE_COLOURS_4

ANSWER_LABELS = {
    "strongly_agree": "Strongly agree",
    "agree": "Agree",
    "disagree": "Disagree",
    "strongly_disagree": "Strongly disagree",
}
GAP_COLOURS = {"above": "#08306b", "below": "#b35806", "none": "#9e9e9e"}


def answers_by_grade(frame: pl.DataFrame, title: str) -> alt.Chart:
    """100% stacked bars of answers, one bar per grade and geography."""
    data = frame.with_columns(
        pl.col("answer").replace_strict(ANSWER_LABELS).alias("answer_label"),
        pl.format("{}: {}", pl.col("grade_label"), pl.col("geography")).alias("bar"),
    )
    order = (
        data.sort("grade_rank", "geography", descending=[False, True])["bar"]
        .unique(maintain_order=True)
        .to_list()
    )
    return (
        alt.Chart(data, title=title)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y("bar:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "pct_responses:Q",
                stack="normalize",
                title="% of responses",
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                "answer_label:N",
                title="Answer",
                scale=alt.Scale(domain=list(ANSWER_LABELS.values()), range=GRADE_COLOURS_4),
            ),
            order=alt.Order("answer_rank:Q"),
            tooltip=[
                "grade_label",
                "geography",
                "answer_label",
                "count_answers",
                alt.Tooltip("pct_responses", title="% of responses"),
                alt.Tooltip("count_schools", title="schools"),
            ],
        )
    )


def _gap_colour() -> alt.Color:
    return alt.Color(
        "gap:N",
        title="Gap list",
        scale=alt.Scale(domain=list(GAP_COLOURS), range=list(GAP_COLOURS.values())),
    )


def school_intervals(frame: pl.DataFrame, title: str) -> alt.LayerChart:
    """Each school's % satisfied with its 95% interval, grouped by its grade."""
    data = frame.with_columns(pl.col("gap_direction").fill_null("none").alias("gap"))
    tooltip = [
        "school_name",
        "urn",
        "grade_label",
        "pct_satisfied",
        "ci95_low",
        "ci95_high",
        "count_responses",
        "count_submissions",
        "data_date",
        "inspected_on",
    ]
    grade = alt.Y("grade_label:N", title="Grade", sort=alt.SortField("grade_rank"))
    offset = alt.YOffset("jitter:Q", title=None)
    base = alt.Chart(data, title=title).transform_calculate(jitter="random()")
    bars = base.mark_rule(opacity=0.35).encode(
        y=grade,
        yOffset=offset,
        x=alt.X("ci95_low:Q", title="% satisfied (95% interval)", scale=alt.Scale(zero=False)),
        x2="ci95_high:Q",
        color=_gap_colour(),
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=28).encode(
        y=grade,
        yOffset=offset,
        x="pct_satisfied:Q",
        color=_gap_colour(),
        shape=alt.Shape("gap:N", title="Gap list"),
        tooltip=tooltip,
    )
    return (bars + points).properties(height=alt.Step(60))


def funnel(schools: pl.DataFrame, limits: pl.DataFrame, title: str) -> alt.LayerChart:
    """% satisfied against responses, with England's share and its 95% and 99.8% limits."""
    long = limits.unpivot(
        index="count_responses",
        on=["england_pct", "lower_95", "upper_95", "lower_998", "upper_998"],
        variable_name="line",
        value_name="pct",
    ).with_columns(
        pl.col("line")
        .replace_strict(
            {
                "england_pct": "England",
                "lower_95": "95% limits",
                "upper_95": "95% limits",
                "lower_998": "99.8% limits",
                "upper_998": "99.8% limits",
            }
        )
        .alias("limit"),
        pl.col("line").str.starts_with("lower").alias("is_lower"),
    )
    lines = (
        alt.Chart(long)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X(
                "count_responses:Q", title="Responses (log scale)", scale=alt.Scale(type="log")
            ),
            y=alt.Y("pct:Q", title="% satisfied", scale=alt.Scale(zero=False)),
            detail="line:N",
            strokeDash=alt.StrokeDash(
                "limit:N",
                title="Lines",
                scale=alt.Scale(
                    domain=["England", "95% limits", "99.8% limits"], range=[[1, 0], [6, 3], [2, 2]]
                ),
            ),
            color=alt.value("#333333"),
        )
    )
    data = schools.with_columns(pl.col("gap_direction").fill_null("none").alias("gap"))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=30)
        .encode(
            x="count_responses:Q",
            y="pct_satisfied:Q",
            color=_gap_colour(),
            shape=alt.Shape("gap:N", title="Gap list"),
            tooltip=[
                "school_name",
                "urn",
                "grade_label",
                "pct_satisfied",
                "count_responses",
                "data_date",
            ],
        )
    )
    return alt.layer(lines, points, title=title)
