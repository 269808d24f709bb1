"""Explore and export: the list matches the warehouse under each filter, the whole state travels in
the page address, and the downloads hold the values shown with formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from etl.build import build_warehouse
from lens.data.warehouse import open_read_only, run
from lens.present import export
from lens.present.vocabulary import present
from lens.rules import gaps
from tests import builders
from tests.conftest import start

HOSTILE_NAME = '=HYPERLINK("http://x","y")'


def explore(**query: str):
    at = start(**query)
    at.switch_page("pages/explore.py").run()
    assert not at.exception
    return at


def shown_name(link: str) -> str:
    """The name a profile link shows (its `school=` value), as the page's link column does."""
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(link).query)["school"][0]


def shown_count(at) -> int:
    sentence = next(m.value for m in at.markdown if " shown of " in m.value)
    return int(sentence.split(" school")[0].strip("*").replace(",", ""))


def test_counts_follow_the_filters_and_the_warehouse(app_env):
    con = open_read_only(app_env)
    la_code, la_name = con.execute(
        "select la_code, la_name from local_authorities order by count_open_schools desc limit 1"
    ).fetchone()
    at = explore(la=f"{la_name} ({la_code})")
    open_in_la = con.execute(
        "select count(*) from schools where is_open and la_code = ?", [la_code]
    ).fetchone()[0]
    assert shown_count(at) == open_in_la

    at.selectbox(key="gap").set_value("either").run()
    gap = gaps.default_choice(run(con, "gap_options"), 36)
    on_gap_list = con.execute(
        "select count(*) from gap_rows(?, ?, ?, ?, ?) join schools using (urn) where la_code = ? "
        "and gap_direction is not null",
        [*gap.params.values(), la_code],
    ).fetchall()[0][0]
    assert shown_count(at) == on_gap_list
    assert at.dataframe[0].value.shape[0] == on_gap_list


def test_regions_filter_across_england(app_env):
    con = open_read_only(app_env)
    region, count = con.execute(
        "select region, count(*) from schools where is_open group by region order by 2 limit 1"
    ).fetchone()
    at = explore(la="England (all local authorities)")
    at.multiselect(key="regions").set_value([region]).run()
    assert shown_count(at) == count
    at = explore(la="England (all local authorities)", regions=[region])
    assert shown_count(at) == count
    in_an_la = explore()  # the default LA: a region filter would mean nothing
    assert "regions" not in [m.key for m in in_an_la.multiselect]


def test_judgement_filter_uses_the_frameworks_own_grades(app_env):
    at = explore(la="England (all local authorities)")
    at.selectbox(key="judged").set_value("eif_2019|overall_effectiveness").run()
    assert at.multiselect(key="grades").options == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    at.multiselect(key="grades").set_value(["Inadequate"]).run()
    assert not at.exception
    con = open_read_only(app_env)
    # the judgement in force: the latest full inspection (graded or report card) of each school
    expected = con.execute(
        "with latest as (select i.urn, i.framework_id, i.overall_grade_label from inspections i "
        "join schools s using (urn) where s.is_open and i.kind in ('graded', 'report_card') "
        "qualify row_number() over (partition by i.urn order by i.started_on desc, "
        "i.inspection_id desc) = 1) select count(*) from latest "
        "where framework_id = 'eif_2019' and overall_grade_label = 'Inadequate'"
    ).fetchone()[0]
    assert shown_count(at) == expected > 0


