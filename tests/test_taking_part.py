"""Two counts of parents, each named for what it counts: the parents taking part (Parent View
submissions, questionnaires returned) and the parents giving a view on the statement compared
(the base of % satisfied, don't know and blanks left out). A walkthrough found one school with
58 'responses' on the gap list and 61 'submissions' in Explore and read it as a disagreement."""

from __future__ import annotations

from lens.data.warehouse import open_read_only
from lens.present.vocabulary import column, shown_label
from tests.conftest import start


def _school_with_fewer_giving_a_view(warehouse) -> dict:  # noqa: ANN001 - a Path
    """A school on the default gap list with more parents taking part than giving a view."""
    con = open_read_only(warehouse)
    try:
        row = con.execute(
            "select g.urn, s.la_code, s.la_name, g.count_submissions, g.count_responses, "
            "m.parent_view_submissions from gap_rows(true, null, null, null, 36) as g "
            "join schools as s using (urn) join school_summaries as m using (urn) "
            "where g.gap_direction is not null and g.source = 'parent_view' "
            "and g.count_submissions > g.count_responses "
            "and m.parent_view_on = g.data_date order by g.urn limit 1"
        ).fetchone()
    finally:
        con.close()
    assert row is not None, "the demo has such a school (about 1 in 20 answers don't know)"
    keys = ("urn", "la_code", "la_name", "taking_part", "giving_a_view", "explore")
    return dict(zip(keys, row, strict=True))


def test_the_two_counts_say_what_they_count():
    taking_part, giving_a_view = (column(n) for n in ("count_submissions", "count_responses"))
    assert (taking_part.label, giving_a_view.label) == (
        "Parents taking part",
        "Parents giving a view",
    )
    assert "fewer than the parents taking part" in giving_a_view.description
    assert "Parents giving a view" in column("parent_view_submissions").description


def test_the_gap_list_shows_both_counts_and_explore_the_same_parents_taking_part(app_env):
    school = _school_with_fewer_giving_a_view(app_env)
    assert school["explore"] == school["taking_part"]
    la = f"{school['la_name']} ({school['la_code']})"
    at = start(la=la)
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    listed = next(
        df.value
        for df in at.dataframe
        if {"Gap list", shown_label("count_responses")} <= set(df.value.columns)
    )
    row = listed[listed["URN"] == str(school["urn"])].iloc[0]
    # both counts side by side: 61 parents took part, 58 of them gave a view on the statement
    assert int(row["Parents taking part"]) == school["taking_part"]
    assert int(row["Parents giving a view"]) == school["giving_a_view"]

    at = start(la=la)
    at.switch_page("pages/explore.py").run()
    assert not at.exception
    shown = next(df.value for df in at.dataframe if "Parent View submissions" in df.value.columns)
    mine = shown[shown["URN"] == str(school["urn"])].iloc[0]
    assert int(mine["Parent View submissions"]) == school["taking_part"]
