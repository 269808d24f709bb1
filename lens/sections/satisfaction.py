"""The sections of the Satisfaction page: the gap list first, then the statistics behind it, each a
heading, a chart with its table or text beside it, and downloads. Every figure comes from the gap
list's one choice (`selection.gap`, lens/rules/gaps.py) through the warehouse macro gap_rows and
`satisfaction_gaps`; nothing here decides who is on the list."""

from __future__ import annotations

import polars as pl
import streamlit as st

from lens.app.filters import Selection, keep_valid
from lens.data.coverage import label as national_label
from lens.data.coverage import place as national_place
from lens.data.queries import SETTINGS, ask, ask_rows
from lens.present import chart_data, charts
from lens.present.chart_templates import ANSWER_LABELS
from lens.present.ui import data_as_at as data_as_at  # each page's 'Data as at' line
from lens.present.ui import download_buttons, md, plural, show_pivot, show_table
from lens.rules.gaps import (
    GROUP_KEYS,
    LIMIT_PERCENT,
    OWN_SURVEY_WORDS,
    GapChoice,
    chance_words,
    comparison_words,
    coverage_words,
    on_the_list,
    own_survey_note,
    reach_words,
    tau_points,
    with_comparison,
    with_reference_words,
)
from lens.rules.labels import family_label
from lens.rules.words import DIRECTION_WORDS, LEGEND_WORDS


def pct(share: float | None) -> str:
    """A share as the page writes it (one decimal), or "no figure"."""
    return "no figure" if share is None else f"{100 * share:.1f}%"


def selection_name(selection: Selection) -> str:
    """The selection's name, escaped for markdown (a school or LA name may hold * or _)."""
    return md(selection.describe())


def comparison_note(selection: Selection) -> None:
    """The choice this page counts, said once at the top (it is changed in the sidebar)."""
    gap = selection.gap
    st.info(
        f"**Comparing:** {md(gap.describe())}. Change the comparison under *Gap list* in the "
        "sidebar; the Overview, Explore, the school profiles and the briefing packs count the "
        "same schools for the same choice.",
        icon=":material/tune:",
    )


# --- 1. the gap list ---------------------------------------------------------------------------


def gap_schools(selection: Selection) -> pl.DataFrame:
    """Every open school of the selection in the sidebar's choice (one row each), with its
    comparison and whom it is compared with in words."""
    gap = selection.gap
    schools = with_comparison(ask_rows("gap_schools", **gap.params, **selection.params))
    groups = ask("gap_reference_groups", **gap.params, **selection.params)
    return with_reference_words(schools, groups)


