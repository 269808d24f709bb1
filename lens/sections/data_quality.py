"""The sections of the Data loaded and rejects page: what was loaded, how far it reaches, what each
table holds, and every row or value the ETL did not load, with file, line and reason."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.app.filters import Selection
from lens.data.coverage import national
from lens.data.queries import ask
from lens.present.ui import data_as_at as data_as_at  # each page's 'Data as at' line
from lens.present.ui import download_buttons, md, plural, show_table
from lens.present.vocabulary import plain_checks, plain_name, plain_words

ROW_LIMIT = 5000  # individual rejects shown at once; the summary above counts them all
ACTION_WORDS = {  # what each kind of reject means for an adviser's schools: one, many, why
    "row rejected": (
        "row rejected",
        "rows rejected",
        "a row missing something essential (such as a readable URN) was not loaded, so its "
        "school, whichever it is, lacks that row's figures",
    ),
    "value dropped": (
        "single value dropped",
        "single values dropped",
        "the rest of each row loaded, that one figure is left empty",
    ),
    "inspection dropped": (
        "inspection dropped",
        "inspections dropped",
        "an inspection listed without what makes it one (such as a start date)",
    ),
    "recorded, not a grade": (
        "code recorded that is not a grade",
        "codes recorded that are not grades",
        "(such as 9, not applicable): nothing is missing",
    ),
    "out of scope": (
        "register entry out of scope",
        "register entries out of scope",
        "not state-funded schools (independent schools, for example), so none of them is one "
        "of your maintained schools or academies",
    ),
}


# What happened that leaves a school without something it published: a code recorded as not a
# grade (such as 9) loses nothing, and an entry out of scope is not one of the LA's schools
LOSSES = ("row rejected", "value dropped", "inspection dropped")


def action_words(action: str, count: int) -> str:
    """'1 row rejected: why' or '3 rows rejected: why' for a reject kind and its count."""
    if action not in ACTION_WORDS:
        return f"{count:,} {action}"
    one, many, why = ACTION_WORDS[action]
    separator = " " if why.startswith("(") else ": "
    return f"{count:,} {one if count == 1 else many}{separator}{why}"


def affected(selection: Selection) -> None:
    """The data page's first question, in words: are any of the selection's schools affected by
    what was not loaded, and what does each kind of reject mean for them."""
    st.header("Are any of my schools affected?")
    counts = ask("reject_actions")
    mine = ask("rejects_for_schools", **selection.params).filter(pl.col("action").is_in(LOSSES))
    place = md(selection.describe())
    if counts.is_empty():
        st.markdown("Nothing was rejected or dropped: every row of every file loaded.")
        return
    named = mine["urn"].n_unique()
    st.markdown(
        (
            f"**{plural(named, 'school')} in {place}** lost a value from its Ofsted rows "
            "(listed below, with what happened)."
            if named
            else f"**No school in {place}** lost a value from its Ofsted rows."
        )
        + " In all the files loaded:\n"
        + "\n".join(
            f"- {action_words(row['action'], row['count_rejects'])}."
            for row in counts.iter_rows(named=True)
        )
        + "\n\nA rejected row cannot always be tied to a local authority (its URN may be the "
        "unreadable part): the lists further down give every one with its file and line."
    )
    if named:
        show_table(mine)
        download_buttons(mine, "schools affected", {"Selection": selection.describe()})


def load_log() -> None:
    """Every file the build read, first: the rejects below are named by these files."""
    log = ask("load_log")
    show_table(log)
    download_buttons(log, "load log", {"What": "Files loaded into the warehouse"}, place=None)


def coverage() -> None:
    """How far the loaded data reaches, which decides whether national figures may say England."""
    st.subheader("How far the loaded data reaches")
    st.markdown(md(national().words()))
    reach = ask("coverage")
    show_table(reach)
    about = {"What": "How far the loaded inspection data reaches"}
    download_buttons(reach, "coverage", about, place=None)


def table_docs() -> None:
    """What each warehouse table holds, column by column, from its own documentation: every table
    and column named in plain words, never by its database name (the names a query uses are in
    the documentation files beside the SQL)."""
    with (
        st.container(key="warehouse-docs"),
        st.expander("What each table of the data holds, column by column"),
    ):
        st.markdown(
            "Every table the dashboard reads documents itself: what a row is, what each column "
            "holds and in what unit, and the checks each column must pass. The checks run on "
            "every new build of the data before it replaces the one in use, so a build that "
            "breaks one is never shown. (Analysts writing their own queries find each table's "
            "and column's name for queries in the project's documentation.)"
        )
        plain = pl.String
        docs = ask("model_docs").with_columns(
            pl.col("description").map_elements(plain_words, return_dtype=plain),
            pl.col("checks").map_elements(plain_checks, return_dtype=plain),
            pl.col("column_name").map_elements(plain_name, return_dtype=plain),
        )
        tables = docs.filter(pl.col("column_name").is_null())
        model = st.selectbox(
            "Table",
            tables["model"].to_list(),
            format_func=plain_name,
            key="dq_model",
            bind="query-params",
        )
        about = tables.filter(pl.col("model") == model).row(0, named=True)
        st.markdown(md(about["description"]))
        checks = about["checks"]
        st.caption(md(checks[:1].upper() + checks[1:]))  # capitalize() would lower the names
        columns = docs.filter((pl.col("model") == model) & pl.col("column_name").is_not_null())
        show_table(columns.drop("model"))
        download_buttons(
            docs.filter(pl.col("column_name").is_not_null()).with_columns(
                pl.col("model").map_elements(plain_name, return_dtype=plain)
            ),
            "table documentation",
            {"What": "What each warehouse table holds, column by column"},
            place=None,
        )


def what_happened() -> str:
    """The choice of what happened to a row (rejected, dropped, ...) that both lists below follow;
    returns it as shown ('All' or one action)."""
    actions = ["All", *ask("reject_actions")["action"].to_list()]
    return st.segmented_control(
        "Show", actions, default="All", key="dq_action", bind="query-params"
    )


def _action(shown: str | None) -> str | None:
    """The query's action parameter: None for every action."""
    return None if shown in (None, "All") else shown


def rejects_by_reason(shown: str | None) -> None:
    """What happened to rows and values, grouped by reason, so a pattern is seen before the rows.
    Not all are rejects: a code recorded as not a grade (such as 9) is kept as what it says."""
    st.subheader("What happened, by reason")
    st.caption(
        "Rejected and dropped rows and values, codes recorded that are not grades (nothing is "
        "missing) and register entries out of scope, each counted with the reason."
    )
    summary = ask("reject_summary", action=_action(shown))
    show_table(summary)
    download_buttons(
        summary,
        "what happened by reason",
        {"What": "Rows and values not loaded as published, by reason", "Show": shown},
        place=None,
    )


def individual_rejects(shown: str | None) -> None:
    """Each row or value with its file's own line number, so the adviser can open the file and
    look."""
    st.subheader("Row by row")
    files = ["All files", *ask("load_log")["file"].to_list()]
    file = st.selectbox("File", files, key="dq_file", bind="query-params")
    detail = ask(
        "rejects_list",
        action=_action(shown),
        file=None if file == "All files" else file,
        row_limit=ROW_LIMIT,
    )
    st.caption(
        f"{detail.height:,} shown"
        + (f" (first {ROW_LIMIT:,})" if detail.height == ROW_LIMIT else "")
    )
    show_table(detail)
    download_buttons(
        detail,
        "what happened row by row",
        {"What": "Rows and values not loaded as published", "Show": shown, "File": file},
        place=None,
    )
