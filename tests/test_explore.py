"""Explore and export: the list matches the warehouse under each filter, the whole state travels in
the page address, and the downloads hold the values shown with formulas neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from python_calamine import CalamineWorkbook

from etl.build import build_warehouse
from lens import export, gaps
from lens.vocabulary import present
from lens.warehouse import open_read_only, run
from tests import builders
from tests.conftest import start

HOSTILE_NAME = '=HYPERLINK("http://x","y")'


def explore(**query: str):
    at = start(**query)
    at.switch_page("pages/explore.py").run()
    assert not at.exception
    return at


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
    expected = con.execute(
        "with latest as (select j.urn, j.grade_label from inspection_judgements j "
        "join inspections i using (urn, inspection_id) join schools s on s.urn = j.urn "
        "where s.is_open and j.framework_id = 'eif_2019' and j.area = 'overall_effectiveness' "
        "qualify row_number() over (partition by j.urn order by i.started_on desc) = 1) "
        "select count(*) from latest where grade_label = 'Inadequate'"
    ).fetchone()[0]
    assert shown_count(at) == expected > 0


def test_the_whole_state_round_trips_through_the_address(app_env):
    """Widgets set by hand give the same list as the address a browser writes for them (the
    browser writing it is tested in tests/browser)."""
    at = explore(la="England (all local authorities)")
    at.selectbox(key="flag").set_value("any").run()
    at.slider(key="happy").set_value((20, 99)).run()
    at.multiselect(key="idaci").set_value([1, 2, 3]).run()
    at.text_input(key="name").input("a").run()
    at.multiselect(key="cols").set_value(["urn", "school_name", "pct_happy"]).run()
    at.selectbox(key="sort").set_value("pct_happy").run()
    at.toggle(key="desc").set_value(True).run()
    assert not at.exception
    count, table = shown_count(at), at.dataframe[0].value
    assert list(table.columns) == ["School", "URN", "% happy"]
    assert table["% happy"].is_monotonic_decreasing

    # bound widgets write their shown labels to the address, lists as repeated values
    shared = explore(
        la="England (all local authorities)",
        flag="Flagged (any flag)",
        happy=["20", "99"],
        idaci=["1", "2", "3"],
        name="a",
        cols=["URN", "School", "% happy"],
        sort="% happy",
        desc="true",
    )
    assert shared.selectbox(key="flag").value == "any"
    assert shared.slider(key="happy").value == (20, 99)
    assert shared.multiselect(key="idaci").value == [1, 2, 3]
    assert shared.toggle(key="desc").value is True
    assert shown_count(shared) == count > 0
    assert shared.dataframe[0].value.equals(table)


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

    text = export.to_csv_bytes(shown).decode("utf-8-sig")
    (record,) = list(csv.DictReader(io.StringIO(text)))
    assert record["School"] == "'" + HOSTILE_NAME
    assert (record["URN"], record["Pupils"], record["FSM %"]) == ("900101", "210", "12.5")

    book = CalamineWorkbook.from_filelike(io.BytesIO(export.to_excel_bytes(shown, {"k": "v"})))
    data = book.get_sheet_by_name("Data").to_python()
    assert data[0] == ["School", "URN", "Pupils", "FSM %", "Opened"]
    name, urn, pupils, fsm, opened = data[1]
    assert name == "'" + HOSTILE_NAME
    assert (urn, pupils, fsm) == ("900101", 210, 12.5)  # numbers stay numbers, URNs as written
    assert str(opened).startswith("1990-09-01")
    assert book.get_sheet_by_name("About").to_python() == [["k", "v"]]


def test_hostile_name_is_shown_as_typed_on_the_explore_page(
    hostile_warehouse, app_env, monkeypatch
):
    import lens.queries

    monkeypatch.setattr(lens.queries.SETTINGS, "warehouse_path", hostile_warehouse)
    at = explore(la="England (all local authorities)")
    names = at.dataframe[0].value["School"].to_list()
    assert HOSTILE_NAME in names
