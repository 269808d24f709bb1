"""The Satisfaction page's reference sections: Table 1 of Ofsted's Schools and parents (2011),
counted from the questionnaires loaded (section 4), and how the gap list is worked out and what it
cannot show. The list and its statistics are lens/sections/satisfaction.py."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.app.filters import Selection
from lens.data.coverage import label as national_label
from lens.data.coverage import place as national_place
from lens.data.queries import ask
from lens.present.ui import download_buttons, md, plural, show_table
from lens.rules.citations import TABLE_ONE_WORDS
from lens.rules.gaps import (
    EXPECTED_OUTSIDE_PERCENT,
    LIMIT_PERCENT,
    MIXED_RELEASES_WORDS,
    OWN_SURVEY_WORDS,
    ROUNDING_LOWERS_WORDS,
    USUAL_SPREAD_WORDS,
)
from lens.sections.satisfaction import pct, selection_name

# --- 4. Table 1 of Ofsted's Schools and parents (2011), counted from the questionnaires loaded ----


def table_one(selection: Selection) -> None:
    """Answers to the overall statement in questionnaires returned at inspection, by the grade of
    the inspection each came with (the layout of Table 1 of Ofsted's Schools and parents, 2011),
    for the selection and England, beside what that report says in words."""
    st.header("4. Parents satisfied, by the grade of the inspection their questionnaire came with")
    table = ask("table_one", **selection.params)
    if table.is_empty():
        st.info(
            "No questionnaires returned at inspection (2009-2012) are loaded, so this table "
            "cannot be drawn."
        )
        return
    england = table.filter(pl.col("geography") == "England")
    mine = table.filter(pl.col("geography") == "Selection")
    words = "; ".join(
        f"{r['grade_label']} {pct(r['happy_share'])} of {r['count_responses']:,} responses "
        f"({plural(r['count_questionnaires'], 'questionnaire')})"
        for r in england.iter_rows(named=True)
    )
    st.markdown(
        "\u201cOverall, I am happy with my child's experience at this school\u201d: strongly "
        "agree or agree, pooled over every response in questionnaires returned at inspections "
        "from 2009 to 2012, by the overall effectiveness judged at that inspection."
    )
    st.caption(TABLE_ONE_WORDS)
    st.markdown(f"**{md(national_label())}:** {words}.")
    if selection.la_code is not None and not mine.is_empty():
        st.markdown(
            f"**{selection_name(selection)}:** "
            + "; ".join(
                f"{r['grade_label']} {pct(r['happy_share'])} of {r['count_responses']:,}"
                for r in mine.iter_rows(named=True)
            )
            + f". Small bases: read with the {md(national_label())} figures."
        )
    shown = selection.places(table).select(
        "geography",
        "grade_label",
        "count_questionnaires",
        "count_responses",
        "strongly_agree_share",
        "agree_share",
        "disagree_share",
        "strongly_disagree_share",
        "happy_share",
    )
    with st.expander("Table 1 in full, with bases"):
        show_table(shown)
        download_buttons(
            shown,
            "table 1 questionnaires by grade",
            {"Selection": selection.describe(), "Statistic": "pooled over responses"},
        )


def method() -> None:
    """How the list is worked out and what it cannot show, for the reader who has to defend it:
    plain words first, the formulas in the README."""
    stored = ask("gap_method").row(0, named=True)
    with st.expander("How the gap list is worked out, and what it cannot show"):
        st.markdown(
            "1. **Pairs.** Parents' views are set against the judgement in force when they "
            "answered (the school's most recent full inspection before then, if it was made "
            "within the chosen window); a questionnaire returned at inspection goes with the "
            "inspection it came with. Pairs outside the window are left out everywhere.\n"
            "2. **Schools with the same grade and phase.** Schools in "
            f"{md(national_place())} of the same grade and phase group (primary, secondary, "
            "special, other), each school compared with them "
            "**without itself**, so a large school cannot pull the yardstick towards itself. A "
            "small phase group is compared with all phases; a grade with fewer than "
            f"{stored['min_reference_schools']} schools is pooled with the next grades towards "
            "the commonest grade. Schools with fewer than "
            f"{stored['min_responses']} responses (Parent View itself publishes a school only "
            "from 10) are not compared, and, with schools carrying a Parent View trust flag, are "
            "left out of the group's share. "
            f"{MIXED_RELEASES_WORDS} {OWN_SURVEY_WORDS}\n"
            "3. **The usual spread.** Schools differ far more than chance alone would make them. "
            "The limits are widened by that spread, estimated from the group's schools "
            "themselves, so a large school is judged on its difference, not its size.\n"
            f"4. **The list.** A school beyond the {LIMIT_PERCENT} limits is on the list. Parent "
            "View publishes rounded percentages, so its counts are rounded: a school is listed "
            "only when it is beyond the limits at both ends of what its figures can stand for; "
            "otherwise it is *on the line: rounding*. Each percentage is taken as up to half a "
            "unit of the last decimal place its file publishes either way: half a point for "
            "whole percentages, as Parent View publishes them, so 43% of 400 may be 170 to 174 "
            "parents; a file published more precisely pins its counts closer (43.25% of 400 is "
            "173 parents).\n\n"
            "**What it cannot show.** Inside the limits means *not shown to differ*, not *the "
            "same*: the list finds only the largest differences, and few of them at small "
            "schools. Near 100% satisfied a school can hardly be shown above (the table of "
            f"groups says from how many responses it can). {USUAL_SPREAD_WORDS}, "
            f"about {EXPECTED_OUTSIDE_PERCENT} of the schools compared would fall outside the "
            f"limits ({ROUNDING_LOWERS_WORDS}), more when several windows, sources or judgements "
            "are tried. Parent View's respondents choose themselves.\n\n"
            "**Method.** A variant of Spiegelhalter's funnel plot (*Statistics in Medicine* "
            "24:1185-1202, 2005) with our own changes, each tested on simulated schools; the "
            "formulas, a worked example and the simulations are in the documentation (The gap "
            "list: method)."
        )
