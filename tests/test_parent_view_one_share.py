"""One school, release and question: one "% satisfied" and one base. Parent View publishes whole
percentages of submissions; the satisfaction table and the gap list count parents
(school_satisfaction: each percentage times the submissions, rounded), and the profile's verdict,
similar schools, Explore and the trust flags read parent_view_positive. An expert's review found
the second dividing the percentages themselves, so one school showed 94.9% in one place and 95.9%
in another. Both now count whole parents (the approx_count macro)."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from etl.warehouse import build_model, define_macros
from lens.data.warehouse import open_read_only
from schemas.parent_view import OPTION_KEYS

DAY = dt.date(2019, 7, 31)


def marts(rows: list[tuple[int, str, str, int, dict[str, float]]]) -> duckdb.DuckDBPyConnection:
    """parent_view_answers and parent_view_positive built by the ETL's own SQL from staged rows of
    (urn, question set, question, submissions, {option: published %})."""
    staged = pl.DataFrame(
        [
            {
                "line": line,
                "urn": urn,
                "question_set": question_set,
                "question_id": question_id,
                "question_text": "A question",
                "submissions": submissions,
                **{f"pct_{key}": shares.get(key) for key in OPTION_KEYS},
                "published_decimal_places": 0,
                "as_at_date": DAY,
                "source_file": "pv.csv",
            }
            for line, (urn, question_set, question_id, submissions, shares) in enumerate(rows, 2)
        ],
        schema_overrides={f"pct_{key}": pl.Float64 for key in OPTION_KEYS},
    )
    con = duckdb.connect()
    define_macros(con)
    con.register("staged", staged)
    con.execute("create table stg_parent_view_answers as select * from staged")
    for mart in ("parent_view_answers", "parent_view_positive"):
        build_model(con, mart)
    return con


def test_the_share_is_of_whole_parents_worked_by_hand():
    # 80 submissions at 55 / 38 / 2 / 2 / 2%: 44, 30, 2, 2 and 2 parents (80 in all). Of the 78
    # giving a view 74 agree: 94.87%. The percentages themselves would give 93 / 97 = 95.88%.
    con = marts(
        [
            (
                905355,
                "pv_2019",
                "1",
                80,
                {
                    "strongly_agree": 55,
                    "agree": 38,
                    "disagree": 2,
                    "strongly_disagree": 2,
                    "dont_know": 2,
                },
            ),
            # yes / no: 46 submissions, 60% yes and 37% no: 28 and 17 parents, 28 of 45
            (905355, "pv_2011", "12", 46, {"yes": 60, "no": 37, "dont_know": 3}),
        ]
    )
    got = con.execute(
        "select question_set, approx_count_answering, round(pct_positive, 2) "
        "from parent_view_positive order by question_set"
    ).fetchall()
    assert got == [("pv_2011", 45, round(100 * 28 / 45, 2)), ("pv_2019", 78, 94.87)]


@pytest.fixture(scope="module")
def demo(demo_warehouse):  # noqa: ANN001, ANN201 - a read-only connection to the demo
    con = open_read_only(demo_warehouse)
    yield con
    con.close()


def test_every_happy_figure_is_the_satisfaction_tables_to_the_last_digit(demo):
    compared, differing = demo.execute(
        """
        select
            count(*),
            count(*) filter (
                where p.approx_count_answering <> s.count_responses
                or abs(p.pct_positive - 100 * s.share_satisfied) > 1e-9
                or abs(p.ci95_low_pct - 100 * s.ci95_low_share) > 1e-9
                or abs(p.ci95_high_pct - 100 * s.ci95_high_share) > 1e-9
            )
        from parent_view_positive as p
        inner join school_satisfaction as s
            on s.urn = p.urn
            and s.data_date = p.snapshot_date
            and s.family = 'parent_view_' || p.question_set
        where is_happy_question(p.question_set, p.question_id)
        """
    ).fetchone()
    whole_percent = demo.execute(
        "select count(*) from parent_view_answers "
        "where pct_agree is not null and pct_agree = round(pct_agree)"
    ).fetchone()[0]
    assert whole_percent > 1000  # the demo has releases in whole percentages, as published
    assert compared > 1_000
    assert differing == 0
