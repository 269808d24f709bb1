"""Inspection report text: the improvement section of each era, split into points, and every
sentence that mentions parents, each coded as engagement, involvement, informing, parents' views
or none (etl/coding), with a short hash an adviser's correction can cite.

Reports come as text or as the PDFs Ofsted publishes (turned into text by report_pdf.py). Text
extracted from PDFs is messy (seen in the real 2016 sample): bullets as private-use characters,
sub-points as dashes, page breaks with a running header, wrapped lines. A report with no
improvement section is recorded as such, not treated as an error. The URN and the inspection date
come from the file name, else from the report itself.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl

from etl.checks import VALUE_DROPPED, combine_rejects
from etl.coding.coder import code_many, mentions_parents, sentence_hash
from etl.errors import FileProblem
from etl.readers.report_pdf import PdfLimits, read_pdf_text
from etl.readers.result import ReadResult

IMPROVEMENT_HEADINGS = {  # framework -> the heading its reports used
    "s5_2005": "what the school should do to improve further",
    "cif_2012": "what does the school need to do to improve further",
    "eif_2019": "what does the school need to do to improve",
    "report_card_2025": "next steps",
}
SECTION_ENDS = re.compile(
    r"^(inspection judgements|information about this (school|inspection)|full report|main "
    r"findings|school details|about this inspection|explanation of terms|how well (does|is) the "
    r"school|overall effectiveness|effectiveness of leadership|report card|what is it like to "
    r"attend this school|what does the school do well|the school has the following strengths|"
    r"summary of key findings)",
    re.IGNORECASE,
)
# 2019-2024 headings go on "(Information for the school and appropriate authority)" (reported)
HEADING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
RUNNING_HEADER = re.compile(r"^\s*(inspection report|school report)\s*:.*page \d+ of \d+\s*$", re.I)
TOP_BULLETS = "\uf03c\uf0b7\uf0a7\u2022\u25aa\u25cf*"
SUB_BULLETS = "\u2013\u2014-o\u25e6"
ENDS = tuple(".!?:")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u2018\u201c\"'])")
URN_IN_NAME = re.compile(r"(?:urn[_-]?)?(?<!\d)(\d{6})(?!\d)", re.I)
DATE_IN_NAME = re.compile(r"(20\d\d|19\d\d)-(\d\d)(?:-(\d\d))?")
INSPECTION_NUMBER = re.compile(r"inspection number:?\s+(\d{5,10})\b", re.I)
URN_IN_TEXT = re.compile(r"\b(?:unique reference number|urn)\b\s*:?\s*(\d{6})(?!\d)", re.I)
# "Inspection dates 9–10 November 2016", "Inspection date: 5 March 2019", "Inspection dates: 12 and
# 13 November 2025", "30 September to 1 October 2025": the first day is the inspection's date
INSPECTION_DATES = re.compile(
    r"(?<!previous )(?:inspection dates?|dates? of inspection)\b[\s:]*(?P<rest>.{0,80})",
    re.I | re.S,
)
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
FIRST_DAY = re.compile(
    rf"\b{DAY}(?:\s*(?:[\u2013\u2014-]|to|and|&)\s*{DAY})?\s+([A-Za-z]{{3,9}})\.?,?\s+"
    r"(?:(?:[\u2013\u2014-]|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+)?"
    r"((?:19|20)\d\d)\b"
)
MONTHS = {
    name[:3]: number
    for number, name in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1
    )
}
CODED = {  # what the coder says of each point or sentence (etl/coding/coder.py, Coded)
    "sentence_hash": pl.String,
    "label": pl.String,
    "learning_link": pl.Boolean,
    "triggers": pl.String,
    "rule_label": pl.String,
    "model_label": pl.String,
    "model_share": pl.Float64,
    "is_uncertain": pl.Boolean,
    "has_learning_words": pl.Boolean,
}
POINT_SCHEMA = {
    "line": pl.Int64,
    "urn": pl.Int64,
    "inspected_on": pl.Date,
    "heading_framework": pl.String,
    "point_no": pl.Int64,
    "parent_point_no": pl.Int64,
    "text": pl.String,
    **CODED,
}
SENTENCE_SCHEMA = {
    "line": pl.Int64,
    "urn": pl.Int64,
    "inspected_on": pl.Date,
    "in_improvement_section": pl.Boolean,
    "sentence": pl.String,
    **CODED,
}


def _top_bullet(character: str) -> bool:
    """PDF extraction turns bullets into private-use characters, which vary by font."""
    return character in TOP_BULLETS or "\ue000" <= character <= "\uf8ff"


def _key(line: str) -> str:
    return re.sub(r"[^a-z ]", "", " ".join(line.casefold().split()))


def clean_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) without page breaks, running headers and blank lines."""
    kept = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = line.replace("\x0c", "").strip()
        if line and not RUNNING_HEADER.match(line):
            kept.append((number, line))
    return kept


