"""Each Parent View file's precision (an independent statistician's review: the rounding
half-width had been half a point whatever a file's precision).

A file's precision is the most decimal places any of its percentages carries, float noise and a
whole number written "55.0" carrying none; each row keeps it (published_decimal_places)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.readers.detect import read_file
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