def gap_list(selection: Selection, schools: pl.DataFrame) -> None:
    """The schools beyond the limits (lens/rules/gaps.py on_the_list, as in the LA pack), each with
    the comparison it was made in; how many schools were compared and why the rest were not; the
    number expected outside the limits were every school only as different as schools usually
    are; the schools on the line."""
    gap = selection.gap
    st.header("1. The gap list")
    listed = on_the_list(schools)
    compared = schools.filter(pl.col("is_comparable"))
    coverage = float(ask("gap_method")["limit_coverage"][0])
    nationally = ask("gap_summary", **gap.params, **selection.params).filter(
        pl.col("geography") == "England"
    )
    national_compared = int(nationally["count_compared"][0]) if nationally.height else None
    st.markdown(
        f"**{plural(listed.height, 'school')} on the list** in {selection_name(selection)}: "
        f"{md(coverage_words(schools))}. *Above*: {DIRECTION_WORDS['above']} "
        "(look hard if the grade is weak). *Below*: less satisfied (look hard if the grade is "
        "strong)."
    )
    st.caption(md(chance_words(compared.height, coverage, national_compared)))
    if note := own_survey_note(schools):
        st.caption(md(note))
    few = listed.filter(pl.col("count_responses") < SETTINGS.low_base_responses).height
    if few:
        st.caption(
            f"{plural(few, 'school')} on the list had fewer than {SETTINGS.low_base_responses} "
            "responses: the difference is large, but rests on few parents."
        )
    shown = listed.select(
        "school_name",
        "urn",
        "comparison",
        "grade_label",
        "gap_status",
        "share_satisfied",
        "ci95_low_share",
        "ci95_high_share",
        pl.col("reference").alias("reference_words"),
        "reference_share",
        "z_adjusted",
        "count_submissions",
        "count_responses",
        "gap_trust_flags",
        "data_date",
        "inspected_on",
        "months_apart",
    )
    if listed.is_empty():
        st.info("No school here is on the gap list for this choice.")
    else:
        show_table(shown)
    every = schools.select(  # every figure the charts below draw for a school
        "school_name",
        "urn",
        "gap_status",
        "comparison",
        "grade_label",
        "share_satisfied",
        "ci95_low_share",
        "ci95_high_share",
        "count_submissions",
        "count_responses",
        pl.col("reference").alias("reference_words"),
        "reference_share",
        "z_adjusted",
        "z_unadjusted",
        "gap_trust_flags",
        "data_date",
        "inspected_on",
    )
    download_buttons(shown, "gap list", {"Selection": selection.describe(), **gap.about()})
    flagged = listed.filter(pl.col("gap_trust_flags").is_not_null()).height
    if flagged:
        st.caption(
            f"{plural(flagged, 'school')} on the list carry a Parent View trust flag: compared "
            "and shown, but left out of the share every school is compared with. Look at the "
            "flag before the gap."
        )
    on_the_line(schools)
    with st.expander(f"Every school and its place ({plural(schools.height, 'school')})"):
        show_table(every)
        about = {"Selection": selection.describe(), **gap.about()}
        download_buttons(every, "every school and its place", about)


def on_the_line(schools: pl.DataFrame) -> None:
    """The schools on the line (Parent View's rounding): not on the list, worth a look."""
    line = schools.filter(pl.col("gap_status") == "on_the_line")
    if line.is_empty():
        return
    st.markdown(
        f"**{LEGEND_WORDS['on_the_line']}.** {plural(line.height, 'school')} would be on the list "
        "at the counts used, but Parent View publishes rounded percentages, and at another count "
        "they could stand for the school would be inside the limits. Not on the list; worth a "
        "look."
    )
    shown = line.select(
        "school_name",
        "urn",
        "comparison",
        "grade_label",
        "share_satisfied",
        "count_submissions",
        "z_least_satisfied",
        "z_most_satisfied",
        pl.col("reference").alias("reference_words"),
    )
    show_table(shown)
    download_buttons(shown, "schools on the line", {"What": LEGEND_WORDS["on_the_line"]})


# --- 2. the statistics behind the list ---------------------------------------------------------


