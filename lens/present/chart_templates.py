"""The chart templates every page and pack draws (Altair, no data: hashable arguments only), their
colours, and TEMPLATES, the registry lens/present/charts.py draws them by name from.

No chart has a tooltip: Vega's could not be dismissed with Escape, vanished when the pointer moved
onto it and covered the legend (WCAG 2.2 1.4.13), no keyboard or screen reader reached it, and a
projected chart is not hovered. Every figure a tooltip held is in the table or words beside the
chart."""

from __future__ import annotations

import json
import textwrap

import altair as alt

from lens.rules.gaps import LIMIT_LINE, WARN_LINE
from lens.rules.words import LEGEND_WORDS, NOT_ON_LIST

# the ink every chart shares, on screen and on paper (lens/present/charts.py theme)
BACKGROUND = "#ffffff"
INK = "#1f1f1f"  # titles and axis titles: 16.4:1 on white
LABEL_INK = "#3d3d3d"  # axis and legend labels: 10.9:1 on white (WCAG 2.2 AA asks 4.5:1)
RULE_INK = "#767676"  # axis lines and ticks: 4.5:1, for what is not text

# Every mark is drawn opaque (charts.theme) in a colour of at least 3:1 on white (WCAG 2.2
# 1.4.11, graphical objects; an audit measured the old orange at 2.93:1 and grey at 2.68:1). Grades
# run blue (favourable) through grey to orange and brown (unfavourable): ColorBrewer's diverging
# idea, darkened where its light middle fell under 3:1. Neighbours stay at least 20 CIEDE2000
# apart for normal vision and with protanopia, deuteranopia and tritanopia simulated (Machado et
# al. 2009; tests/test_charts.py), and stacked bars part them with a white line.
NAVY = "#08306b"  # 12.8:1
BLUE = "#3485d1"  # 3.9:1
GREY = "#7a7a7a"  # 4.3:1
ORANGE = "#c47a26"  # 3.4:1
BROWN = "#8c2d04"  # 8.4:1
DARK_GREY = "#595959"  # 7.0:1: don't know, apart from the middle grey of "neither"

GRADE_COLOURS_4 = (NAVY, BLUE, ORANGE, BROWN)
GRADE_COLOURS_5 = (NAVY, BLUE, GREY, ORANGE, BROWN)

LEGEND_LINE = 30  # characters: a longer legend label wraps, so a narrow chart does not cut it
NARROW_LEGEND_LINE = 20  # characters, where the plot is narrow (its legend starts at the plot)


def legend_below(columns: int, wide: int, labels: tuple[str, ...] = ()) -> alt.Legend:
    """A legend under the plot, in `columns` columns where the plot is at least `wide` pixels
    wide and in one where it is narrower (a phone, or 400% zoom: 320 px of window): beside the
    plot a legend squeezed it to a sliver there, and two columns ran off the chart's edge.
    `labels` longer than a line are drawn on two or more (Vega draws a list as lines), shorter
    lines where the plot is narrow."""

    def lines(characters: int) -> str:
        wrapped = {label: textwrap.wrap(label, characters) for label in labels}
        return json.dumps({label: lines for label, lines in wrapped.items() if len(lines) > 1})

    narrow = f"width < {wide}"
    label = f"({narrow} ? {lines(NARROW_LEGEND_LINE)} : {lines(LEGEND_LINE)})[datum.label]"
    return alt.Legend(
        orient="bottom",
        direction="vertical",
        columns=alt.ExprRef(expr=f"{narrow} ? 1 : {columns}"),
        **({"labelExpr": f"{label} || datum.label"} if labels else {}),
    )


BAR_LEGEND = 200  # px of plot for a bar chart's legend in columns: the projector's is about 270


def share_axis() -> alt.Axis:
    """0% to 100% in quarters, or in halves on a narrow plot, where the quarters crowded out
    '100%'; the end labels inside the plot, where '100%' had run off a narrow chart's edge."""
    quarters = f"width < {BAR_LEGEND} ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1]"
    return alt.Axis(format="%", values=alt.ExprRef(expr=quarters), labelFlush=True)


ANSWER_LABELS = {
    "strongly_agree": "Strongly agree",
    "agree": "Agree",
    "disagree": "Disagree",
    "strongly_disagree": "Strongly disagree",
}


GAP_COLOURS = {  # each with its own shape too
    LEGEND_WORDS["above"]: NAVY,
    LEGEND_WORDS["below"]: "#b35806",  # 4.9:1
    LEGEND_WORDS["on_the_line"]: "#6a3d9a",  # 7.6:1
    NOT_ON_LIST: "#767676",  # 4.5:1
}


