"""One school's whole picture, gathered once for the profile page and its briefing pack, with the
figures computed from it: where the school sits among similar schools, and the points to discuss.

The questions go through whichever `ask` the caller passes (the page's cached query layer, or a
direct warehouse runner in tests), so this module never touches Streamlit or files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from lens.coverage import place as national_place
from lens.gaps import DIRECTION_WORDS, STATUS_WORDS, GapChoice, comparison_words, reference_words
from lens.labels import family_label, whose
from schemas.settings import Settings

Ask = Callable[..., pl.DataFrame]
# One threshold for "few answers" everywhere (LENS_LOW_BASE_RESPONSES).
SMALL_BASE_SUBMISSIONS = Settings.from_env().low_base_responses

OLD_INSPECTION_YEARS = 4
LOW_PERCENTILE = 10
WEAK_ENGAGEMENT = ("Requires improvement", "Satisfactory", "Inadequate")


@dataclass(frozen=True)
class SchoolProfile:
    """Everything the profile shows about one school, as the warehouse holds it."""

    facts: dict
    inspections: pl.DataFrame
    judgements: pl.DataFrame
    satisfaction: pl.DataFrame
    pv_questions: pl.DataFrame
    flags: pl.DataFrame
    gaps: pl.DataFrame
    gap: GapChoice | None
    engagement: pl.DataFrame
    report_points: pl.DataFrame
    report_sentences: pl.DataFrame
    similar: pl.DataFrame
    sources: pl.DataFrame

    @property
    def urn(self) -> int:
        return self.facts["urn"]

    @property
    def name(self) -> str:
        return self.facts["school_name"]

    def as_at(self, source: str) -> dt.date | None:
        """The newest 'as at' date of one kind of source (see lens/sql/source_dates.sql)."""
        rows = self.sources.filter(pl.col("source") == source)["as_at_date"]
        return rows[0] if rows.len() else None


def load(ask: Ask, urn: int, gap: GapChoice | None) -> SchoolProfile | None:
    """The profile of one school, or None when the warehouse does not know the URN. Its place on
    the gap list is for `gap`, the choice every page uses (lens/gaps.py)."""
    facts = ask("school_facts", urn=urn)
    if facts.is_empty():
        return None

    def one(name: str) -> pl.DataFrame:
        return ask(name, urn=urn)

    return SchoolProfile(
        facts=facts.row(0, named=True),
        inspections=one("school_inspections"),
        judgements=one("school_judgements"),
        satisfaction=one("school_satisfaction_history"),
        pv_questions=one("school_pv_questions"),
        flags=one("school_flags"),
        gaps=ask("school_gaps", urn=urn, **gap.params) if gap else pl.DataFrame(),
        gap=gap,
        engagement=one("school_engagement"),
        report_points=one("school_report_points"),
        report_sentences=one("school_report_sentences"),
        similar=one("similar_schools"),
        sources=ask("source_dates"),
    )


def facts_table(facts: dict) -> pl.DataFrame:
    """The header facts as two text columns, the same on the page and in the pack."""

    def text(value: object) -> str:
        if value is None or value == []:
            return "none recorded"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, dt.date):
            return f"{value:%-d %B %Y}"
        return str(value)

    rows = [
        ("URN", text(facts["urn"])),
        ("LAESTAB", text(facts["laestab"])),
        ("Local authority", f"{facts['la_name']} ({facts['la_code']})"),
        ("Phase and type", f"{facts['phase']}; {facts['school_type']}"),
        ("Pupils on roll", text(None if facts["pupils"] is None else f"{facts['pupils']:,}")),
        ("Trust", text(facts["trust_name"])),
        ("IDACI quintile (1 = most deprived)", text(facts["idaci_quintile"])),
        (
            "Free school meals",
            text(None if facts["fsm_pct"] is None else f"{facts['fsm_pct']:.1f}%"),
        ),
        ("Opened", text(facts["opened_on"])),
        ("Replaced (previous URNs)", text(facts["predecessor_urns"])),
    ]
    if facts["successor_urns"]:
        rows.append(("Replaced by (URNs)", text(facts["successor_urns"])))
    if not facts["is_open"]:
        rows.append(("Closed", text(facts["closed_on"])))
    return pl.DataFrame(rows, schema=["fact", "value"], orient="row")


# --- the tables the page and the pack both show --------------------------------------------------


def inspection_table(profile: SchoolProfile) -> pl.DataFrame:
    """The school's inspections, newest first, each judgement in its own framework's words (the
    page shows them all, the pack the latest six)."""
    return profile.inspections.select(
        "started_on",
        whose(pl.col("predecessor_urn")).alias("whose"),
        "era",
        "kind",
        "overall_judgement",
        "category_of_concern",
    )


def satisfaction_table(profile: SchoolProfile) -> pl.DataFrame:
    """Every satisfaction result of the school and its predecessors, newest first, with its base
    and 95% interval."""
    return profile.satisfaction.select(
        "family",
        whose(pl.col("predecessor_urn")).alias("whose"),
        "data_date",
        "count_submissions",
        "count_responses",
        "pct_satisfied",
        "ci95_low_pct",
        "ci95_high_pct",
    ).sort("data_date", descending=True)


def pv_question_table(profile: SchoolProfile) -> pl.DataFrame:
    """The latest Parent View question by question, each % positive with its interval beside
    England's and whether the difference is within noise."""
    return profile.pv_questions.select(
        "question_id",
        "question_text",
        "answering",
        "pct_positive",
        "ci95_low_pct",
        "ci95_high_pct",
        "england_pct_positive",
        "against_england",
    )


