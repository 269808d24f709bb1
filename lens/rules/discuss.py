"""The points to discuss: the short list an adviser takes into the meeting with a school, each
point worked out from the school's profile (lens/rules/profile.py) with the evidence in numbers,
and the engagement checklist the pack ends with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from lens.data.coverage import place as national_place
from lens.rules.gaps import LIMIT_PERCENT, LIMIT_Z_WORDS, comparison_words
from lens.rules.labels import family_label
from lens.rules.profile import (
    MEASURES,
    SchoolProfile,
    Standing,
    date_words,
    gap_standing,
    happy_question_id,
    standings,
)
from lens.rules.words import DIRECTION_WORDS, EARLIER_YEAR_WORDS, FLAG_WORDS
from schemas.settings import Settings

# One threshold for "few answers" everywhere (LENS_LOW_BASE_RESPONSES).
SMALL_BASE_SUBMISSIONS = Settings.from_env().low_base_responses
OLD_INSPECTION_YEARS = 4
LOW_PERCENTILE = 10
WEAK_ENGAGEMENT = ("Requires improvement", "Satisfactory", "Inadequate")
# the report card's two grades below its expected standard (schemas/scales.py)
BELOW_EXPECTED = ("Needs attention", "Urgent improvement")


@dataclass(frozen=True)
class Point:
    """One thing worth raising in the meeting, with the evidence in numbers: `text` in an
    adviser's words, `detail` the method behind it (the pack's last page, a page's expander)."""

    topic: str
    text: str
    detail: str = ""


def _gap_points(profile: SchoolProfile) -> list[Point]:
    """The school's place on the gap list, for the choice every page counts."""
    standing = gap_standing(profile)
    if standing is None or not standing.on_list:
        return []
    row, compared = standing.row, standing.compared
    return [
        Point(
            "On the gap list",
            f"{DIRECTION_WORDS[row['gap_direction']].capitalize()}: "
            f"{100 * row['share_satisfied']:.1f}% of {row['count_responses']:,} responses "
            f"satisfied ({family_label(row.get('family') or profile.gap.family).split(':')[0]}, "
            f"{date_words(row['data_date'])}), against {100 * row['reference_share']:.1f}% for "
            f"{compared} (without this school): a bigger difference than schools usually show."
            + (
                " The result carries a Parent View trust flag: look at it first."
                if row.get("gap_trust_flags")
                else ""
            ),
            f"On the gap list: {100 * row['share_satisfied']:.1f}% satisfied, 95% interval "
            f"{100 * row['ci95_low_share']:.1f}% to {100 * row['ci95_high_share']:.1f}%, "
            f"{abs(row['z_adjusted']):.1f} standard errors from {compared} allowing for the usual "
            f"spread between schools (beyond the {LIMIT_PERCENT} limits, which start at "
            f"{LIMIT_Z_WORDS}). Comparing "
            f"{comparison_words(row) if profile.gap.every_school else profile.gap.describe()}."
            + (f" {standing.scope_words}" if standing.scope_words else ""),
        )
    ]


def _flag_points(profile: SchoolProfile) -> list[Point]:
    return [
        Point(
            "Parent View flag",
            f"{FLAG_WORDS.get(row['flag'], row['flag'])} on {date_words(row['snapshot_date'])}: "
            f"{row['reason']}. Ask the school what happened before relying on these figures.",
        )
        for row in profile.flags.head(4).iter_rows(named=True)
    ]


def _base_points(profile: SchoolProfile) -> list[Point]:
    questions = profile.pv_questions
    if profile.as_at("Parent View") is None:
        return []  # no Parent View file is loaded: nothing to say about this school
    if questions.is_empty():
        return [
            Point(
                "No Parent View results",
                "Ofsted publishes no Parent View results for this school (fewer than 10 "
                "submissions): there is no parent figure to weigh, not a poor one.",
            )
        ]
    submissions = int(questions["submissions"].max())
    if submissions >= SMALL_BASE_SUBMISSIONS:
        return []
    happy = questions.filter(  # "My child is happy at this school", as its set declares it
        pl.col("question_id") == happy_question_id(questions["question_set"][0])
    )
    interval = (
        f" (% satisfied: 95% interval {happy['ci95_low_pct'][0]:.1f}% to "
        f"{happy['ci95_high_pct'][0]:.1f}%)"
        if not happy.is_empty()
        else ""
    )
    return [
        Point(
            "Small Parent View base",
            f"Only {submissions} Parent View submissions on "
            f"{date_words(questions['snapshot_date'][0])}{interval}: read every figure as a range.",
        )
    ]


