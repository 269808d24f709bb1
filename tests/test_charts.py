"""Every chart template is valid Vega-Lite and draws the frames the pages give it."""

from __future__ import annotations

import json
import re
from datetime import date

import polars as pl
import pytest

from lens.present import chart_data, chart_templates, charts
from lens.rules import words
from schemas.parent_view import OPTION_LABELS
from tests.colour_vision import VISIONS, apart, ciede2000, lab, linear_rgb, seen

SCHOOLS = pl.DataFrame(
    {
        "school_name": ["A", "B"],
        "urn": [900001, 900002],
        "grade_rank": [1, 4],
        "grade_label": ["Outstanding", "Inadequate"],
        "share_satisfied": [0.93, 0.70],
        "plotted_share": [0.93, 0.70],
        "ci95_low_share": [0.88, 0.55],
        "ci95_high_share": [0.96, 0.82],
        "count_responses": [120, 40],
        "count_submissions": [122, 41],
        "data_date": [date(2026, 4, 6)] * 2,
        "inspected_on": [date(2023, 5, 1)] * 2,
        "reference": ["primary schools judged Outstanding", "primary schools judged Inadequate"],
        "reference_share": [0.93, 0.82],
        "z_adjusted": [0.1, -3.4],
        "z_unadjusted": [0.3, -5.0],
        "gap_status": ["not_shown_to_differ", "below"],
        "gap_direction": [None, "below"],
        "unadjusted_direction": [None, "below"],
    }
)
LIMITS = pl.DataFrame(
    {
        "count_responses": [40, 120],
        "reference_share": [0.87, 0.87],
        "lower_warn_share": [0.75, 0.81],
        "upper_warn_share": [0.95, 0.92],
        "lower_limit_share": [0.675, 0.775],
        "upper_limit_share": [1.0, 0.95],
    }
)


@pytest.mark.parametrize(
    ("template", "args"),
    [
        ("grade_shares", (("Good", "Inadequate"), chart_templates.GRADE_COLOURS_4)),
        ("answers_by_grade", (("Good: England",),)),
        ("school_intervals", ()),
        ("differences", ()),
        ("funnel", ()),
        ("option_shares", (("Agree",), ("#08306b",))),
        ("trend", ()),
        ("peer_strip", ()),
        ("satisfaction_history", ()),
        ("inspection_timeline", ()),
    ],
)
def test_templates_are_valid_vega_lite(template, args):
    spec = charts.spec(template, *args)  # validates against the Vega-Lite schema
    # the page's frame is supplied when drawn: no placeholder data anywhere in the spec
    assert "data" not in spec
    assert all("data" not in layer for layer in spec.get("layer", []))


def test_funnel_frame_carries_limits_and_schools_in_one_dataset():
    frame = chart_data.funnel_frame(SCHOOLS, LIMITS)
    assert frame.filter(layer="limit").height == 2 * 5
    assert frame.filter(layer="school")["pct"].to_list() == pytest.approx([93.0, 70.0])
    assert set(frame.filter(layer="school")["gap"]) == {
        words.NOT_ON_LIST,
        words.LEGEND_WORDS["below"],
    }


def test_differences_frame_draws_the_lists_limits_and_each_view():
    frame = chart_data.differences_frame(SCHOOLS, 3.09, 1.96)
    lines = frame.filter(layer="limit")
    assert sorted(lines["z"].to_list()) == [-3.09, -1.96, 0.0, 1.96, 3.09]
    assert frame.filter(layer="school")["z"].to_list() == [0.1, -3.4]
    chance = chart_data.differences_frame(SCHOOLS, 3.09, 1.96, adjusted=False)
    assert chance.filter(layer="school")["z"].to_list() == [0.3, -5.0]


def test_answers_frame_orders_grades_then_geography():
    frame = pl.DataFrame(
        {
            "geography": ["England", "Leeds"],
            "grade_rank": [1, 1],
            "grade_label": ["Good", "Good"],
            "answer": ["agree", "agree"],
            "answer_share": [0.5, 0.4],
        }
    )
    data, order = chart_data.answers_frame(frame)
    assert order == ("Good: Leeds", "Good: England")
    assert data["pct_responses"].to_list() == [50.0, 40.0]
    assert data["answer_label"].to_list() == ["Agree", "Agree"]


SIMILAR = pl.DataFrame(
    {
        "urn": [900001, 900002, 900003],
        "school_name": ["This", "Peer in LA", "Peer elsewhere"],
        "is_this_school": [True, False, False],
        "in_same_la": [True, True, False],
        "pct_happy": [80.0, 90.0, 70.0],
        "submissions": [40, 50, 60],
    }
)


