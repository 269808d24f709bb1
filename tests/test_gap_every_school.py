"""One gap list for every school, by default: each school's most recent parents' views against the
judgement in force when they answered, each flag from its own comparison, every school counted
(compared, or why not); the widgets that define the list never show one choice while the page
uses another; the Satisfaction page's order and funnel; one '% satisfied' figure on every page."""

from __future__ import annotations

import re

import polars as pl
import pytest

from lens.data.warehouse import open_read_only, run
from lens.present.ui import md
from lens.rules import gaps
from lens.rules.labels import family_short_label
from tests.conftest import start

DEFAULT = gaps.GapChoice.for_every_school(36)
EVERYWHERE = {"la_code": None, "phase": None, "school_type": None}


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = open_read_only(demo_warehouse)
    yield connection
    connection.close()


def _busiest_la(con) -> tuple[int, str]:  # noqa: ANN001
    return con.execute(
        "select s.la_code, any_value(s.la_name) from schools as s "
        "left join gap_rows(true, null, null, null, 36) as g using (urn) where s.is_open "
        "group by 1 order by count(g.gap_direction) desc, count(g.urn) desc, 1 limit 1"
    ).fetchone()


# --- the default list ----------------------------------------------------------------------------


def test_each_school_is_set_against_its_newest_parents_views(con):
    rows = run(con, "gap_schools", **DEFAULT.params, **EVERYWHERE)
    open_schools = con.execute("select count(*) from schools where is_open").fetchone()[0]
    assert rows.height == open_schools == rows["urn"].n_unique()  # every open school, once
    newest = pl.DataFrame(
        con.execute(
            "select urn, max(data_date) as newest from school_satisfaction where is_latest "
            "group by urn"
        ).fetchall(),
        schema=["urn", "newest"],
        orient="row",
    )
    seen = rows.filter(pl.col("data_date").is_not_null()).join(newest, on="urn")
    assert seen.height > 500 and (seen["data_date"] == seen["newest"]).all()
    # and a school with no parents' views at all says so
    without = rows.join(newest, on="urn", how="anti")
    assert set(without["gap_status"]) <= {"no_parents_views"}
    # several sources and frameworks together, each named on its row
    named = gaps.with_comparison(rows.filter(pl.col("is_comparable")))
    assert named["family"].n_unique() >= 2 and named["framework_id"].n_unique() >= 2
    assert named["comparison"].str.contains(" against ").all()


def test_every_row_names_its_comparison_in_words(con):
    """No "None" and no bare dash: a school with parents' views but no judgement to set them
    against is named as such, not as compared with a report card (an adviser's walkthrough found
    "against report card: None" on 211 of Leeds's rows)."""
    rows = gaps.with_comparison(run(con, "gap_schools", **DEFAULT.params, **EVERYWHERE))
    words = rows["comparison"].to_list()
    assert not any("None" in w for w in words) and "-" not in words
    unpaired = rows.filter(pl.col("family").is_not_null() & pl.col("area").is_null())
    assert unpaired.height > 0
    assert all(w.endswith(": no judgement to set against") for w in unpaired["comparison"])
    assert set(rows.filter(pl.col("family").is_null())["comparison"]) <= {"No parents' views"}
    report_cards = rows.filter(pl.col("framework_id") == "report_card_2025")
    assert all("against report card: " in w for w in report_cards["comparison"])


def test_each_flag_is_its_own_comparisons_flag(con):
    rows = run(con, "gap_schools", **DEFAULT.params, **EVERYWHERE).filter(pl.col("is_comparable"))
    single = pl.DataFrame(
        con.execute(
            "select urn, family, framework_id, area, gap_status, z_adjusted "
            "from satisfaction_gaps where window_months = 36"
        ).fetchall(),
        schema=["urn", "family", "framework_id", "area", "own_status", "own_z"],
        orient="row",
    )
    joined = rows.join(single, on=["urn", "family", "framework_id", "area"])
    assert joined.height == rows.height
    assert (joined["gap_status"] == joined["own_status"]).all()
    assert (joined["z_adjusted"] == joined["own_z"]).all()
    # the default judgement: overall effectiveness where given, else the report card's leadership
    assert set(rows["area"]) <= {"overall_effectiveness", "leadership_and_governance"}


