"""The catalogue of every column a person sees (declarative data): each column the warehouse or a
query names, with its label, unit and one-line description, and the words its codes are shown
as. lens/present/vocabulary.py applies it; a column missing here cannot reach a screen or a file."""

from __future__ import annotations

from dataclasses import dataclass, field

from lens.rules.gaps import LIMIT_Z_WORDS
from lens.rules.labels import FAMILY_SHORT_LABELS
from lens.rules.words import (
    CONCERN_WORDS,
    FLAG_WORDS,
    GAP_WORDS,
    LEGEND_WORDS,
    NOT_COMPARED_WORDS,
    SAME_PARENTS_WORDS,
    STATUS_WORDS,
)
from schemas.parent_view import QUESTIONNAIRE_STATEMENTS, SET_BY_ID
from schemas.report_codes import CODE_WORDS, ERA_WORDS
from schemas.scales import FRAMEWORKS, OEIF_AREAS, REPORT_CARD_AREAS, SCALES
from schemas.sources import LAYOUTS


@dataclass(frozen=True)
class Column:
    """What a column means to a reader."""

    label: str
    description: str
    # text, code, count, number, pct (0-100), share (0-1, shown as %), date, z, months,
    # flag (true/false), flag_list (trust-flag codes joined by ", ")
    unit: str = "text"
    decimals: int = 1
    words: dict[object, str] = field(default_factory=dict)  # codes shown as words
    # "England" in the label means the national figures, called otherwise when the loaded data
    # does not cover England (lens/data/coverage.py); False where it means England itself
    national: bool = True


PHASE_GROUP_LABELS = {
    "primary": "Primary",
    "secondary": "Secondary",
    "special": "Special",
    "other": "Other phases",
    "all": "All phases",
}
PAIRING_WORDS = {
    "in_force": "Judgement in force when parents answered",
    "came_with": "Inspection the questionnaire came with",
}
FLAG_RULES = {  # the rules of etl/sql/marts/parent_view_flags.sql, in words
    "over_roll": "more submissions than pupils on roll.",
    "surge": "at least 3 times the school's median submissions over two or more earlier "
    "snapshots, and at least 30 more than its highest; an inspection in the 120 days before "
    "is noted.",
    "uniform": "every agree-scale question answered strongly agree by at least 95% (or strongly "
    "disagree by at least 90%) with 20 or more submissions.",
    "inconsistent": "90% or more happy but 60% or fewer would recommend the school, the two 95% "
    f"intervals apart. {SAME_PARENTS_WORDS}",
    "disagrees_with_survey": "a parent survey in the six months before gives a % satisfied "
    "at least 25 points away from Parent View's, both 95% intervals apart, with at least 20 "
    "Parent View and 10 survey answers.",
}
OEIF = "the latest graded inspection under the education inspection framework (2019-24)"


def _oeif_words(header: str) -> str:
    """A file column Ofsted heads 'Latest OEIF …' in words an adviser uses, with the heading as
    the file writes it, to find it there: 'Sixth form provision at the latest graded inspection
    under the education inspection framework (2019-24); the file's column ‘Latest OEIF sixth
    form provision (where applicable)’'."""
    text = " ".join(header.split()).replace(" (where applicable)", "").rstrip("?")
    if text.startswith("Latest OEIF "):
        rest = text.removeprefix("Latest OEIF ")
        words = f"{rest[0].upper()}{rest[1:]} at {OEIF}"
    else:
        words = text.replace("latest OEIF graded inspection", OEIF)
    return f"{words}; the file's column \u2018{header}\u2019"


# every column of Ofsted's files headed with 'OEIF' (its name for the 2019-24 framework)
FILE_COLUMN_WORDS = {
    header: _oeif_words(header)
    for layout in LAYOUTS
    for block in getattr(layout, "blocks", ())
    for header in (
        *(v for v in block.model_dump().values() if isinstance(v, str)),
        *block.areas.values(),
        *block.area_dates.values(),
    )
    if "OEIF" in header
}
LAYOUT_WORDS = {
    **{layout.layout_id: layout.description for layout in LAYOUTS},
    **{
        f"parent_view_{qs.question_set}": f"Ofsted Parent View, {qs.name}"
        for qs in SET_BY_ID.values()
    },
    "inspection_report_text": "Inspection report text",
}
QUESTION_SET_WORDS = {qs.question_set: qs.name for qs in SET_BY_ID.values()}
KIND_WORDS = {"graded": "Graded", "ungraded": "Ungraded", "report_card": "Report card"}
AGAINST_ENGLAND_WORDS = {
    "within_noise": "Within noise: not a finding",
    "above": "Above England",
    "below": "Below England",
}
SOURCE_WORDS = {
    "parent_view": "Parent View",
    "at_inspection": "Questionnaire at inspection",
    "own_survey": "Own parent survey",
}

