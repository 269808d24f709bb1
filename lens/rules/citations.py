"""The published studies the dashboard cites, each by its own title and year with a one-line
description, and the lines of their text that hold every figure a page attributes to them.

A figure is attributed to a study only when a line here holds it (tests/test_citations.py checks
each one; apostrophes are straightened, nothing else is changed). Where the study's text holding a
figure was not available to us, the figure carries `NOT_IN_TEXT_WE_HAVE` and every page that shows
it says so beside it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    """One line of a study's text, verbatim, and where it was read."""

    text: str
    where: str


@dataclass(frozen=True)
class Study:
    """A study as the pages cite it: `name` in running text, `description` once beside it."""

    name: str
    description: str
    quotes: tuple[Quote, ...]


SCHOOLS_AND_PARENTS = Study(
    name="Ofsted, Schools and parents (2011)",
    description=(
        "HMI survey visits to 47 schools, September 2009 to March 2010; its Table 1 comes from "
        "parents' questionnaires returned at inspections, September to December 2009"
    ),
    quotes=(
        Quote(
            "Between September 2009 and March 2010, Her Majesty's Inspectors visited 47 schools "
            "to evaluate how effectively the partnership between parents and schools had "
            "developed.",
            "Schools and parents, opening page (Ofsted, published April 2011, reference no. "
            "100044; copy at studylib.net/doc/5819543)",
        ),
        Quote(
            "a large majority of the parents in both the outstanding and the inadequate schools "
            "strongly agreed or agreed that they were happy overall with their child's experience",
            "Schools and parents, the text beside Table 1, on questionnaires at inspection in "
            "September-December 2009, as recorded in the project's notes on real data "
            "(formats.md section 7); the stored copy we could search holds only its opening page",
        ),
    ),
)

ENGAGEMENT_IN_EDUCATION = Study(
    name=(
        "Engagement in Education, An investigation into Ofsted's approach to Parental "
        "Engagement (2013)"
    ),
    description=(
        "Alan and Delia Cowley's analysis of 222 Ofsted inspection reports under the inspection "
        "frameworks of January and September 2012, dated 18 March 2013"
    ),
    quotes=(
        Quote(
            "The paper was written following an in-depth analysis of 222 Osted reports conducted "
            "under the new framework.",
            "parentalengagement.co.uk, 'Inspection problems' (Engagement in Education's own "
            "account of the paper; 'Osted' as printed)",
        ),
        Quote(
            "An investigation into Ofsted's approach to Parental Engagement within the "
            "inspection frameworks introduced in January and September 2012",
            "the paper's title page, 18 March 2013, Alan Cowley and Delia Cowley, Engagement in "
            "Education Ltd (copy at issuu.com/engagementineducation)",
        ),
        Quote(
            "Parental Engagement is defined as parents supporting their children's learning in "
            "the home.",
            "parentalengagement.co.uk, 'Inspection problems'",
        ),
        Quote(
            "This confusion between Parental Engagement and Parental Involvement is evident "
            "throughout the Ofsted reports we have studied.",
            "the paper, Key Issue 2: Parent View, full report, paragraph 2.6 (issuu page 15)",
        ),
    ),
)

STUDIES = (SCHOOLS_AND_PARENTS, ENGAGEMENT_IN_EDUCATION)

# Said beside a figure attributed to a study whose passage holding it we could not read.
NOT_IN_TEXT_WE_HAVE = (
    "as others report it; the study's own passage giving it was not available to us"
)
# The same beside two such figures together: they come with no base, for the same reason.
NOT_IN_TEXT_WE_HAVE_PLURAL = (
    "as others report them, with no base: the study's own passage giving them was not "
    "available to us"
)


@dataclass(frozen=True)
class StudyFigure:
    """A figure a page attributes to a study: the figure, what it measures, and the line that
    holds it (None when the passage was not available to us: the page then says so)."""

    study: Study
    measure: str
    value: float | int | None
    quote: Quote | None


TABLE_ONE_FIGURES = StudyFigure(
    SCHOOLS_AND_PARENTS,
    "% of parents happy by the grade of the inspection their questionnaire came with (Table 1)",
    None,  # Table 1 is an image: its figures are not in the text
    None,
)
TABLE_ONE_WORDS = (
    f"{SCHOOLS_AND_PARENTS.name} ({SCHOOLS_AND_PARENTS.description}) says in words that "
    f"\u201c{SCHOOLS_AND_PARENTS.quotes[1].text}\u201d. Its Table 1 is an image whose figures are "
    "not in the report's text, so no figure from it is quoted here: the figures below are "
    "counted from the questionnaires loaded."
)
REPORTS_ANALYSED = StudyFigure(
    ENGAGEMENT_IN_EDUCATION,
    "Ofsted inspection reports analysed",
    222,
    ENGAGEMENT_IN_EDUCATION.quotes[0],
)
ENGAGEMENT_STRATEGY_SHARE = StudyFigure(
    ENGAGEMENT_IN_EDUCATION,
    "Improvement section uses parental engagement as a strategy",
    0.154,
    None,
)
LEARNING_LINK_SHARE = StudyFigure(
    ENGAGEMENT_IN_EDUCATION,
    "Report links engagement with pupils' learning outcomes",
    0.189,
    None,
)
ENGAGEMENT_PATTERN_WORDS = (
    f"The pattern is reported of the 47 schools of {SCHOOLS_AND_PARENTS.name} "
    f"({SCHOOLS_AND_PARENTS.description}): there, the impact on provision was not judged better "
    "than the engagement, and the effect on inclusion not worse. The passage stating it was not "
    "available to us. It is a finding about that sample, not a rule."
)