def test_the_count_says_how_many_were_compared_and_why_not(con):
    code, _ = _busiest_la(con)
    rows = run(con, "gap_schools", **DEFAULT.params, **{**EVERYWHERE, "la_code": code})
    said = gaps.coverage_words(rows)
    open_here = con.execute(
        "select count(*) from schools where is_open and la_code = ?", [code]
    ).fetchone()[0]
    compared = rows.filter(pl.col("is_comparable")).height
    assert said.startswith(f"{compared:,} of {open_here:,} open schools compared")
    reasons = rows.filter(~pl.col("is_comparable")).group_by("gap_status").len()
    assert reasons["len"].sum() == open_here - compared > 0
    for code_, count in reasons.iter_rows():
        assert f"{count:,} with {gaps.NOT_COMPARED_WORDS[code_]}" in said


def test_the_overview_and_the_satisfaction_page_say_the_count(app_env, con):
    code, name = _busiest_la(con)
    rows = run(con, "gap_schools", **DEFAULT.params, **{**EVERYWHERE, "la_code": code})
    said = md(gaps.coverage_words(rows))
    at = start(la=f"{name} ({code})")
    assert not at.exception
    assert any(said in c.value for c in at.caption)
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    assert any(said in m.value for m in at.markdown)


# --- widgets that cannot lie ---------------------------------------------------------------------


def _comparing(at) -> str:  # noqa: ANN001 - an AppTest
    """The comparison the Satisfaction page says it counts."""
    return next(i.value for i in at.info if i.value.startswith("**Comparing:**"))


def _shown(at, key: str) -> str:  # noqa: ANN001 - an AppTest
    """What a sidebar selectbox shows: the words of the option it holds (AppTest lists a
    selectbox's options in their shown words)."""
    box = at.sidebar.selectbox(key=key)
    assert box.index is not None
    return box.options[box.index]


def _browser_told(box) -> bool:  # noqa: ANN001 - an AppTest selectbox
    """Whether the page told the browser the selectbox's new value: a browser keeps showing the
    option it last showed unless the run sends the new one (the fault: the page went on with
    another choice while the box still showed the old)."""
    return box.proto.set_value and box.proto.raw_value == box.options[box.index]


def _choose(at, key: str, words: str) -> None:  # noqa: ANN001 - an AppTest
    """Choose the sidebar option whose shown words contain `words`."""
    box = at.sidebar.selectbox(key=key)
    box.select_index(next(i for i, o in enumerate(box.options) if words in o)).run()


def test_the_mode_shows_exactly_the_controls_it_uses(app_env):
    at = start()
    at.switch_page("pages/satisfaction.py").run()
    assert at.sidebar.selectbox(key="gap_mode").value == "every"
    keys = {box.key for box in at.sidebar.selectbox}
    assert "gap_window" in keys and not {"gap_source", "gap_judgement"} & keys
    assert "every school" in _comparing(at)
    at.sidebar.selectbox(key="gap_mode").set_value("one").run()
    assert not at.exception
    keys = {box.key for box in at.sidebar.selectbox}
    assert {"gap_source", "gap_window", "gap_judgement"} <= keys
    assert md(family_short_label(at.sidebar.selectbox(key="gap_source").value)) in _comparing(at)
    at.sidebar.selectbox(key="gap_mode").set_value("every").run()
    assert not {"gap_source", "gap_judgement"} & {box.key for box in at.sidebar.selectbox}
    assert "every school" in _comparing(at)


def test_set_against_follows_a_new_source(app_env):
    """The reported fault: after 'Parents' views' changed, 'Set against' still read the report
    card's Leadership and governance while the page compared overall effectiveness."""
    at = start(gap_mode="One source against one judgement")
    at.switch_page("pages/satisfaction.py").run()
    at.sidebar.selectbox(key="gap_source").set_value("parent_view_pv_2025").run()
    _choose(at, "gap_judgement", "Leadership and governance")
    assert "Leadership and governance" in _shown(at, "gap_judgement")
    at.sidebar.selectbox(key="gap_source").set_value("parent_view_pv_2011").run()
    assert not at.exception
    shown = _shown(at, "gap_judgement")  # a value it offers, in its own words
    assert "Leadership" not in shown and md(shown) in _comparing(at)
    assert _browser_told(at.sidebar.selectbox(key="gap_judgement"))


