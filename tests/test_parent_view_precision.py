"""Each Parent View file's precision, and the rounding range made from it (an independent
statistician's review: the half-width had been half a point whatever a file's precision).

A file's precision is the most decimal places that one in ten of its percentages carries, float
noise and a whole number written "55.0" carrying none; each row keeps it
(published_decimal_places), and its rounding range takes each percentage as up to half a unit of
that last place either way: 0.5 of a point for whole percentages, 0.05 for one decimal place,
0.005 for two (README, "The gap list: method")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.build import build_warehouse
from etl.readers.detect import read_file
from lens.data.warehouse import open_read_only
from tests import builders
from tests.test_parent_view import _workbook

# --- a file's precision, from its own values ------------------------------------------------------


def _csv_places(tmp_path: Path, *schools: list[str]) -> tuple[set[int], list[str]]:
    """The decimal places a CSV of these schools' five percentages is read as, and its notes."""
    rows = [(str(900101 + i), 100, shares) for i, shares in enumerate(schools)]
    path = builders.write(tmp_path / "pv_2019-07-31.csv", builders.parent_view_csv(rows))
    result = read_file(path, date(2019, 7, 31))
    assert result.rejects.is_empty()
    answers = result.tables["stg_parent_view_answers"]
    return set(answers["published_decimal_places"]), result.notes


@pytest.mark.parametrize(
    ("schools", "places"),
    [
        ([["46%", "30%", "14%", "6%", "4%"]], 0),
        # whole numbers written with a decimal point are whole: a spreadsheet writes 55 so
        ([["46.0", "30.0", "14.0", "6.0", "4.0"]], 0),
        # float noise adds no decimal place
        ([["55.00000001", "29.99999999", "10", "5", "0"]], 0),
        ([["46", "30", "14", "6", "4"], ["45.5", "30.5", "14", "6", "4"]], 1),
        ([["43.25", "30.75", "14", "8", "4"]], 2),
    ],
)
def test_a_files_precision_is_the_most_decimal_places_its_percentages_carry(
    tmp_path, schools, places
):
    found, notes = _csv_places(tmp_path, *schools)
    assert found == {places}  # every row of the file, whichever school it is
    assert SAID[places] in notes


def test_a_value_edited_by_hand_does_not_make_a_file_of_whole_percentages_finer(tmp_path):
    """One value in 100 carrying a decimal (45.5 typed over a whole percentage) leaves the file
    read as whole percentages, half a point either way for every school: read as a file of one
    decimal place, every school's range would be ten times narrower than the publisher's
    rounding allows. One value in ten carrying a decimal is a file of one decimal place."""
    whole = [["46", "30", "14", "6", "4"]] * 19
    found, notes = _csv_places(tmp_path, *whole, ["45.5", "30", "14", "6", "4.5"])
    assert found == {0}  # 2 of 100 values
    assert SAID[0] in notes
    tenth = [["46.5", "29.5", "14", "6", "4"]] * 2 + [["46", "30", "14", "6", "4"]] * 8
    assert _csv_places(tmp_path, *tenth)[0] == {0}  # 4 of 50 values: under one in ten
    tenth = [["46.5", "29.5", "14", "6", "4"]] * 3 + [["46", "30", "14", "6", "4"]] * 7
    assert _csv_places(tmp_path, *tenth)[0] == {1}  # 6 of 50


SAID = {  # the load log's words for a file's precision
    0: "percentages published as whole numbers: each may be half a point either way",
    1: "percentages published to 1 decimal place: each may be 0.05 of a point either way",
    2: "percentages published to 2 decimal places: each may be 0.005 of a point either way",
    4: "percentages published to 4 decimal places or more: each may be 0.00005 of a point "
    "either way",
}
HEADER = ["URN", "Submissions"] + [
    f"Q{q} {o}" for q in ("1", "2", "3", "4") for o in builders.PV_OPTIONS
]