def test_profile_charts_render_to_the_same_png_every_time():
    """The briefing pack's images: real PNGs, drawn without a browser, identical run to run."""
    frame = chart_data.peer_frame(SIMILAR, "Leeds")
    assert frame.filter(pl.col("scope") == "In Leeds").height == 2
    assert frame.filter(pl.col("scope") == "In England").height == 3
    first = charts.png("peer_strip", frame, "Similar schools")
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.png("peer_strip", frame, "Similar schools") == first
    history = pl.DataFrame(
        {
            "is_predecessor": [False, True],
            "predecessor_urn": [None, 100001],
            "family": ["questionnaire_own_survey", "parent_view_pv_2019"],
            "data_date": [date(2024, 1, 1), date(2021, 7, 31)],
            "pct_satisfied": [90.0, 80.0],
            "ci95_low_pct": [85.0, 70.0],
            "ci95_high_pct": [94.0, 88.0],
            "count_responses": [200, 50],
        }
    )
    series = chart_data.satisfaction_series(history)
    assert series["series"].to_list() == [
        "Parent View (2019-2025 questions) (predecessor, URN 100001)",
        "Own parent surveys",
    ]
    assert charts.png("satisfaction_history", series, "Satisfaction").startswith(b"\x89PNG")


# --- what only the charts' own specs can show: axe cannot see inside a chart's canvas ----------

TEMPLATE_ARGS = {
    "grade_shares": (("Good", "Inadequate"), chart_templates.GRADE_COLOURS_4, ("Leeds", "England")),
    "answers_by_grade": (("Good: England",),),
    "school_intervals": (),
    "differences": (),
    "funnel": (),
    "option_shares": (("Agree",), ("#08306b",)),
    "trend": (),
    "peer_strip": (),
    "satisfaction_history": (),
    "inspection_timeline": (),
}
TEXT_COLOUR_KEYS = {  # every place a chart writes text, and the config key of its colour
    "axis": ("labelColor", "titleColor"),
    "legend": ("labelColor", "titleColor"),
    "header": ("labelColor", "titleColor"),
    "title": ("color", "subtitleColor"),
    "text": ("color",),
}


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    value = "".join(c * 2 for c in value) if len(value) == 3 else value
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG 2.2's contrast ratio of two sRGB colours."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colours(spec: dict) -> list[tuple[str, str | None]]:
    """Every text colour a chart uses, from its config and its own text marks and titles."""
    config = spec.get("config", {})
    found = [
        (f"config.{part}.{key}", config.get(part, {}).get(key))
        for part, keys in TEXT_COLOUR_KEYS.items()
        for key in keys
    ]

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            mark = node.get("mark")
            if isinstance(mark, dict) and mark.get("type") == "text" and "color" in mark:
                found.append((f"{where}.mark.color", mark["color"]))
            for key in ("labelColor", "titleColor"):
                if key in node:
                    found.append((f"{where}.{key}", node[key]))
            for key, inner in node.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(node, list):
            for i, inner in enumerate(node):
                walk(inner, f"{where}[{i}]")

    walk({k: v for k, v in spec.items() if k != "config"}, "spec")
    return found


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
@pytest.mark.parametrize("medium", ["screen", "paper"])
def test_every_chart_text_has_a_contrast_of_at_least_4_5_to_1(template, medium):
    """On screen and in the packs; a colour left to the renderer's defaults fails too (Vega's
    label grey is 3.5:1, Streamlit's chart theme about 3.7:1)."""
    made = charts.screen_spec if medium == "screen" else charts.paper_spec
    spec = made(template, "A title", *TEMPLATE_ARGS[template])
    background = spec["config"].get("background")
    assert background, "the chart's background is left to the page"
    weak = [
        (where, colour, None if colour is None else round(contrast(colour, background), 2))
        for where, colour in text_colours(spec)
        if colour is None or contrast(colour, background) < 4.5
    ]
    assert weak == []


def test_the_contrast_arithmetic_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#888888", "#ffffff") < 4.5


def _legends(spec: dict) -> dict[str, set[str]]:
    """For each field a legend is drawn for, the channels it carries (colour, shape...)."""
    found: dict[str, set[str]] = {}
    layers = spec.get("layer", [spec])
    for layer in layers:
        for channel, encoding in layer.get("encoding", {}).items():
            if channel in ("color", "shape") and encoding.get("legend", {}) is not None:
                found.setdefault(encoding["field"], set()).add(channel)
    return found


