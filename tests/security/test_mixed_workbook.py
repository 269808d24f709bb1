"""Attack 8, finding 1: a workbook whose first sheet is public and whose second is not.

A workbook took the layout of its first sheet, so a Parent View sheet followed by another LA's own
survey made the whole file 'Parent View': public. Its load-log line (counts, from which the survey's
size follows), its rejects (free text naming a pupil) and its as-at date (moving Parent View's) then
reached every account. A workbook of sheets of different layouts is now scoped as non-public: shown
only to people whose LAs include every LA its rows are about.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.demo.xlsx import write_xlsx
from lens.data.scoping import ScopedConnection
from lens.data.warehouse import open_read_only, run
from tests.conftest import shared_build
from tests.security.conftest import PUPIL

MIXED = "lens_pack_2026-06-30.xlsx"
PUBLISHED = (
    "edubasealldata*.csv",
    "ofsted_mi_latest_inspections_2026-10-31.csv",
    "parent_view_school_level_2019-07-31.csv",
)
PARENT_VIEW_ROWS = 40
EVERY_REJECT = {"action": None, "file": None, "row_limit": 100_000}


def _mixed_workbook(path: Path, parent_view: Path, their_urns: list[int]) -> None:
    """A Parent View sheet first (40 schools of many LAs), then their LA's own survey with a
    planted answer naming a pupil."""
    published = pl.read_csv(parent_view, infer_schema=False).head(PARENT_VIEW_ROWS)
    header = ["Respondent ID", "URN", "Response date", "Question", "Answer", "Comment"]
    rows = [
        (f"T{urn}-{n}", str(urn), "07/03/2026", "My child enjoys school", answer, "")
        for urn in their_urns
        for n, answer in enumerate(("Strongly agree", "Agree", "Disagree"))
    ]
    planted = ("T-planted", str(their_urns[0]), "07/03/2026", "My child enjoys school", PUPIL, "")
    rows.append(planted)
    survey = pl.DataFrame(rows, schema=header, orient="row")
    write_xlsx(
        path,
        [
            ("ParentView", [published.columns], published, []),
            ("OurSurvey", [header], survey, []),
        ],
    )


@pytest.fixture(scope="session")
def mixed_warehouse(demo_warehouse: Path, plain_con, theirs, tmp_path_factory) -> Path:
    def make(base: Path) -> Path:
        from etl.build import build_warehouse

        files = base / "files"
        files.mkdir()
        for pattern in PUBLISHED:
            for path in (demo_warehouse.parent / "files").glob(pattern):
                shutil.copy(path, files / path.name)
        their_urns = [
            urn
            for (urn,) in plain_con.execute(
                "select urn from schools where la_code = ? order by urn limit 6", [theirs.code]
            ).fetchall()
        ]
        _mixed_workbook(
            files / MIXED, files / "parent_view_school_level_2019-07-31.csv", their_urns
        )
        target = base / "warehouse.duckdb"
        build_warehouse(files, target, progress=lambda _: None)
        return target

    return shared_build(tmp_path_factory, "mixed-workbook", make)


def as_seen_by(warehouse: Path, scope: tuple[int, ...]) -> ScopedConnection:
    return ScopedConnection(open_read_only(warehouse), scope)


def test_a_workbook_of_two_layouts_is_not_given_its_first_sheets(tmp_path, demo_warehouse):
    from etl.readers.detect import read_file

    path = tmp_path / MIXED
    files = demo_warehouse.parent / "files"
    _mixed_workbook(path, files / "parent_view_school_level_2019-07-31.csv", [900001, 900002])
    result = read_file(path, date(2026, 6, 30))
    assert "questionnaire_own_survey" in result.layout_id
    assert not result.layout_id.startswith("parent_view_")


@pytest.mark.parametrize("whose", ["ours", "nobody's"])
def test_another_las_survey_behind_a_parent_view_sheet_is_not_shown(mixed_warehouse, ours, whose):
    """Neither the rejects (the planted answer), nor the file's load-log line (its counts), nor
    its as-at date, for an account of another LA or of none."""
    con = as_seen_by(mixed_warehouse, (ours.code,) if whose == "ours" else ())
    rejects = run(con, "rejects_list", **EVERY_REJECT)
    assert PUPIL not in rejects.write_csv()
    assert not rejects["file"].str.contains(MIXED, literal=True).any()
    assert (
        not run(con, "reject_summary", action=None)["file"].str.contains(MIXED, literal=True).any()
    )
    log = run(con, "load_log")
    assert MIXED not in log["file"].to_list()
    assert log.height >= 3  # the published files are listed
    assert "2026-06-30" not in run(con, "source_dates").write_csv()


def test_people_of_every_la_in_the_workbook_see_it(mixed_warehouse):
    """The control: the planted reject and the line are there, for an account whose LAs include
    every LA the workbook's rows are about."""
    plain = open_read_only(mixed_warehouse)
    (codes,) = plain.execute("select la_codes from load_log where file = ?", [MIXED]).fetchone()
    con = as_seen_by(mixed_warehouse, tuple(codes))
    assert PUPIL in run(con, "rejects_list", **EVERY_REJECT)["value"].to_list()
    assert MIXED in run(con, "load_log")["file"].to_list()