@pytest.mark.parametrize(
    ("proportions", "places", "agree"),
    [
        # two decimals of a proportion are a whole percentage
        ([0.46, 0.3, 0.14, 0.06, 0.04], 0, 30.0),
        ([0.4325, 0.3075, 0.14, 0.08, 0.04], 2, 30.75),
        # float noise in the workbook's own numbers, and in 100 x a proportion, is no decimal
        ([0.4, 0.1 + 0.2, 0.2, 0.1, 0.0], 0, 30.0),
        # an unrounded proportion (7 of 15) counts as the most places looked for, kept as it is
        ([7 / 15, 5 / 15, 3 / 15, 0.0, 0.0], 4, pytest.approx(100 / 3, abs=1e-9)),
    ],
)
def test_a_workbooks_proportions_give_its_precision_as_percentages(
    tmp_path, proportions, places, agree
):
    path = _workbook(
        tmp_path / "pv_2023-07-31.xlsx",
        [("School Level Data", [HEADER, [900101, 15] + proportions * 4], [])],
    )
    result = read_file(path, date(2023, 7, 31))
    answers = result.tables["stg_parent_view_answers"]
    assert result.rejects.is_empty()
    assert set(answers["published_decimal_places"]) == {places}
    assert answers["pct_agree"][0] == agree  # as published, without float noise
    assert SAID[places] in result.notes


def test_a_workbooks_tables_share_the_files_precision(tmp_path):
    """Two school-level tables of one workbook are one publication: a table whose proportions all
    happen to be whole percentages takes the two decimal places of the other."""
    whole = [0.6, 0.3, 0.05, 0.03, 0.02]
    finer = [0.4325, 0.3075, 0.14, 0.08, 0.04]
    path = _workbook(
        tmp_path / "pv_2023-07-31.xlsx",
        [
            ("Primary", [HEADER, [900101, 120] + whole * 4], []),
            ("Secondary", [HEADER, [900102, 400] + finer * 4], []),
        ],
    )
    result = read_file(path, date(2023, 7, 31))
    answers = result.tables["stg_parent_view_answers"]
    assert set(answers["urn"]) == {900101, 900102}
    assert set(answers["published_decimal_places"]) == {2}
    assert result.notes.count(SAID[2]) == 1


# --- the rounding range and the gap list, through a real build -----------------------------------
#
# 300 schools of 50 submissions judged Good, 86% to 98% satisfied, and three more:
BOUNDARY = 900301  # 400 submissions at 40 / 34 / 16 / 10%: the README's school on the line
SMALL = 900302  # 80 submissions at 55 / 38 / 2 / 2 / 2% (the README's one-share example)
BELOW = 900303  # 400 submissions at 25 / 35 / 25 / 15%: below at any rounding
GROUP_LEVELS = (86, 88, 90, 92, 94, 96, 98)
GROUP_SIZE = 300

# The same schools in each file; in the one-decimal file the 80-submission school publishes its
# true 37.5 and 2.5% (30 and 2 of 80 parents), which a whole-percentage file rounds to 38 and 2.
SHARES = {
    "whole": {BOUNDARY: (40, 34, 16, 10, 0), SMALL: (55, 38, 2, 2, 2), BELOW: (25, 35, 25, 15, 0)},
    "one_decimal": {
        BOUNDARY: (40, 34, 16, 10, 0),
        SMALL: (55, 37.5, 2.5, 2.5, 2.5),
        BELOW: (25, 35, 25, 15, 0),
    },
}
WRITTEN = {  # how each file writes a percentage
    "whole": lambda v: f"{v:g}%",
    "whole_written_with_a_decimal": lambda v: f"{v:.1f}%",
    "whole_with_float_noise": lambda v: f"{v + 1e-8:.8f}",
    "one_decimal": lambda v: f"{v:.1f}%",
}


def _group() -> list[tuple[int, int, tuple[int, ...]]]:
    rows = []
    for i in range(GROUP_SIZE):
        satisfied = GROUP_LEVELS[i % len(GROUP_LEVELS)]
        disagree = (100 - satisfied) // 2
        shares = (satisfied - 30, 30, disagree, 100 - satisfied - disagree, 0)
        rows.append((910000 + i, 50, shares))
    return rows


# 80 more schools of 60 submissions, with no inspection (so in no group of the gap list): 60 is
# no divisor of 100, so two in three of their true percentages carry a decimal (46 of 60 is
# 76.7%), which makes the one-decimal file read as one, as a real one would be (a file whose
# values carry a decimal only one time in ten or less is read as whole percentages, above). In
# the whole-percentage file they are the same shares rounded to whole numbers.
UNINSPECTED = range(920000, 920080)


def _uninspected(variant: str) -> list[tuple[int, int, tuple[float, ...]]]:
    rows = []
    for urn in UNINSPECTED:
        strongly = 25 + (urn % 17)
        counts = (strongly, 50 - strongly, 5 + urn % 3, 5 - urn % 3, 0)  # of 60
        exact = [100 * c / 60 for c in counts]
        places = 1 if variant == "one_decimal" else 0
        rows.append((urn, 60, tuple(round(v, places) for v in exact)))
    return rows


