"""AppTest for every page on the small demo warehouse, and the URL-bound filters."""

from __future__ import annotations

import polars as pl
import pytest

from lens.app.pages import PAGE_FILES
from lens.data.warehouse import open_read_only
from tests.conftest import first_run_ended, start

PAGES = list(PAGE_FILES)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception_and_labels_demo(app_env, page):
    at = start()
    at.switch_page(page).run()
    assert not at.exception
    assert any("Demonstration data: fictional schools" in w.value for w in at.warning)


def test_home_shows_counts_computed_from_the_warehouse(app_env):
    at = start()
    con = open_read_only(app_env)
    england = con.execute("select count(*) from schools where is_open").fetchone()[0]
    first_la, la_name, la_count = con.execute(
        "select la_code, la_name, count_open_schools from local_authorities "
        "order by la_name limit 1"
    ).fetchone()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open schools, England"] == f"{england:,}"

    at.sidebar.selectbox(key="la").set_value(first_la).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[f"Open schools, {la_name}"] == f"{la_count:,}"
    assert at.title[0].value == f"Partnership Lens: {la_name}"


def test_la_filter_is_read_from_the_url(app_env):
    con = open_read_only(app_env)
    code, name = con.execute(
        "select la_code, la_name from local_authorities order by la_name desc limit 1"
    ).fetchone()
    at = start(la=f"{name} ({code})")
    assert not at.exception
    assert at.sidebar.selectbox(key="la").value == code
    assert at.title[0].value.startswith(f"Partnership Lens: {name}")


def test_england_and_phase_filters_change_the_figures(app_env):
    at = start(la="England (all local authorities)")
    all_phases = {m.label: m.value for m in at.metric}["Open schools, England"]
    at.sidebar.selectbox(key="phase").set_value("Secondary").run()
    assert not at.exception
    secondary = {m.label: m.value for m in at.metric}["Open schools, England"]
    assert int(secondary.replace(",", "")) < int(all_phases.replace(",", ""))
    assert "secondary schools" in at.title[0].value


def test_hostile_url_values_are_ignored_not_executed(app_env):
    at = start(la="' OR 1=1 --", phase="; DROP TABLE schools", type="<script>x</script>")
    assert not at.exception
    assert at.sidebar.selectbox(key="phase").value == "All"


def test_data_page_lists_rejects_with_file_line_and_reason(app_env):
    at = start()
    at.switch_page("pages/data_quality.py").run()
    frames = [df.value for df in at.dataframe]
    detail = frames[-1]
    assert {"File", "Line", "Column", "Value", "Reason", "What happened"} <= set(detail.columns)
    assert (detail["Reason"].str.len() > 0).all()
    assert len(at.get("download_button")) >= 6


def test_first_run_builds_the_demo_with_progress_then_shows_it(app_env, tmp_path, monkeypatch):
    import lens.data.queries

    fresh = tmp_path / "fresh" / "warehouse.duckdb"
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", fresh)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "demo_dir", tmp_path / "fresh" / "demo")
    monkeypatch.setattr(lens.data.queries.SETTINGS, "demo_school_count", 300)
    at = start()
    assert not at.exception
    assert fresh.exists()
    labels = [getattr(b, "label", "") or "" for b in at.main.children.values()]
    assert any("Demonstration data ready" in label for label in labels), labels
    assert any("Demonstration data: fictional schools" in w.value for w in at.warning)
    assert first_run_ended(fresh).phase == "done"  # the build goes on to the national data


# How an older version's warehouse differs from this one's: a table it did not make yet; every table
# but no recorded schema version (built before versions were recorded); every table and column
# but an older schema version (the same names, made by older rules).
OLDER = {
    "a table missing": "drop table school_summaries",
    "no schema version": "alter table build_info drop column schema_version",
    "an older schema version": "update build_info set schema_version = schema_version - 1",
}


def _older_warehouse(demo_warehouse, folder, *, is_demo: bool, older: str = "a table missing"):
    """A copy of the demo warehouse as an older version built it (see OLDER)."""
    import shutil

    import duckdb

    folder.mkdir()
    old = folder / "warehouse.duckdb"
    shutil.copy(demo_warehouse.resolve(), old)
    con = duckdb.connect(str(old))
    con.execute(OLDER[older])
    con.execute("update build_info set is_demo = ?", [is_demo])
    con.close()
    return old


