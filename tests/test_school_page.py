"""The school profile page: found by the address's URN, by name in the LA's list, or by search
across England; every section drawn from the warehouse; a bad URN explained, not obeyed."""

from __future__ import annotations

import pytest

from lens.data.warehouse import open_read_only
from tests.conftest import start


def profile_page(**query: str):
    at = start(**query)
    at.switch_page("pages/school.py").run()
    assert not at.exception
    return at


@pytest.fixture
def rich_school(app_env):
    """A school with a predecessor and Parent View results, and its LA."""
    con = open_read_only(app_env)
    return con.execute(
        "select s.urn, s.school_name, s.la_code, s.la_name, p.predecessor_urn "
        "from school_summaries s join school_predecessors p using (urn) "
        "where s.pct_happy is not null order by s.urn limit 1"
    ).fetchone()


def test_the_address_urn_opens_that_school(app_env, rich_school):
    urn, name, la_code, la_name, predecessor = rich_school
    at = profile_page(la="England (all local authorities)", urn=str(urn))
    assert at.selectbox(key="school").value == urn
    assert at.header[0].value.replace("\\", "") == name
    headers = [h.value for h in at.header]
    for section in (
        "Inspection history",
        "Parents' satisfaction over time",
        "Compared with similar schools (same phase, deprivation and size)",
        "Engagement with parents",
    ):
        assert section in headers
    facts = at.table[0].value
    assert str(predecessor) in facts["Value"].to_list()
    assert any("Points to discuss" in s.value for s in at.subheader)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == [
        "Download the briefing pack (PDF)",
        "Download the pack for the school (PDF)",  # public sources only
    ]


def test_choosing_a_school_from_the_las_list_puts_its_urn_in_the_address(app_env, rich_school):
    urn, name, la_code, la_name, _ = rich_school
    at = profile_page(la=f"{la_name} ({la_code})")
    box = at.selectbox(key="school")
    con = open_read_only(app_env)
    in_la = con.execute("select count(*) from schools where la_code = ?", [la_code]).fetchone()[0]
    assert len(box.options) == in_la
    box.set_value(urn).run()
    assert not at.exception
    assert at.query_params["urn"] == str(urn)
    assert at.header[0].value.replace("\\", "") == name


def test_search_across_england_by_urn_or_laestab(app_env, rich_school):
    urn, name, _, la_name, _ = rich_school
    con = open_read_only(app_env)
    laestab, phase = con.execute(
        "select laestab, phase from schools where urn = ?", [urn]
    ).fetchone()
    at = profile_page(la="England (all local authorities)")
    assert any("Type part of a school's name" in i.value for i in at.info)
    at.text_input(key="find").input(str(urn)).run()
    option = f"{name} \u00b7 {la_name} \u00b7 {phase} \u00b7 URN {urn} \u00b7 LAESTAB {laestab}"
    assert at.selectbox(key="school").options == [option]
    # a converted academy keeps its predecessor's LAESTAB: both are found, the closed one marked
    at.text_input(key="find").input(str(laestab)).run()
    options = at.selectbox(key="school").options
    assert options[0] == option
    assert all(f"LAESTAB {laestab}" in o for o in options)


def test_an_unknown_or_malformed_urn_is_explained(app_env):
    at = profile_page(la="England (all local authorities)", urn="999999")
    assert any("No school with URN 999999" in w.value for w in at.warning)
    at = profile_page(la="England (all local authorities)", urn="1; drop table schools")
    assert not any("No school with URN" in w.value for w in at.warning)
    assert at.selectbox(key="school").value is None


def test_a_link_to_the_predecessor_opens_it_in_the_same_session(app_env, rich_school):
    urn, name, la_code, la_name, predecessor = rich_school
    at = profile_page(la="England (all local authorities)", urn=str(urn))
    assert at.header[0].value.replace("\\", "") == name
    at.query_params["urn"] = str(predecessor)  # what the "Replaced: URN ..." link does
    at.run()
    assert not at.exception
    assert at.selectbox(key="school").value == predecessor
    assert at.query_params["urn"] == str(predecessor)
    # choosing another school afterwards is not overridden by the address
    at.text_input(key="find").input(str(urn)).run()
    at.selectbox(key="school").set_value(urn).run()
    assert at.selectbox(key="school").value == urn
    assert at.query_params["urn"] == str(urn)


def test_the_predecessor_button_opens_it_and_updates_the_address(app_env, rich_school):
    urn, name, la_code, la_name, predecessor = rich_school
    at = profile_page(la="England (all local authorities)", urn=str(urn))
    at.button(key=f"open-{predecessor}").click().run()
    assert not at.exception
    assert at.selectbox(key="school").value == predecessor
    assert at.query_params["urn"] == str(predecessor)
    assert at.button(key=f"open-{urn}").proto.label.endswith(f"URN {urn}")