def _build(folder: Path, variant: str) -> Path:
    shares = SHARES["one_decimal" if variant == "one_decimal" else "whole"]
    schools = _group() + [
        (BOUNDARY, 400, shares[BOUNDARY]),
        (SMALL, 80, shares[SMALL]),
        (BELOW, 400, shares[BELOW]),
    ]
    published = schools + _uninspected(variant)
    raw = folder / "raw"
    raw.mkdir()
    graded = {
        "Inspection start date of latest OEIF graded inspection": "10/10/2022",
        "Latest OEIF overall effectiveness": "2",
        "Total number of pupils": "1200",  # no school has more submissions than pupils
    }
    builders.write(
        raw / "mi_2026-02-28.csv",
        builders.mi_2025(
            [
                {
                    **graded,
                    "URN": str(urn),
                    "Inspection number of latest OEIF graded inspection": str(urn),
                }
                for urn, _, _ in schools
            ]
        ),
    )
    write = WRITTEN[variant]
    builders.write(
        raw / "pv_2024-07-31.csv",
        builders.parent_view_csv(
            [(str(urn), n, [write(v) for v in values]) for urn, n, values in published]
        ),
    )
    target = folder / "warehouse.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each variant's warehouse, built once: variant -> read-only connection."""
    opened = {}

    def get(variant: str):  # noqa: ANN202 - a DuckDB connection
        if variant not in opened:
            folder = tmp_path_factory.mktemp(variant)
            opened[variant] = open_read_only(_build(folder, variant))
        return opened[variant]

    yield get
    for con in opened.values():
        con.close()


def _ranges(con) -> dict[int, tuple[float, float, float, float]]:  # noqa: ANN001
    """Each school's rounding range: satisfied and giving a view at the least satisfied end, and
    at the most satisfied end."""
    rows = con.execute(
        "select urn, rounding_low_satisfied, rounding_low_responses, rounding_high_satisfied, "
        "rounding_high_responses from school_satisfaction order by urn"
    ).fetchall()
    return {urn: tuple(rest) for urn, *rest in rows}


def _precision(con) -> dict[int, tuple[int, float]]:  # noqa: ANN001
    """Each school's file's decimal places (parent_view_answers) and the rounding either way its
    range was made with (school_satisfaction)."""
    rows = con.execute(
        "select s.urn, a.published_decimal_places, s.rounding_half_points "
        "from school_satisfaction as s "
        "inner join parent_view_answers as a on a.urn = s.urn and a.snapshot_date = s.data_date "
        "where is_happy_question(a.question_set, a.question_id) order by s.urn"
    ).fetchall()
    return {urn: (places, half) for urn, places, half in rows}


def _places(con) -> pl.DataFrame:  # noqa: ANN001
    return con.sql(
        "select urn, gap_status, z_least_satisfied, z_most_satisfied, min_responses_above, "
        "min_responses_below from satisfaction_gaps where window_months = 36 order by urn"
    ).pl()


def test_the_rounding_range_worked_by_hand(built):
    """Worked by hand, as the macros must give it (rounded_count_low / _high, a whole number of
    parents where one fits):

    400 submissions at 40 / 34 / 16 / 10%, whole percentages (each half a point either way):
      strongly agree 39.5% to 40.5% of 400 = 158 to 162; agree 33.5% to 34.5% = 134 to 138;
      disagree 15.5% to 16.5% = 62 to 66; strongly disagree 9.5% to 10.5% = 38 to 42.
      Least satisfied: 158 + 134 = 292 satisfied, 66 + 42 = 108 not: 292 of 400.
      Most satisfied: 162 + 138 = 300, 62 + 38 = 100: 300 of 400.
    The same at 40.0 / 34.0 / 16.0 / 10.0 in a one-decimal file (each 0.05 of a point either way):
      39.95% to 40.05% of 400 = 159.8 to 160.2, so 160; 33.95% to 34.05% = 135.8 to 136.2, so
      136; likewise 64 and 40: 296 of 400 at both ends, the count used everywhere else.

    80 submissions, 55% as a whole number: 54.5% to 55.5% of 80 = 43.6 to 44.4, so 44 parents;
    55.0 in a one-decimal file: 54.95% to 55.05% = 43.96 to 44.04, so 44 again. Below 100
    submissions a point is worth less than a parent, so a whole percentage already pins the
    count: 38% = 30.0 to 30.8, so 30; 2% = 1.2 to 2.0, so 2 (37.5% and 2.5% in the one-decimal
    file, 29.96 to 30.04 and 1.96 to 2.04: 30 and 2). 74 of 78 either way."""
    whole, one = _ranges(built("whole")), _ranges(built("one_decimal"))
    # (least satisfied: satisfied, giving a view; most satisfied: satisfied, giving a view)
    assert whole[BOUNDARY] == (292, 400, 300, 400)
    assert one[BOUNDARY] == (296, 400, 296, 400)
    assert whole[SMALL] == one[SMALL] == (74, 78, 74, 78)
    # (the file's decimal places, the rounding either way in points)
    assert set(_precision(built("whole")).values()) == {(0, 0.5)}
    assert list(set(_precision(built("one_decimal")).values())) == [(1, pytest.approx(0.05))]


