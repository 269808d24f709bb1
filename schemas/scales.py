"""Inspection frameworks and their grade scales.

A grade means nothing without its scale: "3" was Satisfactory until August 2012 and Requires
improvement after, and a report-card "Needs attention" is not a 1-4 grade at all. Every grade the
warehouse stores carries the id of one of these scales, and the framework it was given under.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class GradeLevel(BaseModel):
    """One point on a scale; rank 1 is the most favourable point of that scale only."""

    model_config = ConfigDict(frozen=True)

    rank: int
    label: str
    aliases: tuple[str, ...] = ()


class GradeScale(BaseModel):
    """A closed set of grade words or numbers, with the spellings seen in published files."""

    model_config = ConfigDict(frozen=True)

    scale_id: str
    name: str
    levels: tuple[GradeLevel, ...]

    def lookup(self) -> dict[str, GradeLevel]:
        """Map every accepted spelling (case-folded) to its level."""
        table: dict[str, GradeLevel] = {}
        for level in self.levels:
            for spelling in (level.label, str(level.rank), *level.aliases):
                table[spelling.casefold()] = level
        return table


class Framework(BaseModel):
    """An inspection framework: the dates it covered and the scales its judgements used."""

    model_config = ConfigDict(frozen=True)

    framework_id: str
    name: str
    starts_on: date
    ends_on: date | None  # exclusive
    overall_scale_id: str | None  # None: no overall effectiveness grade was given
    area_scale_id: str
    short_label: str


def _four_point(scale_id: str, name: str, third: str) -> GradeScale:
    return GradeScale(
        scale_id=scale_id,
        name=name,
        levels=(
            GradeLevel(rank=1, label="Outstanding"),
            GradeLevel(rank=2, label="Good"),
            GradeLevel(rank=3, label=third),
            GradeLevel(rank=4, label="Inadequate"),
        ),
    )


SCALES: dict[str, GradeScale] = {
    s.scale_id: s
    for s in (
        _four_point("oe4_satisfactory", "1-4 with Satisfactory (2005-2012)", "Satisfactory"),
        _four_point(
            "oe4_requires_improvement",
            "1-4 with Requires improvement (2012-2025)",
            "Requires improvement",
        ),
        GradeScale(
            scale_id="report_card5",
            name="Report card 5-point (from November 2025)",
            levels=(
                GradeLevel(rank=1, label="Exceptional"),
                GradeLevel(rank=2, label="Strong standard"),
                GradeLevel(rank=3, label="Expected standard"),
                GradeLevel(rank=4, label="Needs attention"),
                GradeLevel(rank=5, label="Urgent improvement"),
            ),
        ),
        _four_point(
            "engagement4",
            "Engagement with parents, 1-4 (survey visits and LA reviews)",
            "Satisfactory",
        ),
        GradeScale(
            scale_id="met_not_met",
            name="Safeguarding standards met / not met (report card)",
            levels=(GradeLevel(rank=1, label="Met"), GradeLevel(rank=2, label="Not met")),
        ),
        GradeScale(
            scale_id="effective_yes_no",
            name="Safeguarding is effective? yes / no (2019-2025)",
            levels=(GradeLevel(rank=1, label="Yes"), GradeLevel(rank=2, label="No")),
        ),
    )
}

REPORT_CARD_START = date(2025, 11, 10)
OVERALL_GRADES_END = date(2024, 9, 1)

FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        framework_id="s5_2005",
        name="Section 5, September 2005 to August 2012",
        short_label="2005-12",
        starts_on=date(2005, 9, 1),
        ends_on=date(2012, 9, 1),
        overall_scale_id="oe4_satisfactory",
        area_scale_id="oe4_satisfactory",
    ),
    Framework(
        framework_id="cif_2012",
        name="Common inspection framework, September 2012 to August 2019",
        short_label="2012-19",
        starts_on=date(2012, 9, 1),
        ends_on=date(2019, 9, 1),
        overall_scale_id="oe4_requires_improvement",
        area_scale_id="oe4_requires_improvement",
    ),
    Framework(
        framework_id="eif_2019",
        name="Education inspection framework, September 2019 to August 2024",
        short_label="2019-24",
        starts_on=date(2019, 9, 1),
        ends_on=OVERALL_GRADES_END,
        overall_scale_id="oe4_requires_improvement",
        area_scale_id="oe4_requires_improvement",
    ),
    Framework(
        framework_id="eif_2024",
        name="Education inspection framework without overall grade, Sept 2024 to Nov 2025",
        short_label="2024-25",
        starts_on=OVERALL_GRADES_END,
        ends_on=REPORT_CARD_START,
        overall_scale_id=None,
        area_scale_id="oe4_requires_improvement",
    ),
    Framework(
        framework_id="report_card_2025",
        name="Report cards, from November 2025",
        short_label="Report card",
        starts_on=REPORT_CARD_START,
        ends_on=None,
        overall_scale_id=None,
        area_scale_id="report_card5",
    ),
)

FRAMEWORK_BY_ID = {f.framework_id: f for f in FRAMEWORKS}

# Judgement areas: key -> (label shown to users, scale override or None for the framework's own)
OEIF_AREAS: dict[str, tuple[str, str | None]] = {
    "overall_effectiveness": ("Overall effectiveness", None),
    "quality_of_education": ("Quality of education", None),
    "behaviour_and_attitudes": ("Behaviour and attitudes", None),
    "personal_development": ("Personal development", None),
    "leadership_and_management": ("Leadership and management", None),
    "safeguarding_effective": ("Safeguarding is effective", "effective_yes_no"),
    "early_years": ("Early years provision", None),
    "sixth_form": ("Sixth form provision", None),
}

REPORT_CARD_AREAS: dict[str, tuple[str, str | None]] = {
    "safeguarding_standards": ("Safeguarding standards", "met_not_met"),
    "inclusion": ("Inclusion", None),
    "curriculum_and_teaching": ("Curriculum and teaching", None),
    "achievement": ("Achievement", None),
    "attendance_and_behaviour": ("Attendance and behaviour", None),
    "personal_development_and_wellbeing": ("Personal development and wellbeing", None),
    "early_years": ("Early years", None),
    "post_16": ("Post-16 provision", None),
    "leadership_and_governance": ("Leadership and governance", None),
}

# Values that mean "this area was not judged here", not a bad value.
NOT_APPLICABLE_TOKENS = frozenset({"9", "not applicable", "n/a", "na"})
# Published codes Ofsted uses rarely and never defines; kept out, recorded, row still loads.
UNKNOWN_GRADE_TOKENS = frozenset({"8", "0"})


def framework_for(inspected_on: date) -> Framework | None:
    """The framework in force on a date, or None before September 2005."""
    for framework in FRAMEWORKS:
        if inspected_on >= framework.starts_on and (
            framework.ends_on is None or inspected_on < framework.ends_on
        ):
            return framework
    return None


def scale_for(framework_id: str, area: str) -> GradeScale:
    """The scale an area's grade was given on under a framework."""
    framework = FRAMEWORK_BY_ID[framework_id]
    areas = REPORT_CARD_AREAS if framework_id == "report_card_2025" else OEIF_AREAS
    override = areas.get(area, ("", None))[1]
    if override:
        return SCALES[override]
    if area == "overall_effectiveness":
        if framework.overall_scale_id is None:
            raise ValueError(f"{framework.name} gave no overall effectiveness grade")
        return SCALES[framework.overall_scale_id]
    return SCALES[framework.area_scale_id]
