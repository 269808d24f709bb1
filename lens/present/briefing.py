"""Briefing packs as PDF for Ofsted-preparation meetings: one school's profile on two to four A4
pages, and an LA's gap list and flags.

Built with fpdf2 from figures the caller has already asked of the warehouse; charts are the
dashboard's own Altair templates rendered to PNG by vl-convert, each with its alternative text.
DejaVu Sans (vendored in lens/present/fonts) carries any character a school's name may hold.
"""

from __future__ import annotations

import polars as pl

from lens.present import chart_data, charts
from lens.present.pack import Pack, as_at_lines, cell_text
from lens.rules.discuss import ENGAGEMENT_CHECKLIST, Point, points_to_discuss
from lens.rules.gaps import (
    GapChoice,
    chance_words,
    coverage_words,
    on_the_list,
    own_survey_note,
    rule_words,
    with_comparison,
)
from lens.rules.profile import (
    CHANCE_WORDS,
    SchoolProfile,
    coded_points,
    facts_table,
    flag_table,
    inspection_table,
    inspectors_judged,
    parents_say,
    pv_question_table,
    pv_verdict,
    satisfaction_table,
    standings,
)
from lens.rules.profile import for_the_school as for_the_school_profile
from lens.rules.words import DIRECTION_WORDS, SIMILAR_DEFINED
from schemas.gap_method import LIMIT_COVERAGE

# --- one school ----------------------------------------------------------------------------------

PACK_ROWS = 8  # results and inspections a pack lists: its charts plot exactly these rows
FOR_THE_SCHOOL_NOTE = (
    "Prepared for the school from public sources only: Ofsted's inspections and reports, Ofsted "
    "Parent View and the register of schools. The local authority's own surveys and its "
    "advisers' judgements and notes are not in this copy."
)


def school_pack(
    profile: SchoolProfile,
    points: list[Point],
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
    for_the_school: bool = False,
) -> bytes:
    """The school's briefing pack as PDF bytes (school_document lays it out)."""
    return bytes(
        school_document(
            profile,
            points,
            is_demo=is_demo,
            built_at=built_at,
            national=national,
            for_the_school=for_the_school,
        ).output()
    )


