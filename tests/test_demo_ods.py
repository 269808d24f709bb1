"""The demonstration's OpenDocument writer (etl/demo/ods.py): what it writes is what calamine, the
reader of Ofsted's files, reads back, and the demo's releases from November 2025 load as ODS."""

from __future__ import annotations

import zipfile
from datetime import date

import polars as pl
from python_calamine import CalamineWorkbook

from etl.demo.ods import MIMETYPE, Merged, write_ods
from lens.data.warehouse import open_read_only


def test_what_is_written_is_read_back(tmp_path):
    path = tmp_path / "book.ods"
    body = pl.DataFrame(
        {"urn": [900101, 900102], "name": ["A & B <School>", None], "share": [0.4615, 1.0]}
    )
    write_ods(
        path,
        [
            ("Cover", [["Title"], [], ["Published on:", date(2026, 4, 16)]], None),
            ("Table_1", [["A title"], [None, Merged("Q1. Happy", 2)], ["URN", "Name", "%"]], body),
        ],
    )
    with zipfile.ZipFile(path) as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype").decode() == MIMETYPE
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["Cover", "Table_1"]
    assert workbook.get_sheet_by_name("Cover").to_python()[2] == [
        "Published on:",
        date(2026, 4, 16),
    ]
    rows = workbook.get_sheet_by_name("Table_1").to_python()
    assert rows[1] == ["", "Q1. Happy", ""]  # the merged text in its first cell, then covered
    assert rows[2] == ["URN", "Name", "%"]
    assert rows[3] == [900101.0, "A & B <School>", 0.4615]
    assert rows[4] == [900102.0, "", 1.0]


def test_the_same_frame_writes_the_same_bytes(tmp_path):
    frame = pl.DataFrame({"urn": [1, 2], "x": [0.5, None]})
    for name in ("a.ods", "b.ods"):
        write_ods(tmp_path / name, [("Table_1", [["URN", "x"]], frame)])
    assert (tmp_path / "a.ods").read_bytes() == (tmp_path / "b.ods").read_bytes()


def test_the_demos_releases_from_november_2025_load_as_ods(demo_build):
    warehouse, _plan = demo_build
    logged = (
        open_read_only(warehouse)
        .execute(
            "select file, layout_id, rows_loaded, rows_rejected, as_at_date from load_log "
            "where file like 'parent_view_school_level_%' order by as_at_date"
        )
        .fetchall()
    )
    odf = [row for row in logged if row[0].endswith(".ods")]
    assert [row[4] for row in odf] == [date(2026, 4, 6), date(2026, 10, 31)]
    assert all(row[1] == "parent_view_pv_2025" and row[2] > 0 and row[3] == 0 for row in odf)
    assert {row[0].rsplit(".", 1)[1] for row in logged} == {"csv", "xlsx", "ods"}
