"""Inspection reports as Ofsted publishes them: a PDF turned into the plain text that
report_text.py parses.

Why not pypdf's extract_text as it comes: its plain mode follows the content stream, which
interleaves the two columns of a page line by line when a producer writes them row by row, and
its layout mode keeps the columns apart but drops the private-use bullet characters (U+F0B7) that
mark the improvement points. So every text run is collected with its position (a visitor), rows
are rebuilt from positions, a two-column stretch is read left column then right column, running
headers and footers repeated on the pages are dropped, and a line that goes on over a page (or
column) break is joined to the line before it.

A scanned PDF (no text to extract), one locked with a password, and a damaged one are refused
with that reason: the build rejects the file and goes on. So is one of more pages than an
inspection report has, or whose text takes too long to read (PdfLimits): pages may share one
content stream, so a crafted file of a few hundred kilobytes can cost seconds a page.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import FileNotDecryptedError

from etl.errors import FileProblem
from schemas.settings import Settings

# Estimates in ems of the font size. Runs carry no width through pypdf's public API, so a run's
# end is estimated from its length; the estimate only tells prose from tables and short from
# full lines, never where to cut.
GLYPH_WIDTH = 0.5  # the average glyph of Arial or Tahoma with its spaces
SAME_ROW = 0.4  # runs whose baselines differ by less than this share a row
ALIGN = 2.0  # points: a column's lines all start at the same x; a bold word mid-line does not
HANGING = 3.0  # a bullet's text starts up to this many ems right of the bullet
MIN_COLUMN_ROWS = 3  # rows where both columns have text before a page counts as two columns
COLUMN_FILL = 0.5  # a row of two columns of prose fills half of each (a table's cells do not)
PARAGRAPH_GAP = 1.4  # a gap above this many usual line pitches ends a paragraph...
PARAGRAPH_EMS = 2.0  # ...or above this many ems of the text's size
EDGE_ROWS = 3  # running headers and footers sit in the first or last rows of a page
ENDS_SENTENCE = tuple(".!?:")
FULL_LINE = 0.75  # a line reaching this share of its flow's width is a full (wrapped) line
PAGE_NUMBER = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.I)
# Ofsted's running headers, known by their form (a short report shows one only once)
RUNNING_LINE = re.compile(
    r"^(inspection report|school report|report card)\s*:|\bpage \d+ of \d+$", re.I
)


@dataclass
class Run:
    """One piece of text as drawn: where its baseline starts, its size and its text."""

    x: float
    y: float
    size: float
    text: str

    @property
    def end(self) -> float:
        return self.x + len(self.text) * self.size * GLYPH_WIDTH


@dataclass
class PdfText:
    """A PDF's text in reading order, and what the reader had to do to get it."""

    text: str
    pages: int
    pages_without_text: list[int] = field(default_factory=list)
    two_column_pages: list[int] = field(default_factory=list)

    def notes(self) -> list[str]:
        notes = [f"read from a PDF of {self.pages} page{'s' * (self.pages != 1)}"]
        if self.two_column_pages:
            pages = ", ".join(map(str, self.two_column_pages))
            notes.append(f"two columns read left then right on page(s) {pages}")
        if self.pages_without_text:
            pages = ", ".join(map(str, self.pages_without_text))
            notes.append(f"no text on page(s) {pages} (scanned images?): their text is missing")
        return notes


@dataclass(frozen=True)
class PdfLimits:
    """How much of a report PDF is read before it is refused: at most `max_pages` pages, and
    `seconds` to read their text (LENS_REPORT_MAX_PAGES and LENS_REPORT_READ_SECONDS). The time is
    checked before each page and as each piece of text is drawn, so a file is stopped within one
    page's reading of its budget (pypdf itself stops a single page's stream at its token limit)."""

    max_pages: int
    seconds: float

    @classmethod
    def of(cls, settings: Settings | None = None) -> PdfLimits:
        settings = settings or Settings.from_env()
        return cls(settings.report_max_pages, settings.report_read_seconds)


class _OutOfTime(Exception):
    """The time to read a PDF's text ran out (raised inside pypdf's page reading)."""


def _open(path: Path) -> PdfReader:
    """The reader, unlocked when only permissions are set (an empty user password)."""
    with path.open("rb") as file:
        head = file.read(1024)
    if not head.strip():
        raise FileProblem(path.name, "the report is empty")
    if b"%PDF" not in head:
        start = head[:20].decode("ascii", errors="replace").strip()
        raise FileProblem(
            path.name,
            f"not a PDF although named .pdf (it starts {start!r}; a web page saved under a PDF "
            "name?): download the report again",
        )
    reader = PdfReader(path)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise FileNotDecryptedError("a password is needed")
    return reader


