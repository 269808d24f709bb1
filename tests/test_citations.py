"""Every figure the pages attribute to a published study is in that study's text: each is held here
against the line it comes from, quoted, with where the line was read. A figure whose passage we
could not read is shown with words saying so, never as if quoted. No user-visible text calls a
study "the seed"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polars as pl
import pytest

from lens.present.vocabulary import COLUMNS
from lens.rules import citations, report_figures

ROOT = Path(__file__).resolve().parent.parent

# The lines, as read (apostrophes straightened), and where.
SCHOOLS_AND_PARENTS_OPENING = (
    # Ofsted, Schools and parents, published April 2011, reference no. 100044: its opening page
    # (studylib.net/doc/5819543; the same text at readkong.com, "Schools and parents - Gov.uk").
    "Between September 2009 and March 2010, Her Majesty's Inspectors visited 47 schools to "
    "evaluate how effectively the partnership between parents and schools had developed."
)
SCHOOLS_AND_PARENTS_TABLE_ONE = (
    # The report's words on Table 1 (questionnaires at inspection, September-December 2009), as
    # recorded in ../shared/formats.md section 7; the table itself is an image.
    "a large majority of the parents in both the outstanding and the inadequate schools strongly "
    "agreed or agreed that they were happy overall with their child's experience"
)
ENGAGEMENT_IN_EDUCATION_222 = (
    # Engagement in Education's own account of its paper, parentalengagement.co.uk,
    # "inspection-problems" ("Osted" as printed).
    "The paper was written following an in-depth analysis of 222 Osted reports conducted under "
    "the new framework."
)
ENGAGEMENT_IN_EDUCATION_TITLE = (
    # The paper's title page: 18 March 2013, Alan Cowley and Delia Cowley, Engagement in
    # Education Ltd (issuu.com/engagementineducation/docs/ofsted_and_parental_engagement).
    "An investigation into Ofsted's approach to Parental Engagement within the inspection "
    "frameworks introduced in January and September 2012"
)
ENGAGEMENT_IN_EDUCATION_CONFUSION = (
    # The paper, Key Issue 2: Parent View, full report, paragraph 2.6 (issuu page 15).
    "This confusion between Parental Engagement and Parental Involvement is evident throughout "
    "the Ofsted reports we have studied."
)


def test_the_module_quotes_exactly_the_lines_held_here():
    held = {
        SCHOOLS_AND_PARENTS_OPENING,
        SCHOOLS_AND_PARENTS_TABLE_ONE,
        ENGAGEMENT_IN_EDUCATION_222,
        ENGAGEMENT_IN_EDUCATION_TITLE,
        ENGAGEMENT_IN_EDUCATION_CONFUSION,
    }
    quoted = {q.text for study in citations.STUDIES for q in study.quotes}
    assert held <= quoted
    for study in citations.STUDIES:
        for quote in study.quotes:
            assert quote.where, quote.text  # every line says where it was read


@pytest.mark.parametrize("study", citations.STUDIES, ids=lambda s: s.name[:30])
def test_every_number_in_a_description_is_in_the_studys_lines(study):
    lines = " ".join(f"{q.text} {q.where}" for q in study.quotes)
    for number in re.findall(r"\d+", study.description):
        assert number in lines, (number, study.description)
    for month in re.findall(r"January|March|September|December", study.description):
        assert month in lines


def test_a_figure_is_quoted_or_said_to_be_unavailable():
    figures = [
        citations.TABLE_ONE_FIGURES,
        citations.REPORTS_ANALYSED,
        citations.ENGAGEMENT_STRATEGY_SHARE,
        citations.LEARNING_LINK_SHARE,
    ]
    for figure in figures:
        if figure.quote is not None:
            assert str(figure.value) in figure.quote.text
            assert figure.quote in figure.study.quotes
    assert citations.REPORTS_ANALYSED.value == 222
    assert ENGAGEMENT_IN_EDUCATION_222 == citations.REPORTS_ANALYSED.quote.text
    # 15.4% and 18.9% are reported of the analysis, but their passage was not available to us
    assert citations.ENGAGEMENT_STRATEGY_SHARE.quote is None
    assert citations.LEARNING_LINK_SHARE.quote is None
    # Table 1 is an image: no figure from it is quoted
    assert citations.TABLE_ONE_FIGURES.value is None


def test_figures_without_their_passage_say_so_wherever_shown():
    counts = pl.DataFrame(
        {
            "geography": ["England"],
            "report_era": ["all"],
            "count_reports": [100],
            "count_engagement_strategy": [10],
            "count_learning_link": [20],
            "count_parents_views_only": [30],
        }
    )
    said = report_figures.sentences(report_figures.side_by_side(counts), None)
    assert "15.4%" in said[0] and citations.NOT_IN_TEXT_WE_HAVE in said[0]
    assert "18.9%" in said[1] and citations.NOT_IN_TEXT_WE_HAVE in said[1]
    assert "of 222" not in " ".join(said)  # 15.4% is no whole number of 222 reports
    assert citations.NOT_IN_TEXT_WE_HAVE_PLURAL in report_figures.STUDY_NOTE
    assert "not available to us" in COLUMNS["study_share"].description


def test_table_one_quotes_words_and_no_figures():
    words = citations.TABLE_ONE_WORDS
    assert SCHOOLS_AND_PARENTS_TABLE_ONE in words
    assert "figures are not in the report's text" in words
    assert not re.search(r"\d+%", words)
    assert "September to December 2009" in words


def _quoted_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_text_a_user_sees_calls_a_study_the_seed():
    sources = [
        *ROOT.joinpath("lens").rglob("*.py"),
        *ROOT.joinpath("pages").glob("*.py"),
        ROOT / "dashboard.py",
    ]
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]}"
        for path in sources
        for line, text in _quoted_strings(path)
        if re.search(r"\bseed", text, re.IGNORECASE)
        and not re.search(r"demo_seed|seed=|random", text)  # a process's option, never shown
    ]
    assert found == []
    readme = ROOT.joinpath("README.md").read_text()
    in_readme = [
        line
        for line in readme.splitlines()
        if re.search(r"\bseed", line, re.IGNORECASE)
        and "LENS_DEMO_SEED" not in line
        and 'says "seed"' not in line
    ]
    assert in_readme == []
    labels = " ".join(f"{c.label} {c.description}" for c in COLUMNS.values())
    assert "seed" not in labels.lower()


def test_the_study_note_reads_as_a_sentence():
    """The note under the study's figures (Engagement page, LA pack) says its two figures are as
    others report them, with no base, in one plain sentence (it read 'Its two figures here are as
    others report it; the study's own passage giving it was not available to us, with their
    bases')."""
    assert (
        "Its two figures are given as others report them, with no base: the study's own passage "
        "giving them was not available to us. The dashboard's own shares"
    ) in report_figures.STUDY_NOTE
    assert "report it;" not in report_figures.STUDY_NOTE
    assert "with their bases" not in report_figures.STUDY_NOTE
