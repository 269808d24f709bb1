"""Tiny published-format files for tests, one quirk at a time."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from schemas.sources import GIAS_LAYOUT, MI_2019_LAYOUT, MI_REPORT_CARD_LAYOUT, SourceLayout

SCHOOL = {
    "URN": "900101",
    "LAESTAB": "3832001",
    "School name": "Fixture Primary School",
    "Ofsted phase": "Primary",
    "Type of education": "Community School",
    "Local authority": "Leeds",
    "Region": "Yorkshire and the Humber",
    "The income deprivation affecting children index (IDACI) quintile": "3",
    "Total number of pupils": "210",
}


def csv_text(layout: SourceLayout, rows: list[dict[str, str]], *, rename=None, drop=()) -> str:
    """A CSV with every header the layout requires (NULL where a row says nothing)."""
    every = [*layout.columns.values(), *(h for b in layout.blocks for h in b.headers())]
    headers = [h for h in dict.fromkeys(every) if h not in drop]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([(rename or {}).get(h, h) for h in headers])
    for row in rows:
        writer.writerow([row.get(h, "NULL") for h in headers])
    return out.getvalue()


def write(
    path: Path,
    text: str,
    encoding: str = "utf-8",
    *,
    bom: bool = False,
    crlf: bool = False,
    title: str | None = None,
) -> Path:
    if crlf:
        text = text.replace("\n", "\r\n")
    if title:
        text = title + ("\r\n" if crlf else "\n") + text
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def mi_2025(rows: list[dict[str, str]], **kwargs) -> str:
    return csv_text(MI_REPORT_CARD_LAYOUT, [{**SCHOOL, **r} for r in rows], **kwargs)


def mi_2019(rows: list[dict[str, str]], **kwargs) -> str:
    return csv_text(MI_2019_LAYOUT, [{**SCHOOL, **r} for r in rows], **kwargs)


GIAS_SCHOOL = {
    "URN": "900101",
    "LA (code)": "383",
    "LA (name)": "Leeds",
    "EstablishmentNumber": "2001",
    "EstablishmentName": "Fixture Primary School",
    "TypeOfEstablishment (name)": "Community school",
    "EstablishmentTypeGroup (name)": "Local authority maintained schools",
    "EstablishmentStatus (name)": "Open",
    "OpenDate": "01-09-1990",
    "PhaseOfEducation (name)": "Primary",
    "NumberOfPupils": "210",
    "PercentageFSM": "12.5",
    "GOR (name)": "Yorkshire and the Humber",
}


def gias(rows: list[dict[str, str]]) -> str:
    headers = list(GIAS_LAYOUT.columns.values())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([{**GIAS_SCHOOL, **row}.get(h, "") for h in headers])
    return out.getvalue()


PV_OPTIONS = ("Strongly Agree", "Agree", "Disagree", "Strongly Disagree", "Don't Know")


def parent_view_csv(
    schools: list[tuple[str, int, list[int]]], questions=("1", "2", "3", "5")
) -> str:
    """Pre-2020 Parent View CSV; each school gives the same five percentages for every question."""
    from schemas.parent_view import SET_BY_ID

    texts = SET_BY_ID["pv_2011"].by_id()
    header = ["URN", "School Name", "Submissions", "Response Rate"] + [
        f"Q{q}. {texts[q].text if q in texts else 'Made up question.'} {o}"
        for q in questions
        for o in PV_OPTIONS
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for urn, submissions, shares in schools:
        writer.writerow(
            [urn, "A School", submissions, ""] + [f"{v}%" for _ in questions for v in shares]
        )
    return out.getvalue()


def questionnaire_at_inspection(rows: list[dict[str, str]]) -> str:
    headers = [
        "URN",
        "Inspection date",
        "Statement",
        "Strongly agree",
        "Agree",
        "Disagree",
        "Strongly disagree",
        "Questionnaires returned",
        "Pupils on roll",
    ]
    base = {
        "URN": "900101",
        "Inspection date": "10/10/2010",
        "Statement": "Overall, I am happy with my child's experience at this school",
        "Strongly agree": "10",
        "Agree": "5",
        "Disagree": "2",
        "Strongly disagree": "1",
        "Questionnaires returned": "20",
        "Pupils on roll": "200",
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([{**base, **row}[h] for h in headers])
    return out.getvalue()


def own_survey(rows: list[tuple[str, str, str, str, str]]) -> str:
    """Rows of (respondent, urn, date, question, answer)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Respondent ID", "URN", "Response date", "Question", "Answer", "Comment"])
    for row in rows:
        writer.writerow([*row, ""])
    return out.getvalue()
