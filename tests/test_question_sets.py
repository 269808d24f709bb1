"""Parent View's question sets say how many questions they ask as Ofsted numbers them, and how many
figures those give, counted from the questions themselves (schemas/parent_view.py): the
2019-2025 set asks questions 1 to 14, question 7 in two parts (7a, does your child have SEND;
7b, the support question), so its tables have 15 rows."""

from __future__ import annotations

import re

from lens.data.warehouse import open_read_only
from schemas.parent_view import PARENT_VIEW_SETS, SET_BY_ID, question_count_words
from tests.conftest import start


def test_the_2019_set_names_its_14_questions_and_15_figures():
    """A walkthrough found '14 questions' beside 15 question numbers (7a and 7b)."""
    assert SET_BY_ID["pv_2019"].name == (
        "Parent View questions September 2019 to 2025 "
        "(14 questions, question 7 in two parts: 15 figures)"
    )
    assert SET_BY_ID["pv_2011"].name == "Parent View questions 2011-2019 (12 questions)"
    assert SET_BY_ID["pv_2025"].name == "Parent View questions from November 2025 (10 questions)"


def test_every_sets_count_comes_from_its_questions():
    for question_set in PARENT_VIEW_SETS:
        ids = [q.question_id for q in question_set.questions]
        numbers = {re.match(r"\d+", i).group(0) for i in ids}
        said = re.search(r"\((\d+) questions(?:, .*: (\d+) figures)?\)$", question_set.name)
        assert int(said.group(1)) == len(numbers)
        assert int(said.group(2) or len(numbers)) == len(ids)


def test_question_count_words():
    assert question_count_words(["1", "2", "2"]) == "2 questions"
    assert question_count_words(["1"]) == "1 question"
    assert question_count_words(["1", "7a", "7b", "8"], name_parts=True) == (
        "3 questions, question 7 in two parts (7a and 7b): 4 figures"
    )


def test_the_parent_view_page_counts_the_questions_it_shows(app_env):
    """On the demo data: the 2019-2025 snapshot's table has a row for each of its 15 figures,
    and the page says 14 questions, question 7 in two parts, counted from those rows."""
    con = open_read_only(app_env)
    snapshot_date, ids = con.execute(
        "select snapshot_date, list(distinct question_id) from parent_view_answers "
        "where question_set = 'pv_2019' group by all order by snapshot_date desc limit 1"
    ).fetchone()
    con.close()
    assert len(ids) == 15 and {"7a", "7b"} <= set(ids)
    at = start(la="England (all local authorities)")
    at.switch_page("pages/parent_view.py").run()
    at.selectbox(key="snapshot").set_value(f"pv_2019|{snapshot_date}").run()
    assert not at.exception
    assert (
        "14 questions, question 7 in two parts: 15 figures"
        in at.selectbox(key="snapshot").options[at.selectbox(key="snapshot").index]
    )
    table = next(df.value for df in at.dataframe if "Question" in df.value.columns)
    assert len(table) == 15
    said = " ".join(c.value for c in at.caption)
    assert "14 questions, question 7 in two parts (7a and 7b): 15 figures, one row each." in said


def test_a_link_with_the_older_set_name_opens_the_same_snapshot(app_env):
    """The snapshot picker is kept in the page address by its words, which held the set's older
    name ('(14 questions)'): such a link still opens its snapshot, not the newest."""
    con = open_read_only(app_env)
    snapshot_date = con.execute(
        "select min(snapshot_date) from parent_view_answers where question_set = 'pv_2019'"
    ).fetchone()[0]
    con.close()
    older = (
        f"{snapshot_date:%-d %B %Y} (Parent View questions September 2019 to 2025 (14 questions))"
    )
    at = start(snapshot=older)
    at.switch_page("pages/parent_view.py").run()
    assert not at.exception
    assert at.selectbox(key="snapshot").value == f"pv_2019|{snapshot_date}"
