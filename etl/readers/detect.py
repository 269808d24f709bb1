"""Pick the reader for a file by its header, not its name, and run it."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from etl.errors import FileProblem
from etl.readers.gias import read_gias
from etl.readers.ofsted_mi import read_ofsted_mi
from etl.readers.result import ReadResult
from etl.readers.text_csv import RawTable, read_csv_text
from schemas.sources import LAYOUTS, SourceLayout, normalise_header

READABLE_SUFFIXES = frozenset({".csv"})


def detect_layout(raw: RawTable) -> SourceLayout:
    """The layout whose signature headers the file has; a clear error when none fits."""
    present = set(raw.headers)
    for layout in LAYOUTS:
        if all(normalise_header(h) in present for h in layout.signature):
            return layout
    known = "; ".join(
        f"{layout.description} (has {', '.join(layout.signature)})" for layout in LAYOUTS
    )
    raise FileProblem(
        raw.file,
        f"header does not match any known layout. Known layouts: {known}",
        line=raw.header_line,
    )


def check_required_columns(raw: RawTable, layout: SourceLayout) -> None:
    """Fail naming the first required column that is really absent, and its nearest match."""
    present = set(raw.headers)
    for header in layout.required_headers():
        if normalise_header(header) not in present:
            near = difflib.get_close_matches(normalise_header(header), list(present), n=1)
            hint = f" (nearest header in the file: '{raw.headers[near[0]]}')" if near else ""
            raise FileProblem(
                raw.file,
                f"required column is missing from the header of this {layout.description}{hint}",
                line=raw.header_line,
                column=header,
            )


def read_file(path: Path, as_at: date) -> ReadResult:
    """Read, recognise and validate one published file."""
    raw = read_csv_text(path)
    layout = detect_layout(raw)
    check_required_columns(raw, layout)
    if layout.source == "gias":
        result = read_gias(raw, as_at)
    else:
        result = read_ofsted_mi(raw, layout, as_at)
    if raw.encoding not in ("utf-8", "utf-8-sig"):
        result.notes.append(f"decoded as {raw.encoding}")
    if raw.title:
        result.notes.append(f"title line above the header: {raw.title[:80]!r}")
    return result