# What the gap list made of the whole-percentage file before each file's precision was kept (the
# fixture run on the code before this change): the school of 40 / 34 / 16 / 10% on the line
# (beyond the limit at 292 of 400, inside it at 300), the one of 25 / 35 / 25 / 15% below, and
# the group's reachable range (shown above from 95 responses, below from the minimum of 10).
BEFORE = {
    "statuses": {"not_shown_to_differ": 301, "on_the_line": 1, "below": 1},
    BOUNDARY: ("on_the_line", -3.33635, -3.00200),
    BELOW: ("below", -5.60283, -5.30349),
    "reach": (95, 10),
}


@pytest.mark.parametrize(
    "variant", ["whole", "whole_written_with_a_decimal", "whole_with_float_noise"]
)
def test_a_whole_percentage_file_places_every_school_as_before(built, variant):
    """A file of whole percentages, however it writes them (46%, 46.0, or 46.00000001 from a
    spreadsheet), is read as whole percentages, half a point either way, and the gap list places
    every school exactly as it did when every file was read so. (The float noise had moved the
    ends before: 39.50000001% of 400 is a hair over 158 parents, so the least satisfied end was
    294 of 402, not 292 of 400; the reader now takes such a value as the 40 it was published as.)
    """
    con = built(variant)
    assert _ranges(con)[BOUNDARY] == (292, 400, 300, 400)
    places = _places(con)
    assert dict(places.group_by("gap_status").len().iter_rows()) == BEFORE["statuses"]
    for urn in (BOUNDARY, BELOW):
        row = places.filter(pl.col("urn") == urn).row(0, named=True)
        status, least, most = BEFORE[urn]
        assert row["gap_status"] == status
        assert row["z_least_satisfied"] == pytest.approx(least, abs=1e-4)
        assert row["z_most_satisfied"] == pytest.approx(most, abs=1e-4)
    reach = set(places.select("min_responses_above", "min_responses_below").iter_rows())
    assert reach == {BEFORE["reach"]}
    assert set(_precision(con).values()) == {(0, 0.5)}  # each row says how it was read


def test_a_one_decimal_file_narrows_the_range_and_puts_no_more_on_the_line(built):
    """The same schools published to one decimal place: every school's rounding range sits
    within its whole-percentage range, no more schools are on the line, and the school of 40 /
    34 / 16 / 10%, 296 of 400 at both ends, is below at both: on the list."""
    whole, one = built("whole"), built("one_decimal")
    whole_ranges, one_ranges = _ranges(whole), _ranges(one)
    assert whole_ranges.keys() == one_ranges.keys()
    for urn, (low_k, low_n, high_k, high_n) in one_ranges.items():
        w_low_k, w_low_n, w_high_k, w_high_n = whole_ranges[urn]
        # satisfied shares at the two ends: the one-decimal ends inside the whole ones
        assert w_low_k / w_low_n <= low_k / low_n <= high_k / high_n <= w_high_k / w_high_n
    before, after = _places(whole), _places(one)
    assert set(before["urn"]) == set(after["urn"])

    def on_the_line(places: pl.DataFrame) -> int:
        return places.filter(pl.col("gap_status") == "on_the_line").height

    assert on_the_line(after) <= on_the_line(before)
    assert (on_the_line(before), on_the_line(after)) == (1, 0)
    boundary = after.filter(pl.col("urn") == BOUNDARY).row(0, named=True)
    assert boundary["gap_status"] == "below"
    assert boundary["z_least_satisfied"] == pytest.approx(boundary["z_most_satisfied"])
    assert boundary["z_most_satisfied"] == pytest.approx(-3.170, abs=0.001)  # beyond 3.09
    unchanged = after.filter(pl.col("urn") != BOUNDARY).select("urn", "gap_status")
    assert unchanged.equals(before.filter(pl.col("urn") != BOUNDARY).select("urn", "gap_status"))