def differences(selection: Selection, schools: pl.DataFrame) -> None:
    """Each compared school's standardised difference from its group, with the limits the
    gap list uses, so the reader sees why a school is on it and the rest are not."""
    method = ask("gap_method")
    limit_z, warn_z = float(method["limit_z"][0]), float(method["warn_z"][0])
    st.header("2. Which differences are more than the usual spread between schools")
    st.markdown(
        f"Each school is set against schools in {md(national_place())} **with the same grade "
        "and phase** in its own comparison (without itself; an own survey against own surveys "
        "in its local authority only), and its difference is measured in "
        "standard errors that allow for how much such schools differ anyway (table below), so "
        "differences from different comparisons can be drawn on one chart. Schools beyond the "
        f"outer lines (\u00b1{limit_z:.2f}, the {LIMIT_PERCENT} limits) are the gap list, unless "
        "Parent View's rounded figures could put them back inside (*on the line: rounding*)."
    )
    # words as a caption: help= puts its icon inside the label, a click on it switched it (2.5.8)
    experts = "Experts: show differences against chance alone (not the gap list)"
    unadjusted = st.toggle(experts, key="gap_unadjusted", bind="query-params")
    st.caption(
        "Without the spread between schools, the limits narrow as responses grow, so large "
        "schools are flagged for size rather than difference."
    )
    compared = schools.filter(pl.col("is_comparable"))
    charts.draw(
        "differences",
        chart_data.differences_frame(compared, limit_z, warn_z, adjusted=not unadjusted),
        (
            "Chance alone: standardised difference against responses"
            if unadjusted
            else f"Standardised difference from the same grade and phase, {selection.la_name}"
        ),
    )
    if unadjusted:
        above = compared.filter(pl.col("unadjusted_direction") == "above").height
        below = compared.filter(pl.col("unadjusted_direction") == "below").height
        st.markdown(
            f"**In words:** of {plural(compared.height, 'school')} compared, {above} above and "
            f"{below} below the chance-only limits. These are not the gap list."
        )
    else:
        counts = dict(compared.group_by("gap_status").len().iter_rows())
        st.markdown(
            f"**In words:** of {plural(compared.height, 'school')} compared, "
            f"{counts.get('above', 0)} above and {counts.get('below', 0)} below the "
            f"{LIMIT_PERCENT} limits: these are the gap list; "
            f"{counts.get('on_the_line', 0)} on the line (rounding). The rest are *not shown to "
            "differ*, which is not the same as being like the others: the list finds only "
            "the largest differences, and few of them at small schools (How the gap list is "
            "worked out, below)."
        )
    reference_groups(selection)


def reference_groups(selection: Selection) -> None:
    """The reference groups of the selection's schools: their share, spread and reachable range."""
    groups = ask("gap_reference_groups", **selection.gap.params, **selection.params)
    reach = [
        reach_words(r["min_responses_above"], r["min_responses_below"], r["is_comparable"])
        for r in groups.iter_rows(named=True)
    ]
    shown = (
        with_reference_words(with_comparison(groups), groups)
        .with_columns(
            tau_points(pl.col("reference_share"), pl.col("tau2")).alias("tau_pct"),
            pl.Series("reach_above", [r[0] for r in reach], dtype=pl.String),
            pl.Series("reach_below", [r[1] for r in reach], dtype=pl.String),
        )
        .select(
            "comparison",
            pl.col("reference").alias("reference_words"),
            "count_reference_schools",
            "count_reference_responses",
            pl.col("reference_share").alias("group_share"),
            "phi",
            "tau_pct",
            "reach_above",
            "reach_below",
            "is_comparable",
        )
    )
    in_las = groups.filter(pl.col("reference_la_name").is_not_null()).height > 0
    national = groups.filter(pl.col("reference_la_name").is_null()).height > 0
    where = f" in {md(national_place())}" if national or not in_las else ""
    st.caption(
        f"The groups of schools with the same grade and phase{where} the schools above are "
        "compared with (pooled over responses; schools with too few responses or a trust flag "
        "left out). "
        "Spread beyond chance 1 means schools differ only as chance would make them. *Can be "
        "shown above*: with this group, 'above' needs at least that many responses; near 100% "
        "satisfied it may need more than any school has."
        + (f" {OWN_SURVEY_WORDS}" if in_las else "")
    )
    show_table(shown)
    download_buttons(
        shown,
        "groups of the same grade and phase",
        {"Selection": selection.describe(), "Comparing": selection.gap.describe()},
    )


