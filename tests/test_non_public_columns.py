"""Which columns are non-public is declared once, beside each column's meaning
(`public: false` in etl/sql/marts/<model>.yml), and the scoped connection's views are derived from
those marks (lens/data/scoping.py): a mark added is hidden from other LAs' users without touching
the scoping code, a mark on a table no view covers stops the dashboard, and a column drawn from a
non-public source cannot lose its mark unnoticed."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from etl.model_docs import DOCS_DIR, non_public_columns
from lens.data import scoping
from lens.data.scoping import ScopedConnection
from lens.data.warehouse import open_read_only


def test_the_engagement_judgements_columns_of_the_school_summaries_are_marked():
    """Every school_summaries column drawn from the advisers' engagement judgements (a
    non-public source) is marked, and nothing else there is."""
    from etl.model_docs import load_all

    columns = [c.name for c in load_all()["school_summaries"].columns]
    drawn = tuple(c for c in columns if c.startswith("engagement_"))
    assert drawn and non_public_columns() == {"school_summaries": drawn}


def test_the_scoped_view_nulls_exactly_the_marked_columns():
    definition = scoping.view_definitions("w", [383])["school_summaries"]
    for column in scoping.NON_PUBLIC_COLUMNS["school_summaries"]:
        assert f"case when la_code in (383) then {column} end as {column}" in definition


def test_a_new_mark_is_picked_up_from_the_docs(tmp_path, monkeypatch):
    docs = tmp_path / "marts"
    shutil.copytree(DOCS_DIR, docs)
    summaries = docs / "school_summaries.yml"
    text = summaries.read_text()
    assert "  - name: report_on\n" in text
    summaries.write_text(
        text.replace("  - name: report_on\n", "  - name: report_on\n    public: false\n", 1)
    )
    marks = non_public_columns(docs)
    assert "report_on" in marks["school_summaries"]
    monkeypatch.setattr(scoping, "NON_PUBLIC_COLUMNS", marks)
    definition = scoping.view_definitions("w", [383])["school_summaries"]
    assert "case when la_code in (383) then report_on end as report_on" in definition


def test_a_mark_on_a_table_no_view_covers_stops_the_dashboard():
    with pytest.raises(RuntimeError, match="schools"):
        scoping.check_marks({**scoping.NON_PUBLIC_COLUMNS, "schools": ("phase",)})
    scoping.check_marks(scoping.NON_PUBLIC_COLUMNS)  # as declared: fine


def test_other_las_marked_cells_are_empty_and_the_rest_unchanged(demo_warehouse):
    plain = open_read_only(demo_warehouse)
    la = plain.execute(
        "select la_code from school_summaries where engagement_judgement is not null "
        "group by 1 order by count(*) desc limit 1"
    ).fetchall()[0][0]
    scoped = ScopedConnection(open_read_only(demo_warehouse), (la,))
    cursor = scoped.cursor()
    got = cursor.sql("select * from school_summaries order by urn").pl()
    cursor.close()
    everything = plain.sql("select * from school_summaries order by urn").pl()
    marked = list(scoping.NON_PUBLIC_COLUMNS["school_summaries"])
    theirs = pl.col("la_code") != la
    assert got.filter(theirs).select(marked).null_count().sum_horizontal()[0] == (
        got.filter(theirs).height * len(marked)
    )
    assert everything.filter(theirs).select(marked).null_count().sum_horizontal()[0] < (
        everything.filter(theirs).height * len(marked)
    )  # the control: unscoped, other LAs' cells are there
    unmarked = [c for c in got.columns if c not in (*marked, "parent_view_flags")]
    assert got.select(unmarked).equals(everything.select(unmarked))