def test_set_against_follows_a_new_window(app_env):
    """At 36 months Parent View (from 2025) can be set against 2019-24 overall effectiveness; at
    24 months no school has that pair, so the choice moves to one that exists."""
    at = start(gap_mode="One source against one judgement")
    at.switch_page("pages/satisfaction.py").run()
    at.sidebar.selectbox(key="gap_source").set_value("parent_view_pv_2025").run()
    at.sidebar.selectbox(key="gap_window").set_value(36).run()
    _choose(at, "gap_judgement", "overall effectiveness")
    assert "overall effectiveness" in _shown(at, "gap_judgement")
    at.sidebar.selectbox(key="gap_window").set_value(24).run()
    assert not at.exception
    shown = _shown(at, "gap_judgement")
    assert "overall effectiveness" not in shown and md(shown) in _comparing(at)
    assert "24 calendar months" in _comparing(at)
    assert _browser_told(at.sidebar.selectbox(key="gap_judgement"))


def test_the_window_survives_a_source_without_one(app_env):
    """Questionnaires at inspection go with the inspection they came with (no window); coming
    back, the window offered is one the source has, and the page says the same."""
    at = start(gap_mode="One source against one judgement")
    at.switch_page("pages/satisfaction.py").run()
    at.sidebar.selectbox(key="gap_window").set_value(48).run()
    at.sidebar.selectbox(key="gap_source").set_value("questionnaire_at_inspection").run()
    assert "gap_window" not in {box.key for box in at.sidebar.selectbox}
    assert "the inspection it came with" in _comparing(at)
    at.sidebar.selectbox(key="gap_source").set_value("parent_view_pv_2011").run()
    assert not at.exception
    shown = _shown(at, "gap_window")
    assert shown.split(" ")[0] + " calendar months" in _comparing(at)


def test_a_shared_link_keeps_no_count_in_the_pages_choices(app_env):
    """A link keeps a choice by its words, so they carry no count that a data refresh changes
    (the walkthrough's link with "13 schools here" fell back to the default after one); the
    count is said beside the box instead."""
    at = start(gap_mode="every")
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    for key in ("gap_comparison", "gap_funnel_group"):
        options = at.selectbox(key=key).options
        assert options and not any(re.search(r"\d+ schools? here", o) for o in options)
    said = " ".join(c.value for c in at.caption)
    assert re.search(r"\d+ schools? of .+ (has its|have their) newest parents' views", said)
    assert re.search(r"\d+ schools? of .+ in this group\.", said)


def test_the_pages_own_choices_follow_the_sidebar(app_env):
    """The funnel's group and the detailed comparison are chosen on the page from what the
    sidebar's choice compares; when that changes they move to one that exists."""
    at = start(gap_mode="One source against one judgement", la="England (all local authorities)")
    at.switch_page("pages/satisfaction.py").run()
    at.sidebar.selectbox(key="gap_source").set_value("parent_view_pv_2025").run()
    groups = at.selectbox(key="gap_funnel_group")
    groups.select_index(len(groups.options) - 1).run()
    assert at.selectbox(key="gap_funnel_group").value.startswith("parent_view_pv_2025")
    at.sidebar.selectbox(key="gap_source").set_value("questionnaire_at_inspection").run()
    assert not at.exception
    groups = at.selectbox(key="gap_funnel_group")
    assert groups.index is not None and groups.value.startswith("questionnaire_at_inspection")
    assert _browser_told(groups)
    at.sidebar.selectbox(key="gap_mode").set_value("every").run()
    comparisons = at.selectbox(key="gap_comparison")
    comparisons.select_index(len(comparisons.options) - 1).run()
    before = at.selectbox(key="gap_comparison").value
    at.sidebar.selectbox(key="gap_window").set_value(12).run()
    assert not at.exception
    comparisons = at.selectbox(key="gap_comparison")
    assert comparisons.index is not None
    assert comparisons.options[comparisons.index].startswith(comparisons.value)
    if comparisons.value != before:  # the comparison chosen is gone at 12 months
        assert _browser_told(comparisons)