def academic_year(day: dt.date) -> int:
    """The academic year (1 September to 31 August) `day` falls in, by the year it starts."""
    return day.year if day.month >= 9 else day.year - 1


def year_words(start: int) -> str:
    """An academic year as people write it: 2024/25."""
    return f"{start}/{(start + 1) % 100:02d}"


def _compared(family: str, rows: list[dict]) -> tuple[dict, dict] | None:
    """The two results of one series (oldest first) that the fall is looked for between: the
    latest and the one before it; for Parent View, the latest and the latest of an earlier
    academic year (two of one year share most of their parents), None when there is none."""
    if len(rows) < 2:
        return None
    after = rows[-1]
    if not family.startswith("parent_view"):
        return rows[-2], after
    year = academic_year(after["data_date"])
    earlier = [row for row in rows[:-1] if academic_year(row["data_date"]) < year]
    return (earlier[-1], after) if earlier else None


def _trend_points(profile: SchoolProfile) -> list[Point]:
    """A fall between two of the school's results in one series, their intervals apart: the last
    two, or for Parent View the latest and the latest of an earlier academic year."""
    points = []
    own = profile.satisfaction.filter(~pl.col("is_predecessor"))
    for (family,), series in own.group_by("family", maintain_order=True):
        pair = _compared(family, series.sort("data_date").rows(named=True))
        if pair is None:
            continue
        before, after = pair
        if after["ci95_high_pct"] < before["ci95_low_pct"]:
            if family.startswith("parent_view"):
                method = (
                    f"Satisfaction fell: the latest Parent View result of this question set, "
                    f"{date_words(after['data_date'])} (academic year "
                    f"{year_words(academic_year(after['data_date']))}), against the latest of an "
                    f"earlier academic year, {date_words(before['data_date'])} "
                    f"({year_words(academic_year(before['data_date']))}), their 95% intervals "
                    f"apart. {EARLIER_YEAR_WORDS}"
                )
            else:
                method = (
                    "Satisfaction fell: the last two results of one source and question set, "
                    "their 95% intervals apart."
                )
            points.append(
                Point(
                    "Satisfaction fell",
                    f"{family_label(family)}: {before['pct_satisfied']:.1f}% satisfied on "
                    f"{date_words(before['data_date'])}, {after['pct_satisfied']:.1f}% on "
                    f"{date_words(after['data_date'])}; the 95% intervals do not overlap.",
                    method,
                )
            )
    return points


def _engagement_points(profile: SchoolProfile) -> list[Point]:
    points = []
    reports = profile.report_points.unique("inspected_on", keep="first", maintain_order=True)
    if not reports.is_empty():
        latest = reports.row(0, named=True)
        coded = profile.report_points.filter(pl.col("inspected_on") == latest["inspected_on"])
        if latest["report_involvement_only"]:
            words = "; ".join(
                coded.filter(pl.col("code").is_in(["involvement", "informing"]))["triggers"]
                .drop_nulls()
                .to_list()
            )
            points.append(
                Point(
                    "Involvement, not engagement",
                    f"The improvement points of the report of {date_words(latest['inspected_on'])} "
                    f"mention parents only as involvement or informing (triggered by: {words}); "
                    "none asks the school to engage parents in their children's learning at home.",
                )
            )
        elif not latest["report_uses_engagement"] and latest["report_points"]:
            points.append(
                Point(
                    "No evidence of engagement",
                    f"None of the {latest['report_points']} improvement points of the report of "
                    f"{date_words(latest['inspected_on'])} mentions parents: the report gives no "
                    "evidence either way on engaging parents in learning.",
                )
            )
    if not profile.engagement.is_empty():
        latest = profile.engagement.row(0, named=True)
        if latest["engagement"] in WEAK_ENGAGEMENT:
            points.append(
                Point(
                    "Engagement judged weak",
                    f"Engagement with parents judged {latest['engagement']} on "
                    f"{date_words(latest['judged_on'])} ({latest['source']}); impact of parents "
                    f"{latest['impact_of_parents']}, inclusion {latest['inclusion']}.",
                )
            )
    return points


