"""Acceptance: published files as they come, built together in one warehouse.

The real samples in ../shared/samples/ under their published-style names (Leeds MI as at 28 Feb
2026, a Surrey GIAS download, a 2016 report) beside files made here in every other published
layout: Ofsted's official statistics 'as at 31 August 2023' (provider level, Windows-1252),
older MI with a title line and 'Satisfactory', the last old-question-set Parent View ODS 'as at 31
August 2025', a new-set Parent View ODS dated only on its cover, and a 2019 Parent View CSV of
"46%" strings. Checked: every as-at date, the counts, the exact rejects (and no false ones), and
the satisfaction-by-grade table against one worked out here from the files themselves.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from etl.build import build_warehouse
from lens.data.warehouse import open_read_only
from schemas.parent_view import SET_BY_ID
from tests.conftest import SAMPLES
from tests.ods import Percent, write_ods

pytestmark = pytest.mark.skipif(
    not (SAMPLES / "ofsted_mi_latest_inspections_2026-02-28_leeds.csv").exists(),
    reason="real samples not present (../shared/samples/ is not beside this clone)",
)

MI_NAME = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_28_Feb_2026.csv"
GIAS_NAME = "edubaseallstatefunded20210531.csv"
OFFICIAL_NAME = "Inspections and outcomes as at 31 August 2023 - provider level data.csv"
OLDER_NAME = "Maintained_school_inspections_and_outcomes.csv"  # dated only by its title line
PV_OLD_NAME = "Parent View management information as at 31 August 2025.ods"
PV_NEW_NAME = "parent-view-management-information.ods"  # dated only on its cover sheet
PV_2019_NAME = "Parent_View_school_level_data_as_at_31_July_2019.csv"
PV_DATE = date(2025, 8, 31)
RECORDED = "recorded, not a grade"  # Ofsted's 9 and "Not applicable": a meaning, not a problem
HAPPY_BY_GRADE = {1: 0.95, 2: 0.91, 3: 0.86, 4: 0.80}  # planted: most are happy even at grade 4


def _csv(header: list[str], rows: list[list[object]], title: str | None = None) -> str:
    out = io.StringIO()
    if title:
        out.write(title + "\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _leeds_oeif() -> pl.DataFrame:
    """Leeds schools whose judgement in force at the Parent View date is a graded OEIF overall
    effectiveness from the 30 months before it (so inside the 36-month window whichever way
    months are counted), read straight from the published file."""
    mi = pl.read_csv(
        SAMPLES / "ofsted_mi_latest_inspections_2026-02-28_leeds.csv",
        infer_schema=False,
        encoding="utf8-lossy",
    )
    started = (
        pl.col("Inspection start date of latest OEIF graded inspection")
        .str.strptime(pl.Date, "%d/%m/%Y", strict=False)
        .alias("started_on")
    )
    return (
        mi.select(
            pl.col("URN").cast(pl.Int64).alias("urn"),
            started,
            pl.col("Latest OEIF overall effectiveness").alias("grade"),
        )
        .filter(
            pl.col("grade").is_in(["1", "2", "3", "4"]),
            pl.col("started_on").is_between(date(2023, 3, 1), PV_DATE),
        )
        .with_columns(pl.col("grade").cast(pl.Int64))
        .sort("urn")
    )


def _answers(grade: int, rng: np.random.Generator) -> tuple[int, list[int]]:
    """Submissions (under 100, so rounded percentages give the counts back exactly) and counts
    of strongly agree, agree, disagree, strongly disagree, don't know."""
    n = int(rng.integers(12, 95))
    dont_know = int(rng.binomial(n, 0.02))
    happy = int(rng.binomial(n - dont_know, HAPPY_BY_GRADE[grade]))
    strongly = int(rng.binomial(happy, 0.65))
    unhappy = n - dont_know - happy
    strongly_unhappy = int(rng.binomial(unhappy, 0.4))
    return n, [strongly, happy - strongly, unhappy - strongly_unhappy, strongly_unhappy, dont_know]


def _pct(count: int, n: int) -> int:
    return int(np.floor(100 * count / n + 0.5))


