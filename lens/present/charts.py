"""Altair charts, built once and reused: each chart is authored in Altair without data, turned into
a Vega-Lite spec once per process (validated then), and drawn with the page's own frame, which
Streamlit sends as Arrow. Building an Altair chart costs tens of milliseconds of Python per chart
(most of a rerun's time under load); doing it once keeps a filter change cheap.

Colours run blue (favourable) to orange (unfavourable): distinguishable with the common
colour-vision deficiencies, at least 3:1 on white, and never the only carrier of meaning (tables
sit beside each chart; points have shapes; stacked bars a white line between grades).
"""

from __future__ import annotations

import copy
import functools
import textwrap
from pathlib import Path

import polars as pl
import streamlit as st
import vl_convert

from lens.present.chart_templates import BACKGROUND, INK, LABEL_INK, RULE_INK, TEMPLATES

# --- the look every chart shares, on screen and on paper -------------------------------------

# a title longer than this wraps onto another line, never clipped: 56 characters fit the packs'
# 480 px; on screen a chart can be 288 px wide (320 px of window), where 43 were cut
TITLE_CHARACTERS = 40
PAPER_TITLE_CHARACTERS = 56
NO_VEGA_ARIA = {"aria": False}  # marks, axes, legends and titles hidden from the ARIA tree


def theme(font: str = "Source Sans 3, Source Sans Pro, sans-serif") -> dict:
    """The Vega-Lite config of every chart: dark text on white, so no chart text falls under
    4.5:1 (the default label grey, #888, is 3.5:1; Streamlit's own chart theme is about 3.7:1),
    legends under the plot where they do not squeeze it, labels that never overprint, and no
    ARIA of Vega's own inside the chart (below)."""
    text = {"labelColor": LABEL_INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12}
    return {
        "background": BACKGROUND,
        "font": font,
        # Vega labels every mark, axis and legend for screen readers from the data's own fields
        # ("% of schools: 22.622623%; geography: England; grade_rank: 1"): database names and
        # unrounded numbers, one stop per mark (286 on the Satisfaction page). Off: the chart
        # is one named graphic (screen_spec's description) whose figures are in the table beside it
        **NO_VEGA_ARIA,
        # opaque marks, so each is drawn in its own colour, at least 3:1 on white (WCAG 1.4.11):
        # Vega-Lite draws points and ticks at 0.7 by default, which took the gap list's grey
        # to 2.65:1 and its orange to 2.89:1
        # and no tooltips: Streamlit's own chart config gives every mark one of all its fields
        # (`tooltip: {content: "encoding"}`) unless a chart says otherwise (chart_templates)
        "mark": {**NO_VEGA_ARIA, "opacity": 1, "tooltip": False},
        "title": {"color": INK, "subtitleColor": LABEL_INK, "fontSize": 14, "anchor": "start"},
        "axis": {
            **NO_VEGA_ARIA,
            **text,
            "labelOverlap": "greedy",  # a label that would overprint another is left out
            "domainColor": RULE_INK,
            "tickColor": RULE_INK,
            "gridColor": "#e3e3e3",
        },
        "legend": {
            **NO_VEGA_ARIA,
            **text,
            "labelLimit": 320,
            "symbolStrokeWidth": 1.5,
            # two legends under a plot (the gap list's lines and places) one above the other,
            # not side by side, which ran off a narrow chart
            "layout": {"bottom": {"direction": "vertical", "anchor": "start"}},
        },
        "header": {**text},
        "text": {"color": INK},
        "view": {"stroke": None},
    }


# --- drawing -----------------------------------------------------------------------------------


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


def title_lines(title: str, characters: int = TITLE_CHARACTERS) -> list[str]:
    """A chart title as lines short enough never to be clipped by a narrow chart."""
    return textwrap.wrap(title, characters, break_long_words=False) or [title]


def _with_title(template: str, title: str, args: tuple, characters: int) -> dict:
    chart = copy.deepcopy(spec(template, *args))
    # the title's own ARIA too (Vega-Lite drops `aria` from config.title): the chart's
    # accessible name already says it, and a screen reader would hear it twice
    chart["title"] = {"text": title_lines(title, characters), **NO_VEGA_ARIA}
    return chart


FONTS = Path(__file__).parent / "fonts"
vl_convert.register_font_directory(str(FONTS))


def screen_spec(template: str, title: str, *args: object) -> dict:
    """The spec `draw` sends to the page: the template, its title in lines, this theme, and its
    accessible name."""
    chart = _with_title(template, title, args, TITLE_CHARACTERS)
    chart["config"] = theme()
    # the page's width, and the chart's own height for its plot: Streamlit's default ("fit" both
    # ways) squeezed the plot to make room for the legends under it, to nothing at 320 px
    chart["autosize"] = {"type": "fit-x", "contains": "padding"}
    # the chart's accessible name (Vega gives it to the chart's container as its aria-label): a
    # screen reader hears what the chart is and where its figures are, not an unnamed graphic
    named = title.rstrip(".")  # a question's text ends in a full stop of its own
    chart["description"] = f"Chart: {named}. Its figures are in the table or words beside it."
    return chart


def paper_spec(template: str, title: str, *args: object, width: int = 480) -> dict:
    """The spec `png` renders for the packs: the same, in the packs' font and at a fixed width."""
    chart = _with_title(template, title, args, PAPER_TITLE_CHARACTERS)
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
