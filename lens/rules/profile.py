"""One school's whole picture, gathered once for the profile page and its briefing pack, with the
figures computed from it: where the school sits among similar schools, and the points to discuss.

The questions go through whichever `ask` the caller passes (the page's cached query layer, or a
direct warehouse runner in tests): this module draws nothing and reads no file. It does ask the
data layer below it for one thing, what the national figures are called (lens/data/coverage.py,
once per page run), as every rule that names England does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import polars as pl

from lens.data.coverage import place as national_place
from lens.rules.gaps import (
    OWN_SURVEY_WORDS,
    PHASE_GROUP_WORDS,
    GapChoice,
    compared_with,
)
from lens.rules.labels import family_label, whose
from lens.rules.words import CONCERN_WORDS, STATUS_WORDS
from schemas.parent_view import SET_BY_ID

Ask = Callable[..., pl.DataFrame]


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
        """The newest 'as at' date of one kind of source (see lens/data/sql/source_dates.sql)."""
        rows = self.sources.filter(pl.col("source") == source)["as_at_date"]
        return rows[0] if rows.len() else None


def load(ask: Ask, urn: int, gap: GapChoice | None) -> SchoolProfile | None:
    """The profile of one school, or None when the warehouse does not know the URN. Its place on
    the gap list is for `gap`, the choice every page uses (lens/rules/gaps.py)."""
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
    return profile.inspections.select(  # the judgement beside its date: in view at 1024 px
        "started_on",
        "era",
        "overall_judgement",
        "kind",
        "category_of_concern",
        whose(pl.col("predecessor_urn")).alias("whose"),
    )


def satisfaction_table(profile: SchoolProfile) -> pl.DataFrame:
    """Every satisfaction result of the school and its predecessors, newest first, with its base
    and 95% interval."""
    return profile.satisfaction.select(  # the figure and its base first: in view at 1024 px
        "family",
        "data_date",
        "pct_satisfied",
        "count_responses",
        "ci95_low_pct",
        "ci95_high_pct",
        whose(pl.col("predecessor_urn")).alias("whose"),
        "count_submissions",
    ).sort("data_date", descending=True)


def pv_question_table(profile: SchoolProfile) -> pl.DataFrame:
    """The latest Parent View question by question, the verdict against England first (so it is
    in view on a projector), then % positive with its interval, that of England's schools of the
    same phase (pv_benchmark names them) and the base."""
    return profile.pv_questions.select(
        "question_text",
        "against_england",
        "pct_positive",
        "ci95_low_pct",
        "ci95_high_pct",
        "phase_england_pct_positive",
        "answering",
        "question_id",
    )


def pv_benchmark(profile: SchoolProfile, place: str | None = None) -> str:
    """Whom the school's Parent View is set against, in words: England's schools of its own phase
    group, as the gap list groups them ('secondary schools in England'), or of every phase where
    its group has too few schools ('schools of every phase in England'). `place` is where the
    national figures come from (lens/data/coverage.py place)."""
    group = profile.pv_questions["england_phase_group"][0]
    where = place if place is not None else national_place()
    return f"{PHASE_GROUP_WORDS.get(group, PHASE_GROUP_WORDS['all'])} in {where}"


CHANCE_WORDS = (
    "Each question is compared on its own, so about one in twenty comes out above or below by "
    "chance alone."
)


def happy_question_id(question_set: str) -> str | None:
    """The id of "My child is happy at this school" in a Parent View question set, as declared
    (schemas/parent_view.py); None for a set not declared."""
    declared = SET_BY_ID.get(question_set)
    return declared.happy_question_id if declared else None


def _pct(value: float) -> str:
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"


def pv_verdict(
    profile: SchoolProfile, national: str = "England", place: str | None = None
) -> str | None:
    """The verdict on the school's latest Parent View in one sentence, before any table: where
    the headline question stands against England's schools of the same phase, named ("against
    81.2% in secondary schools in England"), in words and with its base, then how the other
    questions stand, and that about one comparison in twenty is above or below by chance. None
    when nothing is published. `national` is what the national figures are called, `place`
    where they come from (lens/data/coverage.py)."""
    questions = profile.pv_questions
    if questions.is_empty():
        return None
    happy = happy_question_id(questions["question_set"][0])
    headline = questions.filter(pl.col("question_id") == happy)
    row = (headline if not headline.is_empty() else questions).row(0, named=True)
    benchmark = pv_benchmark(profile, place)
    figures = (
        f"{_pct(row['pct_positive'])} of {row['answering']:,} parents answering agreed with "
        f"\u201c{row['question_text'].rstrip('.')}\u201d, against "
        f"{_pct(row['phase_england_pct_positive'])} in {benchmark}"
    )
    interval = f"{_pct(row['ci95_low_pct'])} to {_pct(row['ci95_high_pct'])}"
    verdict = {
        "below": f"Below {national}: {figures}; this school's 95% interval ({interval}) lies "
        f"wholly below it.",
        "above": f"Above {national}: {figures}; this school's 95% interval ({interval}) lies "
        f"wholly above it.",
    }.get(
        row["against_england"],
        f"In line with {national}: {figures}, which lies inside this school's 95% interval "
        f"({interval}): not a difference to act on.",
    )
    others = questions.filter(pl.col("question_id") != row["question_id"])
    if others.is_empty():
        return verdict
    below = others.filter(pl.col("against_england") == "below").height
    above = others.filter(pl.col("against_england") == "above").height
    rest = others.height - below - above
    parts = [f"{n} {side} {national}" for n, side in ((below, "below"), (above, "above")) if n]
    if not parts:
        parts.append(f"all {rest} in line with it")
    elif rest:
        parts.append(f"{rest} in line with it")
    elif len(parts) == 1:  # "all 9 below England"
        parts[0] = f"all {parts[0]}"
    return f"{verdict} Of the other {others.height} questions: {', '.join(parts)}. {CHANCE_WORDS}"


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
    def within_la(self) -> bool:
        """Compared within its LA only (its own survey): say so wherever it is shown."""
        return self.row.get("reference_la_name") is not None or (
            self.row.get("gap_status") == "not_compared_in_la"
        )

    @property
    def scope_words(self) -> str:
        """The sentence on how own surveys are compared, when this comparison is one; else ''."""
        return OWN_SURVEY_WORDS if self.within_la else ""

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
    own, la_name = row["grade_label"], row.get("reference_la_name")
    compared = "no group" if phase is None else compared_with(phase, low, high, own, la_name)
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
    lower: int = 0  # similar schools strictly below this one
    higher: int = 0  # and strictly above
    # % satisfied only: the school's 95% interval, and the similar schools' lowest tenth (their
    # 10th percentile), so a place is read with its noise (a tenth of schools are in the bottom
    # tenth by definition)
    interval: tuple[float, float] | None = None
    lower_decile: float | None = None

    @property
    def wholly_low(self) -> bool:
        """The school's whole 95% interval lies below the similar schools' lowest tenth: low
        beyond what its parents' numbers allow for, not only ranked there."""
        return (
            self.interval is not None
            and self.lower_decile is not None
            and self.interval[1] < self.lower_decile
        )

    def sentence(self) -> str:
        """In words an adviser would say, by counting: 'lower than every one of the 1,843 similar
        schools in England', 'lower than 431 of the 433', never 'higher than 0% of 1,843' nor a
        percentage rounded to 'lower than 100%' when two schools are lower still."""
        unit = "%" if self.measure == MEASURES["pct_happy"] else ""
        value = f"{self.value:.1f}{unit}"
        if self.interval is not None:
            value += f" (95% interval {self.interval[0]:.1f}% to {self.interval[1]:.1f}%)"
        if self.percentile is None:
            return f"{self.measure}: {value}; no similar school {self.scope} to compare with."
        peers = f"{self.peers:,} similar {'school' if self.peers == 1 else 'schools'} {self.scope}"
        if self.higher == self.peers:
            place = f"lower than every one of the {peers}"
        elif self.lower == self.peers:
            place = f"higher than every one of the {peers}"
        elif self.percentile < 50:
            place = f"lower than {self.higher:,} of the {peers}"
        else:
            place = f"higher than {self.lower:,} of the {peers}"
        return f"{self.measure}: {value}, {place}."