def _parent_view_old_set(path: Path, planted: pl.DataFrame) -> None:
    wording = {q.question_id: q.text for q in SET_BY_ID["pv_2019"].questions}
    options = ("Strongly Agree", "Agree", "Disagree", "Strongly Disagree", "Don't Know")
    header = ["URN", "School Name", "Local Authority", "Ofsted Phase or Type of Education"]
    header += ["Submissions", "Response Rate"]
    header += [f"Q1 {o} %" for o in options] + ["Q14 Yes %", "Q14 No %"]
    rows: list[list[object]] = []
    for r in planted.iter_rows(named=True):
        counts = [r["sa"], r["a"], r["d"], r["sd"], r["dk"]]
        rows.append(
            [r["urn"], f"School {r['urn']}", "Leeds", "Primary", r["n"], Percent(0.1)]
            + [_pct(c, r["n"]) for c in counts]
            + [90, 10]
        )
    rows.append([999999, "Tiny School", "Leeds", "Primary", 8, Percent(0.05)] + [50] * 5 + [1, 2])
    write_ods(
        path,
        [
            (
                "Cover",
                [
                    ["Ofsted Parent View: management information"],
                    ["Period covered:", "between 3 September 2024 and 31 August 2025"],
                    ["Published on:", "18 September 2025"],
                ],
            ),
            (
                "Table_1",
                [
                    ["Table 1: Parent View questions"],
                    ["Question number", "Question"],
                    *[[f"Q{q}", text] for q, text in wording.items()],
                ],
            ),
            ("Table_3", [["Table 3: results by school"], header, *rows]),
        ],
    )


def _parent_view_new_set(path: Path, urns: list[int]) -> None:
    text = "My child is happy at this school."
    options = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree")
    options += ("Strongly disagree", "Don't know")
    header = ["URN", "School Name", "Local Authority", "Ofsted Phase or Type of Education"]
    header += ["Submissions", "Response Rate"]
    header += [f"Q1. {text}: {o} %" for o in options]
    header += ["Q10. Would you recommend this school to another parent?: Yes %"]
    header += ["Q10. Would you recommend this school to another parent?: No %"]
    rows = [
        [urn, f"School {urn}", "Leeds", "Primary", "1,020", "12%", 50, 30, 8, 6, 4, 2, 85, 15]
        for urn in urns
    ]
    write_ods(
        path,
        [
            (
                "Cover",
                [
                    ["Parent View management information"],
                    ["Period covered:", "between 10 November 2025 and 6 April 2026"],
                    ["Published on:", "16 April 2026"],
                ],
            ),
            ("Table_3", [["Table 3"], header, *rows]),
        ],
    )


def _parent_view_2019_csv(path: Path, urns: list[int]) -> None:
    options = ("Strongly Agree", "Agree", "Disagree", "Strongly Disagree", "Don't Know")
    header = ["URN", "School Name", "Local Authority", "Ofsted Region"]
    header += ["Ofsted Phase or Type of Education", "Submissions", "Response Rate"]
    header += [f"Q{q}. My child is happy at this school. {o}" for q in ("1",) for o in options]
    header += [f"Q2. My child feels safe at this school. {o}" for o in options]
    header += [f"Q3. My child makes good progress at this school. {o}" for o in options]
    header += [f"Q4. My child is well looked after at this school. {o}" for o in options]
    row = ["46%", "44%", "6%", "3%", "1%"]
    rows = [
        [urn, f"School {urn}", "Leeds", "North East, Yorkshire and the Humber", "Primary", 40, "9%"]
        + row * 4
        for urn in urns
    ]
    path.write_text(_csv(header, rows), encoding="cp1252")


OFFICIAL_HEADER = [
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Local authority",
    "Region",
    "Inspection number",
    "Inspection start date",
    "Inspection end date",
    "Publication date",
    "Overall effectiveness",
    "Category of concern",
    "Quality of education",
    "Previous inspection number",
    "Previous inspection start date",
    "Previous inspection end date",
    "Previous publication date",
    "URN at time of previous graded inspection",
    "Previous graded inspection overall effectiveness",
    "Previous category of concern",
    "Number of warning notices issued in 2022/23 academic year",
]


def _official(path: Path) -> None:
    rows = []
    for i in range(40):
        urn = 990100 + i
        published = "25/09/2023" if i < 6 else "20/06/2023"  # after the as-at date: normal
        quality = "8" if i in (3, 4, 5) else str(1 + i % 4)
        concern = "NTI" if i == 7 else ""
        rows.append(
            [
                urn,
                3802100 + i,
                f"\u00c9cole {i} Bradford",
                "Primary",
                "Bradford",
                "Yorkshire and the Humber",
                f"20{urn}",
                "10/05/2023",
                "11/05/2023",
                published,
                str(1 + i % 4),
                "",
                quality,
                f"10{urn}",
                "03/03/2011",
                "04/03/2011",
                "01/04/2011",
                urn,
                "3",
                concern,
                "0",
            ]
        )
    path.write_text(_csv(OFFICIAL_HEADER, rows), encoding="cp1252")