COLUMNS: dict[str, Column] = {
    # --- schools -------------------------------------------------------------------------------
    "urn": Column("URN", "The school's unique reference number (6 digits).", "code"),
    "school_name": Column("School", "The school's name."),
    "la_code": Column("LA code", "The local authority's 3-digit code.", "code"),
    "la_name": Column("Local authority", "The local authority the school is in."),
    "phase": Column("Phase", "The school's phase of education (Ofsted's phase groups)."),
    "phase_group": Column(
        "Phase group", "Primary, secondary, special or other.", words=PHASE_GROUP_LABELS
    ),
    # --- judgements ----------------------------------------------------------------------------
    "grade_label": Column("Grade", "The judgement, in its own framework's words."),
    "inspected_on": Column("Inspected", "Start date of the inspection judged.", "date"),
    # --- parents' satisfaction -----------------------------------------------------------------
    "family": Column("Parents' views", "Which source and wording.", words=FAMILY_SHORT_LABELS),
    "source": Column("Source", "Where the answers come from.", words=SOURCE_WORDS),
    "data_date": Column("Parents answered by", "As-at date of the parents' answers.", "date"),
    "count_submissions": Column(
        "Parents taking part",
        "Every parent who took part: Parent View submissions, or questionnaires returned, "
        "whether or not they answered the statement compared. Can be more than the parents "
        "giving a view on it.",
        "count",
    ),
    "count_responses": Column(
        "Parents giving a view",
        "Parents who agreed or disagreed with the statement compared (for Parent View, \u201cMy "
        "child is happy at this school\u201d): the base of % satisfied. Those answering don't "
        "know or leaving it blank are left out, so it can be fewer than the parents taking part.",
        "count",
    ),
    "count_satisfied": Column("Satisfied", "Responses strongly agreeing or agreeing.", "count"),
    "share_satisfied": Column(
        "% satisfied", "Strongly agree or agree, of responses giving a view.", "share"
    ),
    "plotted_share": Column(
        "% satisfied as counted",
        "% satisfied as the gap list counts it: every (or no) parent satisfied counts as all but "
        "(or only) half a parent.",
        "share",
    ),
    "ci95_low_share": Column(
        "95% interval from", "Lower end of the Wilson 95% interval of % satisfied.", "share"
    ),
    "ci95_high_share": Column(
        "95% interval to", "Upper end of the Wilson 95% interval of % satisfied.", "share"
    ),
    "is_approximate": Column(
        "Rounded counts",
        "Parent View counts are its published percentages times submissions, and the "
        "percentages are rounded, so they may be a few parents either way.",
        "flag",
    ),
    "months_apart": Column(
        "Months after the judgement",
        "Months from the inspection to the parents' answers.",
        "months",
    ),
    "pairing": Column(
        "Set against", "Which judgement the answers are set against.", words=PAIRING_WORDS
    ),
    # --- the gap list ----------------------------------------------------------------------------
    "reference_phase": Column(
        "Compared with (phase)",
        "The phase group of the reference schools; small groups are pooled with all phases.",
        words=PHASE_GROUP_LABELS,
    ),
    "reference_share": Column(
        "% satisfied, same grade and phase",
        "Pooled over every response at the schools with the same grade and phase the school is "
        "compared with (for an own survey, in its local authority), the school itself left out.",
        "share",
    ),
    "group_share": Column(
        "% satisfied, the group",
        "Pooled over every response in the group of schools with the same grade and phase (for "
        "an own survey, in its local authority); each school is compared with it without its "
        "own answers.",
        "share",
    ),
    "count_reference_schools": Column(
        "Schools in the group",
        "Schools with the same grade and phase in the group, with enough responses and no trust "
        "flag.",
        "count",
    ),
    "count_reference_responses": Column("Their responses", "Responses at those schools.", "count"),
    "phi": Column(
        "Spread beyond chance",
        "How many times more the schools vary than chance alone would make them (1 = chance "
        "alone).",
        "number",
        decimals=2,
    ),
    "reach_above": Column(
        "Can be shown above",
        "The fewest responses with which a school could be shown above these schools (every "
        "parent satisfied); 'cannot be shown' when no school could.",
    ),
    "reach_below": Column(
        "Can be shown below",
        "The fewest responses with which a school could be shown below them (no parent satisfied).",
    ),
    "comparison": Column(
        "Comparison",
        "The parents' views and the judgement this school's place on the gap list comes from.",
    ),
    "gap_status": Column(
        "Gap list",
        "On the list (above or below), on the line because of Parent View's rounding, not shown "
        "to differ, or not compared (and why).",
        words=STATUS_WORDS,
    ),
    "gap_trust_flags": Column(
        "Trust flags on this result",
        "Parent View trust flags on the result compared: the school is compared and marked, but "
        "left out of the share it and the others are compared with.",
        "flag_list",
    ),
    "z_least_satisfied": Column(
        "Standardised difference, lowest",
        "At the least satisfied end of the range Parent View's rounded figures allow.",
        "z",
        decimals=2,
    ),
    "z_most_satisfied": Column(
        "Standardised difference, highest",
        "At the most satisfied end of the range Parent View's rounded figures allow.",
        "z",
        decimals=2,
    ),
    "tau_pct": Column(
        "Between-school spread (points)",
        "The typical difference between schools beyond chance, in percentage points near the "
        "reference share.",
        "number",
    ),
    "z_adjusted": Column(
        "Standardised difference",
        "Difference from the reference group in standard errors, allowing for the spread between "
        f"schools; beyond +/-{LIMIT_Z_WORDS} is on the gap list.",
        "z",
        decimals=2,
    ),
    "z_unadjusted": Column(
        "Standardised difference, chance only",
        "The same without the spread between schools (binomial only: flags size, not difference).",
        "z",
        decimals=2,
    ),
    "gap_direction": Column(
        "Side of the gap list",
        "Above or below, when the school is on the gap list.",
        words=GAP_WORDS,
    ),
    "unadjusted_direction": Column(
        "Outside the chance-only limits", "Binomial limits only; for comparison.", words=GAP_WORDS
    ),
    "reference_words": Column("Compared with", "The schools this school is compared with."),
    "is_comparable": Column(
        "Compared",
        "No when the school has too few responses, or too few schools with the same grade and "
        "phase to compare with.",
        "flag",
    ),
    # --- one row per school (school_summaries: explore and the LA pack) ----------------------
    "laestab": Column("LAESTAB", "Local authority code and establishment number.", "code"),
    "region": Column("Region", "The school's region."),
    "school_type": Column("Type", "Type of establishment (DfE register)."),
    "pupils": Column("Pupils", "Pupils on roll.", "count"),
    "idaci_quintile": Column(
        "IDACI quintile", "Income deprivation affecting children: 1 = most deprived.", "code"
    ),
    "fsm_pct": Column("FSM %", "Pupils eligible for free school meals.", "pct"),
    "trust_name": Column("Trust", "Multi-academy trust, if any."),
    "is_open": Column("Open", "Open now.", "flag"),
    "opened_on": Column("Opened", "Date the school opened.", "date"),
    "last_inspected_on": Column("Last inspected", "Start of its latest inspection.", "date"),
    "graded_on": Column(
        "Latest graded inspection", "Start of its latest graded inspection.", "date"
    ),
    "graded_framework": Column(
        "Latest graded inspection: framework", "The framework of its latest graded inspection."
    ),
    "graded_overall": Column(
        "Latest graded inspection: overall effectiveness",
        "Overall effectiveness at its latest graded inspection (none from September 2024).",
    ),
    "in_force_judgement": Column(
        "Judgement in force",
        "At its latest full inspection (graded or report card), in that framework's words: a "
        "later inspection replaces an earlier one even when it gave no overall grade.",
    ),
    "in_force_framework": Column(
        "Framework of the judgement in force", "The framework of its latest full inspection."
    ),
    "in_force_on": Column(
        "Judgement in force given", "Start of its latest full inspection.", "date"
    ),
    "last_inspected_framework": Column(
        "Framework at last inspection", "The framework of its latest inspection of any kind."
    ),
    "report_card_on": Column(
        "Latest report card", "Start of its latest report-card inspection.", "date"
    ),
    "category_of_concern": Column(
        "Category of concern",
        "SM special measures, SWK serious weaknesses, NTI notice to improve.",
        words=CONCERN_WORDS,
    ),
    "chosen_judgement": Column(
        "Chosen judgement", "Latest grade in the chosen framework and area."
    ),
    "chosen_judgement_on": Column("Chosen judgement date", "When that grade was given.", "date"),
    "parent_view_on": Column(
        "Parent View as at",
        "The Parent View release its % satisfied comes from: each school's latest result, so "
        "schools can differ in release and in the questions asked (the Parent View page names "
        "each release's question set).",
        "date",
    ),
    "parent_view_question_set": Column(
        "Parent View question set",
        "The Parent View questions its % satisfied was asked in: schools' latest results can "
        "come from different question sets, worded differently.",
        words=QUESTION_SET_WORDS,
    ),
    "parent_view_submissions": Column(
        "Parent View submissions",
        "Parents taking part in its latest Parent View result (submissions). Its % satisfied "
        "rests on those of them giving a view on \u201cMy child is happy at this school\u201d, "
        "which can be fewer (the gap list's \u2018Parents giving a view\u2019).",
        "count",
    ),
    "pct_happy": Column(
        "% satisfied",
        "Latest Parent View, \u201cMy child is happy at this school\u201d: strongly agree or "
        "agree, of responses giving a view.",
        "pct",
    ),
    "pct_happy_ci95_low": Column(
        "% satisfied, 95% from", "Lower end of the Wilson interval.", "pct"
    ),
    "pct_happy_ci95_high": Column(
        "% satisfied, 95% to", "Upper end of the Wilson interval.", "pct"
    ),
    "parent_view_flags": Column(
        "Trust flags", "Trust flags on its latest Parent View result.", "flag_list"
    ),
    "engagement_judged_on": Column(
        "Engagement judged", "Date of the latest engagement judgement.", "date"
    ),
    "engagement_judgement": Column(
        "Engagement", "Overall effectiveness of engagement with parents."
    ),
    "engagement_impact": Column(
        "Impact of parents", "Impact of parents' involvement on provision."
    ),
    "engagement_inclusion": Column(
        "Inclusion", "How far the work makes the school more inclusive."
    ),
    "report_on": Column("Report coded", "Date of its latest coded inspection report.", "date"),
    "report_uses_engagement": Column(
        "Report asks for engagement",
        "Its improvement points ask for engagement in learning.",
        "flag",
    ),
    "report_involvement_only": Column(
        "Report: involvement only",
        "Its improvement points mention parents only as involvement or informing.",
        "flag",
    ),
    # --- inspections ---------------------------------------------------------------------------
    "started_on": Column("Inspection started", "First day of the inspection.", "date"),
    "published_on": Column("Report published", "Date the report was published.", "date"),
    "era": Column("Framework", "The inspection framework, by the years it ran."),
    "framework": Column("Framework in full", "The inspection framework's name."),
    "kind": Column("Kind", "Graded, ungraded or report card.", words=KIND_WORDS),
    "inspection_type": Column("Inspection type", "As Ofsted records it."),
    "overall_judgement": Column(
        "Overall effectiveness", "Overall effectiveness, in its framework's words."
    ),
    "scale": Column("Scale", "The grade scale the judgement is on."),
    "outcome": Column("Outcome", "Outcome of an ungraded inspection."),
    "inspection_id": Column("Inspection number", "Ofsted's inspection number.", "code"),
    "area": Column("Area", "The area judged."),
    "judgement": Column("Judgement", "The grade given, in its own words."),
    "whose": Column("Whose results", "This school, or the school it replaced (its predecessor)."),
    # --- Parent View ---------------------------------------------------------------------------
    "question_id": Column("Q", "Question number in its question set.", "code"),
    "question_text": Column("Question", "The question as Ofsted asked it."),
    "question_set": Column(
        "Question set", "Which wording of Parent View.", words=QUESTION_SET_WORDS
    ),
    "snapshot_date": Column("Parent View as at", "Date of the Parent View release.", "date"),
    "submissions": Column("Submissions", "Parent View submissions.", "count"),
    "answering": Column("Parents answering", "Parents giving a view on the question.", "count"),
    "schools": Column("Schools", "Schools counted.", "count"),
    "pct_positive": Column(
        "% positive",
        "Strongly agree or agree (yes for yes/no questions), of those answering.",
        "pct",
    ),
    "ci95_low_pct": Column("95% interval from", "Lower end of the Wilson 95% interval.", "pct"),
    "ci95_high_pct": Column("95% interval to", "Upper end of the Wilson 95% interval.", "pct"),
    # a share pooled over schools: its interval is not Wilson's (etl/sql/macros/wilson_interval.sql)
    "clustered_ci95_low_pct": Column(
        "95% interval from",
        "Lower end of the 95% interval, taking the schools as clusters; never narrower than "
        "Wilson's.",
        "pct",
    ),
    "clustered_ci95_high_pct": Column(
        "95% interval to",
        "Upper end of the 95% interval, taking the schools as clusters; never narrower than "
        "Wilson's.",
        "pct",
    ),
    "pct_satisfied": Column(
        "% satisfied", "Strongly agree or agree, of responses giving a view.", "pct"
    ),
    "region_pct_positive": Column("% positive, region", "The same for the region.", "pct"),
    "england_pct_positive": Column("% positive, England", "The same for England.", "pct"),
    "phase_england_pct_positive": Column(
        "% positive, England, same phase",
        "The same for England's schools of this school's phase (primary, secondary, special or "
        "other, as the gap list groups them); of every phase where its own has too few schools.",
        "pct",
    ),
    "difference_from_england": Column(
        "Difference from England (points)",
        "Percentage points above (+) or below England.",
        "number",
    ),
    "against_england": Column(
        "Against England",
        "Within noise when England's figure lies inside the 95% interval: do not chase it.",
        words=AGAINST_ENGLAND_WORDS,
    ),
    "answer_label": Column("Answer", "The answer given."),
    "pct_responses": Column("% of submissions", "Share of submissions giving this answer.", "pct"),
    "series": Column("Series", "Whose figures."),
    "pct_of_roll": Column(
        "% of roll answering", "Submissions as a share of pupils on roll.", "pct"
    ),
    "is_published": Column(
        "Published", "Ofsted publishes a school's results only from 10 submissions.", "flag"
    ),
    "flag": Column("Trust flag", "A pattern to ask the school about.", words=FLAG_WORDS),
    "reason": Column("Reason", "Why: the rule and the numbers behind it."),
    "in_same_la": Column("Same LA", "In the same local authority.", "flag"),
    "is_this_school": Column("This school", "The school this profile is about.", "flag"),
    "submissions_per_100_pupils": Column(
        "Submissions per 100 pupils", "Parent View submissions per 100 pupils on roll.", "number"
    ),
    # --- schools in numbers -------------------------------------------------------------------
    "count_pupils": Column("Pupils", "Pupils on roll.", "count"),
    "pct_schools": Column("% of schools", "Share of schools counted.", "pct"),
    "count_open_schools": Column("Open schools", "Open schools.", "count"),
    # --- what is loaded, and rejects ----------------------------------------------------------
    "file": Column("File", "The file as it was downloaded."),
    "layout_id": Column(
        "Recognised as", "The published layout the file was read as.", words=LAYOUT_WORDS
    ),
    "as_at_date": Column("As at", "The date the file's figures are as at.", "date"),
    "rows_read": Column("Rows read", "Rows in the file.", "count"),
    "rows_loaded": Column("Rows loaded", "Rows loaded, ready for the pages.", "count"),
    "rows_rejected": Column("Rows rejected", "Rows rejected, each with its reason.", "count"),
    "rows_out_of_scope": Column(
        "Rows out of scope", "Rows left out on purpose (independent schools, for example).", "count"
    ),
    "values_dropped": Column(
        "Single values dropped", "Unreadable single values left empty, the row kept.", "count"
    ),
    "sha256": Column("SHA-256", "Fingerprint of the file, to tell versions apart.", "code"),
    "loaded_at": Column("Loaded", "When the file was loaded (UTC).", "date"),
    "line": Column("Line", "Line of the file.", "count"),
    "column_name": Column(
        "Column",
        "The file's column, as the file heads it (Ofsted's 'OEIF' columns in words too).",
        words=FILE_COLUMN_WORDS,
    ),
    "value": Column("Value", "The value as written."),
    "action": Column(
        "What happened",
        "Row rejected, value dropped, value kept as published, recorded (a code such as 9, "
        "not applicable, that is not a grade), or left out of scope.",
    ),
    "count_rejects": Column(
        "Rows or values", "How many rows or values this happened to, for this reason.", "count"
    ),
    "first_line": Column("First line", "First line it happened on.", "count"),
    # --- coverage: how far the loaded data reaches (etl/sql/marts/coverage.sql) ---------------
    "count_register_schools": Column(
        "Open schools in the register",
        "Open state-funded schools in the loaded GIAS register.",
        "count",
    ),
    "count_register_schools_inspected": Column(
        "Of those, with inspection data", "Register schools the loaded Ofsted data lists.", "count"
    ),
    "count_schools_inspected": Column(
        "Open schools with inspection data", "Open schools the loaded Ofsted data lists.", "count"
    ),
    "count_local_authorities": Column(
        "Local authorities", "Local authorities with loaded open schools.", "count"
    ),
    "count_regions": Column(
        "Regions with inspection data", "English regions the loaded Ofsted data reaches.", "count"
    ),
    "count_english_regions": Column("English regions", "There are nine.", "count"),
    "register_share_inspected": Column(
        "Register covered",
        "Share of the register's open schools with inspection data (England needs 95%).",
        "share",
    ),
    "is_england": Column(
        "Covers England",
        "Every region and, with a register, 95% of its open schools.",
        "flag",
        national=False,
    ),
    "national_name": Column("National figures called", "What the pages call them."),
    "load_notes": Column(
        "Notes",
        "What the reader noticed: the question set and how it was decided, a date in the name "
        "that disagrees with the file, the text encoding, a title line above the header.",
    ),
    "count_rows": Column(
        "Rows",
        "How many rows of the file this line stands for: one cause in one column is listed "
        "once, with its first line.",
        "count",
    ),
    # --- engagement judgements on one school ------------------------------------------------------
    "judged_on": Column("Judged", "Date of the judgement.", "date"),
    "evaluator": Column("Evaluator", "Who judged."),
    "engagement": Column("Engagement with parents", "Overall effectiveness of the engagement."),
    "impact_of_parents": Column("Impact on provision", "Impact of parents on provision."),
    "inclusion": Column("Effect on inclusion", "How far the work made the school more inclusive."),
    "notes": Column("Evidence notes", "The evaluator's notes."),
    # --- small tables of facts ---------------------------------------------------------------
    "measure": Column("Measure", "What is counted."),
    "fact": Column("Fact", "What is known about the school."),
    "answer": Column("Answer", "The answer given."),
    "answer_share": Column("% of responses", "Share of responses giving a view.", "share"),
    # --- table 1 -------------------------------------------------------------------------------
    "geography": Column("Area", "The selection (your LA) or England."),
    "count_questionnaires": Column("Questionnaires", "Inspections with a questionnaire.", "count"),
    "count_schools": Column("Schools", "Schools counted.", "count"),
    "count_schools_judged": Column(
        "Schools judged",
        "Schools with this judgement in the area and phase: the row's percentages are of these.",
        "count",
    ),
    "strongly_agree_share": Column("Strongly agree", "Share of responses.", "share"),
    "agree_share": Column("Agree", "Share of responses.", "share"),
    "disagree_share": Column("Disagree", "Share of responses.", "share"),
    "strongly_disagree_share": Column("Strongly disagree", "Share of responses.", "share"),
    "happy_share": Column(
        "% satisfied",
        "Strongly agree or agree, of responses giving a view, pooled over every response.",
        "share",
    ),
    # --- warehouse documentation ---------------------------------------------------------------
    "model": Column("Table", "The warehouse table (its name, as a query would use it).", "code"),
    "description": Column("What it holds", "What the column holds, as documented beside its SQL."),
    "unit": Column(
        "Unit",
        "What kind of value the column holds.",
        words={
            "code": "Code",
            "text": "Text",
            "count": "Count",
            "share": "Share (0 to 1)",
            "pct": "Percentage (0 to 100)",
            "date": "Date",
            "datetime": "Date and time",
            "flag": "True or false",
            "number": "Number",
            "z": "Standardised (z)",
            "months": "Months",
        },
    ),
    "checks": Column(
        "Checked before each swap",
        "The checks every new build of the data must pass on this column.",
    ),
    # --- engagement and report coding ---------------------------------------------------------
    "compared_with": Column(
        "Judgement compared", "The second judgement, set against the engagement's own grade."
    ),
    "count_judged_lower": Column(
        "Judged lower", "Schools whose second judgement is worse than their engagement.", "count"
    ),
    "count_judged_same": Column(
        "Judged the same", "Schools whose second judgement equals their engagement.", "count"
    ),
    "count_judged_higher": Column(
        "Judged higher", "Schools whose second judgement is better than their engagement.", "count"
    ),
    "count_breaking_pattern": Column(
        "Break the pattern",
        "Schools with impact judged better than the engagement, or inclusion judged worse: the "
        "pattern reported of the 47 schools of Ofsted's Schools and parents (2011) had none.",
        "count",
    ),
    "pattern_broken": Column("How it breaks the pattern", "Which of the two patterns."),
    "engagement_grade": Column(
        "Engagement with parents", "The school's latest engagement judgement (4-point scale)."
    ),
    "median_happy_share": Column(
        "Median % satisfied (of schools)",
        "The middle school's % satisfied (strongly agree or agree, of responses giving a view), "
        "in its latest result of this question set.",
        "share",
    ),
    "engagement_inclusion_judgement": Column(
        "Effect on inclusion (engagement judgement)", "On the 4-point engagement scale."
    ),
    "report_card_judged_on": Column("Report card", "Date of the report card.", "date"),
    "report_card_inclusion_grade": Column(
        "Inclusion (report card)", "The report card's Inclusion grade, on its 5-point scale."
    ),
    "report_era": Column(
        "Era", "The report's era, by the heading of its improvement section.", words=ERA_WORDS
    ),
    "inspection_year": Column("Year", "Calendar year of the inspection.", "code"),
    "count_reports": Column(
        "Reports with an improvement section", "The denominator of each share beside it.", "count"
    ),
    "engagement_strategy_share": Column(
        "% using engagement as a strategy",
        "Reports whose improvement section asks for parental engagement in children's learning.",
        "share",
    ),
    "learning_link_share": Column(
        "% linking engagement with learning",
        "Reports whose improvement section links parents' engagement with pupils' learning or "
        "outcomes.",
        "share",
    ),
    "involvement_or_informing_only_share": Column(
        "% parents only as involvement or informing",
        "Reports whose improvement section mentions parents only as involvement or informing.",
        "share",
    ),
    "parents_views_only_share": Column(
        "% only parents' views",
        "Reports whose only mention of parents, anywhere in the report, recounts their views.",
        "share",
    ),
    "study_measure": Column("Measure", "One of Engagement in Education's (2013) measures."),
    "observed_share": Column(
        "Observed",
        "The share of reports, as the coder labelled their passages (with advisers' corrections).",
        "share",
    ),
    "likely_share": Column(
        "Likely, allowing for the coder's errors",
        "The share the coder's measured mistakes make most likely.",
        "share",
    ),
    "low_share": Column(
        "From",
        "Lower end of the range the true share lies in, allowing for the coder's measured "
        "mistakes (95 in 100).",
        "share",
    ),
    "high_share": Column(
        "To",
        "Upper end of the range the true share lies in, allowing for the coder's measured "
        "mistakes (95 in 100).",
        "share",
    ),
    "study_share": Column(
        "Engagement in Education (2013)",
        "The figure reported of Engagement in Education's 2013 analysis of 222 Ofsted reports; "
        "the passage giving it, and its base, were not available to us.",
        "share",
    ),
    "selection_share": Column("Selection", "The share for the LA (or selection) chosen.", "share"),
    "selection_reports": Column(
        "Selection: reports", "Reports with an improvement section: the denominator.", "count"
    ),
    "england_share": Column("England", "The share for England.", "share"),
    "england_reports": Column(
        "England: reports", "Reports with an improvement section: the denominator.", "count"
    ),
    "inspection_key": Column(
        "Inspection", "The inspection as its report gives it: its date, or its number."
    ),
    "found_in": Column("Found in", "An improvement point, or a sentence elsewhere in the report."),
    "report_label": Column(
        "Label",
        "What the sentence says about parents: engagement, involvement, informing, parents' views "
        "or none of these (an adviser's correction where there is one).",
        words=CODE_WORDS,
    ),
    "code": Column("Label", "What the sentence says about parents.", words=CODE_WORDS),
    "coder_label": Column(
        "Coder's label", "What the coder said before the correction.", words=CODE_WORDS
    ),
    "learning_link": Column(
        "Links with learning",
        "Engagement that connects parents with their child's learning.",
        "flag",
    ),
    "sentence": Column("Sentence", "The sentence or improvement point, as the report words it."),
    "improvement_point": Column("Improvement point", "As the report words it."),
    "point_no": Column("Point", "Its place in the improvement section.", "code"),
    "in_improvement_section": Column(
        "In the improvement section", "The sentence is one of the improvement points.", "flag"
    ),
    "report_points": Column("Improvement points", "Points in the report's section.", "count"),
    "triggers": Column(
        "Why",
        "The words that decided the label: those that weighed most for the automatic coding "
        "(words, word pairs and the published phrase rules' kinds of phrase), then each phrase "
        "rule's matches.",
    ),
    "is_uncertain": Column(
        "Uncertain",
        "The automatic coding is less than 80% sure of the label: for an adviser to review (its "
        "mistakes gather there).",
        "flag",
    ),
    "is_corrected": Column("Corrected", "An adviser's correction sets the label.", "flag"),
    "sentence_hash": Column(
        "Sentence reference",
        "A 12-character reference that names the sentence in an adviser's correction file.",
        "code",
    ),
    "count_units": Column(
        "Sentences found",
        "Coded sentences or points the correction applies to (0: none).",
        "count",
    ),
}