def find_improvement_section(lines: list[tuple[int, str]]) -> tuple[str | None, list]:
    """The framework whose heading was found, and the lines of its section."""
    headings = {heading: framework for framework, heading in IMPROVEMENT_HEADINGS.items()}
    for index, (_, line) in enumerate(lines):
        framework = headings.get(_key(HEADING_NOTE.sub("", line)))
        if framework:
            section = []
            for number, following in lines[index + 1 :]:
                if not section and HEADING_NOTE.fullmatch(following):
                    continue  # the heading's note on a line of its own
                if SECTION_ENDS.match(following) and not _top_bullet(following[0]):
                    break
                section.append((number, following))
            return framework, section
    return None, []


def split_points(section: list[tuple[int, str]]) -> list[tuple[int, int, int | None, str]]:
    """(line, point number, parent point number, text) for each point and sub-point."""
    points: list[list] = []
    current_top: int | None = None
    for number, line in section:
        first = line[0]
        if _top_bullet(first):
            points.append([number, len(points) + 1, None, line[1:].strip()])
            current_top = len(points)
        elif first in SUB_BULLETS and (len(line) > 1 and line[1] == " "):
            points.append([number, len(points) + 1, current_top, line[1:].strip()])
        elif points and not (points[-1][3].endswith(".") and line[0].isupper()):
            points[-1][3] += " " + line
        else:  # a paragraph of its own after a finished sentence
            points.append([number, len(points) + 1, None, line])
            current_top = None
    return [tuple(p) for p in points]  # type: ignore[misc]


def parent_sentences(lines: list[tuple[int, str]], section_lines: set[int]):  # noqa: ANN201
    """Sentences that mention parents, with the line they start on."""
    paragraphs: list[tuple[int, str]] = []
    previous = 0
    for number, line in lines:
        after_gap = number > previous + 1  # a blank line (or a page break) ends a paragraph
        previous = number
        # a page break (the blank lines and running header dropped) inside an unfinished sentence
        goes_on = bool(paragraphs) and line[0].islower() and not paragraphs[-1][1].endswith(ENDS)
        starts_new = (
            (after_gap and not goes_on)
            or _top_bullet(line[0])
            or line[0] in SUB_BULLETS
            or not paragraphs
        )
        if starts_new:
            paragraphs.append((number, line[1:].strip() if not line[0].isalnum() else line))
        else:
            paragraphs[-1] = (paragraphs[-1][0], paragraphs[-1][1] + " " + line)
    for number, paragraph in paragraphs:
        for sentence in SENTENCE_END.split(" ".join(paragraph.split())):
            if mentions_parents(sentence) and 20 < len(sentence) < 600:
                yield number, number in section_lines, sentence.strip()


def _date_in_text(text: str) -> date | None:
    """The first day of the inspection, as the report states it."""
    for label in INSPECTION_DATES.finditer(text):
        found = FIRST_DAY.search(label["rest"])
        month = MONTHS.get(found[3][:3].casefold()) if found else None
        if found and month and found.start() < 25:
            try:
                return date(int(found[4]), month, int(found[1]))
            except ValueError:
                continue
    return None


def _urn(name: str, text: str) -> tuple[int, list[str]]:
    """The school's URN: the file name's, else the report's; a disagreement is noted."""
    in_name = URN_IN_NAME.search(name)
    in_text = URN_IN_TEXT.search(text)
    if not in_name and not in_text:
        raise FileProblem(
            name,
            "no URN in the file name (such as report_123456_2016-11.pdf) nor in the report "
            "('Unique reference number 123456' or 'URN: 123456'): the report cannot be placed",
        )
    if in_name and in_text and in_name[1] != in_text[1]:
        return int(in_name[1]), [
            f"the name says URN {in_name[1]} but the report says {in_text[1]}: "
            "the name's URN is used"
        ]
    return int(in_name[1] if in_name else in_text[1]), []  # type: ignore[index]