def test_a_build_records_the_version_of_its_tables(app_env):
    from etl.warehouse import SCHEMA_VERSION

    con = open_read_only(app_env)
    assert con.execute("select schema_version from build_info").fetchall() == [(SCHEMA_VERSION,)]


@pytest.mark.parametrize("older", list(OLDER))
def test_an_older_demo_warehouse_is_rebuilt_with_progress(app_env, tmp_path, monkeypatch, older):
    import lens.data.queries
    from etl.warehouse import SCHEMA_VERSION

    old = _older_warehouse(app_env, tmp_path / "old", is_demo=True, older=older)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", old)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "demo_dir", tmp_path / "old" / "demo")
    monkeypatch.setattr(lens.data.queries.SETTINGS, "demo_school_count", 300)
    at = start()
    assert not at.exception
    labels = [getattr(b, "label", "") or "" for b in at.main.children.values()]
    assert any("Demonstration data ready" in label for label in labels), labels
    con = open_read_only(old.resolve())
    assert con.execute("select count(*) from school_summaries").fetchone()[0] > 0
    assert con.execute("select schema_version from build_info").fetchone()[0] == SCHEMA_VERSION
    assert first_run_ended(old).phase == "done"


@pytest.mark.parametrize("older", list(OLDER))
def test_an_older_real_warehouse_is_explained_and_kept(app_env, tmp_path, monkeypatch, older):
    import hashlib

    import lens.data.queries
    from tests.banned_words import banned_in

    old = _older_warehouse(app_env, tmp_path / "real", is_demo=False, older=older)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in old.parent.iterdir()}
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", old)
    at = start()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert "older version of Partnership Lens" in message
    assert "`python -m etl build`" in message  # the README's command for real data
    assert banned_in(message) == []  # an adviser's words: no table names
    assert not at.dataframe and not at.metric  # no page drawn from data it cannot read
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in old.parent.iterdir()}
    assert after == before  # nothing deleted, nothing rebuilt


def test_satisfaction_page_sections_bases_and_gap_list(app_env):
    con = open_read_only(app_env)
    code, name = con.execute(  # the LA with most schools on the default list
        "select s.la_code, any_value(s.la_name) from gap_rows(true, null, null, null, 36) as g "
        "join schools as s using (urn) group by 1 order by count(g.gap_direction) desc, 1 limit 1"
    ).fetchone()
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    headers = [h.value for h in at.main.header]
    assert headers == [  # the gap list first, the statistics after it
        "1. The gap list",
        "2. Which differences are more than the usual spread between schools",
        "3. One comparison in detail",
        "4. Parents satisfied, by the grade of the inspection their questionnaire came with",
    ]
    assert any("Pooled over responses. Base: " in c.value for c in at.caption)
    gap_list = at.dataframe[0].value
    assert {"School", "URN", "Comparison", "Gap list", "% satisfied", "Compared with"} <= set(
        gap_list.columns
    )
    assert set(gap_list["Gap list"]) <= {
        "Above: parents more satisfied than at schools with the same grade and phase",
        "Below: parents less satisfied than at schools with the same grade and phase",
    }


def test_satisfaction_page_every_source_and_judgement_renders(app_env):
    at = start(la="England (all local authorities)")
    at.switch_page("pages/satisfaction.py").run()
    at.sidebar.selectbox(key="gap_mode").set_value("one").run()
    sources = at.sidebar.selectbox(key="gap_source").options
    assert len(sources) >= 4
    for index in range(len(sources)):
        at.sidebar.selectbox(key="gap_source").select_index(index).run()
        assert not at.exception
        judgements = at.sidebar.selectbox(key="gap_judgement").options
        at.sidebar.selectbox(key="gap_judgement").select_index(len(judgements) - 1).run()
        assert not at.exception
        at.toggle(key="gap_unadjusted").set_value(True).run()
        assert not at.exception
        at.toggle(key="gap_unadjusted").set_value(False).run()