def test_a_judgement_filter_lists_only_schools_whose_judgement_is_in_force(app_env):
    """Issue 20, item 9: filtering 2019-24 overall effectiveness = Good listed a school whose
    latest inspection was 2024-25 with no grade; and a school last inspected in 2026 showed the
    2019-24 framework beside the date."""
    at = explore(la="England (all local authorities)")
    at.selectbox(key="judged").set_value("eif_2019|overall_effectiveness").run()
    at.multiselect(key="grades").set_value(["Good"]).run()
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["Framework of the judgement in force"]) == {"2019-24"}
    assert set(table["Judgement in force"]) == {"Good"}
    con = open_read_only(app_env)
    mismatched = con.execute(
        "select count(*) from school_summaries s join (select urn, started_on, framework_id "
        "from inspections qualify row_number() over (partition by urn order by started_on desc, "
        "inspection_id desc) = 1) l on l.urn = s.urn and l.started_on = s.last_inspected_on "
        "join frameworks f on f.framework_id = l.framework_id "
        "where s.last_inspected_on >= '2025-11-10' and f.short_label = '2019-24'"
    ).fetchone()[0]
    assert mismatched == 0  # the data: a 2026 inspection is never of the 2019-24 framework
    every = explore(la="England (all local authorities)", cols=["School", "URN", "Last inspected"])
    at = explore(
        la="England (all local authorities)",
        cols=["School", "URN", "Last inspected", "Framework at last inspection"],
    )
    shown = at.dataframe[0].value
    recent = shown[shown["Last inspected"] >= dt.date(2025, 11, 10)]
    assert len(every.dataframe[0].value) == len(shown)
    assert "2019-24" not in set(recent["Framework at last inspection"])


def test_no_parent_view_passes_a_happy_filter_only_when_asked(app_env):
    con = open_read_only(app_env)
    with_pv, without = con.execute(
        "select count(*) filter (where pct_happy between 90 and 100), "
        "count(*) filter (where pct_happy is null) from school_summaries where is_open"
    ).fetchone()
    at = explore(la="England (all local authorities)")
    everyone = shown_count(at)
    at.slider(key="happy").set_value((90, 100)).run()
    assert shown_count(at) == with_pv
    at.checkbox(key="no_pv").check().run()
    assert shown_count(at) == with_pv + without
    assert everyone >= with_pv + without


def test_the_gap_column_never_leaves_a_blank(app_env):
    at = explore(la="England (all local authorities)")
    cells = set(at.dataframe[0].value["Gap list"])
    assert None not in cells and "" not in cells
    # every cell says where the school stands, or why it is not compared
    # (lens/rules/words.STATUS_WORDS)
    assert {cell.split(":")[0] for cell in cells} <= {
        "Above",
        "Below",
        "On the line",
        "Not shown to differ from schools with the same grade and phase",
        "Too few responses to compare",
        "Not compared",
    }
    assert "Not shown to differ from schools with the same grade and phase" in cells
    assert any(cell.startswith("Not compared: ") for cell in cells)


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory):
    """A warehouse whose one school is named as a spreadsheet formula."""
    base = tmp_path_factory.mktemp("hostile")
    raw = base / "raw"
    raw.mkdir()
    builders.write(
        raw / "gias_establishments.csv",
        builders.gias([{"EstablishmentName": HOSTILE_NAME}, {"URN": "900102"}]),
    )
    target = base / "warehouse.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    return target


def test_exports_neutralise_a_formula_in_a_school_name(hostile_warehouse):
    con = open_read_only(hostile_warehouse)
    rows = run(
        con,
        "explore_schools",
        la_code=None,
        phase=None,
        school_type=None,
        status="open",
        regions=None,
        name_contains="hyperlink",
        trust_contains=None,
        idaci=None,
        pupils_min=None,
        pupils_max=None,
        fsm_min=None,
        fsm_max=None,
        framework_id=None,
        area=None,
        grades=None,
        happy_min=0,
        happy_max=100,
        include_no_parent_view=True,
        flag=None,
        gap=None,
        report=None,
        inspected_from=None,
        inspected_to=None,
        gap_every_school=False,
        gap_family=None,
        gap_framework_id=None,
        gap_area=None,
        gap_window_months=None,
    ).select("school_name", "urn", "pupils", "fsm_pct", "opened_on")
    assert rows["school_name"].to_list() == [HOSTILE_NAME]
    shown = present(rows)  # what the page and its download buttons hold

    text = export.to_csv_bytes(shown, ("FSM %",)).decode("utf-8-sig")
    (record,) = list(csv.DictReader(io.StringIO(text)))
    assert record["School"] == "'" + HOSTILE_NAME
    assert (record["URN"], record["Pupils"], record["FSM %"]) == ("900101", "210", "12.5%")

    made = export.to_excel_bytes(shown, {"k": "v"}, ("FSM %",))
    book = CalamineWorkbook.from_filelike(io.BytesIO(made))
    data = book.get_sheet_by_name("Data").to_python()
    assert data[1] == ["School", "URN", "Pupils", "FSM %", "Opened"]  # under the title row
    name, urn, pupils, fsm, opened = data[2]
    assert name == "'" + HOSTILE_NAME
    assert (urn, pupils, fsm) == ("900101", 210, 0.125)  # numbers stay numbers, URNs as written
    assert str(opened).startswith("1990-09-01")
    assert book.get_sheet_by_name("About").to_python() == [["k", "v"]]


