"""Attack 8, finding 5: a 5 KB .xlsx with one cell far from A1.

The workbook reader makes a sheet one dense grid from A1 to its last cell, so a cell at BXY200001
asked for 12.8 GB and the build died with a Rust allocation failure (exit 134) naming no file.
The sheet's reach is read from its XML first: such a workbook is rejected as a whole, naming the
file, the sheet and the cell, and the build goes on with the other files.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.security.builds import etl_build, with_published_files

BOMB = "parent_view_2026-06-30.xlsx"
FAR = "BXY200001"


def bomb(path: Path, *, dimension: bool = True) -> Path:
    """As the tester made it: a URN table of one row, and one cell at BXY200001. Without
    `dimension`, the sheet does not declare its size (the cell alone says how far it reaches)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, ["URN", "x"])
    sheet.write_row(1, 0, [100000, "a"])
    sheet.write(200000, 2000, "z")
    book.close()
    if not dimension:
        with zipfile.ZipFile(path) as made:
            parts = {name: made.read(name) for name in made.namelist()}
        sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
        start = sheet_xml.index("<dimension")
        parts["xl/worksheets/sheet1.xml"] = (
            sheet_xml[:start] + sheet_xml[sheet_xml.index("/>", start) + 2 :]
        ).encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as remade:
            for name, data in parts.items():
                remade.writestr(name, data)
    assert path.stat().st_size < 10_000
    return path


@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_a_sheet_reaching_far_is_rejected_unread_naming_file_sheet_and_cell(tmp_path, dimension):
    from etl.readers.detect import read_file

    result = read_file(bomb(tmp_path / BOMB, dimension=dimension), date(2026, 6, 30))
    assert result.tables == {}
    (reason,) = result.rejects["reason"].to_list()
    assert "'Sheet1'" in reason and FAR in reason
    assert result.rejects["file"].to_list() == [BOMB]
    assert result.rejects["action"].to_list() == ["file rejected"]


def test_the_build_rejects_it_and_goes_on(demo_warehouse, tmp_path):
    """`python -m etl build` (memory capped as the tester capped it, so the old behaviour fails
    cleanly): exit 0, the other files loaded, the workbook in the load log with its reason."""
    raw = with_published_files(tmp_path / "raw", demo_warehouse)
    bomb(raw / BOMB)
    target = tmp_path / "warehouse.duckdb"
    done = etl_build(raw, target, capped=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "rejected as a whole, the build going on without it: sheet 'Sheet1'" in done.stdout
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select count(*) from schools").fetchone()[0] > 0
        (reason,) = con.execute(
            "select r.reason from rejects as r join load_log as l using (file_id) where l.file = ?",
            [BOMB],
        ).fetchone()
    assert FAR in reason


# --- parts the reader holds whole ---------------------------------------------------------------


def _rewritten(path: Path, part: str, write) -> Path:  # noqa: ANN001 - write(stream)
    """The workbook at `path` with `part` written again by `write`, the rest as it was."""
    with zipfile.ZipFile(path) as made:
        parts = {name: made.read(name) for name in made.namelist() if name != part}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as remade:
        for name, data in parts.items():
            remade.writestr(name, data)
        with remade.open(part, "w", force_zip64=True) as stream:
            write(stream)
    return path


def _small_book(path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Sheet1").write_row(0, 0, ["URN", "School name"])
    book.close()
    return path


def test_shared_strings_unpacking_to_hundreds_of_megabytes_are_refused_unread(tmp_path):
    """The reader holds every shared string whole, at about four times its size: a 300 KB file
    of one 300 MB string took it 1.2 GB (measured), so a 3 MB file would take 12 GB. Such a part
    is refused before the reader opens the file, naming the part."""

    def huge(stream) -> None:  # noqa: ANN001
        stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        stream.write(b"<si><t>")
        for _ in range(150):
            stream.write(b"a" * (1 << 20))
        stream.write(b"</t></si></sst>")

    from etl.readers.detect import read_file

    path = _rewritten(_small_book(tmp_path / BOMB), "xl/sharedStrings.xml", huge)
    assert path.stat().st_size < 1_000_000
    result = read_file(path, date(2026, 6, 30))
    assert result.tables == {}
    (reason,) = result.rejects["reason"].to_list()
    assert "xl/sharedStrings.xml unpacks to more than 100 MB" in reason, reason
    assert result.rejects["action"].to_list() == ["file rejected"]


def test_a_list_of_sheets_declaring_entities_is_refused(tmp_path):
    """Entities in the workbook's list of sheets (a billion laughs) are never expanded."""

    def laughs(stream) -> None:  # noqa: ANN001
        stream.write(
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheets><sheet name='&b;' sheetId='1'/></sheets></workbook>"
        )

    from etl.readers.detect import read_file

    path = _rewritten(_small_book(tmp_path / BOMB), "xl/workbook.xml", laughs)
    result = read_file(path, date(2026, 6, 30))
    (reason,) = result.rejects["reason"].to_list()
    assert "declares a document type or entities" in reason, reason


def test_a_part_held_twice_is_refused(tmp_path):
    """Two parts of one name: which the reader would take is unknown, so neither is."""
    import warnings

    path = _small_book(tmp_path / BOMB)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(path, "a") as book:
            book.writestr("xl/sharedStrings.xml", b"<sst/>")
    from etl.readers.detect import read_file

    (reason,) = read_file(path, date(2026, 6, 30)).rejects["reason"].to_list()
    assert "holds a part twice" in reason, reason
