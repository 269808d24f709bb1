"""Turn a published CSV's bytes into a frame of strings, whatever its encoding and preamble.

Handles what real files do: a UTF-8 BOM, Windows-1252 text, CRLF, a title line above the header,
ragged rows (extra trailing fields are dropped, missing ones are empty), and tells apart files that
are empty, binary or have no header at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.errors import FileProblem
from schemas.sources import normalise_header

HEAD_BYTES = 256 * 1024
HEADER_SEARCH_LINES = 20
LINE_COLUMN = "_line"


@dataclass(frozen=True)
class RawTable:
    """A file's rows as strings, keyed by normalised header, with each row's line number."""

    file: str
    frame: pl.DataFrame  # columns: normalised headers, plus LINE_COLUMN
    headers: dict[str, str]  # normalised header -> header as published
    header_line: int
    encoding: str
    title: str | None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _as_utf8(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes without a BOM, and the encoding it came in. Valid UTF-8 (nearly
    every file) is passed on as it is: decoding and re-encoding a large file costs more than
    reading it."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _decode(data)
        return text.encode("utf-8"), encoding
    return body, "utf-8-sig" if body is not data else "utf-8"


def _check_not_binary(name: str, head: bytes) -> None:
    if head.startswith(b"PK\x03\x04"):
        raise FileProblem(name, "this is a zipped workbook (XLSX/ODS), not a CSV: save it as CSV")
    if head.startswith(b"%PDF"):
        raise FileProblem(name, "this is a PDF, not a CSV")
    nul = head.find(b"\x00")
    if nul != -1:
        raise FileProblem(name, f"binary data, not a CSV text file (a NUL byte at byte {nul + 1})")


def _find_header(name: str, head_text: str) -> tuple[int, list[str]]:
    """The 0-based line index of the header (the first row holding a URN cell) and its cells."""
    lines = head_text.splitlines()[:HEADER_SEARCH_LINES]
    for index, line in enumerate(lines):
        try:
            cells = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            continue
        if any(normalise_header(cell) == "urn" for cell in cells):
            return index, cells
    raise FileProblem(
        name,
        f"no header row with a 'URN' column in the first {HEADER_SEARCH_LINES} lines: "
        "not a recognised schools file",
        line=1,
    )


def read_csv_text(path: Path) -> RawTable:
    """Read a published CSV into strings; raise FileProblem when the file is unusable as a whole."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(name, "the file is empty")
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    _check_not_binary(name, head)
    head_text, _ = _decode(head if size <= HEAD_BYTES else head[: head.rfind(b"\n") + 1])
    header_index, header_cells = _find_header(name, head_text)
    title = head_text.splitlines()[0].strip(' ,"') if header_index else None

    utf8, encoding = _as_utf8(path.read_bytes())
    body = utf8.split(b"\n", header_index)[-1] if header_index else utf8
    try:
        frame = pl.read_csv(
            io.BytesIO(body),
            infer_schema=False,
            truncate_ragged_lines=True,
            has_header=True,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        raise FileProblem(name, f"could not be read as CSV: {error}") from error

    published = [c for c in header_cells]
    if len(frame.columns) != len(published):
        published = list(frame.columns)
    normalised: dict[str, str] = {}
    renames: dict[str, str] = {}
    for polars_name, header in zip(frame.columns, published, strict=True):
        key = normalise_header(header)
        if not key or key in normalised:
            key = f"{key or 'blank'}#{len(renames)}"
        normalised[key] = header
        renames[polars_name] = key
    frame = frame.rename(renames)
    header_line = header_index + 1
    if frame.height == 0:
        raise FileProblem(name, "the file has a header but no data rows", line=header_line)
    frame = frame.with_row_index(LINE_COLUMN, offset=header_line + 1).with_columns(
        pl.col(LINE_COLUMN).cast(pl.Int64)
    )
    return RawTable(name, frame, normalised, header_line, encoding, title)