def test_hostile_name_is_shown_as_typed_on_the_explore_page(
    hostile_warehouse, app_env, monkeypatch
):
    import lens.data.queries

    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", hostile_warehouse)
    at = explore(la="England (all local authorities)")
    links = at.dataframe[0].value["School"].to_list()  # each name links to its profile
    assert any(shown_name(link) == HOSTILE_NAME for link in links)
    assert all(link.startswith("school?school=") for link in links)


def test_the_whole_list_exports_in_an_advisers_words(app_env):
    """Every column the list offers, as its CSV and Excel files hold it: no banned word in a
    header or a cell, no "None" for an empty cell."""
    from lens.sections.explore import COLUMNS
    from tests.banned_words import banned_in, empty_word

    con = open_read_only(app_env)
    every = run(
        con,
        "explore_schools",
        la_code=None,
        phase=None,
        school_type=None,
        status="all",
        regions=None,
        name_contains=None,
        trust_contains=None,
        idaci=None,
        pupils_min=None,
        pupils_max=None,
        fsm_min=None,
        fsm_max=None,
        framework_id=None,
        area=None,
        grades=None,
        happy_min=0,
        happy_max=100,
        include_no_parent_view=False,
        flag=None,
        gap=None,
        report=None,
        inspected_from=None,
        inspected_to=None,
        **{
            f"gap_{k}": v
            for k, v in gaps.default_choice(run(con, "gap_options"), 36).params.items()
        },
    ).select(COLUMNS)
    shown = present(every)
    text = export.to_csv_bytes(shown, is_demo=True).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    problems = [f"header {h}: {banned_in(h)}" for h in header if banned_in(h)]
    cells = {cell for row in rows for cell in row}
    problems += [f"cell {c!r}: {banned_in(c)}" for c in cells if banned_in(c)]
    problems += [f"cell {c!r}" for c in cells if empty_word(c)]
    assert problems == []


def test_the_columns_come_in_the_order_picked(app_env):
    """The list and its downloads keep the columns in the order the adviser picked them (they
    had come in the page's own order whatever was picked)."""
    at = explore(cols=["URN", "Last inspected", "School"])
    (table,) = at.dataframe
    assert list(table.value.columns) == ["URN", "Last inspected", "School"]


def test_each_happy_figure_says_which_parent_view_release_it_is_from(app_env):
    """Each school's % satisfied is its latest Parent View result, and schools' latest results
    come from different releases (and question sets): the list shows the release beside the
    figure by default, so sorting by % satisfied does not hide that figures of two releases sit
    together."""
    at = explore(la="England (all local authorities)")
    table = next(t.value for t in at.dataframe if "% satisfied" in t.value.columns)
    columns = list(table.columns)
    assert columns[columns.index("% satisfied") + 1] == "Parent View as at"
    with_happy = table[table["% satisfied"].notna()]
    assert with_happy["Parent View as at"].notna().all()
    assert with_happy["Parent View as at"].nunique() > 1  # the mix the column makes visible


