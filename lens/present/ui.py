"""Shared page furniture: the demonstration label, charts with their tables, and downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from lens.auth import access
from lens.data.coverage import label as national_label
from lens.data.queries import ask
from lens.present import charts, export
from lens.present.vocabulary import column, column_config, column_config_for, present, shown_label
from lens.rules.labels import as_at_sentence

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")
EMPTY = "\u2013"  # what an empty cell shows, on screen and on paper: never "None" or "nan"
# Columns that say which row a reader is on: pinned at the left, so they stay in view while the
# figures scroll (a projector at 1024 px shows two or three columns beside them).
KEY_COLUMNS = ("school_name", "question_text", "grade_label", "phase", "measure", "fact", "series")
# The sidebar's choices, carried by a link to a school's profile so it opens on the same view.
SIDEBAR_KEYS = ("la", "phase", "type", "gap_source", "gap_window", "gap_judgement")
# Below about 1200 px of window (a projector), a chart goes above its table, not beside it: two
# cells of a grid wrap to one column when either would be narrower than this (with the sidebar
# open at 1400 px each is about 460 px wide; at 1024 px, sidebar shut, about 420).
CHART_TABLE_MIN_WIDTH = 440


def md(text: object) -> str:
    """Text from the data, made safe to place in Markdown: every character Markdown, HTML or
    Streamlit's directives (:red[...], :material/...:) would act on is escaped, so a school or LA
    name is always shown as typed and never rendered."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def plural(count: int, noun: str) -> str:
    """'1 school', '2 schools'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def clamped_range(key: str, low: float, high: float) -> dict:
    """The arguments for a range slider whose bounds move with the selection (the largest roll in
    another LA): a kept value is pulled inside the new bounds, and the default (the whole range)
    is given only when nothing is kept, so Streamlit never sees both."""
    bounds_key = f"{key}__bounds"
    kept, bounds = st.session_state.get(key), st.session_state.get(bounds_key)
    st.session_state[bounds_key] = (low, high)
    if kept is None:
        return {"value": (low, high)}
    if bounds is not None and tuple(kept) == tuple(bounds):  # the whole range stays the whole range
        st.session_state[key] = (low, high)
    else:
        st.session_state[key] = (min(max(kept[0], low), high), min(max(kept[1], low), high))
    return {}


NARROW_WINDOW = 1200  # px: below this (a projector at 1024 x 768) the sidebar starts shut
FOCUS_COLOUR = "#1d4f91"  # the theme's primaryColor (.streamlit/config.toml): keyboard focus
_LABELS_WRAP = """<style>
/* a headline figure's or a filter's label wraps onto a second line instead of being cut off */
[data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricLabel"] .stMarkdownEllipsis p,
[data-testid="stWidgetLabel"] .stMarkdownEllipsis,
[data-testid="stWidgetLabel"] .stMarkdownEllipsis p {
    white-space: normal; overflow: visible; text-overflow: clip;
}
[data-testid="stMetricLabel"] { height: auto; min-height: 1.5rem; }
/* a page link reached by keyboard: an outline in the theme's primary colour (8:1 on the sidebar),
   drawn inside the link so the sidebar's edge cannot clip it, and no grey fill, which read like
   the current page's highlight (Streamlit gives both a grey background, and focus no outline);
   kept clear of the sidebar's top when scrolled into view (WCAG 2.2: 2.4.7, 2.4.11, 2.4.13) */
section[data-testid="stSidebar"] a[data-testid="stSidebarNavLink"]:focus-visible {
    outline: 3px solid FOCUS_COLOUR; outline-offset: -3px; scroll-margin-block: 4rem;
}
section[data-testid="stSidebar"]
    a[data-testid="stSidebarNavLink"]:focus-visible:not([aria-current="page"]) {
    background-color: transparent;
}
/* What an accessibility audit (WCAG 2.2 AA) found Streamlit leaves wrong, each checked in
   chromium by the keyboard browser test:
   - the shut sidebar is moved off-screen but its links and boxes stay in the tab order: sixteen
     invisible stops before "Expand sidebar", on every projector (2.4.7, 2.4.11, 2.4.3) */
section[data-testid="stSidebar"][data-collapsed="true"],
section[data-testid="stSidebar"][data-collapsed="true"] * {
    visibility: hidden !important;
}
/* - tabbing backwards scrolls a control to the top, under the page's 60 px header (2.4.11) */
[data-testid="stMain"] { scroll-padding-top: 4.5rem; }
/* - a chart's or table's toolbar takes focus while fully transparent (2.4.7) */
[data-testid="stElementToolbar"]:focus-within { opacity: 1; }
/* - Streamlit's focus ring is 2.4:1 against the page, and a box or switch shows focus only as a
     faint fill (1.2:1): every control gets the page links' outline, 8:1 (1.4.11, 2.4.7) */
[data-testid="stSkipToContent"]:focus-visible,
[data-testid="stHeader"] button:focus-visible,
[data-testid="stMain"] button:focus-visible,
[data-testid="stMain"] a:focus-visible,
section[data-testid="stSidebar"] button:focus-visible,
details > summary:focus-visible,
label:has(input[type="checkbox"]:focus-visible),
[role="slider"]:focus-visible {
    outline: 3px solid FOCUS_COLOUR !important; outline-offset: 2px;
}
/* - a switch that is off is a track of 1.6:1 on white; as dark as a box's edge now is (3.9:1,
     borderColor in .streamlit/config.toml), its white knob still plain on it (1.4.11) */
label:has(input[role="switch"]:not(:checked)) > span + div { background-color: #808080 !important; }
/* - a heading's "Link to heading" is drawn only on hover: reached by keyboard it was invisible */
[data-testid="stHeaderActionElements"] a:focus-visible {
    opacity: 1 !important; transition: none !important;
}
</style>""".replace("FOCUS_COLOUR", FOCUS_COLOUR)
_SIDEBAR_SHUT_WHEN_NARROW = """<script>
(() => {
  // Once per tab, on a window narrower than %(narrow)d px, shut the sidebar so the page has the
  // room (Streamlit shuts it by itself only below 768 px). Opening it again is remembered.
  if (window.innerWidth >= %(narrow)d || sessionStorage.getItem("lens-sidebar-narrow")) return;
  sessionStorage.setItem("lens-sidebar-narrow", "shut");
  const shut = () => {
    const button = document.querySelector(
      'button[aria-controls="stSidebar"][aria-expanded="true"]');
    if (button) {
      button.click();
      // Streamlit remembers a click as the person's choice for every later visit: this one is
      // not theirs, so the same browser at a desk next time opens with the sidebar as usual
      setTimeout(() => Object.keys(localStorage)
        .filter(key => key.startsWith("stSidebarCollapsed"))
        .forEach(key => localStorage.removeItem(key)), 50);
    }
    return Boolean(button);
  };
  if (!shut()) {
    const tries = setInterval(() => { if (shut()) clearInterval(tries); }, 100);
    setTimeout(() => clearInterval(tries), 5000);
  }
})();
</script>""".replace("%(narrow)d", str(NARROW_WINDOW))


def layout_for_desk_and_projector() -> None:
    """What Streamlit has no setting for: headline labels that wrap rather than being cut, a
    keyboard focus on the page links unlike the current page's highlight, and the sidebar shut by
    default below NARROW_WINDOW px (all fixed text, no data in them)."""
    st.html(_LABELS_WRAP)
    st.html(_SIDEBAR_SHUT_WHEN_NARROW, unsafe_allow_javascript=True)


APP_NAME = "Partnership Lens"


def tab_title(*parts: str) -> None:
    """The browser tab's title, most particular first ("Parent View – Leeds – Partnership
    Lens"; a school's name on its profile), so a set of tabs opened from profile links can be told
    apart and a screen reader hears the page change (WCAG 2.4.2; every page had the app's name
    alone). Streamlit lets a later call override an earlier one within a run."""
    st.set_page_config(page_title=" – ".join([*(p for p in parts if p), APP_NAME]))


def demo_banner(is_demo: bool) -> None:
    """Every page says plainly when it shows demonstration data."""
    if is_demo:
        st.warning(
            "**Demonstration data: fictional schools.** Names, URNs and every figure are made up "
            "(real local authority names only). Load published files with `python -m etl build` "
            "to see real schools.",
            icon=":material/science:",
        )


def address_params(keys: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """The page address's parameters, every value of a repeated one (a range, a multiselect):
    `st.query_params.to_dict()` keeps only the last, which dropped half of a range from links.
    A pair written twice (a link's parameter and its bound widget) is kept once."""
    pairs = [
        (key, value)
        for key in st.query_params
        if keys is None or key in keys
        for value in st.query_params.get_all(key)
    ]
    return list(dict.fromkeys(pairs))


# A school's name in its profile link: only what would end the value or change its meaning is
# encoded; the rest stays as typed, since a screen reader reads the link's text aloud.
NAME_IN_LINK = {"%": "%25", "&": "%26", "#": "%23", "+": "%2B"}
PROFILE_NAME = r"school=([^&]*)"  # what the link column shows: the name, decoded


def profile_link(urn: object, name: object) -> str:
    """The address of a school's profile, on the sidebar's current view, carrying the name for
    the table to show (`school=`, which the profile page ignores)."""
    written = "".join(NAME_IN_LINK.get(c, c) for c in str(name))
    return f"school?school={written}&urn={urn}{_view()}"


def _view() -> str:
    """The sidebar's choices as the tail of a link ('' when all are at their defaults)."""
    params = address_params(SIDEBAR_KEYS)
    return "&" + urlencode(params) if params else ""


def _with_profile_links(frame: pl.DataFrame, shown: pl.DataFrame, label: str) -> pl.DataFrame:
    """The shown School column as links to each school's profile (shown as the name), made in
    one expression: a list of all 21,000 schools costs no Python loop."""
    name = pl.col("school_name").cast(pl.String)
    for character, written in NAME_IN_LINK.items():  # "%" first, so nothing is encoded twice
        name = name.str.replace_all(character, written, literal=True)
    links = frame.select(
        pl.when(pl.col("urn").is_not_null())
        .then(pl.format("school?school={}&urn={}{}", name, pl.col("urn"), pl.lit(_view())))
        .alias(label)
    )
    return shown.with_columns(links.to_series())


def screen_config(frame: pl.DataFrame, shown: pl.DataFrame, national: str) -> dict:
    """Column settings for a table on screen: each column's format and meaning, the key columns
    pinned, and a school's name as a link to its profile."""
    config = column_config(shown, national)
    for name in KEY_COLUMNS:
        if name in frame.columns:
            label = shown_label(name, national)
            setting = config[label]
            setting["pinned"] = True
            if name == "question_text":  # long: the figures beside it must stay in view
                setting["width"] = "medium"
    if "school_name" in frame.columns and "urn" in frame.columns:
        label = shown_label("school_name", national)
        config[label] = st.column_config.LinkColumn(
            label,
            help="The school's name: click it to open its profile in a new tab.",
            display_text=PROFILE_NAME,
            pinned=True,
        )
    return config


def show_table(frame: pl.DataFrame, where=st) -> pl.DataFrame:  # noqa: ANN001
    """A table in the reader's words (lens/present/vocabulary.py): labelled columns, codes as words,
    percentages and dates formatted, "–" for an empty cell, key columns pinned, and each school's
    name a link to its profile. Returns what was shown (names as names), for its downloads."""
    national = national_label()
    shown = present(frame, national)
    on_screen = shown
    if "school_name" in frame.columns and "urn" in frame.columns:
        on_screen = _with_profile_links(frame, shown, shown_label("school_name", national))
    where.dataframe(
        on_screen.to_arrow(),
        hide_index=True,
        column_config=screen_config(frame, shown, national),
        placeholder=EMPTY,
    )
    return shown


def chart_and_table():  # noqa: ANN201 - two Streamlit containers
    """Two cells, chart first: side by side on a desk, the chart above its table below about
    1200 px of window (a projector), so neither is squeezed."""
    grid = st.grid(2, min_column_width=CHART_TABLE_MIN_WIDTH, gap="medium")
    return grid.cell(), grid.cell()


def show_pivot(
    frame: pl.DataFrame,
    *,
    on: str,
    index: list[str],
    values: str,
    where=st,  # noqa: ANN001
    first: list[str] | None = None,
    download: tuple[str, dict[str, str]] | None = None,
) -> pl.DataFrame:
    """A long table pivoted for reading: the index columns in the reader's words (pinned), one
    column per value of `on` (already words, such as answers or area names), formatted like
    `values`; the values named in `first` (the LA, then its region) lead, in that order.
    `download` (a name and the Excel file's About lines) puts its CSV and Excel buttons under it."""
    national = national_label()
    label = {c: shown_label(c, national) for c in (*index, on, values)}
    shown = present(frame.select(*index, on, values), national).pivot(
        on=label[on], index=[label[c] for c in index], values=label[values]
    )
    keys = [label[c] for c in index]
    spread = shown.columns[len(index) :]
    leading = [name for name in first or [] if name in spread]
    shown = shown.select(*keys, *leading, *(n for n in spread if n not in leading))
    info = column(values)
    config = column_config(shown.select(keys), national)
    for name in keys:
        config[name]["pinned"] = True
    for name in shown.columns[len(index) :]:
        config[name] = column_config_for(name, info)
    where.dataframe(shown.to_arrow(), hide_index=True, column_config=config, placeholder=EMPTY)
    if download is not None:
        percent = shown.columns[len(index) :] if info.unit in ("pct", "share") else []
        download_shown(shown, *download, tuple(percent), where)
    return shown


def data_as_at(where=st) -> None:  # noqa: ANN001
    """How current the page's figures are, under its title: each source's 'as at' date and when
    the warehouse was last updated (the same words on every page, and in every Excel file)."""
    where.caption(f"{as_at_sentence(ask('source_dates'))}. Data last updated {_updated()}.")


def _updated() -> str:
    """When the warehouse was last updated, as every page and Excel file says it."""
    return f"{ask('build_info')['built_at'][0]:%-d %B %Y %H:%M} UTC"


def dated_about(about: dict[str, str]) -> dict[str, str]:
    """An Excel file's About lines with the data's dates added: each source's 'as at' date and when
    the warehouse was last updated (a file taken into a meeting says how current it is)."""
    dates = {
        f"Data as at: {row['source']}": (
            f"{row['as_at_date']:%-d %B %Y}" if row["as_at_date"] else "date not stated"
        )
        for row in ask("source_dates").iter_rows(named=True)
    }
    return {**about, **dates, "Data last updated": _updated()}


def slug(name: str) -> str:
    """'Gap list, Leeds' -> 'gap-list-leeds': a table's name as a file name or a widget key."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class _Sidebar:
    """The place a download is about when its caller names none: the sidebar's LA."""


SIDEBAR_LA = _Sidebar()


def _place(place: str | _Sidebar | None) -> str | None:
    """The place a file is named for: `place` itself, or the sidebar's LA (None for England, or
    for a table that is the same whatever the sidebar says, such as the load log)."""
    if not isinstance(place, _Sidebar):
        return place
    selection = st.session_state.get("selection")  # set by the router before every page
    return selection.la_name if selection is not None and selection.la_code is not None else None


def file_stem(name: str, place: str | None = None) -> str:
    """A download's file name without its extension: the place it is about, the table's name, then
    the day the data were last updated ('leeds-gap-list-data-updated-2026-12-02'), so files from
    two LAs never share a name and a CSV, which has no room for a note, still says how current it
    is (two downloads from different refreshes never collide)."""
    named = f"{place} {name}" if place else name
    return f"{slug(named)}-data-updated-{ask('build_info')['built_at'][0]:%Y-%m-%d}"


def download_buttons(
    frame: pl.DataFrame,
    name: str,
    about: dict[str, str],
    where=st,  # noqa: ANN001
    place: str | _Sidebar | None = SIDEBAR_LA,
) -> None:
    """CSV and Excel downloads of exactly the table shown (in its shown words), safe against
    formula injection; the files are named for `place` (the sidebar's LA unless said otherwise;
    None for a table that is the same for every LA).

    The files are made only when a button is clicked, so drawing a page never pays for them.
    Percentages stay percentages and the demonstration data are labelled (lens/present/export.py).
    """
    national = national_label()
    percent = tuple(
        shown_label(c, national)
        for c in frame.columns
        if column(c).unit in ("pct", "share") and not column(c).words
    )
    download_shown(present(frame, national), name, about, percent, where, place)


def download_shown(
    shown: pl.DataFrame,
    name: str,
    about: dict[str, str],
    percent: tuple[str, ...] = (),
    where=st,  # noqa: ANN001
    place: str | _Sidebar | None = SIDEBAR_LA,
) -> None:
    """The two buttons for a table already in the reader's words (a pivot, whose columns are
    places or answers): `percent` names its columns holding percentages (0-100)."""
    is_demo = bool(ask("build_info")["is_demo"][0])
    title = f"Partnership Lens: {name}"
    key, stem = slug(name), file_stem(name, _place(place))
    about = dated_about(about)
    left, right = where.columns(2)
    # the format first, so a pair cut short in a narrow column still reads apart ("CSV: latest
    # graded insp…", "Excel: latest graded in…"), on screen and to a screen reader
    left.download_button(
        f"CSV: {name}",
        lambda: export.to_csv_bytes(shown, percent, is_demo=is_demo),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        on_click="ignore",
        icon=":material/download:",
        help=f"Download {name} as a CSV file, for a spreadsheet or for analysis.",
    )
    right.download_button(
        f"Excel: {name}",
        lambda: export.to_excel_bytes(shown, about, percent, is_demo=is_demo, title=title),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{key}",
        on_click="ignore",
        icon=":material/download:",
        help=f"Download {name} as an Excel workbook, with an About sheet saying what it holds.",
    )


def pdf_download(
    label: str,
    make: Callable[[], bytes],
    name: str,
    note: str,
    place: str | _Sidebar | None = SIDEBAR_LA,
) -> None:
    """A briefing-pack button; the PDF is made only when clicked (a second or so). Its file is
    named for `place` (the sidebar's LA unless said otherwise) and `name`:
    'leeds-briefing-pack.pdf'."""
    named = _place(place)
    file_name = f"{slug(f'{named} {name}' if named else name)}.pdf"
    st.download_button(
        label,
        access.for_this_session(make),  # made later, outside the page run: same scope as the page
        file_name=file_name,
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=file_name,
        on_click="ignore",
        help=note,
    )


def grade_shares_with_table(
    frame: pl.DataFrame,
    *,
    places: Callable[[pl.DataFrame], pl.DataFrame],
    colours: tuple[str, ...],
    title: str,
    table_note: str = "% of schools",
    scale: tuple[str, ...] | None = None,
    download: tuple[str, dict[str, str]] | None = None,
) -> None:
    """A place-by-grade 100% bar chart with the same figures as a table beside it (the LA's
    column first); `places` turns the query's geography codes into the places' names
    (Selection.places). `scale` is every grade of the scale, in order, so the legend names each
    even when no school has it (Urgent improvement). `download`: the table's name and About lines
    for its CSV and Excel buttons."""
    order = places(pl.DataFrame({"geography": ["Selection", "Region", "England"]}))["geography"]
    frame = places(frame)
    chart_col, table_col = chart_and_table()
    domain = (
        tuple(scale)
        if scale
        else tuple(frame.sort("grade_rank")["grade_label"].unique(maintain_order=True).to_list())
    )
    with chart_col:
        charts.draw("grade_shares", frame, title, domain, tuple(colours), tuple(order))
    table_col.caption(f"{table_note} (the chart's data)")
    show_pivot(
        frame.sort("grade_rank"),
        on="geography",
        index=["grade_label"],
        values="pct_schools",
        where=table_col,
        first=order.to_list(),
        download=download,
    )
    # the number of schools behind each share, which only the chart's tooltip had said
    with table_col.expander("Number of schools in each grade"):
        show_pivot(
            frame.sort("grade_rank"),
            on="geography",
            index=["grade_label"],
            values="count_schools",
            first=order.to_list(),
            download=None if download is None else (f"schools, {download[0]}", download[1]),
        )
