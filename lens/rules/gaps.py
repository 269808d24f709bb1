"""The gap list's one set of parameters, chosen once in the sidebar and kept in the page address:
which parents' views, set against which judgement, within which time window. Every page, export and
briefing pack that counts or lists the gap list takes its parameters and words from here."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from lens.rules.labels import family_label, family_short_label
from lens.rules.words import NOT_COMPARED_WORDS
from schemas import gap_method

PHASE_GROUP_WORDS = {
    "primary": "primary schools",
    "secondary": "secondary schools",
    "special": "special schools",
    "other": "schools of other phases (nursery, all-through, alternative provision)",
    "all": "schools of every phase",
}


EVERY_SCHOOL_JUDGEMENT = (
    "the judgement in force when they answered (overall effectiveness, or a report card's "
    "Leadership and governance)"
)


@dataclass(frozen=True)
class GapChoice:
    """One definition of the gap list: every school's most recent parents' views against the
    judgement in force when they answered (the default, `every_school`), or one family of
    parents' views against one judgement (the expert's choice). The window applies to both."""

    family: str | None
    framework_id: str | None
    area: str | None
    window_months: int
    judgement_label: str
    every_school: bool = False

    @classmethod
    def for_every_school(cls, window_months: int) -> GapChoice:
        return cls(None, None, None, window_months, EVERY_SCHOOL_JUDGEMENT, every_school=True)

    @property
    def params(self) -> dict[str, object]:
        """The bound parameters of every gap-list query (the macro gap_rows's arguments)."""
        return {
            "every_school": self.every_school,
            "family": self.family,
            "framework_id": self.framework_id,
            "area": self.area,
            "window_months": self.window_months,
        }

    @property
    def source_label(self) -> str:
        if self.every_school:
            return "Each school's most recent parents' views, whatever the source"
        return family_label(self.family)

    @property
    def window_words(self) -> str:
        if self.family == "questionnaire_at_inspection":
            return "each questionnaire against the inspection it came with"
        return (
            f"parents' views against the judgement in force when they answered, made at most "
            f"{self.window_months} calendar months before"
        )

    def describe(self) -> str:
        """The one sentence every place that counts the list shows beside its number."""
        if self.every_school:
            return (
                "every school: its most recent parents' views (Parent View, questionnaires or own "
                f"survey) against {EVERY_SCHOOL_JUDGEMENT}, made at most {self.window_months} "
                "calendar months before, each in its own comparison"
            )
        return (
            f"{family_short_label(self.family)} against {self.judgement_label}; {self.window_words}"
        )

    def about(self) -> dict[str, str]:
        """The export's About sheet rows."""
        return {
            "Parents' views": self.source_label,
            "Set against": self.judgement_label,
            "Time window": self.window_words,
            "Rule": rule_words(),
        }

    def comparison(self, row: dict) -> GapChoice:
        """The single comparison a row of this choice (gap_schools) was made in: its family
        against its judgement, in this window."""
        words = judgement_label(row["framework_label"], row["area"], row["area_label"])
        return GapChoice(row["family"], row["framework_id"], row["area"], self.window_months, words)


# A reference group holds each school's latest result of its source (satisfaction_pairs.sql), so
# it can mix releases: said in the page's method and the README (an independent statistician's
# review)
MIXED_RELEASES_WORDS = (
    "A group holds each school's latest result, so it can mix releases (Parent View's 2019 "
    "question set: 2021, 2023 and 2025): a school whose latest result is older is set against "
    "schools mostly answered later, and a change across England over time shows as its gap."
)


# How an own survey is compared, said wherever an own-survey comparison appears (the Satisfaction
# page, the profile, both packs): an LA's own surveys are not public, so their reference groups are
# drawn from one LA's schools only (etl/sql/marts/satisfaction_pairs.sql, reference_scope).
OWN_SURVEY_WORDS = (
    "Own surveys are compared only with other schools' own surveys in the same local authority, "
    "so no other local authority's survey is used or can be worked out; where a local authority "
    "has too few schools with the same grade and phase, its schools are not compared."
)


def within_la(schools: pl.DataFrame) -> bool:
    """Whether any of these gap_schools rows was compared, or not, within its LA (own surveys)."""
    own = (pl.col("reference_scope").fill_null("national") != "national") | (
        pl.col("gap_status") == "not_compared_in_la"
    )
    return not schools.filter(own).is_empty()


def own_survey_note(schools: pl.DataFrame) -> str:
    """OWN_SURVEY_WORDS when these gap_schools rows hold an own-survey comparison; else ''."""
    return OWN_SURVEY_WORDS if within_la(schools) else ""


def coverage_words(schools: pl.DataFrame) -> str:
    """'N of M schools compared (K not compared: why)' for gap_schools rows (one per open school
    in the selection), the count every list and pack shows beside the list."""
    compared = schools.filter(pl.col("is_comparable")).height
    counts = dict(schools.filter(~pl.col("is_comparable")).group_by("gap_status").len().iter_rows())
    reasons = [
        f"{counts[code]:,} with {words}"
        for code, words in NOT_COMPARED_WORDS.items()
        if code in counts
    ]
    said = f"{compared:,} of {schools.height:,} open schools compared"
    if reasons:
        said += f" ({schools.height - compared:,} not compared: " + "; ".join(reasons) + ")"
    return said


def comparison_words(row: dict) -> str:
    """The comparison one school of the list was made in, named on its row: its parents' views
    against a judgement, or the views alone when no judgement could be set against them (the
    row's status says why)."""
    if row["family"] is None:
        return "No parents' views"
    if row["area"] is None:
        return f"{family_short_label(row['family'])}: no judgement to set against"
    judged = judgement_label(row["framework_label"], row["area"], row["area_label"])
    return f"{family_short_label(row['family'])} against {judged}"


def with_comparison(schools: pl.DataFrame) -> pl.DataFrame:
    """gap_schools rows with a `comparison` column in words."""
    words = [comparison_words(row) for row in schools.iter_rows(named=True)]
    return schools.with_columns(pl.Series("comparison", words, dtype=pl.String))


# --- the method's limits in words, from their one declaration (schemas/gap_method.py) ------------
# Read when lens/ is imported: changing LIMIT_COVERAGE changes every page, legend and pack, and
# tests/test_limit_words.py builds a warehouse with another limit to show it.
LIMIT_PERCENT = gap_method.percent(gap_method.LIMIT_COVERAGE)  # the gap list's limits
WARN_PERCENT = gap_method.percent(gap_method.WARN_COVERAGE)  # the funnel's inner lines
# Outside the limits though every school differed only by the usual spread: the random-effects
# model's expected tail, not chance alone ("chance" is kept for the chance-only limits, tau^2 = 0)
EXPECTED_OUTSIDE_PERCENT = gap_method.percent(1 - gap_method.LIMIT_COVERAGE)
USUAL_SPREAD_WORDS = "If schools differed only as much as schools usually do"
# Parent View's rounding rule (a school listed only when beyond the limits at both ends of what its
# rounded figures can stand for) lowers the expected count: README, "What the list can and cannot
# say", gives the simulated schools' rate beside the promised one
ROUNDING_LOWERS_WORDS = (
    "fewer for Parent View, whose schools are listed only when beyond the limits at both ends of "
    "what its rounded figures can stand for"
)
LIMIT_Z_WORDS = f"{gap_method.LIMIT_Z:.2f}"  # the limit in standard errors
LIMIT_LINE = f"{LIMIT_PERCENT} limits (gap list)"  # a chart's legend and its data, one string
WARN_LINE = f"{WARN_PERCENT} limits"

RULE_WORDS = (
    f"outside the {LIMIT_PERCENT} limits of schools in England with the same grade and phase "
    "(for an own survey, schools in its own local authority; each school compared with them "
    "without itself), widened for the usual spread between schools: a variant of "
    "Spiegelhalter's (2005) funnel plot"
)


def rule_words() -> str:
    """The gap list's rule, naming what the schools are compared with in the loaded data."""
    from lens.data.coverage import place  # the query layer, only when a page asks

    return RULE_WORDS.replace("in England", f"in {place()}")


def expected_outside(compared: int, coverage: float) -> float:
    """How many of `compared` schools would be outside the limits if every school differed from
    its group only by the usual spread between schools (the random-effects model the limits are
    widened by): the sum of each school's two-tailed probability at the limit, (1 - coverage)
    each. It is not the number chance alone gives: the chance-only limits are another view."""
    return (1 - coverage) * compared


def chance_words(compared: int, coverage: float, national_compared: int | None = None) -> str:
    """The number of schools expected outside the limits beside the list, and why the real count
    can differ (see expected_outside)."""
    here = expected_outside(compared, coverage)
    said = (
        f"{USUAL_SPREAD_WORDS}, about {here:.1f} of the {compared:,} schools compared here would "
        f"fall outside the limits ({100 * (1 - coverage):.1f}% each"
    )
    if national_compared:
        said += (
            f"; about {expected_outside(national_compared, coverage):.0f} of the "
            f"{national_compared:,} compared nationally"
        )
    return (
        said + f"), {ROUNDING_LOWERS_WORDS}. The real count can differ: some schools really do "
        "differ more than schools usually do, which is what the list looks for; the usual spread "
        "between schools is estimated, not known; near 100% satisfied a school can hardly be "
        "shown above; and every other time window, source or judgement tried adds its own false "
        "alarms. Parent View's respondents choose themselves: the list compares what those "
        "parents said, not what all parents think."
    )


def reach_words(above: int | None, below: int | None, comparable: bool) -> tuple[str, str]:
    """The reachable range of one reference group in words: 'from 184 responses' or 'cannot be
    shown' for each side (gap_references.min_responses_above / _below)."""
    if not comparable:
        return ("not compared", "not compared")
    return tuple(
        f"from {value:,} responses" if value is not None else "cannot be shown"
        for value in (above, below)
    )


def judgement_label(framework_label: str, area: str, area_label: str | None) -> str:
    """'overall effectiveness (2019-24 framework)' or 'report card: Inclusion'."""
    if area == "overall_effectiveness":
        return f"overall effectiveness ({framework_label} framework)"
    return f"report card: {area_label or area}"


def reference_words(
    phase_group: str,
    low_label: str,
    high_label: str,
    own_label: str,
    la_name: str | None = None,
) -> str:
    """Who a school is compared with, in words: 'primary schools judged Good'; for a group drawn
    from one LA (own surveys, `la_name`), 'primary schools in Leeds (own surveys) judged Good'."""
    phase = PHASE_GROUP_WORDS.get(phase_group, phase_group)
    if la_name is not None:
        phase = f"{phase} in {la_name} (own surveys)"
    if low_label == high_label:
        return f"{phase} judged {own_label}"
    return f"{phase} judged {low_label} to {high_label} (pooled: too few judged {own_label})"


def compared_with(
    phase_group: str,
    low_label: str,
    high_label: str,
    own_label: str,
    la_name: str | None = None,
) -> str:
    """reference_words with where the group is drawn from: 'primary schools judged Good in
    England', or, for an own-survey group, its LA (already in the words)."""
    words = reference_words(phase_group, low_label, high_label, own_label, la_name)
    if la_name is not None:
        return words
    from lens.data.coverage import place  # the query layer, only when a page asks

    return f"{words} in {place()}"


def options_by_family(options: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The gap_options rows per family, families newest data first."""
    order = (
        options.group_by("family")
        .agg(pl.col("last_data_date").max())
        .sort(["last_data_date", "family"], descending=[True, False])["family"]
        .to_list()
    )
    return {family: options.filter(pl.col("family") == family) for family in order}


def default_family(by_family: dict[str, pl.DataFrame]) -> str:
    """Parent View with the newest data, else the newest family of any kind."""
    parent_view = [f for f in by_family if f.startswith("parent_view_")]
    return (parent_view or list(by_family))[0]


def default_choice(options: pl.DataFrame, window_months: int) -> GapChoice | None:
    """The choice a fresh page shows: every school's most recent parents' views against the
    judgement in force when they answered, in the given window (None when no parents' views are
    loaded at all)."""
    if options.is_empty():
        return None
    windows = window_choices(options)
    return GapChoice.for_every_school(window_months if window_months in windows else windows[-1])


def expert_default(options: pl.DataFrame, window_months: int) -> GapChoice | None:
    """The single comparison the expert's view starts from: the newest Parent View family, the
    given window, and the judgement with most schools compared."""
    by_family = options_by_family(options)
    if not by_family:
        return None
    family = default_family(by_family)
    rows = by_family[family]
    windows = window_choices(rows)
    window = window_months if window_months in windows else windows[-1]
    choices = judgement_choices(rows, window)
    if not choices:
        return None
    key = next(iter(choices))
    framework_id, area = key.split("|")
    return GapChoice(family, framework_id, area, window, choices[key])


def judgement_choices(rows: pl.DataFrame, window_months: int) -> dict[str, str]:
    """'framework|area' -> its words, the judgement with most schools compared first."""
    here = rows.filter(pl.col("window_months") == window_months).sort(
        -pl.col("count_schools"),
        pl.col("area") != "leadership_and_governance",  # the report card's headline area
        "area_label",
    )
    return {
        f"{r['framework_id']}|{r['area']}": judgement_label(
            r["framework_label"], r["area"], r["area_label"]
        )
        for r in here.iter_rows(named=True)
    }


def on_the_list(schools: pl.DataFrame) -> pl.DataFrame:
    """The compared schools (gap_schools rows) that are on the gap list, below first, then above,
    each side in order of its standardised difference: the one list the Satisfaction page and
    the LA briefing pack show."""
    return schools.filter(pl.col("gap_direction").is_not_null()).sort("gap_direction", "z_adjusted")


def window_choices(rows: pl.DataFrame) -> list[int]:
    return sorted(rows["window_months"].unique().to_list())


GROUP_KEYS = ["family", "framework_id", "area", "reference_scope", "reference_phase", "grade_rank"]


def with_reference_words(frame: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """`frame` (keyed by its comparison and reference group, GROUP_KEYS) with a `reference`
    column in words, from the gap_reference_groups rows."""
    words = groups.select(
        *GROUP_KEYS,
        pl.struct(
            "reference_phase",
            "band_low_label",
            "band_high_label",
            "grade_label",
            "reference_la_name",
        )
        .map_elements(
            lambda r: reference_words(
                r["reference_phase"],
                r["band_low_label"],
                r["band_high_label"],
                r["grade_label"],
                r["reference_la_name"],
            ),
            return_dtype=pl.String,
        )
        .alias("reference"),
    )
    return frame.drop("reference", strict=False).join(words, on=GROUP_KEYS, how="left")


def tau_points(share: pl.Expr, tau2: pl.Expr) -> pl.Expr:
    """The between-school spread tau as percentage points just above the reference share:
    100 x (sin^2(asin(sqrt(p)) + tau) - p). Tau lives on the arcsine scale; this says it in
    the reader's units."""
    return 100 * ((share.sqrt().arcsin() + tau2.sqrt()).sin().pow(2) - share)
