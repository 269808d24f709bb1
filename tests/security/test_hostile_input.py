"""Attacks by input: hostile text is treated as values, the dashboard's connection can read
nothing but the warehouse, and names from the data are shown as typed, never rendered."""

from __future__ import annotations

import re

import duckdb
import pytest

from lens.app.pages import PAGE_FILES
from lens.data.warehouse import SQL_DIR, open_read_only, parameter_names, run
from lens.present.ui import md
from tests.conftest import start

HOSTILE = [
    "' OR 1=1 --",
    "; DROP TABLE schools; --",
    "x" * 10_000,
    "\u0000\u202e\U0001f600 Ünïcødé",
    "$la_code",
    "') UNION SELECT * FROM duckdb_settings() --",
]
INTEGER_PARAMETERS = {
    "la_code",
    "row_limit",
    "min_responses",
    "max_responses",
    "months_apart_warning",
    "low_base",
    "urn",
    "pupils_min",
    "pupils_max",
    "fsm_min",
    "fsm_max",
    "happy_min",
    "happy_max",
    "window_months",
    "gap_window_months",
    "grade_rank",
}
DATE_PARAMETERS = {"snapshot_date", "inspected_from", "inspected_to"}
LIST_PARAMETERS = {"idaci": [2**31 - 1], "grades": None, "regions": None}  # None: hostile text
BOOLEAN_PARAMETERS = {"include_no_parent_view", "every_school", "gap_every_school"}


@pytest.mark.parametrize(
    "statement",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/passwd')",
        "attach '/tmp/elsewhere.duckdb'",
        "copy schools to '/tmp/leak.csv'",
        "set enable_external_access = true",
        "create table stolen as select 1",
        "drop table schools",
        "install httpfs",
    ],
)
def test_dashboard_connection_cannot_reach_files_or_change_anything(demo_warehouse, statement):
    con = open_read_only(demo_warehouse)
    with pytest.raises(duckdb.Error):
        con.execute(statement)
    assert con.execute("select count(*) > 0 from schools").fetchone()[0]


@pytest.mark.parametrize("query", sorted(p.stem for p in SQL_DIR.glob("*.sql")))
def test_every_query_binds_hostile_text_as_a_value(demo_warehouse, query):
    con = open_read_only(demo_warehouse)
    before = con.execute("select count(*) from schools").fetchone()[0]
    for value in HOSTILE:
        params = {
            name: (
                2**31 - 1
                if name in INTEGER_PARAMETERS
                else "2026-04-06"
                if name in DATE_PARAMETERS
                else True
                if name in BOOLEAN_PARAMETERS
                else LIST_PARAMETERS[name] or [value]
                if name in LIST_PARAMETERS
                else value
            )
            for name in parameter_names(query)
        }
        result = run(con, query, **params)
        assert result is not None
    assert con.execute("select count(*) from schools").fetchone()[0] == before


def test_queries_take_no_value_by_string_formatting():
    for path in SQL_DIR.glob("*.sql"):
        text = path.read_text()
        # DuckDB's own format('{}', x) is fine; Python-style named slots would mean text pasted in
        assert not re.search(r"\{[A-Za-z_]\w*\}|%s|%\(", text), f"{path.name} looks templated"


def test_markdown_and_html_in_names_are_escaped():
    name = "St Anne's **bold** [link](http://x) <script>alert(1)</script> :red[x] $y$"
    escaped = md(name)
    unescaped = re.findall(r"(?<!\\)[*\[\]()<>:$_`#|~]", escaped)
    assert unescaped == []
    assert escaped.replace("\\", "") == name


@pytest.mark.parametrize(
    "page",
    list(PAGE_FILES),
)
def test_hostile_query_string_on_every_page(app_env, page):
    keys = ("la", "phase", "type", "source", "judgement", "home_area", "snapshot", "question")
    keys += ("urn", "status", "name", "idaci", "happy", "judged", "grades", "flag", "gap", "from")
    at = start(**{key: HOSTILE[0] for key in keys})
    at.switch_page(page).run()
    assert not at.exception
