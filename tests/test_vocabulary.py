"""One vocabulary for every column (lens/present/vocabulary.py): no database name or internal code
reaches a page, and every label means one thing."""

from __future__ import annotations

import re

import polars as pl
import pytest

from lens.app.pages import PAGE_FILES
from lens.present.vocabulary import COLUMNS, UnknownColumn, present
from tests.conftest import start

DATABASE_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Values that are data as published, not names of ours: file names as downloaded, a file's own
# headers and values, and the warehouse documentation (which names tables on purpose).
AS_PUBLISHED = {"File", "Column", "Value"}
FILE = re.compile(r"^[\w .()&,'-]+\.(?:csv|xlsx|xls|ods|txt|pdf)$", re.IGNORECASE)  # as downloaded
PAGES = list(PAGE_FILES)


def test_present_refuses_a_column_without_a_label():
    with pytest.raises(UnknownColumn, match="no_such_column"):
        present(pl.DataFrame({"no_such_column": [1]}))


def test_present_turns_codes_into_words_and_shares_into_percentages():
    shown = present(
        pl.DataFrame(
            {
                "share_satisfied": [0.8766],
                "gap_direction": ["below"],
                "family": ["parent_view_pv_2019"],
                "parent_view_flags": ["over_roll, surge"],
                "is_approximate": [True],
                "urn": [900101],
            }
        )
    )
    assert shown.row(0) == (
        87.7,
        "Below: parents less satisfied than at schools with the same grade and phase",
        "Parent View (2019-2025 questions)",
        "More submissions than pupils; Sudden rise in submissions",
        "Yes",
        "900101",
    )


def test_a_label_names_one_kind_of_thing():
    by_label: dict[str, set[str]] = {}
    for column in COLUMNS.values():
        kind = "percentage" if column.unit in ("share", "pct") else column.unit
        by_label.setdefault(column.label, set()).add(kind)
    assert {label: kinds for label, kinds in by_label.items() if len(kinds) > 1} == {}


def _names_in(at) -> list[str]:  # noqa: ANN001 - an AppTest
    """Database names shown anywhere on the page: tables' headers and cells, text and metrics."""
    found = []
    for frame in (df.value for df in at.dataframe):
        documentation = "Unit" in frame.columns  # what each table holds: our names, not a file's
        for name in frame.columns:
            found += [f"header {name!r}"] if DATABASE_NAME.search(str(name)) else []
            if (name in AS_PUBLISHED and not documentation) or frame[name].dtype != object:
                continue
            for value in frame[name].dropna().astype(str).unique():
                found += [f"{name}: {value!r}"] if DATABASE_NAME.search(value) else []
    texts = [m.value for m in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    texts += [e.label for e in at.expander]  # the analysts' expander included
    for widget in (*at.selectbox, *at.multiselect, *at.radio):
        texts += [widget.label, *(str(o) for o in widget.options if not FILE.match(str(o)))]
    for text in texts:
        code_free = re.sub(r"`[^`]*`", "", text)  # commands to run are written as code
        found += [f"text: {code_free[:80]!r}"] if DATABASE_NAME.search(code_free) else []
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_database_name_reaches_a_page(app_env, page):
    at = start(la="England (all local authorities)")
    at.switch_page(page).run()
    assert not at.exception
    assert _names_in(at) == []