def test_satisfaction_page_says_own_surveys_are_compared_within_their_la(app_env):
    """Own surveys are compared only within the school's LA: the page says so beside the list,
    names the LA in each group of similar schools, and says why a school is not compared."""
    from lens.rules.gaps import OWN_SURVEY_WORDS
    from lens.rules.words import STATUS_WORDS

    con = open_read_only(app_env)
    code, name = con.execute(  # the LA with most own-survey results on the gap list
        "select s.la_code, any_value(s.la_name) from satisfaction_gaps as g join schools as s "
        "using (urn) where g.family = 'questionnaire_own_survey' and g.window_months = 36 "
        "group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/satisfaction.py").run()
    at.sidebar.selectbox(key="gap_mode").set_value("one").run()
    at.sidebar.selectbox(key="gap_source").set_value("questionnaire_own_survey").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(OWN_SURVEY_WORDS in c for c in captions)
    tables = [d.value for d in at.dataframe]

    def cells(column: str) -> set[str]:
        return {v for t in tables if column in t.columns for v in t[column] if isinstance(v, str)}

    assert STATUS_WORDS["not_compared_in_la"] in cells("Gap list")
    compared_with = cells("Compared with")
    assert compared_with and all(f"in {name} (own surveys)" in v for v in compared_with)


def test_home_shows_satisfaction_at_a_glance(app_env):
    at = start()
    labels = [m.label for m in at.metric]
    assert any(label.startswith("% satisfied, England") for label in labels)
    assert any(label.startswith("On the gap list") for label in labels)
    assert any("the Parent View page's figure" in c.value for c in at.caption)
    assert any(" open schools compared" in c.value for c in at.caption)


def engagement_page(**query: str):  # noqa: ANN201 - an AppTest
    at = start(**query)
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    return at


def shown_table(at, column: str):  # noqa: ANN001, ANN201 - an AppTest and its pandas frame
    """The first table on the page with this column (in the reader's words)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_engagement_study_figures_are_counted_from_reports_with_a_section(app_env):
    at = engagement_page(la="England (all local authorities)")
    study = shown_table(at, "Engagement in Education (2013)")
    con = open_read_only(app_env)
    count, share = con.execute(
        "select count(*), round(100.0 * avg(uses_engagement::int), 1) from report_codes "
        "join schools using (urn) where has_improvement_section"
    ).fetchone()
    first = study.iloc[0]
    assert first["Era"] == "All eras" and first["England: reports"] == count > 0
    assert first["England"] == share
    assert first["Engagement in Education (2013)"] == 15.4
    assert "Selection" not in study.columns  # England is the selection: shown once
    said = " ".join(m.value for m in at.markdown)
    assert f"of {count:,} in England" in said
    assert "Engagement in Education \\(2013\\)\\: 15\\.4%" in said
    assert "not available to us" in said
    by_year = shown_table(at, "% only parents' views")
    assert by_year["Reports with an improvement section"].sum() == count


def test_engagement_study_figures_for_an_la_stand_beside_englands(app_env):
    con = open_read_only(app_env)
    code, name, count = con.execute(
        "select s.la_code, any_value(s.la_name), count(*) from report_codes join schools as s "
        "using (urn) where has_improvement_section group by s.la_code order by count(*) desc "
        "limit 1"
    ).fetchone()
    at = engagement_page(la=f"{name} ({code})")
    study = shown_table(at, "Engagement in Education (2013)")
    assert study.iloc[0]["Selection: reports"] == count
    assert study.iloc[0]["England: reports"] > count
    said = " ".join(m.value for m in at.markdown)
    assert f"of {count} in " in said and "in England" in said


def test_engagement_shares_allow_for_the_coders_measured_mistakes(app_env):
    """Observed share and reports, then the range allowing for the coder's measured mistakes,
    in an adviser's words, with the method in an expander and the same figures by era."""
    from lens.data.warehouse import run
    from lens.rules import coder_errors

    con = open_read_only(app_env)
    code, name = con.execute(
        "select s.la_code, any_value(s.la_name) from report_codes join schools as s "
        "using (urn) where has_improvement_section group by s.la_code order by count(*) desc "
        "limit 1"
    ).fetchone()
    at = engagement_page(la=f"{name} ({code})")
    said = " ".join(m.value for m in at.markdown)
    params = {"la_code": code, "phase": None, "school_type": None}
    allowed = coder_errors.allow_for_errors(
        run(con, "report_coder_groups", **params), run(con, "coder_measured_errors")
    )
    row = allowed.filter(
        (pl.col("geography") == "Selection")
        & (pl.col("report_era") == "all")
        & (pl.col("measure") == "count_engagement_strategy")
    ).row(0, named=True)
    figures = run(con, "report_study_figures", **params).filter(
        (pl.col("geography") == "Selection") & (pl.col("report_era") == "all")
    )
    assert row["count_reports"] == figures["count_reports"][0]
    assert row["observed_share"] == figures["count_engagement_strategy"][0] / row["count_reports"]
    expected = (
        f"observed {row['observed_share']:.1%} ({row['count_reports']:,} reports); allowing for "
        f"the coder's measured errors, between {row['low_share']:.1%} and "
        f"{row['high_share']:.1%}"
    )
    assert expected in said.replace("\\", "")  # the words as shown, Markdown's escapes aside
    (expander,) = [e for e in at.expander if e.label == "How the coder's mistakes are allowed for"]
    method = " ".join(m.value for m in expander.markdown).replace("\\", "")
    assert "Rogan and Gladen, 1978" in method and "763 sentences" in method
    by_era = shown_table(at, "Likely, allowing for the coder's errors")
    assert by_era["Area"].nunique() == 2 and "All eras" in set(by_era["Era"])