def _runs(page, deadline: float = float("inf")) -> list[Run]:  # noqa: ANN001 - a pypdf PageObject
    """The upright text runs of a page with their positions (rotated margin text is left out);
    _OutOfTime once time.monotonic() passes `deadline`."""
    runs: list[Run] = []

    def visit(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime
        text = " ".join(text.split())
        if not text:
            return
        a, b, c, d = (
            tm[0] * cm[0] + tm[1] * cm[2],
            tm[0] * cm[1] + tm[1] * cm[3],
            tm[2] * cm[0] + tm[3] * cm[2],
            tm[2] * cm[1] + tm[3] * cm[3],
        )
        if a <= 0 or abs(b) > 0.01 * a or abs(c) > 0.01 * abs(d):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(Run(x, y, abs(size * d) or 10.0, text))

    page.extract_text(visitor_text=visit)
    return runs


def _rows(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped by baseline, top of the page first, each row left to right."""
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if rows and abs(rows[-1][0].y - run.y) <= SAME_ROW * max(run.size, rows[-1][0].size):
            rows[-1].append(run)
        else:
            rows.append([run])
    return [sorted(row, key=lambda r: r.x) for row in rows]


def _row_key(row: list[Run]) -> str:
    """A row's text with page numbers and dates blurred, to see it repeat on other pages."""
    return re.sub(r"\d+", "#", " ".join(" ".join(r.text for r in row).casefold().split()))


def _drop_running_lines(pages: list[list[list[Run]]]) -> None:
    """Drop headers and footers: edge rows repeated on at least two pages and half the pages
    with text (page numbers blurred), Ofsted's running headers, and bare page numbers."""
    with_text = [rows for rows in pages if rows]
    seen: dict[str, int] = {}
    for rows in with_text:
        for key in {_row_key(row) for row in rows[:EDGE_ROWS] + rows[-EDGE_ROWS:]}:
            seen[key] = seen.get(key, 0) + 1
    repeated = {k for k, n in seen.items() if n >= 2 and n * 2 >= len(with_text)}
    for rows in with_text:
        edge = {id(row) for row in rows[:EDGE_ROWS] + rows[-EDGE_ROWS:]}
        rows[:] = [
            row
            for row in rows
            if id(row) not in edge
            or not (_row_key(row) in repeated or _running(" ".join(r.text for r in row)))
        ]


def _running(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text) or RUNNING_LINE.search(text))


def _column_start(rows: list[list[Run]], width: float) -> float | None:
    """Where a right column starts: the x, in the middle of the page, where at least three rows
    have a run with text to its left, all aligned (a bullet's text may hang an indent right of
    its bullet). Whether those rows are prose or a table is for _bands to say."""
    firsts = []  # the first run in the middle of the page with text to its left, by row
    for row in rows:
        run = next((r for r in row[1:] if 0.3 * width <= r.x <= 0.7 * width), None)
        if run:
            firsts.append(run.x)
    indent = HANGING * statistics.median(run.size for row in rows for run in row)
    best: tuple[int, float] | None = None
    for x in firsts:
        if sum(abs(other - x) <= ALIGN for other in firsts) < 2:
            continue  # a bold word mid-line, not a column's edge
        within = sum(x - ALIGN <= other <= x + indent for other in firsts)
        if best is None or (within, -x) > (best[0], -best[1]):
            best = (within, x)
    return best[1] if best and best[0] >= MIN_COLUMN_ROWS else None


class _Columns:
    """One page's rows against a right column's start."""

    def __init__(self, rows: list[list[Run]], width: float, start: float) -> None:
        self.rows, self.start = rows, start
        self.left_edge = min(run.x for row in rows for run in row)
        self.widths = (start - self.left_edge, max(width - self.left_edge - start, 1.0))
        self.reach = start + 0.1 * width  # a left-column line ends before this, as an estimate

    def sides(self, row: list[Run]) -> tuple[list[Run], list[Run]]:
        return (
            [r for r in row if r.x < self.start - ALIGN],
            [r for r in row if r.x >= self.start - ALIGN],
        )

    def kind(self, row: list[Run]) -> str:
        """split (text on both sides), left, right, or full (one line across the page)."""
        left, right = self.sides(row)
        if left and right:
            return "split"
        if right:
            return "right"
        return "left" if row[-1].end <= self.reach else "full"

    def prose(self, row: list[Run]) -> bool:
        """Both sides of a split row fill most of their column, as wrapped prose does and the
        cells of a label-and-value table ('Overall effectiveness  Good') do not."""
        return self.kind(row) == "split" and all(
            sum(r.end - r.x for r in side) >= COLUMN_FILL * room
            for side, room in zip(self.sides(row), self.widths, strict=True)
        )

    def bands(self) -> list[tuple[int, int]]:
        """(first, last) row of each two-column stretch: from its first prose row to its last,
        widened by the column lines just above or below at the usual line pitch."""
        bands: list[list[int]] = []
        for index, row in enumerate(self.rows):
            if not self.prose(row):
                continue
            between = range(bands[-1][1] + 1, index) if bands else range(0)
            if bands and all(self.kind(self.rows[i]) != "full" for i in between):
                bands[-1][1] = index
            else:
                bands.append([index, index])
        if sum(self.prose(row) for row in self.rows) < 2:
            return []
        taken = {i for first, last in bands for i in range(first, last + 1)}
        for band in bands:
            pitch = self._pitch(band)
            while band[1] + 1 < len(self.rows) and band[1] + 1 not in taken:
                if not self._goes_with(band[1], band[1] + 1, pitch):
                    break
                band[1] += 1
            while band[0] > 0 and band[0] - 1 not in taken:
                if not self._goes_with(band[0], band[0] - 1, pitch):
                    break
                band[0] -= 1
            if band[0] > 0 and band[0] - 1 not in taken and self._headings(band, pitch):
                band[0] -= 1
            taken |= set(range(band[0], band[1] + 1))
        return [(first, last) for first, last in bands]

    def _pitch(self, band: list[int]) -> float:
        ys = [self.rows[i][0].y for i in range(band[0], band[1] + 1)]
        gaps = [a - b for a, b in zip(ys, ys[1:], strict=False)]
        size = max(r.size for r in self.rows[band[0]])
        return statistics.median(gaps) if gaps else 1.5 * size

    def _headings(self, band: list[int], pitch: float) -> bool:
        """The row above a band, a paragraph gap up, heads its two columns: each side starts
        where its column's lines start."""
        above = self.rows[band[0] - 1]
        if self.kind(above) != "split" or above[0].y - self.rows[band[0]][0].y > 2.5 * pitch:
            return False
        lines = [self.sides(row) for row in self.rows[band[0] : band[1] + 1]]
        return all(
            abs(heading[0].x - min(line[0].x for line in column)) <= ALIGN
            for heading, column in zip(
                self.sides(above),
                ([s[0] for s in lines if s[0]], [s[1] for s in lines if s[1]]),
                strict=True,
            )
        )

    def _goes_with(self, inside: int, outside: int, pitch: float) -> bool:
        """A row next to a band, at the band's line pitch and not across the page, is one more
        line of its columns (a paragraph's short last line, say)."""
        near = abs(self.rows[inside][0].y - self.rows[outside][0].y) <= 1.25 * pitch
        return near and self.kind(self.rows[outside]) != "full"


def _line(runs: list[Run]) -> Run:
    """The runs of one row of one flow as one line of text."""
    size = max(r.size for r in runs)
    return Run(runs[0].x, runs[0].y, size, " ".join(r.text for r in runs))


@dataclass
class Flow:
    """Lines read one after another (down a page, or down one column), and the flow's right
    edge: where its full lines end."""

    lines: list[Run]
    edge: float = 0.0


def _flows(rows: list[list[Run]], width: float) -> tuple[list[Flow], bool]:
    """A page as flows of lines in reading order: the rows down the page, and each two-column
    stretch as its left column then its right column. True when the page had two columns."""
    if not rows:
        return [], False
    page_edge = max(run.end for row in rows for run in row)
    start = _column_start(rows, width)
    columns = _Columns(rows, width, start) if start is not None else None
    bands = columns.bands() if columns else []
    if not columns or not bands:
        return [Flow([_line(row) for row in rows], page_edge)], False
    flows: list[Flow] = []
    current: list[Run] = []  # the single-column flow being read down the page
    index = 0
    for first, last in bands:
        current += [_line(row) for row in rows[index:first]]
        flows.append(Flow(current, page_edge))
        band = [columns.sides(row) for row in rows[first : last + 1]]
        for side in (0, 1):
            lines = [_line(sides[side]) for sides in band if sides[side]]
            flows.append(Flow(lines, max(line.end for line in lines)))
        current, index = [], last + 1
    flows.append(Flow(current + [_line(row) for row in rows[index:]], page_edge))
    return [flow for flow in flows if flow.lines], True


def _goes_on(before: Run, flow: Flow, after: Run) -> bool:
    """Whether the line after a page or column break continues the line before it: it starts in
    lower case, or the line before is a full line (it reaches near its flow's right edge, unlike
    a heading) that does not end a sentence."""
    if after.text[:1].islower():
        return True
    left = min(line.x for line in flow.lines)
    full = before.end - left >= FULL_LINE * (flow.edge - left)
    return full and not before.text.endswith(ENDS_SENTENCE)


def _text(flows: list[Flow]) -> str:
    """The flows as text: a blank line where a paragraph ends (a gap wider than the usual line
    pitch, the most common one, or than two ems; or a break that does not go on), and lines that
    go on over a break joined as one."""
    gaps = [
        round(2 * (above.y - below.y)) / 2
        for flow in flows
        for above, below in zip(flow.lines, flow.lines[1:], strict=False)
        if 0 < above.y - below.y < 3 * below.size
    ]
    pitch = statistics.mode(gaps) if gaps else float("inf")  # the usual line pitch
    parts: list[str] = []
    before: Run | None = None
    previous = Flow([])
    for flow in flows:
        for number, line in enumerate(flow.lines):
            if before is not None:
                if number == 0:
                    joined = _goes_on(before, previous, line)
                else:
                    size = max(before.size, line.size)
                    gap = min(PARAGRAPH_GAP * pitch, PARAGRAPH_EMS * size)
                    joined = before.y - line.y <= gap
                parts.append("\n" if joined else "\n\n")
            parts.append(line.text)
            before = line
        previous = flow
    return "".join(parts) + "\n"


def _pages(path: Path, reader: PdfReader, limits: PdfLimits) -> list[list[list[Run]]]:
    """Each page's rows; FileProblem for a PDF of more pages than limits.max_pages, or one whose
    text is not read in limits.seconds (the reason says the page reached)."""
    count = len(reader.pages)
    if count > limits.max_pages:
        raise FileProblem(
            path.name,
            f"the PDF has {count:,} pages, more than the {limits.max_pages:,} a report is read to "
            "(an inspection report has fewer than 40): it was not read. Check it is the report "
            "you meant to load",
        )
    deadline = time.monotonic() + limits.seconds
    pages: list[list[list[Run]]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            if time.monotonic() > deadline:
                raise _OutOfTime
            pages.append(_rows(_runs(page, deadline)))
        except _OutOfTime:
            seconds = f"{limits.seconds:g} second{'s' * (limits.seconds != 1)}"
            raise FileProblem(
                path.name,
                f"reading its text took longer than the {seconds} a report is given, and was "
                f"stopped at page {number} of {count} (a report usually takes under a second a "
                "page; this PDF may be built to be slow): the file was not loaded. Download the "
                "report again, or save it as text and load the .txt",
            ) from None
    return pages


def read_pdf_text(path: Path, limits: PdfLimits | None = None) -> PdfText:
    """A report PDF's text in reading order; FileProblem when it is scanned, locked or damaged,
    or beyond `limits` (PdfLimits, from the settings when not given)."""
    limits = limits or PdfLimits.of()
    try:
        reader = _open(path)
        pages = _pages(path, reader, limits)
        widths = [float(page.mediabox.width) for page in reader.pages]
    except FileProblem:
        raise
    except FileNotDecryptedError:
        raise FileProblem(
            path.name,
            "the PDF is encrypted and cannot be opened without a password: download an "
            "unprotected copy of the report",
        ) from None
    except Exception as error:  # pypdf: "broken PDF files might cause other Exceptions"
        raise FileProblem(
            path.name,
            f"the PDF is damaged and could not be read ({type(error).__name__}: "
            f"{str(error)[:120]}): download it again, or save the PDF as text and load the .txt",
        ) from None
    empty = [number for number, rows in enumerate(pages, start=1) if not rows]
    if len(empty) == len(pages):
        raise FileProblem(
            path.name,
            f"no text in the PDF ({len(pages)} page(s) of images only, probably a scan): "
            "run it through OCR, or find the report's text version",
        )
    _drop_running_lines(pages)
    flows: list[Flow] = []
    columns = []
    for number, (rows, width) in enumerate(zip(pages, widths, strict=True), start=1):
        page_flows, two_columns = _flows(rows, width)
        flows += page_flows
        if two_columns:
            columns.append(number)
    return PdfText(_text(flows), len(pages), empty, columns)