def grade_shares(
    domain: tuple[str, ...], colours: tuple[str, ...], places: tuple[str, ...] = ()
) -> alt.Chart:
    """A 100% stacked bar per place (the LA first), grades in scale order, every grade of the
    scale in the legend (beneath, so the bars keep the width), the axis in quarters."""
    return (
        alt.Chart()
        .mark_bar(stroke=BACKGROUND, strokeWidth=1)
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
                axis=share_axis(),
            ),
            color=alt.Color(
                "grade_label:N",
                title="Grade",
                sort=list(domain),
                scale=alt.Scale(domain=list(domain), range=list(colours[: len(domain)])),
                # two columns: three made the legend 509 px wide, wider than the chart's cell at
                # 1024 px (about 420), so "Expected standard" was cut off
                legend=legend_below(2, BAR_LEGEND),
            ),
            order=alt.Order("grade_rank:Q"),
        )
    )


def answers_by_grade(order: tuple[str, ...]) -> alt.Chart:
    """100% stacked bars of parents' answers, one bar per grade and geography."""
    return (
        alt.Chart()
        .mark_bar(stroke=BACKGROUND, strokeWidth=1)
        .encode(
            y=alt.Y("bar:N", title=None, sort=list(order), axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "pct_responses:Q",
                stack="normalize",
                title="% of responses",
                axis=share_axis(),
            ),
            color=alt.Color(
                "answer_label:N",
                title="Answer",
                scale=alt.Scale(domain=list(ANSWER_LABELS.values()), range=list(GRADE_COLOURS_4)),
                # in two columns: in one row the last answer was cut to 'Strongly dis...'
                legend=legend_below(2, BAR_LEGEND),
            ),
            order=alt.Order("answer_rank:Q"),
        )
    )


GAP_SHAPES = {  # fixed, so a place has one shape on every chart; above and below point so
    LEGEND_WORDS["above"]: "triangle-up",
    LEGEND_WORDS["below"]: "triangle-down",
    LEGEND_WORDS["on_the_line"]: "diamond",  # its purple is near the navy with protanopia
    NOT_ON_LIST: "circle",
}


def _gap_encoding() -> dict:
    return {
        "color": alt.Color(
            "gap:N",
            title="Gap list",
            scale=alt.Scale(domain=list(GAP_COLOURS), range=list(GAP_COLOURS.values())),
            legend=legend_below(2, 480, tuple(GAP_COLOURS)),
        ),
        # the same domain and legend as the colour's, so the two make one legend
        "shape": alt.Shape(
            "gap:N",
            title="Gap list",
            scale=alt.Scale(domain=list(GAP_SHAPES), range=list(GAP_SHAPES.values())),
            legend=legend_below(2, 480, tuple(GAP_COLOURS)),
        ),
    }


def school_intervals() -> alt.LayerChart:
    """Each school's % satisfied with its 95% interval, grouped by its grade."""
    grade = alt.Y("grade_label:N", title="Grade", sort=alt.SortField("grade_rank"))
    offset = alt.YOffset("jitter:Q", title=None)
    base = alt.Chart()
    bars = base.mark_rule().encode(  # opaque: at 0.35 an interval was 1.6:1 on white
        y=grade,
        yOffset=offset,
        x=alt.X("ci95_low_pct:Q", title="% satisfied (95% interval)", scale=alt.Scale(zero=False)),
        x2="ci95_high_pct:Q",
        color=_gap_encoding()["color"],
    )
    points = base.mark_point(filled=True, size=28).encode(
        y=grade, yOffset=offset, x="pct_satisfied:Q", **_gap_encoding()
    )
    return alt.layer(bars, points).properties(height=alt.Step(60))


def differences() -> alt.LayerChart:
    """Each school's standardised difference from its reference group against its responses,
    with the inner and gap-list limits as horizontal lines: the gap list is exactly the points
    beyond the outer lines.

    One dataset: rows with layer = "limit" draw the lines, rows with layer = "school" the points.
    """
    x = alt.X("count_responses:Q", title="Responses (log scale)", scale=alt.Scale(type="log"))
    y = alt.Y("z:Q", title="Standardised difference from the group")
    lines = (
        alt.Chart()
        .transform_filter(alt.datum.layer == "limit")
        .mark_rule(color="#333333")
        .encode(
            y=y,
            strokeDash=_limit_dash("Same as the group"),
        )
    )
    # a height of its own: the legends under it would otherwise take it from the plot
    return alt.layer(lines, _school_points(x, y)).properties(height=GAP_PLOT_HEIGHT)