def school_document(
    profile: SchoolProfile,
    points: list[Point],
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
    for_the_school: bool = False,
) -> Pack:
    """The school's briefing pack. Page one is the summary in an adviser's words: what parents
    say, what inspectors judged, what to discuss, each figure with its unit and base; then the
    evidence (inspections, satisfaction, Parent View, similar schools, reports, the checklist);
    the method behind every figure only on the last page, "How these figures are made".

    `for_the_school` makes the copy to hand to the school: public sources only (the LA's own
    surveys, its advisers' judgements and notes left out, and the points made without them)."""
    if for_the_school:
        profile = for_the_school_profile(profile)
        points = points_to_discuss(profile)
    audience = "for the school" if for_the_school else "for the local authority"
    pdf = Pack(
        f"Partnership Lens briefing pack {audience}: {profile.name} (URN {profile.urn})",
        is_demo,
        national,
    )

    # page one: the summary
    pdf.add_page()
    pdf.heading(profile.name, 16)
    pdf.para(
        f"{profile.facts['phase']} school, {profile.facts['la_name']}. "
        + as_at_lines(profile.sources, built_at),
        8,
    )
    if for_the_school:
        pdf.para(FOR_THE_SCHOOL_NOTE, 8.5)
    pdf.heading("What parents say", 12, keep=12)
    pdf.bullets(("", line) for line in parents_say(profile, national))
    pdf.heading("What inspectors judged", 12, keep=12)
    pdf.para(inspectors_judged(profile))
    pdf.heading("What to discuss", 12, keep=12)
    if points:
        pdf.bullets((p.topic, p.text) for p in points)
    else:
        pdf.para("Nothing in the data stands out for discussion.")
    pdf.heading("The school", 11, keep=30)
    pdf.table(facts_table(profile.facts), widths=(60, 122), size=8)

    # the evidence
    pdf.heading("Inspection history", keep=60)
    inspections = profile.inspections.head(PACK_ROWS)
    if inspections.is_empty():
        pdf.para("No inspection of this school is loaded.")
    else:
        pdf.chart(
            charts.png(
                "inspection_timeline",
                chart_data.timeline_frame(inspections),
                "Inspections, by framework",
                width=520,
            ),
            "Inspection timeline; the same inspections are listed in the table below.",
            height=50,
        )
        pdf.table(inspection_table(profile).head(PACK_ROWS), widths=(22, 20, 38, 22, 38, 42))
        pdf.para(
            "Each judgement is in its own framework's words; grades from different frameworks "
            "are not on one scale.",
            8,
        )
    pdf.heading("Parents' satisfaction over time", keep=85)
    history = satisfaction_table(profile).head(PACK_ROWS)  # newest first: the chart's rows
    if history.is_empty():
        pdf.para("No Parent View or questionnaire results are loaded for this school.")
    else:
        plotted = profile.satisfaction.sort("data_date", descending=True).head(PACK_ROWS)
        pdf.chart(
            charts.png(
                "satisfaction_history",
                chart_data.satisfaction_series(plotted),
                "% satisfied, with 95% intervals",
                width=470,
            ),
            "Satisfaction over time; every point is a row of the table below.",
            height=80,
        )
        pdf.table(
            history.drop("count_submissions"),
            widths=(58, 20, 17, 19, 16, 16, 36),
            size=7,
        )

    questions = profile.pv_questions
    if questions.is_empty():
        pdf.heading("Parent View", keep=12)
        pdf.para("No Parent View results are published for this school (fewer than 10).")
    else:
        pdf.heading(f"Parent View, {cell_text(questions['snapshot_date'][0])}", keep=40)
        pdf.para(pv_verdict(profile, national) or "", 8.5)
        pdf.table(
            pv_question_table(profile).drop("question_id"),  # with its base, as on screen
            widths=(74, 28, 16, 16, 16, 16, 16),
            size=7,
        )
    if not profile.flags.is_empty():
        pdf.heading("Trust flags", 11)
        pdf.table(flag_table(profile).head(6), widths=(22, 30, 130), size=7)
    pdf.heading(f"Compared with {SIMILAR_DEFINED}", 11, keep=50)
    ranks = standings(profile.similar, profile.facts["la_name"])
    if not ranks:
        pdf.para("No Parent View result to compare with similar schools.")
    else:
        pdf.bullets(("", r.sentence()) for r in ranks)
        pdf.chart(
            charts.png(
                "peer_strip",
                chart_data.peer_frame(profile.similar, profile.facts["la_name"]),
                "% satisfied: this school among similar schools",
                width=520,
            ),
            "Dot plot of similar schools' % satisfied; this school's place is given in words "
            "above.",
            height=50,
        )

    # engagement and involvement
    pdf.heading("Engagement with parents", keep=30)
    if not for_the_school:
        if profile.engagement.is_empty():
            pdf.para("No engagement judgement is loaded for this school.")
        else:
            pdf.table(profile.engagement.head(4), widths=(20, 30, 20, 24, 24, 24, 40), size=7)
    coded = coded_points(profile)
    if coded.is_empty():
        pdf.para("No inspection report text is loaded for this school.")
    else:
        latest = coded["inspected_on"].max()
        pdf.heading(f"Improvement points of the report of {cell_text(latest)}", 11)
        pdf.table(
            coded.filter(pl.col("inspected_on") == latest)
            .head(6)
            .select(
                "improvement_point",
                "code",
                pl.col("triggers").replace(NO_RULE, None),  # no words decided it: '–'
            ),
            widths=(120, 22, 40),
            size=7,
        )
    pdf.heading("Questions for the school: evidence both engagement and involvement", 11)
    pdf.para(
        "Parental engagement (supporting learning at home) raises attainment; parental "
        "involvement (attending, volunteering, taking part in school life) does not by itself; "
        "recounting parents' views is neither.",
        8.5,
    )
    pdf.bullets(
        (f"{n}. {area}", question) for n, (area, question) in enumerate(ENGAGEMENT_CHECKLIST, 1)
    )

    # the method, last
    pdf.heading("How these figures are made", 13, keep=60)
    pdf.bullets(how_made(profile, points, pdf.national))
    return pdf


NO_RULE = "no rule matched"  # the coder's note when no phrase rule applied