def flag_table(profile: SchoolProfile) -> pl.DataFrame:
    """The trust flags on the school's Parent View results, newest first, each with its reason."""
    return profile.flags.select("snapshot_date", "flag", "reason")


def coded_points(profile: SchoolProfile) -> pl.DataFrame:
    """The improvement points of the school's inspection reports, each with its code and the words
    that decided it (reports without an improvement section have none)."""
    return profile.report_points.filter(pl.col("improvement_point").is_not_null())


@dataclass(frozen=True)
class GapStanding:
    """The school in the gap list's comparison: its row of satisfaction_gaps and whom it is
    compared with, in words."""

    row: dict
    compared: str

    @property
    def on_list(self) -> bool:
        return self.row["gap_direction"] is not None

    @property
    def status_words(self) -> str:
        """Its place in words: on the list and which side, on the line, not shown to differ, or
        not compared and why."""
        return STATUS_WORDS[self.row["gap_status"]]


def gap_standing(profile: SchoolProfile) -> GapStanding | None:
    """Where the school stands for the gap list's one choice; None when it is not compared (no
    such parents' views, or none within the window)."""
    if profile.gap is None or profile.gaps.is_empty():
        return None
    row = profile.gaps.row(0, named=True)
    phase, low, high = row["reference_phase"], row["band_low_label"], row["band_high_label"]
    own = row["grade_label"]
    compared = "no group" if phase is None else reference_words(phase, low, high, own)
    return GapStanding(row, compared)


# --- where the school sits among similar schools ------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """This school's place on one measure among similar schools in one scope."""

    measure: str
    scope: str
    value: float
    peers: int
    percentile: float | None

    def sentence(self) -> str:
        if self.percentile is None:
            return f"{self.measure}: no similar school {self.scope} to compare with."
        return (
            f"{self.measure}: {self.value:.1f}, higher than {self.percentile:.0f}% of "
            f"{self.peers:,} similar schools {self.scope}."
        )


MEASURES = {
    "pct_happy": "% happy (Parent View)",
    "submissions_per_100_pupils": "Submissions per 100 pupils",
}


def percentile(values: pl.Series, value: float) -> float | None:
    """The share of values below this one, ties counting half (the mid-rank percentile)."""
    clean = values.drop_nulls()
    if clean.is_empty():
        return None
    below = int((clean < value).sum())
    ties = int((clean == value).sum())
    return 100 * (below + ties / 2) / clean.len()


def standings(similar: pl.DataFrame, la_name: str) -> list[Standing]:
    """Where the school sits on each measure among similar schools in its LA and in England."""
    me = similar.filter("is_this_school")
    if me.is_empty():
        return []
    others = similar.filter(~pl.col("is_this_school"))
    scopes = {f"in {la_name}": others.filter("in_same_la"), f"in {national_place()}": others}
    result = []
    for column, measure in MEASURES.items():
        value = me[column][0]
        if value is None:
            continue
        for scope, peers in scopes.items():
            result.append(
                Standing(
                    measure=measure,
                    scope=scope,
                    value=value,
                    peers=peers[column].drop_nulls().len(),
                    percentile=percentile(peers[column], value),
                )
            )
    return result