def funnel() -> alt.LayerChart:
    """One reference group's funnel: % satisfied against responses, with the group's pooled share
    and the inner and gap-list limits widened for the spread between schools (as the gap list uses).

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
            strokeDash=_limit_dash("Reference share"),
        )
    )
    # a height of its own: the legends under it would otherwise take it from the plot
    return alt.layer(lines, _school_points(x, y)).properties(height=GAP_PLOT_HEIGHT)


GAP_PLOT_HEIGHT = 260  # px, as the plot was beside its legends


def _limit_dash(centre: str) -> alt.StrokeDash:
    """The lines' dashes: solid for the centre line, dashed for the inner limit, dotted for the
    gap list's limit."""
    return alt.StrokeDash(
        "limit:N",
        title="Lines",
        scale=alt.Scale(domain=[centre, WARN_LINE, LIMIT_LINE], range=[[1, 0], [6, 3], [2, 2]]),
        legend=legend_below(3, 560),
    )


def _school_points(x: alt.X, y: alt.Y) -> alt.Chart:
    """The schools (rows with layer = "school"), coloured by their side of the gap list."""
    return (
        alt.Chart()
        .transform_filter(alt.datum.layer == "school")
        .mark_point(filled=True, size=30)
        .encode(x=x, y=y, **_gap_encoding())
    )


OPTION_COLOURS = (  # in the order of schemas.parent_view.OPTION_LABELS
    *(NAVY, BLUE, GREY, ORANGE, BROWN, DARK_GREY),  # strongly agree ... don't know
    *(NAVY, ORANGE, GREY),  # yes, no, not applicable
    *(NAVY, GREY, BROWN),  # Positive, Neutral, Negative: a question published with these alone
)


def option_shares(
    domain: tuple[str, ...], colours: tuple[str, ...], places: tuple[str, ...] = ()
) -> alt.Chart:
    """100% stacked bars of one question's answers, one bar per place, in the order `places`
    names them (the LA, its region, England: as every other chart), as grade_shares."""
    return (
        alt.Chart()
        .mark_bar(stroke=BACKGROUND, strokeWidth=1)
        .encode(
            y=alt.Y(
                "geography:N",
                title=None,
                sort=list(places) or None,
                axis=alt.Axis(labelLimit=220),
            ),
            x=alt.X(
                "pct_responses:Q",
                stack="normalize",
                title="% of submissions",
                axis=share_axis(),
            ),
            color=alt.Color(
                "answer_label:N",
                title="Answer",
                sort=list(domain),
                scale=alt.Scale(domain=list(domain), range=list(colours)),
                legend=legend_below(3, BAR_LEGEND),
            ),
            order=alt.Order("answer_rank:Q"),
        )
    )


def trend() -> alt.LayerChart:
    """% positive across snapshots with the 95% interval as a band; a legend names each series
    in its colour and shape (SERIES_COLOURS)."""
    x = alt.X("snapshot:O", title="Parent View snapshot", sort=None)
    legend = legend_below(3, 360)  # the LA, its region, England
    scale = alt.Scale(range=list(SERIES_COLOURS))
    unlabelled = alt.Color("series:N", title=None, scale=scale, legend=None)
    band = (
        alt.Chart()
        # the interval's edges dashed in the series' colour (3:1 and more on white), the tint
        # between them only a help: a band drawn in the tint alone was 1.3:1
        .mark_area(fillOpacity=0.15, strokeWidth=1, strokeDash=[4, 2])
        .encode(
            x=x,
            y=alt.Y(
                "ci95_low_pct:Q",
                title="% positive (95% interval shaded)",
                scale=alt.Scale(zero=False, nice=False, padding=12),
            ),
            y2="ci95_high_pct:Q",
            color=unlabelled,
            stroke=alt.Stroke("series:N", scale=scale, legend=None),
        )
    )
    line = alt.Chart().mark_line().encode(x=x, y="pct_positive:Q", color=unlabelled)
    points = (
        alt.Chart()
        .mark_point(filled=True, size=60)
        .encode(
            x=x,
            y="pct_positive:Q",
            color=alt.Color("series:N", title=None, scale=scale, legend=legend),
            shape=alt.Shape("series:N", title=None, legend=legend),
        )
    )
    # as the plot was (Streamlit fitted the chart, legend and all, into 350 px)
    return with_one_legend(alt.layer(band, line, points)).properties(height=220)


def with_one_legend(chart: alt.LayerChart) -> alt.LayerChart:
    """One legend, in colour and shape, for a layered chart whose points carry it: each layer's
    colour scale kept apart (the same series in the same order get the same colours), since
    Vega-Lite merges a shared scale's legends and the other layers' `legend=None` then dropped
    the colours, leaving grey shapes that did not say which line was which."""
    return chart.resolve_scale(color="independent", shape="independent").resolve_legend(
        color="independent", shape="independent"
    )