# --- the Satisfaction page's order and funnel; one figure per question -------------------------


def test_the_funnel_first_shows_the_busiest_group_with_its_limits(app_env, con):
    code, name = _busiest_la(con)
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/satisfaction.py").run()
    group = at.selectbox(key="gap_funnel_group")
    assert group.index == 0
    rows = run(con, "gap_schools", **DEFAULT.params, **{**EVERYWHERE, "la_code": code}).filter(
        pl.col("is_comparable")
    )
    sizes = rows.group_by(gaps.GROUP_KEYS).len()
    family, framework_id, area, scope, phase, rank = group.value.split("|")
    here = sizes.filter(
        (pl.col("family") == family)
        & (pl.col("framework_id") == framework_id)
        & (pl.col("area") == area)
        & (pl.col("reference_phase") == phase)
        & (pl.col("grade_rank") == int(rank))
    )["len"][0]
    assert here == sizes["len"].max() > 1
    limits = run(
        con,
        "gap_funnel_limits",
        family=family,
        framework_id=framework_id,
        area=area,
        window_months=36,
        reference_scope=scope,
        reference_phase=phase,
        grade_rank=int(rank),
        min_responses=10,
        max_responses=200,
    )
    assert limits.height > 20 and limits["upper_limit_share"].is_not_null().all()


def test_one_figure_for_parents_happy_on_the_overview_and_parent_view_page(app_env, con):
    code, name = _busiest_la(con)
    at = start(la=f"{name} ({code})")
    metrics = {m.label: m.value for m in at.metric}
    overview = metrics[f"% satisfied, {md(name)}"]
    at.switch_page("pages/parent_view.py").run()
    assert not at.exception
    questions = next(df.value for df in at.dataframe if "Question" in df.value.columns)
    first = questions.iloc[0]
    assert "happy" in first["Question"]
    assert overview == f"{first['% positive']:.1f}%"


def test_the_default_list_sees_own_surveys_only_in_the_users_las(demo_warehouse, con):
    """gap_rows reads whatever the connection calls its tables, so a signed-in user's scoped views
    apply: another LA's own survey is never a school's 'most recent' result for them, and its
    school falls back to the newest result they may see."""
    from lens.data.scoping import ScopedConnection

    mine, theirs = (
        r[0]
        for r in con.execute(
            "select s.la_code from gap_rows(true, null, null, null, 36) as g "
            "join schools as s using (urn) where g.family = 'questionnaire_own_survey' "
            "group by 1 order by count(*) desc, 1 limit 2"
        ).fetchall()
    )
    scoped = ScopedConnection(open_read_only(demo_warehouse), [mine])
    rows = run(scoped, "gap_schools", **DEFAULT.params, **EVERYWHERE)
    by_la = rows.filter(pl.col("family") == "questionnaire_own_survey")["la_code"].unique()
    assert by_la.to_list() == [mine]
    everyone = run(con, "gap_schools", **DEFAULT.params, **{**EVERYWHERE, "la_code": theirs})
    surveyed = everyone.filter(pl.col("family") == "questionnaire_own_survey")["urn"]
    assert surveyed.len() > 0
    seen = rows.filter(pl.col("urn").is_in(surveyed.implode()))
    assert seen.height == surveyed.len()  # still listed, from a source they may see
    assert "questionnaire_own_survey" not in seen["family"].to_list()


