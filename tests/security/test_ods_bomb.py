"""Attack 8, finding 5 again, as an OpenDocument spreadsheet: an .ods writes a run of alike rows
or cells once with how many times it repeats, so a file of under 1 KB can ask the workbook reader
for billions of cells (an 807-byte file of one value repeated over 16,384 columns and 6,000 rows
stopped the process), for millions of blank cells it lists (2.8 KB, 4.4 GB) or for text (100
copies of a cell of 10 million spaces, 805 bytes, 2.9 GB). The contents are measured first, as
the reader builds its sheets: such a file is rejected as a whole, naming the file, the sheet and
why, and the build goes on; LibreOffice's padding (empty rows and cells repeated to the sheet's
last row and column), which the reader never makes, is no reason to refuse a file.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from etl.readers import ods_size
from etl.readers.detect import read_file
from tests.ods import LAST_COLUMN, Merge, tables_xml, write_content, write_ods
from tests.security.builds import etl_build, with_published_files
from tests.test_parent_view_layouts import cover, new_set_header, new_set_row, school_sheet

TEXT = '<table:table-cell office:value-type="string"{}><text:p>{}</text:p></table:table-cell>'
NUMBER = (
    '<table:table-cell office:value-type="float" office:value="1"{}><text:p>1</text:p>'
    "</table:table-cell>"
)
EMPTY = '<table:table-cell table:number-columns-repeated="{}"/>'


def row(*cells: str, repeated: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{times}>{''.join(cells)}</table:table-row>"


def table(name: str, *rows: str) -> str:
    return f'<table:table table:name="{name}">{"".join(rows)}</table:table>'


def times(n: int) -> str:
    return f' table:number-columns-repeated="{n}"'


URN_TABLE = (
    row(TEXT.format("", "URN"), TEXT.format("", "x")),
    row(NUMBER.format(""), TEXT.format("", "a")),
)
# the crafted files, each a few KB, and what their reason names
BOMBS = {
    # the .xlsx tester's shape: a one-row URN table and a cell at BXY200001, reached by an empty
    # row repeated to row 200,000 and an empty cell repeated to column 2,000
    "far_cell": (
        table(
            "Sheet1",
            *URN_TABLE,
            row(EMPTY.format(LAST_COLUMN), repeated=199_998),
            row(EMPTY.format(2000), TEXT.format("", "z")),
        ),
        ["'Sheet1'", "with its repeated rows and cells, it reaches cell BXY200001"],
    ),
    # 1,300 rows listing 16,383 empty cells and one more: 21 million cells made, a grid of 2 by 2
    "blank_cells_listed": (
        table("Sheet1", *URN_TABLE, *[row(EMPTY.format(16_383), "<table:table-cell/>")] * 1300),
        ["'Sheet1'", "its rows list 20,", "blank ones included"],
    ),
    # 60 copies of a cell of 2 million spaces
    "spaces": (
        table(
            "Sheet1",
            *URN_TABLE,
            row(TEXT.format(times(60), 'a<text:s text:c="2000000"/>b')),
        ),
        ["'Sheet1'", "its cells hold 120,000,", "characters"],
    ),
    # three sheets of 7 million cells each, each under the limit, all held at once
    "sheets_together": (
        "".join(
            table(name, *URN_TABLE, row(NUMBER.format(times(1000)), repeated=7000))
            for name in ("A", "B", "C")
        ),
        ["'C'", "with the sheets before it, the workbook reaches 21,0"],
    ),
    "not_well_formed": (
        table("Sheet1", *URN_TABLE).replace("</table:table-row>", "</table:table-rows>", 1),
        ["its contents are not well-formed (mismatched tag", "cannot be checked"],
    ),
}


def bomb(path: Path, kind: str) -> Path:
    write_content(path, tables_xml(BOMBS[kind][0]))
    assert path.stat().st_size < 10_000
    return path


def rejected(path: Path) -> str:
    """The reason the workbook was rejected as a whole, and that it was."""
    result = read_file(path, date(2026, 6, 30))
    assert result.tables == {}
    (reason,) = result.rejects["reason"].to_list()
    assert result.rejects["file"].to_list() == [path.name]
    assert result.rejects["action"].to_list() == ["file rejected"]
    return reason


@pytest.mark.parametrize("kind", BOMBS)
def test_an_ods_asking_for_too_much_is_rejected_unread_naming_sheet_and_why(tmp_path, kind):
    reason = rejected(bomb(tmp_path / f"parent_view_2026-06-30_{kind}.ods", kind))
    for words in BOMBS[kind][1]:
        assert words in reason
    assert reason.endswith("refused unread (a damaged or crafted file)")


def test_contents_unpacking_too_far_are_refused(tmp_path, monkeypatch):
    """1 GB of blank space from a 1 MB file: the reader holds it whole. Here the limit is made
    small, and the contents a little larger."""
    monkeypatch.setattr(ods_size, "MAX_CONTENT_BYTES", 100_000)
    spaces = TEXT.format("", "a" + " " * 100_000)
    path = write_content(tmp_path / "big.ods", tables_xml(table("Sheet1", *URN_TABLE, row(spaces))))
    assert "its contents unpack to more than" in rejected(path)


def test_contents_held_twice_are_refused(tmp_path):
    """Which of two `content.xml` the reader takes is not ours to guess: the archive is refused."""
    path = bomb(tmp_path / "twice.ods", "far_cell")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "a") as book:
        book.writestr("content.xml", tables_xml(table("Sheet1", *URN_TABLE)))
    assert "it holds its contents twice" in rejected(path)


# --- what the reader makes, and so what is counted ----------------------------------------------


def sheets(*rows: list) -> list:
    return [("Sheet1", [list(r) for r in rows])]


SHAPES = {
    "plain": sheets(["URN", "x"], [100001, "a"]),
    "empty": sheets([None, None]),
    "merged": sheets(["URN", Merge("Q1", 3)], [100001, 1, 2, 3]),
    "ragged": sheets(["URN"], [100001, None, None, "far"], [None], [None, 5]),
    "blank_rows_between": sheets(["URN", "x"], [None], [None], [100001, "a"]),
    "blank_rows_first": sheets([None], [None, None], ["URN", "x"]),
}


@pytest.mark.parametrize("padded", [False, True], ids=["as written", "LibreOffice's padding"])
@pytest.mark.parametrize("shape", SHAPES)
def test_each_sheet_is_counted_as_the_reader_makes_it(tmp_path, shape, padded):
    """The grid counted is the reader's, padding to row 1,048,576 and column 16,384 or not."""
    path = write_ods(tmp_path / "shape.ods", SHAPES[shape], padded=padded)
    reaches = ods_size.check_ods_sizes(path)
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        assert (reaches[name].rows, reaches[name].columns) == (
            len(grid),
            max(map(len, grid), default=0),
        )


