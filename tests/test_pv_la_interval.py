"""The LA's interval on the Parent View page takes schools as clusters
(lens/data/sql/pv_questions.sql): parents of one school answer alike, so an interval that counts
every parent as independent is far too narrow for an LA (an adviser's walkthrough found 0.4 to
1.1-point differences from England marked "Below England"). Checked on a hand-worked toy and
against a recomputation on the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from lens.data.warehouse import open_read_only, run

MACROS = Path(__file__).parents[1] / "etl" / "sql" / "macros"
DAY = dt.date(2026, 10, 31)


def toy(schools: list[tuple[int, int, int, float]]) -> duckdb.DuckDBPyConnection:
    """A warehouse of (urn, la_code, parents answering, % positive) for one question."""
    con = duckdb.connect()
    for name in ("places.sql", "wilson_interval.sql"):
        con.execute((MACROS / name).read_text(encoding="utf-8"))
    con.execute(
        "create table schools (urn integer, la_code integer, region varchar, phase varchar, "
        "school_type varchar)"
    )
    con.execute(
        "create table parent_view_positive (urn integer, question_set varchar, snapshot_date "
        "date, question_id varchar, question_text varchar, approx_count_answering integer, "
        "pct_positive double)"
    )
    for urn, la, n, pct in schools:
        con.execute("insert into schools values (?, ?, 'North', 'Primary', 'Academy')", [urn, la])
        con.execute(
            "insert into parent_view_positive values (?, 'pv_2025', ?, '1', 'Happy', ?, ?)",
            [urn, DAY, n, pct],
        )
    return con


def la_row(con: duckdb.DuckDBPyConnection, la: int) -> dict:
    params = {"question_set": "pv_2025", "snapshot_date": DAY, "la_code": la, "region": None}
    return run(con, "pv_questions", **params, phase=None, school_type=None).row(0, named=True)


def test_hand_worked_two_schools():
    # LA 1: 90 of 100 and 70 of 100 positive, p = 0.8; England adds 95 of 100, p = 0.85.
    # Clustered: k / (k - 1) * ((100 * 0.1)^2 + (100 * -0.1)^2) / 200^2 = 2 * 200 / 40000 = 0.01,
    # se 0.1, so 0.8 -/+ 0.196: 60.4% to 99.6%. Wilson alone (200 parents) ends at 84.95%, which
    # would have put England's 85% outside: "Below England". Clustered, it is within noise.
    row = la_row(toy([(1, 1, 100, 90.0), (2, 1, 100, 70.0), (3, 2, 100, 95.0)]), la=1)
    assert (row["pct_positive"], row["england_pct_positive"]) == (80.0, 85.0)
    assert (row["ci95_low_pct"], row["ci95_high_pct"]) == (60.4, 99.6)
    assert row["against_england"] == "within_noise"


def test_one_school_keeps_wilsons_interval_and_alike_schools_are_not_narrower():
    one = la_row(toy([(1, 1, 200, 80.0), (3, 2, 100, 95.0)]), la=1)
    assert (one["ci95_low_pct"], one["ci95_high_pct"]) == (73.9, 85.0)  # Wilson, 200 parents
    same = la_row(toy([(1, 1, 100, 80.0), (2, 1, 100, 80.0), (3, 2, 100, 95.0)]), la=1)
    assert (same["ci95_low_pct"], same["ci95_high_pct"]) == (73.9, 85.0)  # never narrower
    assert same["against_england"] == "below"


def test_the_demo_la_interval_is_the_clustered_one(demo_warehouse):
    con = open_read_only(demo_warehouse)
    la, question_set, day = (
        con.cursor()
        .execute(
            "select s.la_code, p.question_set, p.snapshot_date from parent_view_positive as p "
            "join schools as s using (urn) group by all order by count(*) desc limit 1"
        )
        .fetchone()
    )
    frame = (
        con.cursor()
        .sql(
            "select p.question_id, p.approx_count_answering as n, p.pct_positive / 100 as share "
            "from parent_view_positive as p join schools as s using (urn) "
            "where s.la_code = ? and p.question_set = ? and p.snapshot_date = ?",
            params=[la, question_set, day],
        )
        .pl()
    )
    params = {"question_set": question_set, "snapshot_date": day, "la_code": la, "region": None}
    shown = run(con, "pv_questions", **params, phase=None, school_type=None)
    for row in shown.iter_rows(named=True):
        one = frame.filter(question_id=row["question_id"])
        n, k = one["n"].sum(), one.height
        p = (one["n"] * one["share"]).sum() / n
        se = (k / (k - 1) * ((one["n"] * (one["share"] - p)) ** 2).sum()) ** 0.5 / n
        assert abs(row["ci95_low_pct"] - round(100 * max(0.0, p - 1.96 * se), 1)) <= 0.1
        assert abs(row["ci95_high_pct"] - round(100 * min(1.0, p + 1.96 * se), 1)) <= 0.1


def trend_row(con: duckdb.DuckDBPyConnection, la: int, question_set: str, question: str) -> dict:
    found = run(
        con,
        "pv_trend",
        question_set=question_set,
        question_id=question,
        la_code=la,
        phase=None,
        school_type=None,
    )
    return found.filter(geography="Selection").row(-1, named=True)


def test_the_trend_gives_the_same_interval_as_the_question_table():
    """One figure, one interval: the 'How it has moved' chart had counted every parent as
    independent (Leeds 88.8-89.7%, wholly below England) while the questions table, for the same
    89.2%, took the schools as clusters (87.6-90.8%, within noise). Hand-worked as above."""
    con = toy([(1, 1, 100, 90.0), (2, 1, 100, 70.0), (3, 2, 100, 95.0)])
    row = trend_row(con, 1, "pv_2025", "1")
    assert (row["pct_positive"], row["ci95_low_pct"], row["ci95_high_pct"]) == (80.0, 60.4, 99.6)


def test_on_the_demo_the_trend_and_the_table_agree_at_every_snapshot(demo_warehouse):
    con = open_read_only(demo_warehouse)
    la, question_set = (
        con.cursor()
        .execute(
            "select s.la_code, p.question_set from parent_view_positive as p "
            "join schools as s using (urn) group by all order by count(*) desc limit 1"
        )
        .fetchone()
    )
    trend = run(
        con,
        "pv_trend",
        question_set=question_set,
        question_id="1",
        la_code=la,
        phase=None,
        school_type=None,
    ).filter(geography="Selection")
    assert trend.height >= 2
    for row in trend.iter_rows(named=True):
        params = {"question_set": question_set, "snapshot_date": row["snapshot_date"]}
        table = run(
            con, "pv_questions", **params, la_code=la, region=None, phase=None, school_type=None
        ).filter(question_id="1")
        shown = table.row(0, named=True)
        assert (row["pct_positive"], row["ci95_low_pct"], row["ci95_high_pct"]) == (
            shown["pct_positive"],
            shown["ci95_low_pct"],
            shown["ci95_high_pct"],
        )


def macros() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((MACROS / "wilson_interval.sql").read_text(encoding="utf-8"))
    return con


def test_no_share_or_no_one_answering_gives_no_interval():
    """Review 8, finding 13: greatest and least pass over a NULL, so a missing share came out as
    0% to 100% (and n = 0 as NaN) instead of blank; every interval macro is NULL there."""
    con = macros()
    for p, n in ((None, 10), (0.5, 0), (None, 0), (0.5, None)):
        assert (
            con.execute(
                "select wilson_low($p, $n), wilson_high($p, $n), clustered_low($p, $n, 2, 1.0), "
                "clustered_high($p, $n, 2, 1.0), clustered_low($p, $n, 0, 0), "
                "clustered_high($p, $n, 0, 0)",
                {"p": p, "n": n},
            ).fetchone()
            == (None,) * 6
        ), (p, n)


def test_the_ends_at_none_and_all_agreeing_stay_within_0_and_1():
    # the rounded constants leave p = 0 a hair below 0 (clamped) and p = 1 a hair inside 1
    low0, high1 = macros().execute("select wilson_low(0.0, 10), wilson_high(1.0, 10)").fetchone()
    assert low0 == 0.0
    assert 1 - 1e-7 < high1 <= 1.0