@pytest.mark.parametrize(
    "template",
    ["school_intervals", "differences", "funnel", "trend", "peer_strip", "satisfaction_history"]
    + ["inspection_timeline"],
)
def test_point_charts_have_a_legend_of_colour_and_shape(template):
    """Colour alone is not enough (colour-blind readers, greyscale print): every legend of a chart
    of points carries both."""
    legends = _legends(charts.spec(template, *TEMPLATE_ARGS[template]))
    assert legends and all(channels == {"color", "shape"} for channels in legends.values())


def test_a_report_card_legend_names_every_grade_of_the_scale():
    """The legend's domain is the whole scale, not only the grades some school has."""
    scale = ("Exceptional", "Strong standard", "Expected standard", "Needs attention")
    scale += ("Urgent improvement",)
    spec = charts.spec("grade_shares", scale, chart_templates.GRADE_COLOURS_5, ("Leeds",))
    assert spec["encoding"]["color"]["scale"]["domain"] == list(scale)


def test_bar_charts_keep_their_axis_labels_apart_and_their_legend_below():
    """At 1024 px a 100% bar shrank to 30 px with "0%100%" overprinted: the legend goes under
    the bars and the axis shows quarters, never overprinting. At 320 px the quarters crowded out
    "100%", so a narrow plot shows halves (the values are an expression of the plot's width)."""
    for template in ("grade_shares", "answers_by_grade", "option_shares"):
        spec = charts.screen_spec(template, "A title", *TEMPLATE_ARGS[template])
        assert spec["encoding"]["color"]["legend"]["orient"] == "bottom"
        axis = spec["encoding"]["x"]["axis"]
        assert "[0, 0.25, 0.5, 0.75, 1]" in axis["values"]["expr"]
        assert "[0, 0.5, 1]" in axis["values"]["expr"] and axis["labelFlush"]
        assert spec["config"]["axis"]["labelOverlap"]


def test_a_long_title_wraps_instead_of_being_clipped():
    title = (
        "Q5. My child has special educational needs and/or disabilities; the school gives "
        "them the support they need to succeed"
    )
    drawn = charts.screen_spec("option_shares", title, *TEMPLATE_ARGS["option_shares"])["title"]
    assert " ".join(drawn["text"]) == title
    assert all(len(line) <= charts.TITLE_CHARACTERS for line in drawn["text"])


@pytest.mark.parametrize("template", ["satisfaction_history", "peer_strip", "inspection_timeline"])
def test_the_packs_point_charts_keep_points_off_the_plots_edge(template):
    """A point at 100% or on the first date sat on the frame: every continuous position scale of
    the points the packs draw is padded."""
    spec = charts.spec(template)
    for layer in spec["layer"]:
        for channel in ("x", "y"):
            encoding = layer.get("encoding", {}).get(channel, {})
            if encoding.get("type") in ("quantitative", "temporal"):
                assert encoding.get("scale", {}).get("padding", 0) > 0 or (
                    "scale" not in encoding and _padded_elsewhere(spec, channel)
                ), (layer.get("mark"), channel)


def _padded_elsewhere(spec: dict, channel: str) -> bool:
    """Layers share a scale: one layer's padding pads them all."""
    return any(
        layer.get("encoding", {}).get(channel, {}).get("scale", {}).get("padding", 0) > 0
        for layer in spec["layer"]
    )


