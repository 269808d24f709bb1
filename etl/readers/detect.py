"""Pick the reader for a file by its header, not its name, and run it."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import polars as pl

from etl.checks import combine_rejects
from etl.errors import FileProblem
from etl.readers.corrections import read_corrections
from etl.readers.engagement import read_engagement
from etl.readers.gias import read_gias
from etl.readers.ofsted_mi import read_ofsted_mi
from etl.readers.parent_view import (
    is_parent_view,
    one_precision_per_file,
    question_wording,
    read_parent_view,
)
from etl.readers.questionnaires import read_inspection_questionnaire, read_own_survey
from etl.readers.report_pdf import PdfLimits
from etl.readers.report_text import read_report
from etl.readers.result import ReadResult
from etl.readers.sheet_size import SheetTooLarge
from etl.readers.text_csv import RawTable, read_csv_text
from etl.readers.workbook import WORKBOOK_SUFFIXES, read_workbook_tables
from schemas.sources import LAYOUTS, SourceLayout, as_at_from_lines, normalise_header

REPORT_SUFFIXES = frozenset({".txt", ".pdf"})
READABLE_SUFFIXES = frozenset({".csv"}) | WORKBOOK_SUFFIXES | REPORT_SUFFIXES


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


AS_AT_FORMS = (
    "in the file name as published (..._as_at_28_Feb_2026.csv, '... as at 31 August 2023', "
    "31-08-2023, 2023-08-31 or 20230831), in an 'as at <date>' line above the table, or on a "
    "cover sheet ('Period covered: between ... and <date>', 'Published on: <date>')"
)


def snapshot_date(file: str, as_at: date | None, what: str = "results") -> date:
    """A dated publication's as-at date (Parent View, Ofsted MI): found in its name, above its
    table or on its cover sheet; only when it is nowhere does the build ask for one."""
    if as_at:
        return as_at
    raise FileProblem(
        file,
        f"no 'as at' date found anywhere: {what} cannot be placed in time. The build reads "
        f"one {AS_AT_FORMS}",
    )


MIXED_LAYOUTS = "mixed layouts: "  # starts no public layout's name (lens/data/scoping.py)


def merged_layout(layout_ids: list[str]) -> str:
    """A workbook's layout: its tables' one layout, or, when its sheets are of different layouts,
    'mixed layouts: a, b', which no public layout's name starts, so the file's load-log line and
    rejects are scoped as non-public (lens/data/scoping.py): a Parent View sheet first must not
    make another LA's own survey on the next sheet public, its rejects and counts with it."""
    distinct = list(dict.fromkeys(layout_ids))
    return distinct[0] if len(distinct) == 1 else MIXED_LAYOUTS + ", ".join(distinct)


def _merge(file: str, results: list[ReadResult]) -> ReadResult:
    tables: dict[str, list[pl.DataFrame]] = {}
    for result in results:
        for name, frame in result.tables.items():
            tables.setdefault(name, []).append(frame)
    return ReadResult(
        file,
        merged_layout([r.layout_id for r in results]),
        sum(r.rows_read for r in results),
        {name: pl.concat(frames, how="vertical") for name, frames in tables.items()},
        combine_rejects([r.rejects for r in results]),
        notes=list(dict.fromkeys(note for r in results for note in r.notes)),  # each note once
    )


def _read_table(
    raw: RawTable, stated: date | None, today: date, wording: dict[str, str] | None = None
) -> ReadResult:
    if is_parent_view(raw):
        return read_parent_view(raw, snapshot_date(raw.file, stated), wording)
    layout = detect_layout(raw).resolved(set(raw.headers))
    check_required_columns(raw, layout)
    if layout.source == "ofsted_mi":  # the date Ofsted asks re-users to show beside figures
        stated = snapshot_date(raw.file, stated, "inspection outcomes")
    as_at = stated or today
    readers = {
        "gias": lambda: read_gias(raw, as_at),
        "ofsted_mi": lambda: read_ofsted_mi(raw, layout, as_at),
        "questionnaire_inspection": lambda: read_inspection_questionnaire(raw, as_at),
        "questionnaire_survey": lambda: read_own_survey(raw, as_at),
        "engagement": lambda: read_engagement(raw, as_at),
        "report_corrections": lambda: read_corrections(raw, layout),
    }
    return readers[layout.source]()