def test_a_file_saved_by_libreoffice_reads_as_it_was_written(tmp_path):
    """A Parent View release with every sheet padded as LibreOffice saves it (each row's empty
    cells to column 16,384, the empty rows to row 1,048,576): the same rows, nothing refused."""
    rows = [new_set_row(100000 + n, 100 + n) for n in range(300)]
    book = [
        cover("between 10 November 2025 and 6 April 2026"),
        school_sheet("Table_3", new_set_header(), rows),
    ]
    name = "parent_view_management_information_as_at_6_April_2026.ods"
    (tmp_path / "plain").mkdir()
    (tmp_path / "padded").mkdir()
    plain = read_file(write_ods(tmp_path / "plain" / name, book), date(2026, 4, 6))
    padded = read_file(write_ods(tmp_path / "padded" / name, book, padded=True), date(2026, 4, 6))
    assert padded.rejects.equals(plain.rejects)
    assert padded.tables.keys() == plain.tables.keys() and plain.tables
    for table_name, frame in plain.tables.items():
        assert padded.tables[table_name].equals(frame)
        assert frame.height > 0


# --- the build ----------------------------------------------------------------------------------


def test_the_build_rejects_them_and_goes_on(demo_warehouse, tmp_path):
    """`python -m etl build` with the bombs beside the published files, memory capped as the
    tester capped it (the 807-byte file's 98 million cells stopped the process): exit 0, the other
    files loaded, each bomb in the load log with its reason."""
    raw = with_published_files(tmp_path / "raw", demo_warehouse)
    stopper = table(
        "Sheet1",
        *URN_TABLE,
        row(TEXT.format(times(LAST_COLUMN), "x"), repeated=6000),
    )
    write_content(raw / "parent_view_2026-06-30_repeated.ods", tables_xml(stopper))  # read first
    for kind in ("far_cell", "blank_cells_listed"):
        bomb(raw / f"parent_view_2026-07-01_{kind}.ods", kind)
    target = tmp_path / "warehouse.duckdb"
    done = etl_build(raw, target, capped=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "rejected as a whole, the build going on without it: sheet 'Sheet1'" in done.stdout
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select count(*) from schools").fetchone()[0] > 0
        reasons = dict(
            con.execute(
                "select l.file, r.reason from rejects as r join load_log as l using (file_id) "
                "where l.file like '%.ods'"
            ).fetchall()
        )
    assert "reaches cell XFD6002" in reasons["parent_view_2026-06-30_repeated.ods"]
    assert "cell BXY200001" in reasons["parent_view_2026-07-01_far_cell.ods"]
    assert "blank ones included" in reasons["parent_view_2026-07-01_blank_cells_listed.ods"]