def reference_funnel(selection: Selection, schools: pl.DataFrame) -> None:
    """One reference group's funnel in percentages, limits exactly as the list uses them; the group
    with most of the selection's schools first, so the default shows a group, not one dot."""
    gap = selection.gap
    st.subheader("One group of schools with the same grade and phase as a funnel plot")
    compared = schools.filter(pl.col("is_comparable"))
    if compared.is_empty():
        st.info("No school here is compared, so there is no group to draw.")
        return
    groups = (
        compared.group_by(*GROUP_KEYS, "framework_label", "area_label", "reference")
        .len()
        .sort("len", *GROUP_KEYS, descending=[True] + [False] * len(GROUP_KEYS))
    )
    keys = ["|".join(str(r[k]) for k in GROUP_KEYS) for r in groups.iter_rows(named=True)]
    words = {
        key: f"{r['reference']} ({comparison_words(r)})"
        for key, r in zip(keys, groups.iter_rows(named=True), strict=True)
    }
    keep_valid("gap_funnel_group", keys)
    key = st.selectbox(
        "Group of schools with the same grade and phase",
        keys,
        format_func=lambda k: words.get(k, k),
        key="gap_funnel_group",
        bind="query-params",
        help="The group with most of the selection's schools is shown first.",
    )
    chosen = groups.row(keys.index(key), named=True)
    # the count is said here, not in the option's name, which a shared link keeps
    st.caption(f"{plural(chosen['len'], 'school')} of {selection_name(selection)} in this group.")
    members = compared.join(groups.filter(pl.Series(keys) == key).select(GROUP_KEYS), on=GROUP_KEYS)
    largest = int(members["count_responses"].max())
    limits = ask(
        "gap_funnel_limits",
        family=chosen["family"],
        framework_id=chosen["framework_id"],
        area=chosen["area"],
        window_months=gap.window_months,
        reference_scope=chosen["reference_scope"],
        reference_phase=chosen["reference_phase"],
        grade_rank=int(chosen["grade_rank"]),
        min_responses=min(10, int(members["count_responses"].min())),
        max_responses=max(200, 2 * largest),
    )
    charts.draw(
        "funnel",
        chart_data.funnel_frame(members, limits),
        f"{chosen['reference']}: % satisfied against responses, {selection.la_name}",
    )
    group_share = limits["reference_share"][0] if not limits.is_empty() else None
    where = "" if chosen["reference_scope"] != "national" else f" in {md(national_place())}"
    st.caption(
        f"{plural(members.height, 'school')} in {selection_name(selection)} compared with "
        f"{md(chosen['reference'])}{where} ({pct(group_share)} satisfied, "
        "pooled). The limits widen for the spread between schools, so a large school is judged "
        "on its difference, not on its size. Each school is judged against the group without "
        "itself, so a school that is a large part of its group can sit a little differently from "
        "these curves: its colour gives its place on the list. A school where every parent "
        "agreed is drawn, as the list counts it, at all but half a parent."
    )


# --- 3. one comparison in detail ---------------------------------------------------------------


def one_comparison(selection: Selection, schools: pl.DataFrame) -> GapChoice | None:
    """The single comparison the detailed sections below show: the sidebar's, or, for every
    school's list, one of the comparisons its schools were made in (most schools first)."""
    gap = selection.gap
    st.header("3. One comparison in detail")
    if not gap.every_school:
        return gap
    made = (
        schools.filter(pl.col("family").is_not_null() & pl.col("grade_label").is_not_null())
        .group_by("family", "framework_id", "area", "framework_label", "area_label", "comparison")
        .len()
        .sort("len", "comparison", descending=[True, False])
    )
    if made.is_empty():
        st.info(f"No school in {selection_name(selection)} is compared.")
        return None
    choices = {r["comparison"]: gap.comparison(r) for r in made.iter_rows(named=True)}
    counts = dict(zip(made["comparison"], made["len"], strict=True))
    names = list(choices)
    keep_valid("gap_comparison", names)
    name = st.selectbox(
        "Comparison",
        names,
        key="gap_comparison",
        bind="query-params",
        help="Every school's list mixes comparisons; grades are shown one framework at a time.",
    )
    # the count is said here, not in the option's name, which a shared link keeps
    st.caption(
        f"{plural(counts[name], 'school')} of {selection_name(selection)} "
        f"{'has its' if counts[name] == 1 else 'have their'} newest parents' views in this "
        "comparison; the first chart below counts every school with such views and judgement."
    )
    return choices[name]