def test_engagement_page_says_who_breaks_the_pattern(app_env):
    at = engagement_page(la="England (all local authorities)")
    assert any("47 schools of Ofsted, Schools and parents (2011)" in c.value for c in at.caption)
    assert any("was not available to us" in c.value for c in at.caption)
    breakers = shown_table(at, "How it breaks the pattern")
    assert any(f"{len(breakers)} schools in England break" in m.value for m in at.markdown)
    crosstab = shown_table(at, "Break the pattern")
    assert crosstab["Break the pattern"].sum() >= len(breakers) > 0


def test_engagement_coded_passages_carry_the_reference_a_correction_cites(app_env):
    """The download carries what a correction cites (the corrections layout, README); the screen
    shows neither the 12-character reference nor the inspection's date a second time in ISO
    form, and its caption names the labels as the download writes them."""
    from lens.data.queries import ask
    from lens.present.vocabulary import present
    from lens.sections.engagement import _for_corrections

    at = engagement_page(la="England (all local authorities)")
    passages = shown_table(at, "Why")
    assert {"Sentence reference", "Inspection"}.isdisjoint(passages.columns)
    assert "Inspected" in passages.columns
    labels = {"Engagement", "Involvement", "Informing", "Parents' views", "None of these"}
    assert set(passages["Label"]) <= labels
    assert "parents_views" not in " ".join(passages["Why"])
    caption = next(c.value for c in at.caption if "*Label* column" in c.value)
    assert "Parents' views or None of these" in caption and "or none)" not in caption
    points = ask(
        "report_coded_points",
        label=None,
        uncertain_only=False,
        la_code=None,
        phase=None,
        school_type=None,
    )
    download = present(_for_corrections(points))
    assert list(download.columns) == [
        "URN",
        "Inspection",
        "Sentence reference",
        "Label",
        "Sentence",
    ]
    assert download["Sentence reference"].str.contains(r"^[0-9a-f]{12}$").all()
    at.toggle(key="eng_uncertain").set_value(True).run()
    assert not at.exception
    uncertain = shown_table(at, "Why")
    assert len(uncertain) > 0 and (uncertain["Uncertain"] == "Yes").all()
    assert len(uncertain) < len(passages)


