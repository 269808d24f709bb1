"""The Parent View page's answer chart and question table: bars in the order every other chart
uses (the LA, its region, England), and no column that can only be empty or England against
England when England is the selection."""

from __future__ import annotations

import json

from lens.data.warehouse import open_read_only
from tests.conftest import start
from tests.test_downloads import _in_order


def _answer_chart_order(at) -> list[str]:  # noqa: ANN001 - an AppTest
    """The answer chart's bar order, as the spec Streamlit was sent gives it."""
    for chart in _in_order(at.main):
        if getattr(chart, "type", None) != "vega_lite_chart":
            continue
        spec = json.loads(chart.proto.spec)
        y = spec.get("encoding", {}).get("y", {})
        if y.get("field") == "geography" and "answer_label" in json.dumps(spec):
            return y["sort"]
    raise AssertionError("no answer chart on the page")


def test_the_answer_chart_has_the_la_then_its_region_then_england(app_env):
    con = open_read_only(app_env)
    code, name, region = con.execute(
        "select la_code, la_name, region from local_authorities "
        "where region is not null order by count_open_schools desc limit 1"
    ).fetchone()
    at = start(la=f"{name} ({code})")
    at.switch_page("pages/parent_view.py").run()
    assert not at.exception
    assert _answer_chart_order(at) == [name, region, "England"]
    answers = next(t.value for t in at.dataframe if "Answer" in t.value.columns)
    assert list(answers.columns[1:4]) == [name, region, "England"]


def test_with_england_chosen_no_region_column_nor_england_against_itself(app_env):
    at = start(la="England (all local authorities)")
    at.switch_page("pages/parent_view.py").run()
    assert not at.exception
    asked = next(t.value for t in at.dataframe if "Question" in t.value.columns)
    assert not [c for c in asked.columns if "region" in c.lower() or "England" in c], list(
        asked.columns
    )
    at = start()  # an LA: its region and England beside it
    at.switch_page("pages/parent_view.py").run()
    asked = next(t.value for t in at.dataframe if "Question" in t.value.columns)
    assert "% positive, region" in asked.columns and "Against England" in asked.columns


def test_the_verdict_sits_beside_the_figure_before_the_interval_and_bases(app_env):
    """Projected at 1,400 pixels, the questions table ran out of width before 'Against England'
    and the difference: they now come straight after the LA's % positive."""
    at = start()
    at.switch_page("pages/parent_view.py").run()
    asked = next(t.value for t in at.dataframe if "Question" in t.value.columns)
    columns = list(asked.columns)
    verdict = columns.index("Against England")
    assert verdict <= 3, columns
    assert all(verdict < i for i, c in enumerate(columns) if "interval" in c or "region" in c)
