"""A small, fast XLSX writer for the demonstration files (a spreadsheet library writes cell by cell
in Python, which takes seconds per national snapshot; this builds each row's XML in polars).

Cells are numbers or inline strings; merged ranges are written as Excel does, value in the first
cell only. Enough for Parent View's published workbooks, and read back by the same calamine reader
that reads Ofsted's files.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>'
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _head_rows(rows: list[list[str | None]]) -> str:
    out = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{column_letter(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for i, v in enumerate(row)
            if v
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def cell_xml(
    frame: pl.DataFrame,
    text: Callable[[pl.Expr], list[pl.Expr]],
    number: Callable[[pl.Expr], list[pl.Expr]],
    empty: str,
) -> list[pl.Expr]:
    """One expression per column giving each row's cell as XML: `text` of the escaped string for
    a text column, `number` of the value as a string otherwise, `empty` for a null (used by this
    writer and by etl/demo/ods.py)."""
    cells = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.String:
            parts = text(column.str.replace_all("&", "&amp;").str.replace_all("<", "&lt;"))
        else:
            parts = number(column.cast(pl.String))
        cells.append(pl.when(column.is_null()).then(pl.lit(empty)).otherwise(pl.concat_str(parts)))
    return cells


def _body_rows(frame: pl.DataFrame, first_row: int) -> str:
    """Each frame row as one <row>: strings inline, numbers as values, nulls as empty cells."""
    cells = cell_xml(
        frame,
        lambda text: [pl.lit('<c t="inlineStr"><is><t>'), text, pl.lit("</t></is></c>")],
        lambda value: [pl.lit("<c><v>"), value, pl.lit("</v></c>")],
        "<c/>",
    )
    numbered = pl.int_range(first_row, first_row + pl.len()).cast(pl.String)
    rows = frame.select(
        pl.concat_str(pl.lit('<row r="'), numbered, pl.lit('">'), *cells, pl.lit("</row>"))
    )
    return "".join(rows.to_series().to_list())


FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entries carry a time; a fixed one keeps files identical


COMPRESS_LEVEL = 1  # the fastest: level 6 (what an entry gets unless told) took 3x as long


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_xlsx(
    path: Path,
    sheets: list[tuple[str, list[list[str | None]], pl.DataFrame, list[str]]],
) -> None:
    """Write sheets of (name, header rows, data frame, merged ranges like 'F3:J3')."""
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as book:

        def write(name: str, text: str) -> None:
            # an entry made as a ZipInfo takes the default level, not the ZipFile's: say it here
            book.writestr(_entry(name), text, compresslevel=COMPRESS_LEVEL)

        write(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
            ),
        )
        write("_rels/.rels", _ROOT_RELS)
        names = "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, (name, *_rest) in enumerate(sheets, start=1)
        )
        write(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {_NS} {_REL_NS}>'
            f"<sheets>{names}</sheets></workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        write(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http:'
            f'//schemas.openxmlformats.org/package/2006/relationships">{relations}</Relationships>',
        )
        for n, (_name, head, frame, merges) in enumerate(sheets, start=1):
            merged = (
                f'<mergeCells count="{len(merges)}">'
                + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                + "</mergeCells>"
                if merges
                else ""
            )
            write(
                f"xl/worksheets/sheet{n}.xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>'
                f"<sheetData>{_head_rows(head)}{_body_rows(frame, len(head) + 1)}</sheetData>"
                f"{merged}</worksheet>",
            )