def _drawn_legends(template: str, frame: pl.DataFrame) -> list[dict]:
    """The legends Vega actually draws for a template with `frame` (the spec compiled by
    vl-convert, as the browser and the packs compile it), wherever in the spec they sit."""
    import json

    import vl_convert

    chart = charts.paper_spec(template, "A title", *TEMPLATE_ARGS[template])
    chart["data"] = {"values": frame.with_columns(pl.selectors.date().cast(pl.String)).to_dicts()}
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.extend(node.get("legends", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    compiled = vl_convert.vegalite_to_vega(chart)
    walk(json.loads(compiled) if isinstance(compiled, str) else compiled)
    return found


LINE_CHART_FRAMES = [
    (
        "trend",
        pl.DataFrame(
            {
                "series": ["Leeds", "Leeds", "England", "England"],
                "snapshot": ["Jul 2023", "Jul 2025"] * 2,
                "pct_positive": [89.0, 89.2, 89.5, 89.8],
                "ci95_low_pct": [88.5, 88.8, 89.4, 89.7],
                "ci95_high_pct": [89.5, 89.7, 89.6, 89.9],
            }
        ),
    ),
    (
        "satisfaction_history",
        pl.DataFrame(
            {
                "series": ["Parent View (2019-2025 questions)"] * 2 + ["Own parent surveys"],
                "on": [date(2021, 7, 31), date(2023, 7, 31), date(2024, 1, 1)],
                "pct_satisfied": [80.0, 82.0, 90.0],
                "ci95_low_pct": [70.0, 72.0, 85.0],
                "ci95_high_pct": [88.0, 89.0, 94.0],
                "count_responses": [50, 60, 200],
            }
        ),
    ),
]


@pytest.mark.parametrize(("template", "frame"), LINE_CHART_FRAMES)
def test_a_line_charts_one_legend_names_each_series_in_its_colour_and_shape(template, frame):
    """The Parent View trend ('% positive, Leeds and England') and the profile's 'Parents'
    satisfaction over time' drew no colour legend: their band and line layers said legend=None
    for the colour the points' legend shared, and Vega-Lite dropped it, leaving grey shapes."""
    legends = _drawn_legends(template, frame)
    assert len(legends) == 1, legends
    assert {"shape"} < set(legends[0]) and {"fill", "stroke"} & set(legends[0])


def test_the_report_card_legend_fits_a_projectors_chart_cell():
    """At 1024 px the chart's cell is about 420 px wide: a three-column legend of the report
    card's grades drew 509 px and 'Expected standard' was cut off. The whole chart, legend and
    labels, now fits in 420 px with its plot at 300."""
    import re

    import vl_convert

    scale = ("Exceptional", "Strong standard", "Expected standard", "Needs attention")
    scale += ("Urgent improvement",)
    chart = charts.screen_spec(
        "grade_shares", "Leadership and governance", scale, chart_templates.GRADE_COLOURS_5, ("X",)
    )
    chart["width"] = 300
    chart["data"] = {
        "values": [
            {"geography": "X", "grade_label": g, "grade_rank": i, "pct_schools": 0.2}
            for i, g in enumerate(scale)
        ]
    }
    svg = vl_convert.vegalite_to_svg(chart)
    assert float(re.search(r'<svg[^>]*width="([\d.]+)"', svg).group(1)) <= 420


def test_every_chart_on_screen_has_an_accessible_name(monkeypatch):
    """A walkthrough found the charts' SVGs unnamed for a screen reader: each drawn chart carries
    a description (Vega gives it to the SVG as its aria-label) naming it and its table."""
    drawn = {}
    monkeypatch.setattr(charts.st, "vega_lite_chart", lambda data, spec, **_: drawn.update(spec))
    charts.draw("trend", pl.DataFrame({"x": [1]}), "% satisfied, Leeds and England")
    assert drawn["description"].startswith("Chart: % satisfied, Leeds and England.")
    assert "table" in drawn["description"]
    # a question's own full stop is not doubled ("...at this school.. Its figures")
    charts.draw(
        "option_shares", pl.DataFrame({"x": [1]}), "Q1. My child is happy.", ("A",), ("#000",)
    )
    assert drawn["description"].startswith("Chart: Q1. My child is happy. Its figures")


def test_long_legends_wrap_instead_of_being_cut():
    """A walkthrough saw 'Strongly dis...' and 'Questionnaires at inspection (predecesso' cut off
    at the chart's edge: those legends are laid out in columns, and the profile's short chart has
    a short axis title."""
    answers = charts.spec("answers_by_grade", ("Good: England",))
    legends = [e["legend"] for e in _encodings(answers) if e.get("legend")]
    assert legends and all(legend.get("columns") for legend in legends)
    history = charts.spec("satisfaction_history")
    legends = [e["legend"] for e in _encodings(history) if e.get("legend")]
    assert legends and all(legend.get("columns") == 1 for legend in legends)
    titles = [e.get("title") for e in _encodings(history) if e.get("field") == "ci95_low_pct"]
    assert titles and all(len(t) <= 12 for t in titles)


def _encodings(spec: object) -> list[dict]:
    """Every channel definition in a spec, layers included."""
    found = []
    if isinstance(spec, dict):
        for key, inner in spec.items():
            if key == "encoding" and isinstance(inner, dict):
                found += [v for v in inner.values() if isinstance(v, dict)]
            found += _encodings(inner)
    elif isinstance(spec, list):
        for inner in spec:
            found += _encodings(inner)
    return found


# --- inside the chart: one named graphic, never a screen reader's tour of field codes ----------


REPORT_CARD = ("Exceptional", "Strong standard", "Expected standard", "Needs attention")
REPORT_CARD += ("Urgent improvement",)


def _every_option() -> tuple[pl.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """Every answer of an agree-scale question, don't know included, as the page shapes it."""
    keys = ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree", "dont_know")
    return chart_data.options_frame(
        pl.DataFrame(
            {
                "geography": ["Leeds"] * len(keys),
                "answer": list(keys),
                "answer_rank": list(range(1, len(keys) + 1)),
                "pct_responses": [40.0, 30.0, 10.0, 8.0, 7.0, 5.0],
                "submissions": [420] * len(keys),
            }
        )
    )


def _sample_args() -> dict[str, tuple]:
    """The arguments drawn with the sample frames: each scale whole, every colour in use."""
    _, domain, colours = _every_option()
    return {
        "grade_shares": (REPORT_CARD, chart_templates.GRADE_COLOURS_5, ("Leeds", "England")),
        "option_shares": (domain, colours, ("Leeds",)),
    }


SAMPLE_ARGS = _sample_args()


def _sample_frame(template: str) -> pl.DataFrame:
    """A small frame of each template's own fields, shaped as its page shapes it."""
    if template == "grade_shares":  # every grade of the report card's scale, in both places
        return pl.DataFrame(
            {
                "geography": [p for p in ("Leeds", "England") for _ in REPORT_CARD],
                "grade_label": list(REPORT_CARD) * 2,
                "grade_rank": list(range(1, 6)) * 2,
                "pct_schools": [3.6, 16.4, 67.3, 10.9, 1.8, 4.004004, 22.0, 58.1, 12.8, 3.1],
                "count_schools": [2, 9, 37, 6, 1, 160, 876, 2307, 510, 124],
            }
        )
    if template == "answers_by_grade":
        frame = pl.DataFrame(
            {
                "geography": ["England"] * 2,
                "grade_rank": [2, 2],
                "grade_label": ["Good", "Good"],
                "answer": ["agree", "disagree"],
                "answer_rank": [2, 3],
                "answer_share": [0.8, 0.2],
                "count_answers": [800, 200],
                "count_schools": [12, 12],
            }
        )
        return chart_data.answers_frame(frame)[0]
    if template == "school_intervals":
        return chart_data.schools_frame(SCHOOLS)
    if template == "differences":
        return chart_data.differences_frame(SCHOOLS, 3.09, 1.96)
    if template == "funnel":
        return chart_data.funnel_frame(SCHOOLS, LIMITS)
    if template == "option_shares":
        return _every_option()[0]
    if template == "peer_strip":
        return chart_data.peer_frame(SIMILAR, "Leeds")
    if template == "inspection_timeline":
        return pl.DataFrame(
            {
                "started": ["2010-03-27", "2023-11-08"],
                "era": ["2005-12", "2019-24"],
                "judgement": ["Good", "Requires improvement"],
                "whose": ["Predecessor (URN 100001)", "This school"],
                "whose_kind": ["Predecessor", "This school"],
            }
        )
    return dict(LINE_CHART_FRAMES)[template]


def _rendered_svg(template: str) -> str:
    """The chart as Vega draws it on screen (the page's spec, compiled and rendered to SVG by
    vl-convert, Vega's own SVG renderer, as the browser's), with a small frame of its fields."""
    import vl_convert

    chart = charts.screen_spec(
        template, "A title", *SAMPLE_ARGS.get(template, TEMPLATE_ARGS[template])
    )
    frame = _sample_frame(template)
    chart["data"] = {"values": frame.with_columns(pl.selectors.date().cast(pl.String)).to_dicts()}
    return vl_convert.vegalite_to_svg(chart)


def exposed_labels(svg: str) -> list[str]:
    """The aria-labels a screen reader can reach in an SVG: those not inside an element marked
    aria-hidden (which hides its whole subtree from the accessibility tree)."""
    from xml.etree import ElementTree

    found: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        if node.get("aria-hidden") == "true":
            return
        if node.get("aria-label") is not None:
            found.append(node.get("aria-label"))
        for inner in node:
            walk(inner)

    walk(ElementTree.fromstring(svg))
    return found


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
def test_no_mark_axis_or_legend_inside_a_chart_is_labelled_for_a_screen_reader(template):
    """An audit heard Vega's own labels inside every chart, one per mark ('% of schools:
    22.622623%; geography: England; grade_rank: 1'): database names and unrounded numbers, 286 of
    them on the Satisfaction page. The chart is one graphic named by its description (on its
    container, tests/browser), and nothing inside it carries a label a screen reader can reach."""
    svg = _rendered_svg(template)
    assert svg.count("<path") + svg.count("<line") > 2  # something was drawn
    assert exposed_labels(svg) == []


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
@pytest.mark.parametrize("medium", ["screen", "paper"])
def test_every_chart_as_drawn_is_valid_vega_lite(template, medium):
    """The template is validated when built; this checks the theme and title added to it (a
    misspelt config key is otherwise dropped without a word)."""
    import altair as alt
    from altair.utils.schemapi import validate_jsonschema

    made = charts.screen_spec if medium == "screen" else charts.paper_spec
    spec = {**made(template, "A title", *TEMPLATE_ARGS[template]), "data": {"values": []}}
    # but the legends' layout, which Vega-Lite's schema types as an expression and passes to Vega
    # as it is, where Vega documents it as an object by orient (the only way to stack legends)
    layout = spec["config"]["legend"].pop("layout")
    assert set(layout) == {"bottom"} and layout["bottom"]["direction"] == "vertical"
    schema = alt.vegalite.v6.schema.core.load_schema()
    assert validate_jsonschema(spec, schema, raise_error=False) is None


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
@pytest.mark.parametrize("medium", ["screen", "paper"])
def test_every_charts_config_turns_vegas_own_aria_off(template, medium):
    """The spec every chart-making function produces hides marks, axes, legends and the title
    (whose words the chart's accessible name already says) from the accessibility tree, and on
    screen keeps the chart's own name."""
    made = charts.screen_spec if medium == "screen" else charts.paper_spec
    spec = made(template, "A title", *TEMPLATE_ARGS[template])
    config = spec["config"]
    assert config["aria"] is False
    assert [config[part]["aria"] for part in ("mark", "axis", "legend")] == [False] * 3
    assert spec["title"]["aria"] is False
    if medium == "screen":
        assert spec["description"].startswith("Chart: A title.")


# --- marks: every graphical object at least 3:1 on white, grades apart for colour-blind eyes ----

PALETTES = {  # every colour a chart gives its marks, by what it colours
    "grades (4)": chart_templates.GRADE_COLOURS_4,
    "report card grades (5)": chart_templates.GRADE_COLOURS_5,
    "Parent View answers": chart_templates.OPTION_COLOURS,
    "gap list": tuple(chart_templates.GAP_COLOURS.values()),
    "series": chart_templates.SERIES_COLOURS,
    "similar schools": tuple(chart_templates.PEER_COLOURS.values()),
}
ORDERED = {  # the scales whose neighbours are told apart by colour (and a white line) alone
    "grades (4)": chart_templates.GRADE_COLOURS_4,
    "report card grades (5)": chart_templates.GRADE_COLOURS_5,
    **{
        f"answers: {', '.join(keys)}": tuple(
            chart_templates.OPTION_COLOURS[list(OPTION_LABELS).index(k)] for k in keys
        )
        for keys in (
            ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree", "dont_know"),
            ("yes", "no", "dont_know"),
            ("yes", "no", "not_applicable"),
            ("rated_positive", "rated_neutral", "rated_negative"),
        )
    },
}
APART = 20  # CIEDE2000: the old palette's nearest neighbours were 21 apart (blue, grey; protanopia)


def over(colour: str, alpha: float, background: str = chart_templates.BACKGROUND) -> str:
    """The colour seen when `colour` is drawn at `alpha` over `background`."""
    value, under = colour.lstrip("#"), background.lstrip("#")
    value = "".join(c * 2 for c in value) if len(value) == 3 else value
    under = "".join(c * 2 for c in under) if len(under) == 3 else under
    mixed = [
        round(alpha * int(value[i : i + 2], 16) + (1 - alpha) * int(under[i : i + 2], 16))
        for i in (0, 2, 4)
    ]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_mark_colour_has_a_contrast_of_at_least_3_to_1(palette):
    """WCAG 2.2 1.4.11: a mark is a graphical object, and needs 3:1 against the white beside it.
    An audit measured the old orange (#d9822b) at 2.93:1, the grey of 'Expected standard'
    (#9e9e9e) at 2.68:1 and Okabe-Ito's orange and sky blue at 2.2 and 2.3:1."""
    weak = {
        colour: round(contrast(colour, chart_templates.BACKGROUND), 2)
        for colour in PALETTES[palette]
        if contrast(colour, chart_templates.BACKGROUND) < 3
    }
    assert weak == {}


MARK_ROLES = ("role-mark", "role-legend-symbol", "role-axis-domain", "role-axis-tick")
WHITE = ("white", "#fff", "#ffffff", chart_templates.BACKGROUND)


def drawn_ink(svg: str) -> list[tuple[str, str, str, float]]:
    """Every stroke and fill of a mark, legend symbol, axis line or tick as Vega draws it: (role,
    part, colour, opacity), the opacity its own times its fill's or stroke's. Not text (4.5:1,
    above), grid lines (a help to the eye, not information), backgrounds or the white lines that
    part stacked segments."""
    from xml.etree import ElementTree

    found: list[tuple[str, str, str, float]] = []

    def walk(node: ElementTree.Element, role: str | None, opacity: float) -> None:
        tag = node.tag.rsplit("}", 1)[-1]
        classes = (node.get("class") or "").split()
        role = next((c for c in classes if c.startswith("role-")), role)
        opacity *= float(node.get("opacity", 1))
        shown = node.get("display") != "none" and not {"background", "foreground"} & set(classes)
        if tag in ("path", "line", "rect", "circle") and role in MARK_ROLES and shown:
            fill, stroke = node.get("fill"), node.get("stroke")
            if fill and fill not in ("none", "transparent"):
                found.append((role, "fill", fill, opacity * float(node.get("fill-opacity", 1))))
            if stroke and stroke not in ("none", "transparent", *WHITE):
                alpha = opacity * float(node.get("stroke-opacity", 1))
                found.append((role, "stroke", stroke, alpha))
        for inner in node:
            walk(inner, role, opacity)

    walk(ElementTree.fromstring(svg), None, 1.0)
    return found


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
def test_every_mark_as_drawn_has_a_contrast_of_at_least_3_to_1(template):
    """The colour each mark is drawn in after its opacity, over white, from the chart as Vega
    renders it: points had been drawn at Vega-Lite's default 0.7 (the gap list's grey 2.65:1),
    95% intervals at 0.35 (1.56:1), the profile's series at 0.5 to 0.7 (1.6 to 2.4:1). A band's
    tint may be light when its edges are drawn at 3:1 (the trend's 95% interval)."""
    ink = drawn_ink(_rendered_svg(template))
    assert any(role == "role-mark" for role, *_ in ink)
    outlined = {
        colour for role, part, colour, alpha in ink if part == "stroke" and alpha == 1
    }  # the band's edges: its fill may be a tint of the same colour
    weak = [
        (role, part, colour, alpha, round(contrast(over(colour, alpha), "#ffffff"), 2))
        for role, part, colour, alpha in ink
        if contrast(over(colour, alpha), "#ffffff") < 3
        and not (part == "fill" and template == "trend" and colour in outlined)
    ]
    assert weak == []


def test_the_trend_band_is_a_tint_inside_edges_of_its_own_colour():
    """The exception above is only the trend's 95% band, whose edges are dashed lines."""
    band = charts.spec("trend")["layer"][0]
    assert band["mark"]["type"] == "area"
    assert band["mark"]["strokeDash"] and band["encoding"]["stroke"]["field"] == "series"


@pytest.mark.parametrize("scale", list(ORDERED))
@pytest.mark.parametrize("vision", VISIONS)
def test_neighbouring_grades_stay_apart_with_colour_blindness(scale, vision):
    """Grades and answers run blue through grey to orange and brown; with protanopia,
    deuteranopia or tritanopia simulated (Machado 2009) each stays at least APART (CIEDE2000) from
    the next, so adjacent segments of a stacked bar can be told apart."""
    colours = ORDERED[scale]
    near = [
        (one, other, round(apart(one, other, vision), 1))
        for one, other in zip(colours, colours[1:], strict=False)
        if apart(one, other, vision) < APART
    ]
    assert near == []


@pytest.mark.parametrize(
    "pair",
    [
        chart_templates.SERIES_COLOURS[:2],  # the LA and England; a school and its predecessor
        tuple(chart_templates.PEER_COLOURS.values()),
        tuple(chart_templates.GAP_COLOURS[words.LEGEND_WORDS[k]] for k in ("above", "below")),
    ],
)
@pytest.mark.parametrize("vision", VISIONS)
def test_the_two_colours_of_a_two_part_legend_stay_apart(pair, vision):
    assert apart(*pair, vision) >= APART


def test_favourable_grades_are_blue_and_unfavourable_orange():
    """Ordered: blue (CIELAB b* below 0) for the better grades, orange and brown (b* above 0) for
    the worse, a grey (b* near 0) between on a five-point scale."""
    for colours in (chart_templates.GRADE_COLOURS_4, chart_templates.GRADE_COLOURS_5):
        b_star = [lab(linear_rgb(c))[2] for c in colours]
        half = len(colours) // 2
        assert all(b < -20 for b in b_star[:half])
        assert all(b > 20 for b in b_star[-half:])
        assert all(abs(b) < 1 for b in b_star[half:-half])


def test_stacked_bars_part_their_segments_with_a_white_line():
    for template in ("grade_shares", "answers_by_grade", "option_shares"):
        mark = charts.spec(template, *TEMPLATE_ARGS[template])["mark"]
        assert mark["stroke"] in WHITE and mark["strokeWidth"] >= 1


def test_gap_list_places_keep_one_shape_and_one_legend():
    """Above and below point up and down; the purple of 'on the line' is near the navy of 'above'
    with protanopia (10 apart), so their shapes differ, and colour and shape share one domain
    so Vega draws one legend, not a legend of colours and another of shapes."""
    encoding = charts.spec("school_intervals")["layer"][1]["encoding"]
    assert encoding["shape"]["scale"]["domain"] == encoding["color"]["scale"]["domain"]
    shapes = encoding["shape"]["scale"]["range"]
    assert len(set(shapes)) == len(shapes)


def test_the_colour_arithmetic_matches_published_values():
    """CIEDE2000 against Sharma, Wu and Dalal's (2005) test pairs; a grey is seen as grey with
    every deficiency (each Machado matrix keeps white white)."""
    pairs = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
        ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
    ]
    for one, other, expected in pairs:
        assert ciede2000(one, other) == pytest.approx(expected, abs=1e-4)
    for vision in VISIONS:
        assert seen("#ffffff", vision) == pytest.approx((1, 1, 1), abs=1e-3)
    assert over("#767676", 0.7) == "#9f9f9f"  # the audit's measured gap-list grey


def _keys(node: object) -> set[str]:
    """Every key anywhere in a spec."""
    if isinstance(node, dict):
        return set(node) | {k for inner in node.values() for k in _keys(inner)}
    if isinstance(node, list):
        return {k for inner in node for k in _keys(inner)}
    return set()


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
def test_no_chart_has_a_tooltip(template):
    """Vega's tooltips could not be dismissed with Escape, vanished when the pointer moved onto
    them and covered the legend (WCAG 2.2 1.4.13); no keyboard or screen reader reached them.
    Their figures are in the tables and words beside each chart (tests/test_dashboard.py)."""
    spec = charts.screen_spec(template, "A title", *TEMPLATE_ARGS[template])
    assert "tooltip" not in _keys({k: v for k, v in spec.items() if k != "config"})
    # and none of Streamlit's own, which lists every field a mark encodes by its database name
    assert spec["config"]["mark"]["tooltip"] is False


# --- reflow: at 320 px of window a chart is 288 px wide --------------------------------------


def _legends_of(spec: dict) -> list[dict]:
    return [e["legend"] for e in _encodings(spec) if e.get("legend")]


@pytest.mark.parametrize("template", list(TEMPLATE_ARGS))
def test_every_legend_sits_under_its_plot_and_takes_one_column_when_narrow(template):
    """Beside the plot, the gap list's legend squeezed it to a sliver at 320 px; in two columns
    a grade legend ran off the chart's edge. Every legend is under its plot, and one drawn in
    columns falls to one column on a narrow plot (the tests in tests/browser measure the
    result at 320 px, on a projector and at a desk)."""
    legends = _legends_of(charts.spec(template, *TEMPLATE_ARGS[template]))
    assert legends
    for legend in legends:
        assert legend["orient"] == "bottom"
        columns = legend.get("columns", 1)
        assert columns == 1 or "? 1 :" in columns["expr"], columns


@pytest.mark.parametrize("template", ["school_intervals", "differences", "funnel"])
def test_the_gap_lists_long_legend_labels_wrap(template):
    """'On the list: above schools with the same grade and phase' is 56 characters: drawn on
    lines of at most LEGEND_LINE characters (fewer where the plot is narrow), never cut."""
    long = [
        label
        for label in chart_templates.GAP_COLOURS
        if len(label) > chart_templates.NARROW_LEGEND_LINE
    ]
    for legend in _legends_of(charts.spec(template)):
        if legend.get("labelExpr"):
            assert all(json.dumps(label) in legend["labelExpr"] for label in long)
            lines = re.findall(r'\[("[^\]]*")\]', legend["labelExpr"])
            assert lines and all(
                len(line) <= chart_templates.LEGEND_LINE
                for group in lines
                for line in json.loads(f"[{group}]")
            )


def test_a_chart_on_screen_fits_the_pages_width_and_keeps_its_plots_height():
    """Streamlit fits a chart without `autosize` into its height too, legends and all: legends
    moved under the plot then squeezed it flat. On screen the width is fitted, the height is
    the plot's; in the packs (vl-convert) charts keep their fixed sizes."""
    for template in TEMPLATE_ARGS:
        spec = charts.screen_spec(template, "A title", *TEMPLATE_ARGS[template])
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert "autosize" not in charts.paper_spec(template, "A title", *TEMPLATE_ARGS[template])
    assert charts.spec("differences")["height"] > 200 and charts.spec("funnel")["height"] > 200