# --- points to discuss ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One thing worth raising in the meeting, with the evidence in numbers."""

    topic: str
    text: str


def _date(value: dt.date | None) -> str:
    return "no date" if value is None else f"{value:%-d %B %Y}"


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
            f"{100 * row['share_satisfied']:.1f}% satisfied (95% interval "
            f"{100 * row['ci95_low_share']:.1f} to "
            f"{100 * row['ci95_high_share']:.1f}, {row['count_responses']:,} responses, "
            f"{_date(row['data_date'])}) against {100 * row['reference_share']:.1f}% for "
            f"{compared} in {national_place()} (without this school), further apart than "
            "schools usually are: beyond the 99.8% limits. Comparing "
            f"{comparison_words(row) if profile.gap.every_school else profile.gap.describe()}."
            + (
                " The result carries a Parent View trust flag: look at it first."
                if row.get("gap_trust_flags")
                else ""
            ),
        )
    ]


def _flag_points(profile: SchoolProfile) -> list[Point]:
    return [
        Point(
            "Parent View flag",
            f"{row['flag'].replace('_', ' ')} on {_date(row['snapshot_date'])}: {row['reason']}. "
            "Ask the school what happened before relying on these figures.",
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
    happy = questions.filter(pl.col("question_id") == "1")
    interval = (
        f" (% happy: 95% interval {happy['ci95_low_pct'][0]:.1f} to "
        f"{happy['ci95_high_pct'][0]:.1f})"
        if not happy.is_empty()
        else ""
    )
    return [
        Point(
            "Small Parent View base",
            f"Only {submissions} Parent View submissions on "
            f"{_date(questions['snapshot_date'][0])}{interval}: read every figure as a range.",
        )
    ]


def _trend_points(profile: SchoolProfile) -> list[Point]:
    """A fall between the school's last two results in one series, their intervals apart."""
    points = []
    own = profile.satisfaction.filter(~pl.col("is_predecessor"))
    for (family,), series in own.group_by("family", maintain_order=True):
        last_two = series.sort("data_date").tail(2)
        if last_two.height < 2:
            continue
        before, after = last_two.row(0, named=True), last_two.row(1, named=True)
        if after["ci95_high_pct"] < before["ci95_low_pct"]:
            points.append(
                Point(
                    "Satisfaction fell",
                    f"{family_label(family)}: {before['pct_satisfied']:.1f}% satisfied on "
                    f"{_date(before['data_date'])}, {after['pct_satisfied']:.1f}% on "
                    f"{_date(after['data_date'])}; the 95% intervals do not overlap.",
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
                    f"The improvement points of the report of {_date(latest['inspected_on'])} "
                    f"mention parents only as involvement or informing (triggered by: {words}); "
                    "none asks the school to engage parents in their children's learning at home.",
                )
            )
        elif not latest["report_uses_engagement"] and latest["report_points"]:
            points.append(
                Point(
                    "No evidence of engagement",
                    f"None of the {latest['report_points']} improvement points of the report of "
                    f"{_date(latest['inspected_on'])} mentions parents: the report gives no "
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
                    f"{_date(latest['judged_on'])} ({latest['source']}); impact of parents "
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
                    f"The latest full inspection began on {_date(latest['started_on'])}, "
                    f"{years:.1f} years before the inspection data's as-at date "
                    f"({_date(as_at)}): what it found may no longer describe the school.",
                )
            )
    if latest["is_predecessor"]:
        points.append(
            Point(
                "Inspected as its predecessor",
                f"The latest full inspection ({_date(latest['started_on'])}) was of its "
                f"predecessor (URN {latest['predecessor_urn']}); this URN has not "
                "had a full inspection of its own.",
            )
        )
    if latest["category_of_concern"]:
        points.append(
            Point(
                "Category of concern",
                f"{latest['category_of_concern']} at the inspection of "
                f"{_date(latest['started_on'])}.",
            )
        )
    return points


def _similar_points(ranks: list[Standing]) -> list[Point]:
    return [
        Point(
            "Low among similar schools",
            s.sentence() + " Similar: same phase and deprivation quintile, a roll within a "
            "half either way.",
        )
        for s in ranks
        if s.scope == f"in {national_place()}"
        and s.measure == MEASURES["pct_happy"]
        and s.percentile is not None
        and s.percentile < LOW_PERCENTILE
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