def how_made(profile: SchoolProfile, points: list[Point], national: str) -> list[tuple[str, str]]:
    """The method behind the pack's figures, for whoever asks how a number was reached."""
    method = [
        (
            "% satisfied",
            "Strongly agree or agree, of the parents giving a view (don't know left out). Parent "
            "View publishes percentages, so its counts are the percentages times the "
            "submissions, rounded.",
        ),
        (
            "95% interval",
            "The Wilson score interval: the range the share of parents who answered Parent View "
            "lies in, 19 times in 20, given how many answered. Few answers make a wide interval. "
            "Parent View's respondents choose themselves: the figures say what those parents "
            "said, not what all the school's parents think.",
        ),
        (
            f"Against {national}",
            "Above or below when the figure for England's schools of the same phase (primary, "
            "secondary, special or other, as the gap list groups them; every phase where the "
            "school's own has too few) lies outside the school's 95% interval; otherwise within "
            f"noise, not a difference to act on. {CHANCE_WORDS}",
        ),
        (
            "The gap list",
            f"A school is on the list when its parents' satisfaction is {rule_words()}.",
        ),
        (
            "Similar schools",
            "Open schools of the same phase and deprivation (IDACI) quintile, with a roll between "
            "two-thirds and one and a half times this school's, in the same Parent View release. "
            "The school's place counts how many of them are lower and how many higher.",
        ),
        (
            "Improvement points",
            "Each point is labelled engagement, involvement, informing, parents' views or none by "
            "an automatic coding trained on labelled sentences from published reports, which "
            "weighs the words, the sentence's meaning as a whole and published phrase rules; an "
            "adviser's correction overrides it.",
        ),
    ]
    return method + [(p.topic, p.detail) for p in points if p.detail]


# --- one LA ---------------------------------------------------------------------------------------


def report_figures_section(
    pdf: Pack,
    la_name: str,
    figures: pl.DataFrame,
    allowed: pl.DataFrame | None = None,
    measured: pl.DataFrame | None = None,
) -> None:
    """Engagement in Education's (2013) figures about inspection reports beside the LA's and
    England's, over all eras and by era, each share with its denominator (reports with an
    improvement section). `figures` is lens/data/sql/report_study_figures.sql for the selection;
    `allowed` the same shares with the coder's measured mistakes allowed for
    (lens/rules/coder_errors.py, ask_allowed_shares) and `measured` those mistakes
    (coder_measured_errors), as the Engagement page shows them."""
    from lens.rules import coder_errors, report_figures

    pdf.heading("Inspection reports beside Engagement in Education (2013)", keep=60)
    if figures.is_empty():
        pdf.para("No inspection report with an improvement section is loaded for this LA.")
        return
    table = report_figures.side_by_side(figures)
    pdf.para(
        f"{report_figures.STUDY_NOTE} Selection: {la_name}. Engagement is parents supporting their "
        "own child's learning; parents' views (surveys, Parent View) are neither engagement nor "
        "involvement.",
        8.5,
    )
    pdf.bullets(
        (line.split(": ", 1)[0], line.split(": ", 1)[1])
        for line in report_figures.sentences(table, la_name)
    )
    pdf.table(table, widths=(34, 50, 26, 16, 16, 16, 16), size=6.5)
    if allowed is None or measured is None or allowed.is_empty():
        return
    pdf.heading("Allowing for the coder's mistakes", size=11, keep=30)
    pdf.bullets(
        (line.split(": ", 1)[0], line.split(": ", 1)[1])
        for line in coder_errors.sentences(allowed, la_name)
    )
    pdf.para(coder_errors.method(measured), 8)


def la_pack(
    la_name: str,
    gap: GapChoice | None,
    gap_schools: pl.DataFrame | None,
    summaries: pl.DataFrame,
    flags: pl.DataFrame,
    sources: pl.DataFrame,
    report_figures: pl.DataFrame,
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
    allowed: pl.DataFrame | None = None,
    measured: pl.DataFrame | None = None,
) -> bytes:
    """An LA's briefing pack as PDF bytes (la_document lays it out)."""
    return bytes(
        la_document(
            la_name,
            gap,
            gap_schools,
            summaries,
            flags,
            sources,
            report_figures,
            is_demo=is_demo,
            built_at=built_at,
            national=national,
            allowed=allowed,
            measured=measured,
        ).output()
    )


