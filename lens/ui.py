"""Shared page furniture: the demonstration label, charts with their tables, and downloads."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl
import streamlit as st

from lens import access, charts, export
from lens.coverage import label as national_label
from lens.vocabulary import column, column_config, column_config_for, present, shown_label

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


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


def demo_banner(is_demo: bool) -> None:
    """Every page says plainly when it shows demonstration data."""
    if is_demo:
        st.warning(
            "**Demonstration data: fictional schools.** Names, URNs and every figure are made up "
            "(real local authority names only). Load published files with `python -m etl build` "
            "to see real schools.",
            icon=":material/science:",
        )


def show_table(frame: pl.DataFrame, where=st) -> pl.DataFrame:  # noqa: ANN001
    """A table in the reader's words (lens/vocabulary.py): labelled columns, codes as words,
    percentages and dates formatted. Returns what was shown, for its download buttons."""
    national = national_label()
    shown = present(frame, national)
    where.dataframe(shown.to_arrow(), hide_index=True, column_config=column_config(shown, national))
    return shown


def show_pivot(
    frame: pl.DataFrame,
    *,
    on: str,
    index: list[str],
    values: str,
    where=st,  # noqa: ANN001
) -> pl.DataFrame:
    """A long table pivoted for reading: the index columns in the reader's words, one column per
    value of `on` (already words, such as answers or area names), formatted like `values`."""
    national = national_label()
    label = {c: shown_label(c, national) for c in (*index, on, values)}
    shown = present(frame.select(*index, on, values), national).pivot(
        on=label[on], index=[label[c] for c in index], values=label[values]
    )
    info = column(values)
    config = column_config(shown.select([label[c] for c in index]), national)
    for name in shown.columns[len(index) :]:
        config[name] = column_config_for(name, info)
    where.dataframe(shown.to_arrow(), hide_index=True, column_config=config)
    return shown


def download_buttons(frame: pl.DataFrame, name: str, about: dict[str, str]) -> None:
    """CSV and Excel downloads of exactly the table shown (in its shown words), safe against
    formula injection.

    The files are made only when a button is clicked, so drawing a page never pays for them.
    """
    frame = present(frame, national_label())
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    left, right = st.columns(2)
    left.download_button(
        f"Download {name} (CSV)",
        lambda: export.to_csv_bytes(frame),
        file_name=f"{slug}.csv",
        mime="text/csv",
        key=f"csv-{slug}",
        on_click="ignore",
    )
    right.download_button(
        f"Download {name} (Excel)",
        lambda: export.to_excel_bytes(frame, about),
        file_name=f"{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{slug}",
        on_click="ignore",
    )


def pdf_download(label: str, make: Callable[[], bytes], file_name: str, note: str) -> None:
    """A briefing-pack button; the PDF is made only when clicked (a second or so)."""
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
) -> None:
    """A place-by-grade 100% bar chart with the same figures as a table beside it; `places`
    turns the query's geography codes into the places' names (Selection.places)."""
    frame = places(frame)
    chart_col, table_col = st.columns([3, 2])
    domain = tuple(frame.sort("grade_rank")["grade_label"].unique(maintain_order=True).to_list())
    with chart_col:
        charts.draw("grade_shares", frame, title, domain, tuple(colours))
    table_col.caption(f"{table_note} (the chart's data)")
    show_pivot(
        frame.sort("grade_rank"),
        on="geography",
        index=["grade_label"],
        values="pct_schools",
        where=table_col,
    )