MEASURES = {
    "pct_happy": "% satisfied (Parent View)",  # the name the profile gives it throughout
    "submissions_per_100_pupils": "Parent View submissions per 100 pupils",
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
        interval = None
        if column == "pct_happy" and {"ci95_low_pct", "ci95_high_pct"} <= set(me.columns):
            low, high = me["ci95_low_pct"][0], me["ci95_high_pct"][0]
            interval = (low, high) if low is not None and high is not None else None
        for scope, peers in scopes.items():
            values = peers[column].drop_nulls()
            result.append(
                Standing(
                    measure=measure,
                    scope=scope,
                    value=value,
                    peers=values.len(),
                    percentile=percentile(peers[column], value),
                    lower=int((values < value).sum()),
                    higher=int((values > value).sum()),
                    interval=interval,
                    lower_decile=(
                        float(values.quantile(0.1, "linear"))
                        if interval is not None and values.len()
                        else None
                    ),
                )
            )
    return result


def date_words(value: dt.date | None) -> str:
    return "no date" if value is None else f"{value:%-d %B %Y}"


# --- the school's own copy ------------------------------------------------------------------------

LA_INTERNAL_FAMILIES = ("questionnaire_own_survey",)  # the LA's own parent surveys
LA_INTERNAL_FLAGS = ("disagrees_with_survey",)  # a flag that quotes an own survey


def for_the_school(profile: SchoolProfile) -> SchoolProfile:
    """The profile as the school may see it: public sources only. The LA's own parent surveys,
    the advisers' engagement judgements and their notes, and anything computed from them (a trust
    flag that quotes a survey, a gap-list place counted on surveys) are left out, so the points
    to discuss made from it hold none of them either."""
    own_gap = profile.gap is not None and profile.gap.family in LA_INTERNAL_FAMILIES
    return replace(
        profile,
        satisfaction=profile.satisfaction.filter(~pl.col("family").is_in(LA_INTERNAL_FAMILIES)),
        flags=profile.flags.filter(~pl.col("flag").is_in(LA_INTERNAL_FLAGS)),
        engagement=profile.engagement.clear(),
        gaps=profile.gaps.clear() if own_gap else profile.gaps,
        gap=None if own_gap else profile.gap,
    )


# --- page one of the pack: the summary in an adviser's words ------------------------------------


def parents_say(profile: SchoolProfile, national: str = "England") -> list[str]:
    """What parents say, each figure with its source, date, unit and base: the latest Parent
    View verdict, then the latest result of every other source (so two figures are never left
    unexplained)."""
    said = []
    verdict = pv_verdict(profile, national)
    if verdict:
        said.append(
            f"Parent View, {date_words(profile.pv_questions['snapshot_date'][0])}: {verdict}"
        )
    own = profile.satisfaction.filter(~pl.col("is_predecessor"))
    for (family,), rows in own.group_by("family", maintain_order=True):
        if family.startswith("parent_view_") and verdict:
            continue  # said above, question by question
        last = rows.sort("data_date").row(-1, named=True)
        said.append(
            f"{family_label(family).split(':')[0]}, {date_words(last['data_date'])}: "
            f"{last['pct_satisfied']:.1f}% of {last['count_responses']:,} responses satisfied "
            f"(95% interval {last['ci95_low_pct']:.1f}% to {last['ci95_high_pct']:.1f}%)."
        )
    if not said:
        said.append("No parents' views are loaded for this school.")
    return said


def inspectors_judged(profile: SchoolProfile) -> str:
    """What inspectors judged at the latest full inspection, in its own framework's words."""
    full = profile.inspections.filter(pl.col("kind").is_in(["graded", "report_card"]))
    if full.is_empty():
        return "No graded or report-card inspection of this school is loaded."
    latest = full.row(0, named=True)
    predecessor = latest["predecessor_urn"]
    whose_words = f" (of its predecessor, URN {predecessor})" if latest["is_predecessor"] else ""
    when = f"the inspection of {date_words(latest['started_on'])}{whose_words}"
    if latest["kind"] == "report_card":
        areas = profile.judgements.filter(pl.col("started_on") == latest["started_on"])
        grades = "; ".join(f"{r['area']}: {r['judgement']}" for r in areas.iter_rows(named=True))
        said = f"Report card from {when}" + (f": {grades}." if grades else ".")
    elif latest["overall_judgement"]:
        said = f"{latest['overall_judgement']} at {when} ({latest['era']} framework)."
    else:
        said = (
            f"Inspected at {when} under the {latest['era']} framework, which gave no overall grade."
        )
    if latest["category_of_concern"]:
        said += f" Category of concern: {CONCERN_WORDS.get(latest['category_of_concern'], '')}."
    return said