def test_choosing_another_question_redraws_its_trend(app_env, rich_school):
    urn = rich_school[0]
    at = profile_page(la="England (all local authorities)", urn=str(urn))
    picker = at.selectbox(key="school_question")
    assert len(picker.options) > 1
    picker.set_value("2").run()  # the question id (its shown label is "Q2. ...")
    assert not at.exception
    assert at.header[0].value.replace("\\", "") == rich_school[1]  # the rest of the page stays


def test_two_schools_of_one_name_the_right_one_first(app_env):
    """Issue 20, item 10: two live schools share a name and the picker offered the wrong one
    first. The school the address names comes first, then the chosen LA's; each option says its
    LA and URN."""
    from lens.data.warehouse import run

    con = open_read_only(app_env)
    name, first, second = con.execute(
        "select school_name, min(urn), max(urn) from schools where is_open "
        "group by school_name having count(distinct la_code) > 1 order by school_name limit 1"
    ).fetchone()
    ask = {"phase": None, "school_type": None, "term": name}
    across = run(con, "school_finder", urn=second, la_code=None, **ask)
    assert across["urn"][0] == second  # the school in the address, though not first by URN
    second_la = con.execute("select la_code from schools where urn = ?", [second]).fetchone()[0]
    in_la = run(con, "school_finder", urn=None, la_code=second_la, **ask)
    assert in_la["urn"][0] == second
    at = profile_page(la="England (all local authorities)", urn=str(second))
    options = at.selectbox(key="school").options
    la_name = con.execute("select la_name from schools where urn = ?", [second]).fetchone()[0]
    assert (
        options[0].startswith(f"{name} \u00b7 {la_name} \u00b7 ") and f"URN {second}" in options[0]
    )


def test_a_questionnaire_from_the_predecessors_inspection_is_the_predecessors(app_env):
    """A questionnaire returned at an inspection belongs to the school inspected: filed under the
    academy's URN but dated at its predecessor's inspection, it is shown as the predecessor's,
    and the pack's "what parents say" leaves it out (an adviser's walkthrough found a 2010
    questionnaire shown as the views of an academy opened in 2024)."""
    from lens.data.warehouse import run

    con = open_read_only(app_env)
    pairs = con.execute(
        "select q.urn, q.inspected_on, i.urn_at_inspection from questionnaires_at_inspection as q "
        "join school_predecessors as p using (urn) "
        "join inspections as i on i.urn = p.predecessor_urn and i.kind = 'graded' "
        "and abs(datediff('day', i.started_on, q.inspected_on)) <= 7 "
        "where not exists (select 1 from inspections as j where j.urn = q.urn "
        "and abs(datediff('day', j.started_on, q.inspected_on)) <= 7)"
    ).fetchall()
    assert pairs, "the demo has such a questionnaire"
    for urn, answered_on, predecessor in pairs:
        history = run(con, "school_satisfaction_history", urn=urn).filter(
            family="questionnaire_at_inspection", data_date=answered_on
        )
        assert history.height >= 1
        assert history["is_predecessor"].all() and set(history["predecessor_urn"]) == {predecessor}


def test_one_name_for_parents_satisfaction_on_the_profile(app_env, rich_school):
    """The same figure was '% satisfied' in 'Parents' satisfaction over time' and '% happy' in
    'Compared with similar schools': the profile calls it % satisfied everywhere."""
    import json

    from tests.test_downloads import _in_order

    urn = rich_school[0]
    at = profile_page(la="England (all local authorities)", urn=str(urn))
    said = [m.value for m in at.markdown] + [c.value for c in at.caption]
    said += [" ".join(t.value.columns) for t in at.dataframe]
    said += [json.dumps(e.proto.spec) for e in _in_order(at.main) if e.type == "vega_lite_chart"]
    text = " ".join(said)
    assert "% satisfied" in text and "% happy" not in text
    peers = next(t.value for t in at.dataframe if "Same LA" in t.value.columns)
    assert "% satisfied" in peers.columns


def test_the_readme_says_where_the_sentence_reference_is_shown(app_env):
    """The corrections layout's `Sentence reference` is shown on the school profile (its table of
    every sentence about parents) and is in the Engagement page's download of coded passages, not
    beside each coded passage on that page: the README had said the dashboard shows it beside
    each coded sentence and point."""
    from pathlib import Path

    con = open_read_only(app_env)
    urn = con.execute(
        "select urn from report_parent_sentences group by urn order by count(*) desc, urn limit 1"
    ).fetchone()[0]
    at = profile_page(la="England (all local authorities)", urn=str(urn))
    headers = [list(t.value.columns) for t in at.dataframe]
    assert any("Sentence reference" in h and "Sentence" in h for h in headers)
    assert not any("Sentence reference" in h and "Improvement point" in h for h in headers)
    captions = " ".join(c.value for c in at.caption)
    assert "reference" in captions and "is on the Engagement page" not in captions
    assert "table of sentences below" in captions  # the profile's own caption says so too
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    assert not any("Sentence reference" in t.value.columns for t in at.dataframe)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    cell = next(line for line in readme.splitlines() if line.startswith("| `Sentence reference`"))
    assert "beside each coded sentence" not in cell
    assert "school profile" in cell and "download" in cell