def la_document(
    la_name: str,
    gap: GapChoice | None,
    gap_schools: pl.DataFrame | None,
    summaries: pl.DataFrame,
    flags: pl.DataFrame,
    sources: pl.DataFrame,
    report_figures: pl.DataFrame,
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
    allowed: pl.DataFrame | None = None,
    measured: pl.DataFrame | None = None,
) -> Pack:
    """An LA's briefing pack: its schools in numbers, the gap list (the same query and choice as
    the Satisfaction page), reports that ask only for involvement, the trust flags, and its
    inspection reports beside Engagement in Education's 2013 analysis."""
    pdf = Pack(f"Partnership Lens briefing pack: {la_name}", is_demo, national)
    pdf.add_page()
    pdf.heading(f"{la_name}: parents' satisfaction and inspection", 16)
    pdf.para(as_at_lines(sources, built_at), 8)
    open_schools = summaries.filter("is_open")
    with_pv = open_schools.filter(pl.col("pct_happy").is_not_null())
    compared = 0 if gap_schools is None else gap_schools.filter("is_comparable").height
    on_the_line = 0 if gap_schools is None else gap_schools.filter(gap_status="on_the_line").height
    listed = (
        pl.DataFrame(schema={"gap_direction": pl.String})
        if gap_schools is None
        else with_comparison(on_the_list(gap_schools))
    )
    involvement = open_schools.filter(pl.col("report_involvement_only").fill_null(False))
    counts = [
        ("Open schools", open_schools.height),
        ("With a published Parent View result (its latest, from any release)", with_pv.height),
        ("Compared for the gap list", compared),
        ("On the line (Parent View's rounding): not on the list", on_the_line),
        (
            f"On the gap list: {DIRECTION_WORDS['below']}",
            listed.filter(gap_direction="below").height,
        ),
        (
            f"On the gap list: {DIRECTION_WORDS['above']}",
            listed.filter(gap_direction="above").height,
        ),
        ("With a trust flag on their latest Parent View", flags["urn"].n_unique()),
        ("Latest report mentions parents only as involvement or informing", involvement.height),
    ]
    pdf.table(
        pl.DataFrame(counts, schema=["measure", "count_schools"], orient="row"),
        widths=(150, 32),
        size=9,
    )
    pdf.heading("The gap list")
    if gap is None:
        pdf.para("No school has both parents' views and a judgement to compare.")
    else:
        pdf.para(
            f"Comparing {gap.describe()}. A school is on the list when its parents' satisfaction "
            f"is {rule_words()}. Satisfaction is not effectiveness: the gap is the point. "
            f"{coverage_words(gap_schools)}. "
            + chance_words(compared, LIMIT_COVERAGE)
            + (f" {note}" if (note := own_survey_note(gap_schools)) else ""),
            8.5,
        )
    if listed.is_empty():
        pdf.para("No school in this LA is on the gap list.")
    else:
        pdf.table(
            listed.select(
                "school_name",
                "urn",
                "comparison",
                "grade_label",
                "count_responses",
                "share_satisfied",
                "ci95_low_share",
                "ci95_high_share",
                "reference_share",
                "gap_direction",
                "gap_trust_flags",
            ),
            widths=(32, 12, 34, 16, 13, 12, 12, 12, 13, 12, 14),
            size=6.5,
        )
    pdf.heading("Reports that ask for involvement, not engagement")
    pdf.para(
        "Schools whose latest inspection report's improvement points mention parents only as "
        "involvement (attending, volunteering, school life) or informing, never as engaging "
        "them in their children's learning at home: worth asking what the school does for the "
        "second.",
        8.5,
    )
    if involvement.is_empty():
        pdf.para("No loaded report of a school in this LA is coded this way.")
    else:
        pdf.table(
            involvement.sort("report_on", descending=True).select(
                "school_name",
                "urn",
                "report_on",
                "engagement_judgement",
            ),
            widths=(90, 20, 36, 36),
            size=7.5,
        )
    pdf.heading("Trust flags on the latest Parent View")
    if flags.is_empty():
        pdf.para("No school's latest Parent View result carries a trust flag.")
    else:
        pdf.table(
            flags.select("school_name", "urn", "snapshot_date", "flag", "reason"),
            widths=(44, 16, 22, 26, 74),
            size=7,
        )
    report_figures_section(pdf, la_name, report_figures, allowed, measured)
    return pdf