# Okabe-Ito's colours that reach 3:1 on white as they are (blue 5.2:1, vermilion 3.9:1, bluish
# green 3.4:1, reddish purple 3.1:1, black), blue and vermilion first, the pair most apart with
# every colour-vision deficiency (the LA and England; a school and its predecessor); then grey
# (4.5:1) and purple (7.6:1). Its orange (2.2:1) and sky blue (2.3:1) are left out: darkened to
# 3:1 the orange becomes the vermilion and the sky blue the blue. Every series has its shape too.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#767676", "#6A3D9A")


def satisfaction_history() -> alt.LayerChart:
    """One school's % satisfied per result, each with its 95% interval as a bar, per source.

    Okabe-Ito colours and a shape per source, so no one needs colour to tell them apart.
    """
    x = alt.X(
        "on:T",
        title="Results as at",
        # a date whose label would run past the plot's end is not labelled: at 320 px the last
        # ('Jan 2028') ran off the chart
        axis=alt.Axis(format="%b %Y", labelAngle=-40, labelBound=True),
        scale=alt.Scale(padding=18),  # no point on the plot's edge
    )
    legend = alt.Legend(  # long names: one a line, a predecessor's on a second (320 px)
        labelLimit=320,
        orient="bottom",
        columns=1,
        labelExpr="split(replace(datum.label, ' (predecessor', '|(predecessor'), '|')",
    )
    scale = alt.Scale(range=list(SERIES_COLOURS))
    series = {  # one legend: colour and shape share field and title, drawn by the points only
        "color": alt.Color("series:N", title="Source", scale=scale, legend=legend),
        "shape": alt.Shape("series:N", title="Source", legend=legend),
    }
    unlabelled = alt.Color("series:N", title="Source", scale=scale, legend=None)
    bars = (
        alt.Chart()
        .mark_rule(strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "ci95_low_pct:Q",
                # short: on the profile's short chart a longer title ran off the top; the
                # chart's own title says the lines are 95% intervals
                title="% satisfied",
                scale=alt.Scale(zero=False, nice=False, padding=14),  # 100% is not the edge
            ),
            y2="ci95_high_pct:Q",
            color=unlabelled,
        )
    )
    # thin, as the intervals stand out (half transparent, the line was 1.6 to 2.4:1 on white)
    line = alt.Chart().mark_line(strokeWidth=1).encode(x=x, y="pct_satisfied:Q", color=unlabelled)
    points = alt.Chart().mark_point(filled=True, size=70).encode(x=x, y="pct_satisfied:Q", **series)
    return with_one_legend(alt.layer(bars, line, points)).properties(height=280)


PEER_COLOURS = {"Similar school": BLUE, "This school": BROWN}


def peer_strip() -> alt.LayerChart:
    """Similar schools' % satisfied as dots in two rows (the LA, England), this school marked
    apart."""
    y = alt.Y("scope:N", title=None, sort=None)
    x = alt.X(
        "pct_happy:Q",
        # on two lines: on one it ran past a chart 288 px wide (320 px of window)
        title=["% satisfied", "(\u201cMy child is happy at this school\u201d)"],
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
    peers = (
        alt.Chart()
        .transform_filter(alt.datum.group == "Similar school")
        .transform_calculate(jitter="(datum.urn * 7919) % 1000 / 1000")  # same every time
        .mark_point(filled=True, size=18)
        .encode(
            y=y,
            yOffset=alt.YOffset("jitter:Q", title=None),
            x=x,
            color=key,
            shape=shape,
        )
    )
    me = (
        alt.Chart()
        .transform_filter(alt.datum.group == "This school")
        .mark_tick(thickness=4, size=40)
        .encode(y=y, x=x, color=key)
    )
    return alt.layer(peers, me).properties(height=alt.Step(60))


def inspection_timeline() -> alt.LayerChart:
    """Each inspection on a time line, one row per framework era, its judgement in its own words."""
    x = alt.X(
        "started:T",
        title="Inspection began",
        scale=alt.Scale(padding=24),
        axis=alt.Axis(labelBound=True),  # as satisfaction_history's
    )
    y = alt.Y("era:N", title="Framework", sort=alt.SortField("started"))
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
        scale=alt.Scale(domain=kinds, range=[NAVY, GAP_COLOURS[LEGEND_WORDS["below"]]]),
        legend=legend,
    )
    points = (
        alt.Chart().mark_point(filled=True, size=80).encode(x=x, y=y, shape=shape, color=colour)
    )
    words = (
        alt.Chart().mark_text(dy=-12, fontSize=11, color=INK).encode(x=x, y=y, text="judgement:N")
    )
    return alt.layer(points, words).properties(height=alt.Step(50))


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