def answers_by_grade(selection: Selection, comparison: GapChoice) -> None:
    """Every answer's share by the grade the parents' views are set against, in the selection
    and England, for one comparison."""
    st.subheader("Parents' answers by the school's grade")
    by_grade = ask("satisfaction_by_grade", **comparison.params, **selection.params)
    if by_grade.is_empty():
        st.info(f"No school in {selection_name(selection)} is compared in this comparison.")
        return
    bases = by_grade.unique(["geography", "grade_rank"])
    mine = bases.filter(pl.col("geography") == "Selection")
    england = bases.filter(pl.col("geography") == "England")
    st.caption(
        f"{md(comparison.describe())}. Pooled over responses. Base: {selection_name(selection)}, "
        f"{plural(int(mine['count_schools'].sum()), 'school')} and "
        f"{plural(int(mine['count_responses'].sum()), 'response')} giving a view; "
        f"{md(national_label())}, {plural(int(england['count_schools'].sum()), 'school')} and "
        f"{plural(int(england['count_responses'].sum()), 'response')}: every school with parents' "
        "views of this kind set against this judgement, whether or not they are the school's "
        "newest. Don't know answers are left out."
    )
    chart_col, table_col = st.columns([1, 1])
    named = selection.places(by_grade)
    answers, bar_order = chart_data.answers_frame(named)
    with chart_col:
        charts.draw(
            "answers_by_grade",
            answers,
            f"{family_label(comparison.family)}, by {comparison.judgement_label}",
            bar_order,
        )
    long = named.with_columns(pl.col("answer").replace_strict(ANSWER_LABELS).alias("answer"))
    with table_col:
        st.caption("% of responses (the chart's data)")
        show_pivot(
            long,
            on="answer",
            index=["geography", "grade_label", "count_schools", "count_responses"],
            values="answer_share",
            download=(
                "responses by grade",
                {
                    "What": f"{family_label(comparison.family)}, by "
                    f"{comparison.judgement_label}: % of responses",
                    "Selection": selection.describe(),
                },
            ),
        )


def schools_with_intervals(
    selection: Selection, comparison: GapChoice, schools: pl.DataFrame
) -> None:
    """Each school of one comparison with its % satisfied and 95% interval, by grade."""
    st.subheader("Each school, with its 95% interval")
    mine = schools.filter(
        (pl.col("family") == comparison.family)
        & (pl.col("framework_id") == comparison.framework_id)
        & (pl.col("area") == comparison.area)
        & pl.col("grade_label").is_not_null()
    )
    if mine.is_empty():
        st.info(f"No school in {selection_name(selection)} is compared in this comparison.")
        return
    st.caption(
        f"Base: {plural(mine.height, 'school')} in {selection_name(selection)}; "
        f"{int(mine['count_responses'].sum()):,} responses. Each line is the range the "
        "school's true share satisfied probably lies in (Wilson 95% interval): short lines are "
        "many responses."
    )
    charts.draw(
        "school_intervals",
        chart_data.schools_frame(mine),
        f"% satisfied by {comparison.judgement_label}",
    )
    summary = (
        mine.group_by("grade_rank", "grade_label")
        .agg(
            pl.len().alias("schools"),
            pl.col("share_satisfied").median().alias("median"),
            pl.col("share_satisfied").min().alias("lowest"),
            pl.col("share_satisfied").max().alias("highest"),
        )
        .sort("grade_rank")
    )
    st.markdown(
        "**In words** (median of schools): "
        + "; ".join(
            f"{r['grade_label']}: {plural(r['schools'], 'school')}, median {pct(r['median'])} "
            f"satisfied (from {pct(r['lowest'])} to {pct(r['highest'])})"
            for r in summary.iter_rows(named=True)
        )
        + "."
    )
    with st.expander("The chart's data: every school in this comparison"):
        shown = mine.select(
            "school_name",
            "urn",
            "grade_label",
            "share_satisfied",
            "ci95_low_share",
            "ci95_high_share",
            "count_responses",
            "count_submissions",
            "data_date",
            "inspected_on",
            "months_apart",
            "is_approximate",
        )
        show_table(shown)
        about = {"Selection": selection.describe(), **comparison.about()}
        download_buttons(shown, "% satisfied by school", about)