def _rejected(file: str, layout_id: str, reason: str) -> ReadResult:
    """A whole file rejected with its reason, as the load log and rejects record it."""
    reject = pl.DataFrame(
        {
            "file": [file],
            "line": [None],
            "column_name": ["whole file"],
            "value": [None],
            "reason": [reason],
            "action": ["file rejected"],
        },
        schema_overrides={"line": pl.Int64, "value": pl.String},
    )
    return ReadResult(file, layout_id, 1, {}, reject)


def _report_or_reject(path: Path, limits: PdfLimits | None) -> ReadResult:
    """A report that cannot be read is rejected with its reason; the build carries on."""
    try:
        return read_report(path, limits)
    except FileProblem as problem:
        return _rejected(path.name, "inspection_report_text", problem.reason)


# A file refused unread (a workbook asking for too much, a link): of no known layout, so its
# load-log line and reject are not public (lens/data/scoping.py), as its name may say whose it is.
REFUSED_UNREAD = "refused_unread"
# A symbolic link in the folder of published files is never followed, wherever it points: one
# pointing outside it could make the build read any file the server can read, and show its rows
# on the rejects page (an external security review).
LINK_REFUSED = (
    "a link to another file (a symbolic link), not a file itself: links in the folder of "
    "published files are never followed, as one could make the build read any file on the "
    "server; refused unread (put the file itself in the folder)"
)


def read_file(
    path: Path,
    stated: date | None,
    today: date | None = None,
    report_limits: PdfLimits | None = None,
) -> ReadResult:
    """Read, recognise and validate one published file (a workbook may hold several tables);
    `report_limits`, how much of a report PDF is read (from the settings when not given)."""
    today = today or date.today()
    if path.is_symlink():  # looked at again as it is read: never opened
        result = _rejected(path.name, REFUSED_UNREAD, LINK_REFUSED)
        result.as_at = stated
        return result
    if path.suffix.lower() in REPORT_SUFFIXES:
        report = _report_or_reject(path, report_limits)
        report.as_at = stated
        return report
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        try:
            book = read_workbook_tables(path)
        except SheetTooLarge as refused:  # recorded, and the build carries on without it
            where = f"sheet '{refused.sheet}': " if refused.sheet is not None else ""
            result = _rejected(path.name, REFUSED_UNREAD, f"{where}{refused}")
            result.as_at = stated
            return result
        as_at, notes = _as_at(stated, book.titles)
        wording = question_wording(book.other_sheets)  # a Parent View wording sheet (Table_1)
        result = _merge(path.name, [_read_table(raw, as_at, today, wording) for raw in book.tables])
        if len(book.tables) > 1:
            result.notes.append(f"{len(book.tables)} school-level tables read")
    else:
        raw = read_csv_text(path)
        as_at, notes = _as_at(stated, [raw.title] if raw.title else [])
        result = _read_table(raw, as_at, today)
        if raw.encoding not in ("utf-8", "utf-8-sig"):
            result.notes.append(f"decoded as {raw.encoding}")
        if raw.title:
            result.notes.append(f"title line above the header: {raw.title[:80]!r}")
    result = one_precision_per_file(result)
    result.as_at = as_at
    result.notes += notes
    return result


def _as_at(from_name: date | None, lines: list[str]) -> tuple[date | None, list[str]]:
    """The file's as-at date: its name's, else the one stated inside; a disagreement is noted."""
    inside = as_at_from_lines(lines)
    if from_name and inside and from_name != inside:
        return from_name, [
            f"the name says as at {from_name:%-d %B %Y} but the file says {inside:%-d %B %Y}: "
            "the name's date is used"
        ]
    return from_name or inside, []
