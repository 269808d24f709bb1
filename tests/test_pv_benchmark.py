"""A school's Parent View verdict sets it against England's schools of its own phase group, as
the gap list groups them (schemas/gap_method.py PHASE_GROUPS), and names them: an expert's review
(review 8, finding 2) found every school set against an all-phase England, so that 42% of the
demo's secondary schools were "Below England" (secondary parents are less satisfied than
primary parents) and the profile said "against 89.8% in England" where the Parent View page,
with Secondary chosen, gave England 81.2%. Hand-worked on a toy, then the profile page, its
download and the pack are read for the same words."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import polars as pl
from python_calamine import CalamineWorkbook

from etl.warehouse import phase_group_macro
from lens.data.warehouse import open_read_only, run
from lens.rules import profile
from tests.test_profile import make

MACROS = Path(__file__).parents[1] / "etl" / "sql" / "macros"
DAY = dt.date(2025, 7, 31)
HAPPY = "My child is happy at this school."


def toy(min_schools: int) -> duckdb.DuckDBPyConnection:
    """Two secondary schools of 100 parents, 80% positive each, and two primary schools of 1,000
    at 95%: secondary England 160 / 200 = 80.0%, every phase (80 + 80 + 950 + 950) / 2,200 =
    93.6%."""
    con = duckdb.connect()
    con.execute((MACROS / "wilson_interval.sql").read_text(encoding="utf-8"))
    con.execute(phase_group_macro())
    con.execute("create table schools (urn integer, phase varchar)")
    con.execute("create table gap_method as select ? as min_reference_schools", [min_schools])
    con.execute(
        "create table parent_view_positive (urn integer, snapshot_date date, question_set varchar, "
        "question_id varchar, question_text varchar, submissions integer, "
        "approx_count_answering integer, pct_positive double, ci95_low_pct double, "
        "ci95_high_pct double)"
    )
    for urn, phase, n, pct in (
        (1, "Secondary", 100, 80.0),
        (2, "Secondary", 100, 80.0),
        (3, "Primary", 1000, 95.0),
        (4, "Primary", 1000, 95.0),
    ):
        con.execute("insert into schools values (?, ?)", [urn, phase])
        con.execute(
            "insert into parent_view_positive select ?, ?, 'pv_2019', '1', ?, ?, ?, ?, "
            "100 * wilson_low(? / 100, ?), 100 * wilson_high(? / 100, ?)",
            [urn, DAY, HAPPY, n, n, pct, pct, n, pct, n],
        )
    return con


def school(con: duckdb.DuckDBPyConnection, urn: int) -> profile.SchoolProfile:
    return make(pv_questions=run(con, "school_pv_questions", urn=urn).to_dict(as_series=False))


def test_a_secondary_school_is_set_against_secondary_schools_in_england():
    # School 1: 80 of 100, Wilson 71.1% to 86.7%. Every phase's 93.6% lies above it ("Below
    # England", as before); secondary schools' 80.0% lies inside it: in line.
    row = run(toy(2), "school_pv_questions", urn=1).row(0, named=True)
    assert (row["ci95_low_pct"], row["ci95_high_pct"]) == (71.1, 86.7)
    assert (row["england_phase_group"], row["phase_england_pct_positive"]) == ("secondary", 80.0)
    assert row["against_england"] == "within_noise"
    said = profile.pv_verdict(school(toy(2), 1), "England", "England")
    assert said == (
        "In line with England: 80% of 100 parents answering agreed with \u201cMy child is happy "
        "at this school\u201d, against 80% in secondary schools in England, which lies inside "
        "this school's 95% interval (71.1% to 86.7%): not a difference to act on."
    )


def test_a_phase_with_too_few_schools_is_set_against_every_phase_and_says_so():
    # the gap list's rule: a phase group smaller than its fewest schools for a group is pooled
    # with every phase; here 2 secondary schools against a minimum of 3
    row = run(toy(3), "school_pv_questions", urn=1).row(0, named=True)
    assert (row["england_phase_group"], row["phase_england_pct_positive"]) == ("all", 93.6)
    assert row["against_england"] == "below"
    said = profile.pv_verdict(school(toy(3), 1), "England", "England")
    assert said.startswith("Below England: 80% of 100 parents")
    assert "against 93.6% in schools of every phase in England;" in said


def test_the_verdict_says_about_one_in_twenty_is_chance():
    two = pl.concat([run(toy(2), "school_pv_questions", urn=1)] * 2).with_columns(
        pl.Series("question_id", ["1", "2"])
    )
    said = profile.pv_verdict(make(pv_questions=two.to_dict(as_series=False)), "England", "England")
    assert said.endswith(
        "Of the other 1 questions: all 1 in line with it. Each question is compared on its own, "
        "so about one in twenty comes out above or below by chance alone."
    )


def test_the_profile_its_download_and_the_pack_name_the_same_benchmark(app_env, downloads):
    from tests.conftest import start
    from tests.test_briefing import pack_for, read

    con = open_read_only(app_env)
    (urn,) = con.execute(
        "select p.urn from parent_view_positive as p join schools as s using (urn) "
        "where s.phase = 'Secondary' and s.is_open group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    shown = run(con, "school_pv_questions", urn=urn)
    figure = shown.filter(pl.col("question_id") == "1")["phase_england_pct_positive"][0]
    said = f"against {figure:g}% in secondary schools in England"
    at = start(la="England (all local authorities)", urn=str(urn))
    downloads.clear()
    at.switch_page("pages/school.py").run()
    assert not at.exception
    verdict = next(m.value for m in at.markdown if "parents answering agreed" in m.value)
    assert said in verdict.replace("\\", "")
    assert any("figure for secondary schools in England" in c.value for c in at.caption)
    excel = next(v for k, v in downloads.items() if k.startswith("Excel: Parent View question"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(excel["data"]()))
    cells = [
        str(cell)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for cell in row
    ]
    assert "secondary schools in England" in cells
    assert "% positive, England, same phase" in cells
    _, pdf = pack_for(con, urn)
    _, text = read(pdf)
    assert said in text
    assert "% positive, England, same phase" in text
