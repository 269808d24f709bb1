"""'England' only when the loaded data covers England (schemas/coverage.py): the rule on hand-made
schools, and the pages' words on a warehouse of two local authorities."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.build import build_warehouse
from etl.warehouse import SQL_DIR
from schemas.coverage import ENGLISH_REGIONS, MIN_REGISTER_SHARE
from tests import builders
from tests.conftest import start


def _coverage(schools: list[tuple[int, int, str, str, bool]]) -> dict:
    """The coverage model run on a `schools` table of (urn, la_code, region, facts_from, open)."""
    con = duckdb.connect()
    con.execute(
        "create table schools (urn int, la_code int, region text, facts_from text, is_open bool)"
    )
    con.executemany("insert into schools values (?, ?, ?, ?, ?)", schools)
    con.execute(
        "create table english_regions as select unnest($r) as region", {"r": ENGLISH_REGIONS}
    )
    con.execute(
        "create table coverage_rule as select $s as min_register_share", {"s": MIN_REGISTER_SHARE}
    )
    sql = (SQL_DIR / "marts" / "coverage.sql").read_text()
    row = con.execute(sql)
    names = [d[0] for d in row.description]
    return dict(zip(names, row.fetchone(), strict=True))


def _everywhere(facts_from: str, per_region: int = 1, first_urn: int = 100000):
    return [
        (first_urn + i * per_region + j, 800 + i, region.upper(), facts_from, True)
        for i, region in enumerate(ENGLISH_REGIONS)
        for j in range(per_region)
    ]


def test_every_region_without_a_register_is_england():
    found = _coverage(_everywhere("Ofsted MI"))
    assert found["is_england"] and found["national_name"] == "England"
    assert found["count_regions"] == 9 and found["register_share_inspected"] is None


def test_two_regions_are_all_loaded_schools_never_england():
    schools = [
        (100001, 383, "Yorkshire and the Humber", "Ofsted MI", True),
        (100002, 330, "West Midlands", "Ofsted MI", True),
        (100003, 330, "West Midlands", "Ofsted MI", False),  # closed: not counted
    ]
    found = _coverage(schools)
    assert not found["is_england"]
    assert found["national_name"] == "All loaded schools (2 local authorities)"
    one = _coverage(schools[:1])
    assert one["national_name"] == "All loaded schools (1 local authority)"


@pytest.mark.parametrize(
    ("uninspected", "england"),
    [(0, True), (1, True), (2, True), (3, False)],  # of 45 register schools: 95.6%, 93.3%
)
def test_with_a_register_england_needs_95_percent_of_its_open_schools(uninspected, england):
    schools = _everywhere("GIAS and Ofsted MI", per_region=5)
    for k in range(uninspected):
        urn, la, region, _, is_open = schools[k]
        schools[k] = (urn, la, region, "GIAS", is_open)
    found = _coverage(schools)
    assert found["count_register_schools"] == 45
    assert found["count_register_schools_inspected"] == 45 - uninspected
    assert bool(found["is_england"]) is england
    assert found["register_share_inspected"] == pytest.approx((45 - uninspected) / 45)


def test_a_national_register_with_one_region_of_inspections_is_not_england():
    schools = _everywhere("GIAS", per_region=5)
    schools[0] = (schools[0][0], schools[0][1], schools[0][2], "GIAS and Ofsted MI", True)
    assert not _coverage(schools)["is_england"]


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_las(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("two_las")
    rows = [
        {},
        {
            "URN": "900202",
            "LAESTAB": "3302002",
            "School name": "Fixture Academy",
            "Local authority": "Birmingham",
            "Region": "West Midlands",
        },
    ]
    builders.write(
        raw / "Management_information_latest_inspections_as_at_28_Feb_2026.csv",
        builders.mi_2025(rows),
    )
    target = raw / "warehouse.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    return target


@pytest.fixture
def two_la_app(two_las: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import streamlit as st

    import lens.data.queries

    monkeypatch.setenv("LENS_WAREHOUSE_PATH", str(two_las))
    monkeypatch.setenv("LENS_RAISE_PAGE_ERRORS", "1")
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", two_las)
    st.cache_data.clear()
    st.cache_resource.clear()
    return two_las


def _texts(at) -> str:
    parts = [m.label for m in at.metric] + [m.value for m in at.markdown]
    parts += [c.value for c in at.caption] + [h.value for h in at.title]
    parts += [str(o) for s in at.selectbox for o in s.options]
    return "\n".join(parts).replace("\\", "")  # markdown escapes, as a reader sees them


def test_the_overview_of_two_las_never_says_england(two_la_app):
    at = start(la="All loaded schools (2 local authorities)")
    at.run()
    assert not at.exception
    shown = _texts(at)
    assert "Open schools, All loaded schools (2 local authorities)" in shown
    assert "England" not in shown
    assert at.selectbox(key="la").options[0] == "All loaded schools (2 local authorities)"


def test_the_data_page_shows_the_coverage(two_la_app):
    at = start()
    at.switch_page("pages/data_quality.py")
    at.run()
    assert not at.exception
    assert any(
        "1 of 9 English regions" not in m.value and "2 of 9 English regions" in m.value
        for m in at.markdown
    )
    tables = [t.value for t in at.dataframe]
    log = next(t for t in tables if "Notes" in t.columns)  # the readers' notes are shown
    assert log.shape[0] == 1  # the one MI file
    reach = next(t for t in tables if "Covers England" in t.columns)
    assert reach["Covers England"].to_list() == ["No"]
    assert reach["National figures called"].to_list() == [
        "All loaded schools (2 local authorities)"
    ]


def test_the_signed_in_sidebar_names_the_national_figures_as_the_pages_do(two_la_app, monkeypatch):
    """A user limited to their LAs is told which figures count only those LAs: by the name the
    pages give the national figures, never "England" for two LAs."""
    from tests.test_access import signed_in_app

    monkeypatch.setenv("LENS_SERVES_NON_PUBLIC", "true")  # real data, declared: the note shows

    at = signed_in_app(
        two_la_app,
        {"is_logged_in": True, "email": "adviser@brum.example.gov.uk"},
        {"allowed": ["@brum.example.gov.uk"], "la_scope": {"@brum.example.gov.uk": [330]}},
    )
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert "Figures for the loaded data (2 local authorities), and for regions, from" in captions
    assert "England" not in captions