def test_each_happy_figure_names_the_question_set_it_was_asked_in(app_env):
    """Beside 'Parent View as at', the question set each school's latest result was asked in,
    named as the Parent View page names it, in the table and in its CSV and Excel files: latest
    results mix question sets, worded differently, and the date alone did not say which."""
    from lens.present.columns import QUESTION_SET_WORDS
    from schemas.parent_view import question_set_for

    at = explore(la="England (all local authorities)")
    table = next(t.value for t in at.dataframe if "% satisfied" in t.value.columns)
    columns = list(table.columns)
    assert columns[columns.index("Parent View as at") + 1] == "Parent View question set"
    with_happy = table[table["% satisfied"].notna()]
    named = with_happy["Parent View question set"]
    assert named.notna().all() and set(named) <= set(QUESTION_SET_WORDS.values())
    for as_at, name in zip(with_happy["Parent View as at"], named, strict=True):
        day = as_at if isinstance(as_at, dt.date) else dt.date.fromisoformat(str(as_at)[:10])
        assert QUESTION_SET_WORDS[question_set_for(day).question_set] == name
    assert table[table["% satisfied"].isna()]["Parent View question set"].isna().all()
    # the downloads hold the columns shown, in the adviser's words
    con = open_read_only(app_env)
    every = run(
        con,
        "explore_schools",
        **dict.fromkeys(
            ("la_code", "phase", "school_type", "regions", "name_contains", "trust_contains"),
            None,
        ),
        **dict.fromkeys(
            ("idaci", "pupils_min", "pupils_max", "fsm_min", "fsm_max", "framework_id", "area"),
            None,
        ),
        **dict.fromkeys(("grades", "flag", "gap", "report", "inspected_from"), None),
        status="all",
        inspected_to=None,
        happy_min=0,
        happy_max=100,
        include_no_parent_view=False,
        **{
            f"gap_{k}": v
            for k, v in gaps.default_choice(run(con, "gap_options"), 36).params.items()
        },
    ).select("urn", "pct_happy", "parent_view_on", "parent_view_question_set")
    text = export.to_csv_bytes(present(every), is_demo=True).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[-2:] == ["Parent View as at", "Parent View question set"]
    assert {row[-1] for row in rows} - {""} <= set(QUESTION_SET_WORDS.values())
    book = CalamineWorkbook.from_filelike(io.BytesIO(export.to_excel_bytes(present(every), {})))
    assert "Parent View question set" in book.get_sheet_by_name("Data").to_python()[1]


@pytest.mark.parametrize(
    ("sort", "descending", "said"),
    [
        ("School", False, "School, A to Z"),  # it said 'School, smallest first'
        ("School", True, "School, Z to A"),
        ("Pupils", True, "Pupils, largest first"),
    ],
)
def test_the_about_sheet_says_the_order_in_words(app_env, downloads, sort, descending, said):
    """The Excel About sheet names the list's order as a reader would: alphabetical for a name,
    largest or smallest first only for a figure."""
    at = start()
    at.switch_page("pages/explore.py").run()
    at.selectbox(key="sort").set_value(
        next(c for c in at.selectbox(key="sort").options if c == sort)
    )
    at.toggle(key="desc").set_value(descending).run()
    assert not at.exception
    made = downloads["Excel: school list"]["data"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(made() if callable(made) else made))
    about = {row[0]: row[1] for row in book.get_sheet_by_name("About").to_python() if row}
    assert about["Sorted by"] == said


@pytest.mark.parametrize(
    ("sort", "toggle"),
    [("School", "Z to A"), ("Pupils", "Largest first"), ("Gap list", "Z to A")],
)
def test_the_order_toggle_says_what_it_does_for_the_column(app_env, sort, toggle):
    """The toggle said 'Largest first' whatever the column, a name included."""
    at = start()
    at.switch_page("pages/explore.py").run()
    at.selectbox(key="sort").set_value(sort).run()
    assert not at.exception
    assert at.toggle(key="desc").label == toggle


def test_a_coded_column_sorts_by_the_words_it_shows(app_env):
    """Sorted by 'Gap list', the rows came in the order of the stored codes; they now come in
    the order of the words on screen."""
    at = start()
    at.switch_page("pages/explore.py").run()
    at.multiselect(key="cols").set_value(["School", "Gap list"])
    at.selectbox(key="sort").set_value("Gap list").run()
    assert not at.exception
    shown = next(t.value for t in at.dataframe if "Gap list" in t.value.columns)
    words = [w for w in shown["Gap list"].tolist() if isinstance(w, str)]
    assert len(set(words)) >= 2 and words == sorted(words)


def test_the_no_parent_view_box_has_no_help_icon_in_its_label(app_env):
    """A help icon sits inside a tick box's label, so a click on it ticked the box (an
    accessibility audit, WCAG 2.5.8): the box's words are a caption beside it instead."""
    at = explore()
    box = at.checkbox(key="no_pv")
    assert not box.help
    assert any("left out unless this is ticked" in c.value for c in at.caption)
