"""The LA's interval on the Parent View page takes schools as clusters
(lens/data/sql/pv_questions.sql): parents of one school answer alike, so an interval that counts
every parent as independent is far too narrow for an LA (an adviser's walkthrough found 0.4 to
1.1-point differences from England marked "Below England"). Checked on a hand-worked toy and
against a recomputation on the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from scipy import stats

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


def interval(row: dict) -> tuple[float, float]:
    """The clustered interval's two ends, as a row of pv_questions or pv_trend gives them."""
    return row["clustered_ci95_low_pct"], row["clustered_ci95_high_pct"]


def la_row(con: duckdb.DuckDBPyConnection, la: int) -> dict:
    params = {"question_set": "pv_2025", "snapshot_date": DAY, "la_code": la, "region": None}
    return run(con, "pv_questions", **params, phase=None, school_type=None).row(0, named=True)


def test_hand_worked_two_schools():
    # LA 1: 90 of 100 and 70 of 100 positive, p = 0.8; England adds 95 of 100, p = 0.85.
    # Clustered: k / (k - 1) * ((100 * 0.1)^2 + (100 * -0.1)^2) / 200^2 = 2 * 200 / 40000 = 0.01,
    # se 0.1. Two schools give the variance one degree of freedom, so t(0.975, 1) = 12.706 and
    # 0.8 -/+ 1.27: 0% to 100%, two schools say nothing. (1.96 gave 60.4% to 99.6%, which covers
    # about 70%, not 95%, at k = 2: review 8, finding 4.) Wilson alone (200 parents) ends at
    # 84.95%, which would have put England's 85% outside: "Below England".
    row = la_row(toy([(1, 1, 100, 90.0), (2, 1, 100, 70.0), (3, 2, 100, 95.0)]), la=1)
    assert (row["pct_positive"], row["england_pct_positive"]) == (80.0, 85.0)
    assert interval(row) == (0.0, 100.0)
    assert row["against_england"] == "within_noise"


def test_hand_worked_two_schools_of_very_different_sizes():
    """The review's case: 0 of 10 and 900 of 1,000. p = 900 / 1010 = 0.8911, ss = (0 - 8.911)^2
    + (900 - 891.09)^2 = 158.8, se = sqrt(2 * 158.8) / 1010 = 0.01764; t(0.975, 1) * se = 0.2242,
    so 66.7% to 100% (1.96 had given 85.7% to 92.6%)."""
    row = la_row(toy([(1, 1, 10, 0.0), (2, 1, 1000, 90.0), (3, 2, 100, 95.0)]), la=1)
    assert (row["pct_positive"], *interval(row)) == (
        89.1,
        66.7,
        100.0,
    )


def test_hand_worked_five_schools_and_the_verdict_follows_the_wider_interval():
    # LA 1: five schools of 100 parents at 90, 85, 80, 75 and 70% positive, p = 0.8;
    # ss = 10^2 + 5^2 + 0 + 5^2 + 10^2 = 250, v = 5 / 4 * 250 / 500^2 = 0.00125, se = 0.035355.
    # t(0.975, 4) = 2.776445: 0.8 -/+ 0.098162, 70.2% to 89.8%. England adds 480 of 500:
    # (400 + 480) / 1000 = 88.0%. With 1.96 (73.1% to 86.9%) England lay outside: "Below
    # England"; with t it lies inside: within noise.
    schools = [(i, 1, 100, pct) for i, pct in enumerate((90.0, 85.0, 80.0, 75.0, 70.0), 1)]
    row = la_row(toy([*schools, (9, 2, 500, 96.0)]), la=1)
    assert (row["pct_positive"], row["england_pct_positive"]) == (80.0, 88.0)
    assert interval(row) == (70.2, 89.8)
    assert row["against_england"] == "within_noise"


def test_the_t_quantiles_are_scipys():
    """student_t_975 lists t(0.975, df) for df 1 to 200, rounded up at the sixth decimal; beyond,
    the last stands, never below the exact quantile and at most 0.61% above it."""
    con = macros()
    listed = dict(
        con.execute("select df, student_t_975(df) from range(1, 201) as r(df)").fetchall()
    )
    for df, value in listed.items():
        exact = stats.t.ppf(0.975, df)
        assert 0 <= value - exact < 1e-6, df
    for df in (201, 285, 1000, 20000):
        value = con.execute("select student_t_975(?)", [df]).fetchone()[0]
        exact = stats.t.ppf(0.975, df)
        assert exact <= value <= exact * 1.0061, df
    assert con.execute("select student_t_975(0)").fetchone()[0] is None  # one school: Wilson


def test_one_school_keeps_wilsons_interval_and_alike_schools_are_not_narrower():
    one = la_row(toy([(1, 1, 200, 80.0), (3, 2, 100, 95.0)]), la=1)
    assert interval(one) == (73.9, 85.0)  # Wilson, 200 parents
    same = la_row(toy([(1, 1, 100, 80.0), (2, 1, 100, 80.0), (3, 2, 100, 95.0)]), la=1)
    assert interval(same) == (73.9, 85.0)  # never narrower
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
        t = stats.t.ppf(0.975, k - 1)  # the schools as clusters: k - 1 degrees of freedom
        assert abs(row["clustered_ci95_low_pct"] - round(100 * max(0.0, p - t * se), 1)) <= 0.1
        assert abs(row["clustered_ci95_high_pct"] - round(100 * min(1.0, p + t * se), 1)) <= 0.1


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
    89.2%, took the schools as clusters (87.6-90.8%, within noise). Hand-worked as above (five
    schools, t on 4 degrees of freedom)."""
    schools = [(i, 1, 100, pct) for i, pct in enumerate((90.0, 85.0, 80.0, 75.0, 70.0), 1)]
    row = trend_row(toy([*schools, (9, 2, 500, 96.0)]), 1, "pv_2025", "1")
    assert (row["pct_positive"], *interval(row)) == (
        80.0,
        70.2,
        89.8,
    )


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
        assert (
            row["pct_positive"],
            row["clustered_ci95_low_pct"],
            row["clustered_ci95_high_pct"],
        ) == (
            shown["pct_positive"],
            shown["clustered_ci95_low_pct"],
            shown["clustered_ci95_high_pct"],
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


QUERIES = Path(__file__).parents[1] / "lens" / "data" / "sql"


def test_a_query_pooled_over_schools_never_says_wilson():
    """Review 8, finding 3: the LA's interval, the schools taken as clusters, was shown in the
    columns described "Lower / Upper end of the Wilson 95% interval", the very mislabelling the
    README warns of. Every query whose interval is the clustered one is run on the toy, and none
    of its columns may be described as Wilson's; its interval's columns say how it is made."""
    from lens.present.vocabulary import COLUMNS

    pooled = sorted(
        path.stem for path in QUERIES.glob("*.sql") if "clustered_" in path.read_text("utf-8")
    )
    assert pooled == ["pv_questions", "pv_trend"]  # a new one: add it below
    con = toy([(1, 1, 100, 90.0), (2, 1, 100, 70.0), (3, 2, 100, 95.0)])
    shown = {
        "pv_questions": la_row(con, 1),
        "pv_trend": trend_row(con, 1, "pv_2025", "1"),
    }
    for query, row in shown.items():
        described = {name: COLUMNS[name].description for name in row if name in COLUMNS}
        assert not [name for name, words in described.items() if "Wilson 95%" in words], query
        intervals = [name for name in row if "ci95" in name]
        assert intervals, query
        for name in intervals:
            assert "taking the schools as clusters" in described[name], (query, name)
            assert "never narrower than Wilson's" in described[name], (query, name)