# Names the table documentation on the data page mentions that no screen column has: the tables
# themselves, code values named in a description or check, and columns kept for analysts. Each in
# the words the pages already use for it (frameworks, report labels, reasons, flags), so the
# documentation never shows 'Cif 2012', 'Gap every school' or 'Pct agree' (lens/present/
# vocabulary.py plain_name reads this after COLUMNS, and refuses a name neither has: no name is
# turned into words by swapping its underscores for spaces; tests/test_model_docs.py).
DOC_WORDS: dict[str, str] = {
    # code values, in the pages' own words (a table's own name below wins over them)
    **{area: words for area, (words, _) in REPORT_CARD_AREAS.items()},
    **{area: words for area, (words, _) in OEIF_AREAS.items()},
    **QUESTIONNAIRE_STATEMENTS,
    **KIND_WORDS,
    "on_the_line": LEGEND_WORDS["on_the_line"],
    "not_shown_to_differ": STATUS_WORDS["not_shown_to_differ"],
    **{f.framework_id: f"{f.short_label} framework" for f in FRAMEWORKS},
    **{scale_id: scale.name for scale_id, scale in SCALES.items()},
    **QUESTION_SET_WORDS,
    **SOURCE_WORDS,
    **FAMILY_SHORT_LABELS,
    **PAIRING_WORDS,
    **{code: words for code, words in CODE_WORDS.items() if "_" in code},
    **{code: words[0].upper() + words[1:] for code, words in NOT_COMPARED_WORDS.items()},
    **FLAG_WORDS,
    "latest_full": "Latest full inspection",
    "latest_oeif": "Latest graded inspection under the 2019-24 framework",
    "latest_graded": "Latest graded inspection",
    "previous_graded": "Previous graded inspection",
    "latest_ungraded": "Latest ungraded inspection",
    # the tables
    "coder_measured_errors": "The coder's measured errors",
    "coverage": "How far the loaded data reaches",
    "engagement_judgements": "Engagement judgements",
    "gap_every_school": "Every school's latest parents' views, for the gap list",
    "gap_references": "Each group of schools with the same grade and phase, for the gap list",
    "inspection_judgements": "Inspection judgements",
    "inspections": "Inspections",
    "local_authorities": "Local authorities",
    "parent_view_answers": "Parent View answers",
    "parent_view_positive": "Parent View shares positive",
    "questionnaire_counts": "Questionnaire answers counted",
    "questionnaire_owners": "Whose questionnaires they are",
    "questionnaires_at_inspection": "Questionnaires returned at inspections",
    "report_codes": "Inspection reports coded",
    "report_corrections": "Advisers' corrections to the coding",
    "report_parent_sentences": "Sentences about parents in inspection reports",
    "satisfaction_gaps": "Each school's gap from schools with the same grade and phase",
    "satisfaction_pairs": "Parents' views paired with a judgement",
    "school_latest_inspections": "Each school's latest inspections",
    "school_predecessors": "Schools each school replaced",
    "school_satisfaction": "Parents' satisfaction, school by school",
    "school_summaries": "One line per school",
    # reference tables, the gap list's method and its steps, named in a description or check
    "frameworks": "Inspection frameworks",
    "grade_scales": "Grade scales and their words",
    "judgement_areas": "Judgement areas and their words",
    "gap_windows": "The gap list's time windows",
    "gap_method": "The gap list's method",
    "gap_rows": "The gap list's school-by-school step",
    "gap_arcsine": "Share on the arcsine scale (the square root of the share turned into an "
    "angle, on which chance spreads every share alike)",
    "gap_plotted_share": "Share as the gap list counts it (no parent or every parent satisfied "
    "moved half a parent inwards)",
    "min_responses": "Fewest responses for a school to be compared",
    "min_reference_schools": "Fewest schools with the same grade and phase for a group to be "
    "compared with",
    "reach_max_responses": "Most responses tried when finding who could be shown above or below",
    # columns kept for analysts
    "parents_views_only": "Only parents' views",
    "model_label": "Classifier's label",
    "model_share": "Classifier's certainty",
    "rule_label": "Phrase rules' label",
    # --- schools and inspections
    "closed_on": "Closed",
    "postcode": "Postcode",
    "facts_from": "Listed by",
    "source_file": "File read from",
    "framework_id": "Inspection framework",
    "scale_id": "Grade scale",
    "overall_scale_id": "Scale of the overall effectiveness grade",
    "grade_rank": "Grade as a number (1 the most favourable)",
    "overall_grade_rank": "Overall effectiveness as a number (1 Outstanding)",
    "overall_grade_label": "Overall effectiveness in words",
    "area_label": "Area judged, in words",
    "block_id": "Columns of the file's line it was read from",
    "urn_at_inspection": "URN when inspected",
    "predecessor_urn": "URN of the school it replaced",
    "owner_urn": "URN of the school whose parents answered",
    "is_predecessors": "A predecessor's parents",
    "inspection_number": "Ofsted's inspection number, from the report",
    # --- engagement judgements
    "engagement_rank": "Engagement with parents, as a number (1 Outstanding)",
    "impact_rank": "Impact on provision, as a number (1 Outstanding)",
    "inclusion_rank": "Effect on inclusion, as a number (1 Outstanding)",
    # --- Parent View's published percentages and the counts made from them
    "pct_strongly_agree": "Share who strongly agree (%)",
    "pct_agree": "Share who agree (%)",
    "pct_neither": "Share who neither agree nor disagree (%)",
    "pct_disagree": "Share who disagree (%)",
    "pct_strongly_disagree": "Share who strongly disagree (%)",
    "pct_dont_know": "Share who don't know (%)",
    "pct_yes": "Share who answer yes (%)",
    "pct_no": "Share who answer no (%)",
    "pct_not_applicable": "Share to whom the question did not apply (%)",
    "pct_rated_positive": "Share published as positive (%)",
    "pct_rated_neutral": "Share published as neutral (%)",
    "pct_rated_negative": "Share published as negative (%)",
    "published_decimal_places": "Decimal places the file gives percentages to",
    "approx_count_strongly_agree": "About how many strongly agree",
    "approx_count_agree": "About how many agree",
    "approx_count_disagree": "About how many disagree",
    "approx_count_strongly_disagree": "About how many strongly disagree",
    "approx_count_dont_know": "About how many don't know",
    "approx_count_answering": "About how many give a view",
    # --- questionnaires and parents' answers counted
    "statement_key": "Questionnaire statement",
    "period_start": "Answers from",
    "period_end": "Answers to",
    "count_strongly_agree": "Parents who strongly agree",
    "count_agree": "Parents who agree",
    "count_disagree": "Parents who disagree",
    "count_strongly_disagree": "Parents who strongly disagree",
    "count_dont_know": "Parents who don't know",
    "count_returned": "Questionnaires returned",
    "pupils_on_roll": "Pupils on roll, as the questionnaire table gives",
    "rounding_low_satisfied": "Satisfied, at the least satisfied end of the rounding",
    "rounding_low_responses": "Responses, at the least satisfied end of the rounding",
    "rounding_high_satisfied": "Satisfied, at the most satisfied end of the rounding",
    "rounding_high_responses": "Responses, at the most satisfied end of the rounding",
    "rounding_half_points": "Rounding either way of each published percentage (points)",
    "is_latest": "The school's latest result",
    # --- the gap list
    "window_months": "Time window (months)",
    "not_compared_reason": "Why not compared",
    "reference_scope": "Where the schools with the same grade and phase are drawn from",
    "band_low_rank": "Lowest grade pooled into the group (as a number)",
    "band_high_rank": "Highest grade pooled into the group (as a number)",
    "count_reference_satisfied": "Their satisfied responses",
    "tau2": "Between-school variance (arcsine scale, beyond chance)",
    "is_reference_member": "Counts in its group of schools with the same grade and phase",
    "trust_flags": "Trust flags that leave it out of the group",
    "min_responses_above": "Fewest responses to be shown above",
    "min_responses_below": "Fewest responses to be shown below",
    # --- inspection reports coded
    "label": "Label used",
    "text": "The point as worded",
    "true_label": "The guide's label",
    "is_true_learning_link": "Truly links with learning",
    "has_learning_words": "Names pupils' learning",
    "has_improvement_section": "Has an improvement section",
    "heading_framework": "Era, from the improvement section's heading",
    "count_points": "Number of improvement points",
    "uses_engagement": "Asks for engagement",
    "links_parents_to_learning": "Links parents with learning",
    "involvement_or_informing_only": "Parents only as involvement or informing",
    "count_parent_mentions": "Mentions of parents",
    "count_uncertain": "Uncertain labels",
    "parent_point_no": "Main point it belongs to",
    "sentence_no": "Sentence number",
    "correction_file": "Corrections file",
    "correction_line": "Line of the corrections file",
    "parent_phrases": "The phrase rules",
}