def _older(path: Path) -> None:
    header = ["URN", "LAESTAB", "School name", "Phase", "Local authority", "Inspection number"]
    header += ["Inspection start date", "First published date", "Overall effectiveness"]
    rows = [
        [991000 + i, 3822000 + i, f"Kirklees {i}", "Primary", "Kirklees", 300000 + i]
        + ["12/05/2010", "10/06/2010", "Satisfactory" if i % 2 else "2"]
        for i in range(10)
    ]
    title = "Maintained school inspections and outcomes as at 31 August 2010"
    path.write_bytes(b"\xef\xbb\xbf" + _csv(header, rows, title=title).encode("utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    raw = tmp_path_factory.mktemp("published")
    shutil.copy(SAMPLES / "ofsted_mi_latest_inspections_2026-02-28_leeds.csv", raw / MI_NAME)
    shutil.copy(SAMPLES / "gias_establishments_surrey_open_2021-05.csv", raw / GIAS_NAME)
    (raw / "reports").mkdir()
    shutil.copy(SAMPLES / "ofsted_report_urn103980_2016-11.txt", raw / "reports")
    rng = np.random.default_rng(20261128)
    graded = _leeds_oeif()
    planted = []
    for urn, grade in graded.select("urn", "grade").iter_rows():
        n, (sa, a, d, sd, dk) = _answers(grade, rng)
        planted.append({"urn": urn, "grade": grade, "n": n, "sa": sa, "a": a, "d": d, "sd": sd})
        planted[-1]["dk"] = dk
    planted_frame = pl.DataFrame(planted)
    _parent_view_old_set(raw / PV_OLD_NAME, planted_frame)
    _parent_view_new_set(raw / PV_NEW_NAME, graded["urn"].head(5).to_list())
    _parent_view_2019_csv(raw / PV_2019_NAME, graded["urn"].head(3).to_list())
    _official(raw / OFFICIAL_NAME)
    _older(raw / OLDER_NAME)
    target = raw.parent / "published.duckdb"
    report = build_warehouse(raw, target, progress=lambda _: None)
    con = open_read_only(target)
    yield con, report, planted_frame
    con.close()


def test_four_local_authorities_are_not_called_england(built):
    con, _, _ = built
    name, is_england = con.execute("select national_name, is_england from coverage").fetchone()
    assert (name, is_england) == ("All loaded schools (4 local authorities)", False)


def test_every_file_loads_with_its_as_at_date(built):
    con, _, _ = built
    log = dict(con.execute("select file, as_at_date from load_log").fetchall())
    assert log == {
        MI_NAME: date(2026, 2, 28),
        GIAS_NAME: date(2021, 5, 31),
        "ofsted_report_urn103980_2016-11.txt": None,  # a report is dated by its inspection
        OFFICIAL_NAME: date(2023, 8, 31),
        OLDER_NAME: date(2010, 8, 31),
        PV_OLD_NAME: date(2025, 8, 31),
        PV_NEW_NAME: date(2026, 4, 6),
        PV_2019_NAME: date(2019, 7, 31),
    }


def test_each_file_is_read_in_its_own_layout_and_question_set(built):
    con, _, _ = built
    layouts = {
        file.split(" [")[0]: layout
        for file, layout in con.execute("select file, layout_id from load_log").fetchall()
    }
    assert layouts[MI_NAME] == "ofsted_mi_2025"
    assert layouts[OFFICIAL_NAME] == "ofsted_mi_2019"
    assert layouts[OLDER_NAME] == "ofsted_mi_2019"
    assert layouts[PV_OLD_NAME] == "parent_view_pv_2019"
    assert layouts[PV_NEW_NAME] == "parent_view_pv_2025"
    assert layouts[PV_2019_NAME] == "parent_view_pv_2011"


def test_counts(built):
    con, _, planted = built
    rows = dict(
        (file.split(" [")[0], (read, loaded))
        for file, read, loaded in con.execute(
            "select file, rows_read, rows_loaded from load_log"
        ).fetchall()
    )
    assert rows[MI_NAME] == (279, 279)
    assert rows[OFFICIAL_NAME] == (40, 40)
    assert rows[OLDER_NAME] == (10, 10)
    assert rows[PV_OLD_NAME] == (planted.height + 1, planted.height)  # the 8-submission school
    assert rows[GIAS_NAME][0] == 590
    schools = con.execute("select la_name, count(*) from schools group by 1").fetchall()
    by_la = dict(schools)
    assert by_la["Leeds"] == 279 and by_la["Bradford"] == 40 and by_la["Kirklees"] == 10
    assert by_la["Surrey"] == 590 - 177  # the register's state-funded schools
    answers = con.execute(
        "select question_set, snapshot_date, count(distinct urn) from parent_view_answers "
        "group by all order by 1"
    ).fetchall()
    assert answers == [
        ("pv_2011", date(2019, 7, 31), 3),
        ("pv_2019", date(2025, 8, 31), planted.height),
        ("pv_2025", date(2026, 4, 6), 5),
    ]
    concern = con.execute(
        "select category_of_concern, count(*) from inspections "
        "where category_of_concern is not null group by 1"
    ).fetchall()
    assert ("NTI", 1) in concern


def test_the_rejects_are_exactly_the_real_problems(built):
    con, _, _ = built
    rejects = con.execute(
        "select file, column_name, value, action, count_rows from rejects "
        "where action <> 'out of scope' order by file, column_name, value"
    ).fetchall()
    assert rejects == [
        (OFFICIAL_NAME, "Quality of education", "8", "value dropped", 3),
        (MI_NAME, "Latest OEIF early years provision (where applicable)", "9", RECORDED, 29),
        (MI_NAME, "Latest OEIF sixth form provision (where applicable)", "9", RECORDED, 158),
        (MI_NAME, "Post-16 provision (where applicable)", "Not applicable", RECORDED, 2),
        (f"{PV_OLD_NAME} [Table_3]", "Submissions", "8", "row rejected", 1),
    ]
    no_future = con.execute("select count(*) from rejects where reason ilike '%future%'")
    assert no_future.fetchone()[0] == 0
    out_of_scope = con.execute(
        "select sum(count_rows), count(*) from rejects where action = 'out of scope'"
    ).fetchone()
    assert out_of_scope == (177, 8)  # one line per kind of establishment, with its count


def test_satisfaction_by_grade_matches_the_files(built):
    """The Satisfaction page's table (lens/data/sql/satisfaction_by_grade.sql) for the 2019-2025
    Parent View against the OEIF overall effectiveness in force, over 36 months, worked out
    here from the Parent View counts and the grades in the published MI."""
    con, _, planted = built
    sql = (
        Path(__file__).parents[1] / "lens" / "data" / "sql" / "satisfaction_by_grade.sql"
    ).read_text()
    shown = (
        con.cursor()
        .sql(
            sql,
            params={
                "family": "parent_view_pv_2019",
                "framework_id": "eif_2019",
                "area": "overall_effectiveness",
                "window_months": 36,
                "phase": None,
                "school_type": None,
                "la_code": 383,
            },
        )
        .pl()
    )
    leeds = shown.filter(pl.col("geography") == "Selection", pl.col("answer") == "strongly_agree")
    happy = (
        shown.filter(pl.col("geography") == "Selection")
        .filter(pl.col("answer").is_in(["strongly_agree", "agree"]))
        .group_by("grade_rank")
        .agg(pl.col("answer_share").sum())
        .sort("grade_rank")
    )
    expected = (
        planted.group_by("grade")
        .agg(
            pl.len().alias("schools"),
            (pl.col("sa") + pl.col("a")).sum().alias("happy"),
            (pl.col("sa") + pl.col("a") + pl.col("d") + pl.col("sd")).sum().alias("responses"),
        )
        .sort("grade")
    )
    assert leeds.select("grade_rank", "count_schools", "count_responses").rows() == (
        expected.select("grade", "schools", "responses").rows()
    )
    assert happy["answer_share"].to_list() == pytest.approx(
        (expected["happy"] / expected["responses"]).to_list()
    )
    # the known finding: most parents say they are happy even where the school is inadequate
    inadequate = happy.filter(pl.col("grade_rank") == 4)["answer_share"]
    assert inadequate.len() == 1 and inadequate[0] > 0.5