def _inspection_date(name: str, text: str) -> tuple[date | None, list[str]]:
    """The inspection's date: the file name's, else the report's. A name with a month only takes
    the report's day in that month; a disagreement is noted and the name's date kept."""
    in_text = _date_in_text(text)
    match = DATE_IN_NAME.search(name)
    if not match:
        return in_text, []
    in_name = date(int(match[1]), int(match[2]), int(match[3] or 1))
    if in_text is None:
        return in_name, []
    if match[3] is None and (in_text.year, in_text.month) == (in_name.year, in_name.month):
        return in_text, []
    if in_text == in_name:
        return in_name, []
    said = f"{in_name:%B %Y}" if match[3] is None else f"{in_name:%-d %B %Y}"
    return in_name, [
        f"the name says {said} but the report says inspected {in_text:%-d %B %Y}: "
        "the name's date is used"
    ]


def _coded(texts: list[str]) -> list[tuple]:
    """The coder's columns (CODED) for each text."""
    return [
        (
            sentence_hash(text),
            c.label,
            c.learning_link,
            c.explanation,
            c.rule_label,
            c.model_label,
            c.model_share,
            c.uncertain,
            c.learning_words,
        )
        for text, c in zip(texts, code_many(texts), strict=True)
    ]


def _decoded(path: Path) -> str:
    """A report saved as text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    data = path.read_bytes()
    if not data.strip():
        raise FileProblem(path.name, "the report is empty")
    if b"\x00" in data[:4096]:
        raise FileProblem(path.name, "binary data, not report text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_report(path: Path, limits: PdfLimits | None = None) -> ReadResult:
    """One report: its improvement points and parent sentences, coded; or why it has none.
    `limits`: how much of a PDF is read (PdfLimits, from the settings when not given)."""
    name = path.name
    notes: list[str] = []
    if path.suffix.lower() == ".pdf":
        pdf = read_pdf_text(path, limits)
        text = pdf.text
        notes += pdf.notes()
    else:
        text = _decoded(path)
    urn, said = _urn(name, text)
    inspected_on, said_date = _inspection_date(name, text)
    notes += said + said_date
    number = INSPECTION_NUMBER.search(text)
    lines = clean_lines(text)
    framework, section = find_improvement_section(lines)
    rejects = []
    if framework is None:
        rejects.append(
            pl.DataFrame(
                {
                    "file": [name],
                    "line": [None],
                    "column_name": ["improvement section"],
                    "value": [None],
                    "action": [VALUE_DROPPED],
                    "reason": [
                        "no improvement section found under any era's heading: "
                        "parent sentences still coded"
                    ],
                },
                schema_overrides={"line": pl.Int64, "value": pl.String},
            )
        )
    points = split_points(section)
    section_lines = {line for line, _ in section}
    found = list(parent_sentences(lines, section_lines))
    coded = _coded([p[3] for p in points] + [f[2] for f in found])
    rows = [
        (line, urn, inspected_on, framework, point_no, parent_no, point, *codes)
        for (line, point_no, parent_no, point), codes in zip(
            points, coded[: len(points)], strict=True
        )
    ]
    sentences = [
        (line, urn, inspected_on, in_section, sentence, *codes)
        for (line, in_section, sentence), codes in zip(found, coded[len(points) :], strict=True)
    ]
    files = pl.DataFrame(
        {
            "urn": [urn],
            "inspected_on": [inspected_on],
            "inspection_number": [number[1] if number else None],
            "heading_framework": [framework],
            "count_points": [len(rows)],
            "count_parent_sentences": [len(sentences)],
        },
        schema_overrides={
            "inspected_on": pl.Date,
            "inspection_number": pl.String,
            "heading_framework": pl.String,
        },
    )
    return ReadResult(
        name,
        "inspection_report_text",
        1,
        {
            "stg_report_points": pl.DataFrame(rows, schema=POINT_SCHEMA, orient="row"),
            "stg_report_sentences": pl.DataFrame(sentences, schema=SENTENCE_SCHEMA, orient="row"),
            "stg_report_files": files,
        },
        combine_rejects(rejects),
        notes=[f"{len(rows)} improvement points, {len(sentences)} sentences about parents", *notes],
    )
