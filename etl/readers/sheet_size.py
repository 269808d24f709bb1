"""How far each sheet of an .xlsx reaches, read from its XML before the workbook reader sees it.

The workbook reader (calamine) makes a sheet one dense grid from A1 to its last used cell, so a
5 KB file with a single cell at BXY200001 asks for 12.8 GB and the build dies with an allocation
failure, naming no file (an external security test, attack 8 finding 5). Here each worksheet's XML
is scanned in pieces (never held whole) for its dimension and the furthest row and cell it names,
and a sheet beyond what a published table can be is refused, naming the file, the sheet and the
cell. Cells and rows without their own reference are counted on from the one before, as Excel
reads them.

The reader also holds some parts whole: the shared strings (every text cell's text, kept at about
four times its size: 300 MB of text, a 300 KB file, took 1.2 GB), the workbook's list of sheets,
its styles. So every part but the worksheets may unpack to MAX_PART_BYTES at most, and the
worksheets together to MAX_SHEETS_BYTES (an inline string is held whole too); both are counted as
the part is read, whatever the archive declares. The lists of sheets are parsed with defusedxml (no
document type, no entities). A national Parent View workbook unpacks to about 31 MB.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_ROWS = 500_000  # GIAS, the largest national file, has about 50,000 schools
MAX_COLUMNS = 2_000  # a Parent View workbook has about 90
MAX_CELLS = 20_000_000  # rows x columns of the grid the reader makes (a national file: ~2 million)
CHUNK = 1 << 22  # bytes of XML scanned at a time
MAX_PART_BYTES = 100_000_000  # a part other than a worksheet, unpacked (a national file's: < 2 MB)
MAX_SHEETS_BYTES = 1_000_000_000  # all the worksheets, unpacked (a national file's: about 31 MB)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\sref="(?:[A-Z]+\d+:)?([A-Z]{1,7})(\d{1,12})"'
)
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb'\sr="([A-Z]{0,7})(\d{1,12})"')
# the fast path, when every row and cell names its place first, unprefixed (as Excel, xlsxwriter
# and openpyxl write them)
_ROW_REFS = re.compile(rb'<row r="(\d{1,12})"')
_CELL_REFS = re.compile(rb'<c r="([A-Z]{1,7})(\d{1,12})"')


def _all_placed(text: bytes, rows: list, cells: list) -> bool:
    if b":c " in text or b":row " in text:  # prefixed tags (<x:c ...>): the slow path
        return False
    cells_and_rows = sum(text.count(t) for t in (b"<c ", b"<c>", b"<c/>", b"<row"))
    return cells_and_rows - text.count(b"<rowBreaks") == len(rows) + len(cells)


REFUSED = "refused unread (a damaged or crafted file)"


class SheetTooLarge(Exception):
    """A sheet reaching beyond MAX_ROWS, MAX_COLUMNS or MAX_CELLS (the message says which); for
    an .ods, also a workbook whose contents cannot be measured (etl/readers/ods_size.py), where
    `sheet` is None."""

    def __init__(self, sheet: str | None, reason: str) -> None:
        self.sheet = sheet
        self.reason = reason
        super().__init__(reason)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Reach:
    rows: int = 0
    columns: int = 0

    def check(self, sheet: str, how: str) -> None:
        cell = f"{column_letters(self.columns) or 'A'}{self.rows or 1}"
        if (
            self.rows > MAX_ROWS
            or self.columns > MAX_COLUMNS
            or self.rows * self.columns > MAX_CELLS
        ):
            raise SheetTooLarge(
                sheet,
                f"{how} reaches cell {cell} ({self.rows:,} rows by {self.columns:,} columns), "
                f"beyond the {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns or {MAX_CELLS:,} cells "
                f"a published table can have: {REFUSED}",
            )


def unpacked(
    book: zipfile.ZipFile, part: str, limit: int, before: int = 0, *, said: str | None = None
) -> Iterator[bytes]:
    """The part of a workbook (an .xlsx or .ods, both zip archives) unpacked, a piece at a time;
    SheetTooLarge once it (with `before` bytes of the parts counted with it) unpacks to more than
    `limit`, said by the archive or found reading, or when it cannot be unpacked. `said` is the
    refusal's reason (an .xlsx part's, naming the part, unless given)."""
    info, read = book.getinfo(part), before
    reason = said or (
        f"its part {part} unpacks to more than {limit / 1e6:,.0f} MB"
        + (" with the worksheets before it" if before else "")
        + " (a national file unpacks to about 31 MB in all)"
    )
    too_large = SheetTooLarge(None, f"{reason}: {REFUSED}")
    if before + info.file_size > limit:
        raise too_large
    try:
        with book.open(info) as stream:
            while piece := stream.read(CHUNK):
                read += len(piece)
                if read > limit:
                    raise too_large
                yield piece
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as error:
        raise SheetTooLarge(
            None, f"its part {part} could not be unpacked ({error}): {REFUSED}"
        ) from error


def _whole(book: zipfile.ZipFile, part: str) -> bytes:
    return b"".join(unpacked(book, part, MAX_PART_BYTES))


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's name and the path of its XML in the zip."""
    workbook = fromstring(_whole(book, "xl/workbook.xml"))
    rels = fromstring(_whole(book, "xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


def _scan(book: zipfile.ZipFile, part: str, sheet: str, before: int) -> int:
    """Refuse the sheet if it reaches too far; the bytes read, with `before`."""
    reach, row, column, tail, first = Reach(), 0, 0, b"", True
    read = before
    for chunk in unpacked(book, part, MAX_SHEETS_BYTES, before):
        read += len(chunk)
        text = tail + chunk
        cut = text.rfind(b"<")  # a tag cut by the chunk's end is scanned with the next one
        text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        if first and (dimension := _DIMENSION.search(text)):  # it comes before the rows
            declared = Reach(int(dimension[2]), column_number(dimension[1].decode()))
            declared.check(sheet, "its declared dimension")
        rows, cells = _ROW_REFS.findall(text), _CELL_REFS.findall(text)
        if _all_placed(text, rows, cells):
            letters = set(map(itemgetter(0), cells))
            numbers = set(map(int, set(rows).union(map(itemgetter(1), cells))))
            column = max((column_number(x.decode()) for x in letters), default=column)
            row = max(numbers, default=row)
            reach.columns, reach.rows = max(reach.columns, column), max(reach.rows, row)
        else:  # counted on from the row or cell before, one tag at a time
            for tag in _ROW_OR_CELL.finditer(text):
                ref = _REF.search(tag[2])
                if tag[1] == b"row":
                    row = int(ref[2]) if ref and not ref[1] else row + 1
                    column = 0
                else:
                    column = column_number(ref[1].decode()) if ref and ref[1] else column + 1
                    row = int(ref[2]) if ref and ref[1] else row
                    reach.columns = max(reach.columns, column)
                reach.rows = max(reach.rows, row)
        reach.check(sheet, "it")
        first = False
    return read


def check_sheet_sizes(path: Path) -> None:
    """SheetTooLarge for the first sheet of the .xlsx/.xlsm at `path` that reaches too far;
    nothing for a workbook that is not a readable zip (the reader says what is wrong with it)."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with book:
        try:
            parts = _sheet_parts(book)
        except (KeyError, ParseError):
            return
        except DefusedXmlException as error:
            raise SheetTooLarge(
                None,
                f"its list of sheets declares a document type or entities, which no spreadsheet "
                f"does: {REFUSED}",
            ) from error
        names = book.namelist()
        if len(set(names)) < len(names):
            raise SheetTooLarge(
                None, f"it holds a part twice, so which would be read is unknown: {REFUSED}"
            )
        read = 0
        for sheet, part in parts.items():
            if part in names:
                read = _scan(book, part, sheet, read)
        for part in names:
            if part not in parts.values() and not part.endswith("/"):
                for _ in unpacked(book, part, MAX_PART_BYTES):
                    pass
