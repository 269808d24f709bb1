"""How far each sheet of an .ods reaches, read from its XML before the workbook reader sees it.

An OpenDocument spreadsheet writes a run of alike rows or cells once, with how many times it
repeats (`table:number-rows-repeated`, `table:number-columns-repeated`), so a file of under 1 KB
can ask the reader (calamine) for a sheet of billions of cells, as an .xlsx can with one far cell
(etl/readers/sheet_size.py). Here the contents (`content.xml`) are parsed as a stream and each
sheet is counted as the reader builds it, which crafted files measured (python-calamine 0.9.1):

- the grid, from A1 to the last row and column holding a value or a formula, each repeat of such
  a row counted. Empty rows and cells repeated after the last value are never made: LibreOffice
  ends a sheet with an empty row repeated to row 1,048,576, and rows with an empty cell repeated
  to the last column, and a national file of 21,000 rows so padded read in 37 MB, as without it.
  A grid of 20 million cells took 2.6 GB; 98 million (an 807-byte file) stopped the process.
- the cells each written row lists, repeats spelled out, before the grid is cut from them: all
  but an empty run ending the row. 5,000 rows of 16,384 empty cells and one more (2.8 KB) took
  4.4 GB and gave a grid of 2 by 2.
- text copied: a cell's text (and formula) is copied into each repeat, and `<text:s text:c="n"/>`
  in a text cell stands for n spaces; 100 repeats of a cell of 10 million spaces (805 bytes) took
  2.9 GB.
- the whole workbook: the reader holds every sheet of an .ods at once, so the limits on cells and
  text are of all its sheets together.

Names are matched as the reader matches them, prefix and all (a row written `<t:table-row>`, `t`
bound to the table namespace, is not read). The contents are read to MAX_CONTENT_BYTES unpacked at
most (a national file's unpack to about 300 MB; 1 GB of blank space, from a 1 MB file, took the
reader 1 GB). A workbook that cannot be measured (contents not well-formed, held twice or damaged)
is refused too: it is never handed to the reader unchecked.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXParseException

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from etl.errors import FileProblem
from etl.readers.sheet_size import MAX_CELLS, REFUSED, Reach, SheetTooLarge, unpacked

MAX_TEXT = 100_000_000  # characters in a workbook's cells, copies and spaces counted
MAX_CONTENT_BYTES = 1_000_000_000  # the contents unpacked (a national file's: about 300 MB)
MAX_MANIFEST_BYTES = 1_000_000  # the list of parts the reader also reads (a few hundred bytes)
CONTENT, MANIFEST = "content.xml", "META-INF/manifest.xml"

_TABLE, _ROW, _SPACES = "table:table", "table:table-row", "text:s"
_CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
_ROWS_REPEATED = "table:number-rows-repeated"
_COLUMNS_REPEATED = "table:number-columns-repeated"
# A cell with no other attribute holds nothing the reader keeps; any other (a value, its type, a
# formula) is taken to hold something.
_LOOKS_ONLY = frozenset(
    {
        "table:style-name",
        _COLUMNS_REPEATED,
        "table:number-columns-spanned",
        "table:number-rows-spanned",
        "table:content-validation-name",
        "table:protect",
        "table:protected",
    }
)
# what the reader keeps of a cell as text, copied into each repeat
_KEPT = ("office:string-value", "office:date-value", "office:time-value", "table:formula")


def _count(repeats: str) -> int:
    """A count of repeats or spaces; one that is not a number the reader refuses itself, so it
    counts once."""
    try:
        return max(int(repeats), 0)
    except ValueError:
        return 1


@dataclass
class _Sheet:
    name: str
    reach: Reach = field(default_factory=Reach)
    rows: int = 0  # rows so far, repeats counted
    listed: int = 0  # cells the written rows list
    text: int = 0  # characters, copies and spaces counted


class _Measure(DefusedExpatParser):
    """Counts each sheet as the contents stream past (defusedxml's expat: no document type, no
    entities), refusing one that reaches too far as soon as a row takes it there."""

    def __init__(self) -> None:
        super().__init__(forbid_dtd=True)
        self.sheet: _Sheet | None = None
        self.reaches: dict[str, Reach] = {}  # each sheet read, as the reader will make it
        self.cells_before = self.text_before = 0  # of the sheets before this one
        self.depth = 0
        self.row_depth = 0  # the open row's depth; 0 outside a row
        self.row_repeats = self.row_at = self.row_last = self.row_listed = self.row_blank = 0
        self.cell_depth = 0  # the open cell's depth within a row; 0 outside one
        self.cell_copies = self.cell_text = 0
        self.cell_reads = False  # a text cell, whose paragraphs the reader reads

    def reset(self) -> None:
        super().reset()  # a new expat parser, with defusedxml's guards
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = None  # text is counted in cells that repeat only

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.cell_depth:  # within a cell: the reader reads a text cell's paragraphs and spaces
            if self.cell_reads:
                self.cell_text += _count(attrs.get("text:c", "1")) if name == _SPACES else 1
        elif self.sheet is None:
            if name == _TABLE:
                self.sheet = _Sheet(attrs.get("table:name", ""))
        elif name == _ROW and not self.row_depth:
            self.row_depth = self.depth
            repeats = attrs.get(_ROWS_REPEATED)
            self.row_repeats = _count(repeats) if repeats else 1
            self.row_at = self.row_last = self.row_listed = self.row_blank = 0
        elif name in _CELLS and self.row_depth:
            self._cell(attrs)

    def _cell(self, attrs: dict[str, str]) -> None:
        repeats = attrs.get(_COLUMNS_REPEATED)
        copies = _count(repeats) if repeats else 1
        self.row_listed += self.row_blank  # a blank run is listed once a cell follows it
        self.row_at += copies
        filled = not attrs.keys() <= _LOOKS_ONLY
        if filled:
            self.row_listed += copies
            self.row_last = self.row_at
        self.row_blank = 0 if filled else copies
        self.cell_depth = self.depth
        self.cell_copies = copies * self.row_repeats
        self.cell_reads = filled and attrs.get("office:value-type") == "string"
        self.cell_text = 0
        if filled and self.cell_copies > 1:  # the text it keeps is copied: count it all
            self.cell_text = sum(len(attrs.get(kept, "")) for kept in _KEPT)
            if self.cell_reads:
                self._parser.CharacterDataHandler = self._characters

    def _characters(self, text: str) -> None:
        self.cell_text += len(text)

    def _end(self, name: str) -> None:
        depth, self.depth = self.depth, self.depth - 1
        if self.cell_depth:
            if depth == self.cell_depth:
                self.sheet.text += self.cell_text * self.cell_copies
                self.cell_depth = 0
                self._parser.CharacterDataHandler = None
        elif depth == self.row_depth:
            self._row_end()
        elif name == _TABLE and self.sheet is not None:  # the reader's sheet ends at the first
            self.cells_before += self.sheet.reach.rows * self.sheet.reach.columns
            self.text_before += self.sheet.text
            self.reaches[self.sheet.name] = self.sheet.reach
            self.sheet = None

    def _row_end(self) -> None:
        sheet, self.row_depth = self.sheet, 0
        sheet.listed += self.row_listed  # an empty run ending the row is not
        sheet.rows += self.row_repeats
        if self.row_last:
            sheet.reach.rows = sheet.rows
            sheet.reach.columns = max(sheet.reach.columns, self.row_last)
        sheet.reach.check(sheet.name, "with its repeated rows and cells, it")
        if sheet.listed > MAX_CELLS:
            raise SheetTooLarge(
                sheet.name,
                f"its rows list {sheet.listed:,} cells, blank ones included, beyond the "
                f"{MAX_CELLS:,} cells a published table can have: {REFUSED}",
            )
        cells = self.cells_before + sheet.reach.rows * sheet.reach.columns
        if cells > MAX_CELLS:
            raise SheetTooLarge(
                sheet.name,
                f"with the sheets before it, the workbook reaches {cells:,} cells, beyond the "
                f"{MAX_CELLS:,} cells a published workbook can have (every sheet of an .ods is "
                f"read at once): {REFUSED}",
            )
        text = self.text_before + sheet.text
        if text > MAX_TEXT:
            raise SheetTooLarge(
                sheet.name,
                f"its cells hold {text:,} characters once repeated cells and spaces are counted, "
                f"beyond the {MAX_TEXT:,} a published workbook can have: {REFUSED}",
            )


def _pieces(book: zipfile.ZipFile, part: str, limit: int) -> Iterator[bytes]:
    """The part unpacked a piece at a time, refused beyond `limit` (sheet_size.unpacked)."""
    said = (
        f"its contents unpack to more than {limit / 1e6:,.0f} MB (a national file's unpack to "
        "about 300 MB)"
    )
    return unpacked(book, part, limit, said=said)


def check_ods_sizes(path: Path) -> dict[str, Reach]:
    """Each sheet's reach, the grid the reader will make of it; SheetTooLarge for an .ods whose
    sheets reach too far, or whose contents cannot be measured, and FileProblem for one that is
    not a zip archive: the reader never opens either."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise FileProblem(
            path.name, f"could not be opened as a workbook: not a zip archive ({error})"
        ) from error
    with book:
        names = [info.filename for info in book.infolist()]
        if names.count(CONTENT) > 1 or names.count(MANIFEST) > 1:
            raise SheetTooLarge(
                None, f"it holds its contents twice, so which would be read is unknown: {REFUSED}"
            )
        measure = _Measure()
        try:
            if MANIFEST in names:
                for _ in _pieces(book, MANIFEST, MAX_MANIFEST_BYTES):
                    pass
            if CONTENT in names:  # without it, the reader says the file is not a spreadsheet
                for piece in _pieces(book, CONTENT, MAX_CONTENT_BYTES):
                    measure.feed(piece)
                measure.close()
        except SAXParseException as error:
            raise SheetTooLarge(
                None,
                f"its contents are not well-formed ({error.getMessage()} at line "
                f"{error.getLineNumber():,}, column {error.getColumnNumber():,}), so how far its "
                f"sheets reach cannot be checked: {REFUSED}",
            ) from error
        except DefusedXmlException as error:
            raise SheetTooLarge(
                None,
                f"its contents declare a document type or entities, which no spreadsheet does: "
                f"{REFUSED}",
            ) from error
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as error:
            raise SheetTooLarge(
                None,
                f"its contents could not be unpacked ({error}), so how far its sheets reach "
                f"cannot be checked: {REFUSED}",
            ) from error
    return measure.reaches