def _inspection_points(profile: SchoolProfile) -> list[Point]:
    points = []
    full = profile.inspections.filter(pl.col("kind").is_in(["graded", "report_card"]))
    as_at = profile.as_at("inspections (Ofsted MI)")
    if full.is_empty():
        return [Point("No full inspection", "No graded or report-card inspection is loaded.")]
    latest = full.row(0, named=True)
    if as_at is not None:
        years = (as_at - latest["started_on"]).days / 365.25
        if years >= OLD_INSPECTION_YEARS:
            points.append(
                Point(
                    "Old inspection",
                    f"The latest full inspection began on {date_words(latest['started_on'])}, "
                    f"{years:.1f} years before the inspection data's as-at date "
                    f"({date_words(as_at)}): what it found may no longer describe the school.",
                )
            )
    if latest["kind"] == "report_card":
        below = profile.judgements.filter(
            (pl.col("started_on") == latest["started_on"])
            & pl.col("judgement").is_in(BELOW_EXPECTED)
        )
        if not below.is_empty():
            areas = "; ".join(f"{r['area']}: {r['judgement']}" for r in below.iter_rows(named=True))
            points.append(
                Point(
                    "Report-card areas below the expected standard",
                    f"The report card of {date_words(latest['started_on'])} grades "
                    f"{len(below)} of its areas below the expected standard: {areas}.",
                )
            )
    if latest["is_predecessor"]:
        points.append(
            Point(
                "Inspected as its predecessor",
                f"The latest full inspection ({date_words(latest['started_on'])}) was of its "
                f"predecessor (URN {latest['predecessor_urn']}); this URN has not "
                "had a full inspection of its own.",
            )
        )
    if latest["category_of_concern"]:
        points.append(
            Point(
                "Category of concern",
                f"{latest['category_of_concern']} at the inspection of "
                f"{date_words(latest['started_on'])}.",
            )
        )
    return points


def _similar_points(ranks: list[Standing]) -> list[Point]:
    """Low among similar schools in England: raised only when the school's whole 95% interval
    lies below the similar schools' lowest tenth. A tenth of schools are in the bottom tenth by
    definition, and a ranking of raw percentages lets a few parents' answers decide the place (8
    of 10 satisfied can rank in the bottom tenth with an interval of 49% to 94%)."""
    return [
        Point(
            "Low among similar schools",
            s.sentence()
            + f" Its whole 95% interval lies below {s.lower_decile:.1f}%, where the lowest tenth "
            "of them start.",
            "Similar schools: the same phase and deprivation (IDACI) quintile, a roll between "
            "two-thirds and one and a half times this school's, in the same Parent View release; "
            "the place counts how many of them are lower and higher. A tenth of schools are in "
            "the bottom tenth by definition, and a place ranks percentages from few parents and "
            "many alike, so the point is raised only when this school's whole 95% interval lies "
            f"below the similar schools' lowest tenth in {national_place()} (their 10th "
            "percentile), not merely when it ranks there.",
        )
        for s in ranks
        if s.scope == f"in {national_place()}"
        and s.measure == MEASURES["pct_happy"]
        and s.percentile is not None
        and s.percentile < LOW_PERCENTILE
        and s.wholly_low
    ]


def points_to_discuss(profile: SchoolProfile) -> list[Point]:
    """The short list for the meeting, each point computed from the school's data."""
    ranks = standings(profile.similar, profile.facts["la_name"])
    return [
        *_inspection_points(profile),
        *_gap_points(profile),
        *_trend_points(profile),
        *_similar_points(ranks),
        *_flag_points(profile),
        *_base_points(profile),
        *_engagement_points(profile),
    ]


ENGAGEMENT_CHECKLIST = (
    (
        "Engagement (learning at home)",
        "How do you help parents support their child's learning at home (reading, homework, "
        "talk about school)? What changed for pupils as a result?",
    ),
    (
        "Engagement (learning at home)",
        "Which parents are hardest to reach, and what do you do differently for them?",
    ),
    (
        "Engagement (learning at home)",
        "What do you share with parents about what their child is learning and how to help?",
    ),
    (
        "Involvement (in school life)",
        "How do parents give their views, and what did you change because of them?",
    ),
    (
        "Involvement (in school life)",
        "Attendance at events, volunteering, the parent forum: who comes, and who does not?",
    ),
    (
        "Evidence",
        "Keep the two apart: involvement alone does not raise attainment; bring evidence of "
        "engagement's effect on learning.",
    ),
)