def test_a_link_to_a_page_on_a_fresh_server_goes_through_the_router(app_env):
    """AppTest starts each run as a fresh server would (Streamlit's legacy pages/-folder mode), so
    a page asked for by its address runs alone first; lens/app/routing.py sends it through the
    router: the sidebar, the demo label and the page's own widgets are all there, and the address
    kept."""
    from streamlit.runtime.pages_manager import PagesManager

    at = start(la="England (all local authorities)")
    at.switch_page("pages/satisfaction.py").run()
    assert not at.exception
    assert PagesManager.uses_pages_directory is False  # st.navigation's mode from now on
    assert at.sidebar.selectbox(key="la").value == 0  # the router drew the sidebar from the link
    assert at.title[0].value == "Satisfaction versus effectiveness"
    assert any("Demonstration data" in w.value for w in at.warning)


def test_data_page_opens_with_whether_my_schools_are_affected(app_env):
    """Issue 20, item 7: the data page says first, in words, whether the LA's schools are touched
    by what was not loaded."""
    con = open_read_only(app_env)
    code, name = con.execute(
        "select s.la_code, any_value(s.la_name) from rejects r join inspections i "
        "on i.source_file = r.file and i.line = r.line join schools s on s.urn = i.urn "
        "group by s.la_code order by count(*) desc limit 1"
    ).fetchone()
    named = con.execute(
        "select count(distinct s.urn) from rejects r join inspections i "
        "on i.source_file = r.file and i.line = r.line join schools s on s.urn = i.urn "
        "where s.la_code = ?",
        [code],
    ).fetchone()[0]
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    assert at.header[0].value == "Are any of my schools affected?"
    said = at.markdown[0].value
    assert f"{named} school" in said and "register entries out of scope" in said
    assert "not state-funded schools" in said


def test_the_number_beside_an_las_name_is_explained(app_env):
    """A walkthrough found 'Leeds (383)' never explained: the choice's help says it is the
    local authority's code in the Department for Education's files."""
    at = start()
    assert not at.exception
    help_text = at.sidebar.selectbox(key="la").help
    assert "code" in help_text and "Department for Education" in help_text


def test_what_a_charts_tooltip_said_is_in_a_table_or_words_beside_it(app_env):
    """Charts have no tooltips (they could not be dismissed with Escape and covered the legend):
    the figures only a tooltip had shown are beside the chart. The Overview's number of schools
    in each grade, every school's 95% interval, chance-only difference and inspection date on the
    Satisfaction page, and each place's Parent View submissions."""
    con = open_read_only(app_env)
    code, name = con.execute(
        "select la_code, la_name from local_authorities order by count_open_schools desc limit 1"
    ).fetchone()
    at = start(la=f"{name} ({code})")
    assert not at.exception
    counts = [e for e in at.expander if e.label == "Number of schools in each grade"]
    titles = _chart_titles(at)  # "Kent: 151 schools last graded in 2019-24", one per expander
    assert len(counts) == len(titles) >= 2  # the frameworks' grades and the report card's
    for expander, title in zip(counts, titles, strict=True):
        table = expander.dataframe[0].value
        assert table.columns[0] == "Grade" and "England" in table.columns
        in_la = int(table[name].fillna(0).sum()) if name in table.columns else 0
        assert in_la == int(title.split(": ", 1)[1].split(" ")[0])  # the LA's schools
        assert expander.get("download_button")[0].label.startswith("CSV: schools, ")

    at.switch_page("pages/satisfaction.py").run()
    every = next(e for e in at.expander if e.label.startswith("Every school and its place"))
    headers = set(every.dataframe[0].value.columns)
    assert {
        "95% interval from",
        "95% interval to",
        "Standardised difference, chance only",
    } <= headers
    assert "Inspected" in headers

    at.switch_page("pages/parent_view.py").run()
    assert not at.exception
    assert any(
        c.value.startswith("% of submissions (the chart's data), of ") and f" in {name}" in c.value
        for c in at.caption
    )


def _chart_titles(at) -> list[str]:  # noqa: ANN001 - an AppTest
    import json

    from tests.test_downloads import _in_order

    return [
        " ".join(json.loads(e.proto.spec)["title"]["text"])
        for e in _in_order(at.main)
        if e.type == "vega_lite_chart"
    ]
