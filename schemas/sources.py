"""The published layouts the ETL reads: which header means what, and which are required.

Headers are matched by meaning, not by exact spelling: case, runs of spaces and the February/May
2026 rename of "date of judgement" to "date of grade" do not matter (see `normalise_header`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict


def normalise_header(header: str) -> str:
    """The matching key of a header: case-folded, spaces collapsed, a closing question mark
    dropped ("Safeguarding is effective" / "...effective?"), known renames folded."""
    key = " ".join(header.replace("\ufeff", "").split()).casefold().rstrip("?").rstrip()
    return key.replace("date of grade", "date of judgement")


class InspectionBlock(BaseModel):
    """The columns of one inspection carried on each row (latest, previous, ungraded...)."""

    model_config = ConfigDict(frozen=True)

    block_id: str
    kind: Literal["graded", "report_card", "ungraded"]
    number: str
    started_on: str
    published_on: str | None = None
    inspection_type: str | None = None
    urn_at_inspection: str | None = None
    category_of_concern: str | None = None
    outcome: str | None = None
    areas: dict[str, str] = {}
    area_dates: dict[str, str] = {}
    optional: bool = False  # a whole block some publications leave out (official statistics)

    def headers(self) -> list[str]:
        fixed = [
            self.number,
            self.started_on,
            self.published_on,
            self.inspection_type,
            self.urn_at_inspection,
            self.category_of_concern,
            self.outcome,
        ]
        return [h for h in fixed if h] + list(self.areas.values()) + list(self.area_dates.values())


class SourceLayout(BaseModel):
    """A published file layout: how to recognise it and what each column holds."""

    model_config = ConfigDict(frozen=True)

    layout_id: str
    source: Literal[
        "ofsted_mi",
        "gias",
        "questionnaire_inspection",
        "questionnaire_survey",
        "engagement",
        "report_corrections",
    ]
    description: str
    signature: tuple[str, ...]  # headers that together identify the layout
    columns: dict[str, str]  # target name -> published header
    optional: frozenset[str] = frozenset()  # published headers that may be absent
    blocks: tuple[InspectionBlock, ...] = ()

    def required_headers(self) -> list[str]:
        every = list(self.columns.values())
        for block in self.blocks:  # an optional block, when present, needs only its anchors
            every += [block.number, block.started_on] if block.optional else block.headers()
        return [h for h in dict.fromkeys(every) if h not in self.optional]

    def resolved(self, present: set[str]) -> SourceLayout:
        """This layout as one file spells it: each header replaced by the synonym the file
        uses (HEADER_SYNONYMS), and optional blocks the file leaves out dropped."""

        def spelt(header: str | None) -> str | None:
            if header is None or normalise_header(header) in present:
                return header
            for other in HEADER_SYNONYMS.get(header, ()):
                if normalise_header(other) in present:
                    return other
            return header

        def mapped(columns: dict[str, str]) -> dict[str, str]:
            return {target: spelt(header) or header for target, header in columns.items()}

        blocks = []
        for block in self.blocks:
            fields = ("number", "started_on", "published_on", "inspection_type")
            fields += ("urn_at_inspection", "category_of_concern", "outcome")
            update = {name: spelt(getattr(block, name)) for name in fields}
            update |= {"areas": mapped(block.areas), "area_dates": mapped(block.area_dates)}
            block = block.model_copy(update=update)
            anchors = (block.number, block.started_on)
            if block.optional and not any(normalise_header(h) in present for h in anchors):
                continue
            blocks.append(block)
        optional = {spelt(h) or h for h in self.optional}
        return self.model_copy(
            update={
                "columns": mapped(self.columns),
                "blocks": tuple(blocks),
                "optional": frozenset(optional | self.optional),
            }
        )


# Other published spellings of a layout's header, by meaning. Ofsted's official statistics
# ("inspections and outcomes as at 31 August YYYY", provider level), the monthly management
# information of each era and older files name the same column differently (formats.md §1, §7).
# A file is read with the first spelling it has; a header with none of them is reported missing
# under the layout's own spelling, with the nearest header in the file.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Sentence reference": ("Sentence hash",),  # corrections files made before it was renamed
    "Local authority": ("LA name", "Local authority name", "LA"),
    "Ofsted phase": ("Phase", "Phase of education"),
    "Type of education": ("School type", "Type of establishment"),
    "Total number of pupils": ("Number of pupils", "Total pupils", "Pupils on roll"),
    "Inspection number of latest graded inspection": (
        "Inspection number",  # official statistics 2019-2024; MI before 2019
        "Inspection number of latest full inspection",  # MI, September 2024 to November 2025
    ),
    "URN at time of latest graded inspection": (
        "URN at time of latest full inspection",
        "URN at time of inspection",
    ),
    "Publication date": ("First published date",),  # MI before 2016
    "Effectiveness of leadership and management": ("Leadership and management",),
    "Previous graded inspection number": (
        "Previous inspection number",  # official statistics (formats.md §7)
        "Previous full inspection number",  # MI from September 2024
        "Inspection number of the previous inspection",  # MI before 2016
    ),
    "Previous inspection start date": (
        "Previous full inspection start date",
        "Inspection start date of the previous inspection",
        # files before 2016 give only the previous inspection's last day: a day or two later,
        # which moves no inspection across a framework's start
        "Previous inspection end date",
        "Inspection end date of the previous inspection",
    ),
    "Previous publication date": ("Previous full inspection publication date",),
    "URN at time of previous graded inspection": (
        "URN at time of previous inspection",
        "URN at time of previous full inspection",
    ),
    "Previous graded inspection overall effectiveness": (
        "Previous overall effectiveness",  # official statistics
        "Previous full inspection overall effectiveness",
        "Previous inspection - Overall effectiveness",  # MI before 2016
    ),
    "Previous category of concern": (
        "Previous full inspection category of concern",
        "Previous inspection - Category",
    ),
    "Previous effectiveness of leadership and management": ("Previous leadership and management",),
    "Latest ungraded inspection number since last graded inspection": (
        "Latest ungraded inspection number",
        "Latest short inspection number since last full inspection",
    ),
    "Date of latest ungraded inspection": ("Date of latest short inspection",),
    "Ungraded inspection publication date": ("Short inspection publication date",),
    "Ungraded inspection overall outcome": (
        "Outcomes for ungraded and monitoring inspections",
        "Short inspection overall outcome",
        "Outcomes for short inspections that did not convert",
    ),
}

_MI_SCHOOL_COLUMNS = {
    "urn": "URN",
    "laestab": "LAESTAB",
    "school_name": "School name",
    "ofsted_phase": "Ofsted phase",
    "school_type": "Type of education",
    "opened_on": "School open date",
    "region": "Region",
    "la_name": "Local authority",
    "postcode": "Postcode",
    "trust_name": "Multi-academy trust name",
    "idaci_quintile": "The income deprivation affecting children index (IDACI) quintile",
    "pupils": "Total number of pupils",
}
_MI_OPTIONAL = frozenset(
    {"School open date", "Postcode", "Multi-academy trust name", "Region", "Inspection type"}
)


def _oeif_areas(prefix: str, safeguarding: str) -> dict[str, str]:
    """The eight 2019-2025 judgement columns, which only differ by a prefix between blocks."""

    def cap(text: str) -> str:
        return text[0].upper() + text[1:] if not prefix else text

    return {
        "quality_of_education": f"{prefix}{cap('quality of education')}",
        "behaviour_and_attitudes": f"{prefix}{cap('behaviour and attitudes')}",
        "personal_development": f"{prefix}{cap('personal development')}",
        "leadership_and_management": f"{prefix}{cap('effectiveness of leadership and management')}",
        "safeguarding_effective": safeguarding,
        "early_years": f"{prefix}{cap('early years provision (where applicable)')}",
        "sixth_form": f"{prefix}{cap('sixth form provision (where applicable)')}",
    }


_REPORT_CARD_AREA_COLUMNS = {
    "safeguarding_standards": ("Safeguarding standards", "Safeguarding standards"),
    "inclusion": ("Inclusion", "Inclusion"),
    "curriculum_and_teaching": ("Curriculum and teaching", "Curriculum and teaching"),
    "achievement": ("Achievement", "Achievement"),
    "attendance_and_behaviour": ("Attendance and behaviour", "Attendance and behaviour"),
    "personal_development_and_wellbeing": (
        "Personal development and wellbeing",
        "Personal development and wellbeing",
    ),
    "early_years": ("Early years (where applicable)", "Early years"),
    "post_16": ("Post-16 provision (where applicable)", "Post-16 provision"),
    "leadership_and_governance": ("Leadership and governance", "Leadership and governance"),
}

MI_REPORT_CARD_LAYOUT = SourceLayout(
    layout_id="ofsted_mi_2025",
    source="ofsted_mi",
    description="Ofsted MI, state-funded schools latest inspections (report-card era, from 2025)",
    signature=("URN", "Latest OEIF overall effectiveness", "Inclusion"),
    columns=_MI_SCHOOL_COLUMNS,
    optional=_MI_OPTIONAL
    | {f"{name} - date of judgement" for _, name in _REPORT_CARD_AREA_COLUMNS.values()},
    blocks=(
        InspectionBlock(
            block_id="latest_full",
            kind="report_card",
            number="Inspection number of latest full inspection",
            started_on="Inspection start date",
            published_on="Publication date",
            inspection_type="Inspection type",
            urn_at_inspection="URN at time of latest full inspection",
            category_of_concern="Category of concern",
            areas={key: col for key, (col, _) in _REPORT_CARD_AREA_COLUMNS.items()},
            area_dates={
                key: f"{name} - date of judgement"
                for key, (_, name) in _REPORT_CARD_AREA_COLUMNS.items()
            },
        ),
        InspectionBlock(
            block_id="latest_oeif",
            kind="graded",
            number="Inspection number of latest OEIF graded inspection",
            started_on="Inspection start date of latest OEIF graded inspection",
            published_on="Publication date of latest OEIF graded inspection",
            inspection_type="Inspection type of latest OEIF graded inspection",
            urn_at_inspection="URN at time of latest OEIF graded inspection",
            category_of_concern="Latest OEIF category of concern",
            areas={
                "overall_effectiveness": "Latest OEIF overall effectiveness",
                **_oeif_areas("Latest OEIF ", "Latest OEIF  safeguarding is effective?"),
            },
        ),
        InspectionBlock(
            block_id="latest_ungraded",
            kind="ungraded",
            number="Latest ungraded inspection number",
            started_on="Date of latest ungraded inspection",
            published_on="Ungraded inspection publication date",
            urn_at_inspection="URN at time of the ungraded inspection",
            outcome="Ungraded inspection overall outcome",
        ),
    ),
)

_GRADED_BLOCK_HEADERS = (
    "Inspection type",
    "URN at time of latest graded inspection",
    "Category of concern",
    *_oeif_areas("", "Safeguarding is effective?").values(),
)
_PREVIOUS_AREAS = {
    "overall_effectiveness": "Previous graded inspection overall effectiveness",
    **_oeif_areas("Previous ", "Previous safeguarding is effective?"),
}

MI_2019_LAYOUT = SourceLayout(
    layout_id="ofsted_mi_2019",
    source="ofsted_mi",
    description="Ofsted inspection outcomes with 1-4 grades: the monthly management information "
    "before report cards and Ofsted's official statistics 'inspections and outcomes as at 31 "
    "August' (provider level)",
    signature=("URN", "Overall effectiveness", "Inspection start date"),
    columns=_MI_SCHOOL_COLUMNS,
    # Only the school, the latest inspection and its overall grade are required: older files and
    # official statistics leave out the 2019 sub-judgements, the previous or ungraded inspection.
    optional=_MI_OPTIONAL
    | {
        "Ofsted phase",
        "Type of education",
        "The income deprivation affecting children index (IDACI) quintile",
        "Total number of pupils",
        "Publication date",
        *_GRADED_BLOCK_HEADERS,
        *(h for a, h in _PREVIOUS_AREAS.items() if a != "overall_effectiveness"),
        "Previous publication date",
        "URN at time of previous graded inspection",
        "Previous category of concern",
    },
    blocks=(
        InspectionBlock(
            block_id="latest_graded",
            kind="graded",
            number="Inspection number of latest graded inspection",
            started_on="Inspection start date",
            published_on="Publication date",
            inspection_type="Inspection type",
            urn_at_inspection="URN at time of latest graded inspection",
            category_of_concern="Category of concern",
            areas={
                "overall_effectiveness": "Overall effectiveness",
                **_oeif_areas("", "Safeguarding is effective?"),
            },
        ),
        InspectionBlock(
            block_id="previous_graded",
            kind="graded",
            number="Previous graded inspection number",
            started_on="Previous inspection start date",
            published_on="Previous publication date",
            urn_at_inspection="URN at time of previous graded inspection",
            category_of_concern="Previous category of concern",
            areas=_PREVIOUS_AREAS,
            optional=True,
        ),
        InspectionBlock(
            block_id="latest_ungraded",
            kind="ungraded",
            number="Latest ungraded inspection number since last graded inspection",
            started_on="Date of latest ungraded inspection",
            published_on="Ungraded inspection publication date",
            urn_at_inspection="URN at time of the ungraded inspection",
            outcome="Ungraded inspection overall outcome",
            optional=True,
        ),
    ),
)

GIAS_LAYOUT = SourceLayout(
    layout_id="gias_establishments",
    source="gias",
    description="DfE Get Information about Schools establishments download",
    signature=("URN", "EstablishmentName", "LA (code)"),
    columns={
        "urn": "URN",
        "la_code": "LA (code)",
        "la_name": "LA (name)",
        "establishment_number": "EstablishmentNumber",
        "school_name": "EstablishmentName",
        "school_type": "TypeOfEstablishment (name)",
        "type_group": "EstablishmentTypeGroup (name)",
        "status": "EstablishmentStatus (name)",
        "opened_on": "OpenDate",
        "closed_on": "CloseDate",
        "phase": "PhaseOfEducation (name)",
        "pupils": "NumberOfPupils",
        "fsm_pct": "PercentageFSM",
        "trust_name": "Trusts (name)",
        "region": "GOR (name)",
        "postcode": "Postcode",
    },
    optional=frozenset(
        {
            "EstablishmentTypeGroup (name)",
            "OpenDate",
            "CloseDate",
            "NumberOfPupils",
            "PercentageFSM",
            "Trusts (name)",
            "GOR (name)",
            "Postcode",
        }
    ),
)

QUESTIONNAIRE_INSPECTION_LAYOUT = SourceLayout(
    layout_id="questionnaire_at_inspection",
    source="questionnaire_inspection",
    description="Parental questionnaire at inspection (2009-2012), one row per school x "
    "inspection x statement (Partnership Lens layout)",
    signature=("URN", "Statement", "Questionnaires returned"),
    columns={
        "urn": "URN",
        "inspected_on": "Inspection date",
        "statement": "Statement",
        "strongly_agree": "Strongly agree",
        "agree": "Agree",
        "disagree": "Disagree",
        "strongly_disagree": "Strongly disagree",
        "returned": "Questionnaires returned",
        "on_roll": "Pupils on roll",
    },
    optional=frozenset({"Pupils on roll"}),
)

QUESTIONNAIRE_SURVEY_LAYOUT = SourceLayout(
    layout_id="questionnaire_own_survey",
    source="questionnaire_survey",
    description="A school's or LA's own parent survey, one row per respondent x question "
    "(Partnership Lens layout)",
    signature=("URN", "Respondent ID", "Answer"),
    columns={
        "respondent_id": "Respondent ID",
        "urn": "URN",
        "responded_on": "Response date",
        "question": "Question",
        "answer": "Answer",
        "comment": "Comment",
    },
    optional=frozenset({"Comment"}),
)

ENGAGEMENT_LAYOUT = SourceLayout(
    layout_id="engagement_judgements",
    source="engagement",
    description="Judgements of a school's work with parents, by inspectors' survey visits or LA "
    "advisers, on the 4-point scale (Partnership Lens layout)",
    signature=("URN", "Engagement with parents", "Impact on provision"),
    columns={
        "urn": "URN",
        "judged_on": "Date",
        "source": "Source",
        "evaluator": "Evaluator",
        "engagement": "Engagement with parents",
        "impact": "Impact on provision",
        "inclusion": "Effect on inclusion",
        "notes": "Evidence notes",
    },
    optional=frozenset({"Evaluator", "Evidence notes"}),
)

REPORT_CORRECTIONS_LAYOUT = SourceLayout(
    layout_id="report_corrections",
    source="report_corrections",
    description="Advisers' corrections of the report coder, one row per sentence or improvement "
    "point (Partnership Lens layout)",
    signature=("URN", "Inspection", "Label"),
    columns={
        "urn": "URN",
        "inspection": "Inspection",
        "sentence_hash": "Sentence reference",
        "label": "Label",
        "sentence": "Sentence",
    },
    optional=frozenset({"Sentence"}),
)

LAYOUTS: tuple[SourceLayout, ...] = (
    MI_REPORT_CARD_LAYOUT,
    MI_2019_LAYOUT,
    GIAS_LAYOUT,
    QUESTIONNAIRE_INSPECTION_LAYOUT,
    QUESTIONNAIRE_SURVEY_LAYOUT,
    ENGAGEMENT_LAYOUT,
    REPORT_CORRECTIONS_LAYOUT,
)

# GIAS establishment groups that hold state-funded schools; the rest are out of scope.
GIAS_IN_SCOPE_GROUPS = frozenset(
    {"local authority maintained schools", "academies", "free schools", "special schools"}
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_SEP = r"[ _.\-/]"
_DATE_PATTERNS = (  # how publishers write a date, in file names and on cover sheets
    re.compile(
        rf"(?<!\d)(?P<d>[0-3]?\d){_SEP}+(?P<mon>[A-Za-z]{{3,9}}){_SEP}+(?P<y>(?:19|20)\d\d)"
    ),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[-_./](?P<m>[01]?\d)[-_./](?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)


def _first_date(text: str) -> date | None:
    """The first date written in `text` in any of the publishers' ways, if it is a real date."""
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = _MONTHS.get(groups["mon"].lower()) if groups.get("mon") else int(groups["m"])
            if month is None:
                continue
            try:
                found.append((match.start(), date(int(groups["y"]), month, int(groups["d"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def as_at_from_name(name: str) -> date | None:
    """The 'as at' date a publisher put in a file name, as published: `..._as_at_28_Feb_2026.csv`,
    `... as at 31 August 2023.csv`, `31-08-2023`, `2023-08-31`, `edubasealldata20230831.csv`."""
    return _first_date(name)


_AS_AT_LINE = re.compile(r"\bas at\b(?P<rest>.*)", re.IGNORECASE)
_PERIOD_LINE = re.compile(r"period covered\b.*?\band\b(?P<rest>.*)", re.IGNORECASE)
_PUBLISHED_LINE = re.compile(r"published on\b(?P<rest>.*)", re.IGNORECASE)


def as_at_from_lines(lines: list[str]) -> date | None:
    """The 'as at' date stated inside a file: an 'as at <date>' title line, else the end of a
    cover sheet's 'Period covered: between <date> and <date>', else its 'Published on: <date>'.
    A cover sheet's label and value may sit in neighbouring cells, so each line is read with the
    line after it."""
    joined = [f"{line} {after}" for line, after in zip(lines, [*lines[1:], ""], strict=False)]
    for pattern in (_AS_AT_LINE, _PERIOD_LINE, _PUBLISHED_LINE):
        for text in joined:
            match = pattern.search(text)
            if match and (found := _first_date(match["rest"])):
                return found
    return None