def test_one_table_says_whose_parents_answered_a_questionnaire(con):
    """Which school's parents answered a questionnaire returned at inspection (the school's own,
    or a predecessor's) is decided once, in the questionnaire_owners model the ETL builds: the
    gap list's model and the profile's query read it and neither works it out again (it had been
    computed twice, in two ways that had to be kept in agreement by this file's next test)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readers = [
        root / "etl" / "sql" / "marts" / "gap_every_school.sql",
        root / "lens" / "data" / "sql" / "school_satisfaction_history.sql",
    ]
    for path in readers:
        code = "\n".join(line.split("--", 1)[0] for line in path.read_text().splitlines())
        assert "questionnaire_owners" in code, path.name
        assert "urn_at_inspection" not in code and "arg_min" not in code, path.name
    owners = pl.DataFrame(
        con.execute(
            "select urn, data_date, owner_urn, is_predecessors from questionnaire_owners"
        ).fetchall(),
        schema=["urn", "data_date", "owner_urn", "is_predecessors"],
        orient="row",
    )
    at_inspection = con.execute(
        "select count(*) from school_satisfaction where family = 'questionnaire_at_inspection'"
    ).fetchone()[0]
    assert owners.height == at_inspection == owners.select("urn", "data_date").n_unique()
    theirs = owners.filter("is_predecessors")
    assert theirs.height and (theirs["owner_urn"] != theirs["urn"]).all()
    for row in theirs.iter_rows(named=True):
        history = run(con, "school_satisfaction_history", urn=row["urn"]).filter(
            family="questionnaire_at_inspection", data_date=row["data_date"]
        )
        assert history["is_predecessor"].all(), row["urn"]
        assert set(history["predecessor_urn"]) == {row["owner_urn"]}


def test_a_predecessors_questionnaire_is_not_the_schools_own_parents_views(con):
    """A questionnaire returned at the inspection of the school an academy replaced is the
    predecessor's parents' views (as the profile shows them): the list says so and never reads
    it as this school's own, 'no inspection before the parents answered' (the walkthrough's
    Aldermead Academy, opened in 2022, was given a 2011 questionnaire as its parents' views)."""
    rows = pl.DataFrame(
        con.execute(
            "select urn, data_date, not_compared_reason, framework_id from gap_every_school "
            "where family = 'questionnaire_at_inspection' and window_months = 36"
        ).fetchall(),
        schema=["urn", "data_date", "reason", "framework_id"],
        orient="row",
    )
    theirs = 0
    for row in rows.iter_rows(named=True):
        history = run(con, "school_satisfaction_history", urn=row["urn"]).filter(
            family="questionnaire_at_inspection", data_date=row["data_date"]
        )
        is_predecessors = history.height > 0 and history["is_predecessor"].all()
        assert (row["reason"] == "predecessors_views") == is_predecessors, row["urn"]
        if is_predecessors:
            assert row["framework_id"] is None  # never set against a judgement
            theirs += 1
    assert theirs, "the demo has an academy given its predecessor's questionnaire"
    listed = pl.DataFrame(
        {"is_comparable": [True, False, False], "gap_status": [None, *["predecessors_views"] * 2]}
    )
    assert gaps.coverage_words(listed) == (
        "1 of 3 open schools compared (2 not compared: 2 with only their predecessor's "
        "parents' views)"
    )


def _download_labels(con, expander: str) -> list[str]:  # noqa: ANN001
    """The download buttons' labels in one expander of the busiest LA's Satisfaction page."""
    code, name = _busiest_la(con)
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    (found,) = [e for e in at.expander if e.label.startswith(expander)]
    return [b.proto.label for b in found.get("download_button")]


def test_every_schools_download_is_named_for_what_it_holds(app_env, con, downloads):
    """The expander 'Every school and its place' downloads every school of the selection, not
    the gap list: its buttons and files say so (they said 'every school on the gap list')."""
    labels = _download_labels(con, "Every school and its place")
    assert len(labels) == 2
    for label in labels:
        assert "every school and its place" in label.lower()
        assert "gap list" not in label.lower()
        assert "gap-list" not in downloads[label]["file_name"]
        assert "every-school-and-its-place" in downloads[label]["file_name"]


def test_the_charts_data_download_is_named_in_plain_english(app_env, con):
    """The chart's data (every school in one comparison) downloads as '% satisfied by school', not
    'schools satisfaction', which wanted its apostrophe."""
    labels = _download_labels(con, "The chart's data")
    assert labels == ["CSV: % satisfied by school", "Excel: % satisfied by school"]
