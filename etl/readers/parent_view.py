"""Ofsted Parent View school-level results: CSV with "46%" strings, or workbook tables.

Every layout becomes one row per school, snapshot and question, with a percentage per answer
option and the number of submissions. Schools under the 10-submission publication threshold are
never invented: a row claiming fewer is rejected. Each row also carries its file's precision, the
decimal places the file publishes its percentages to, read from the file's own values: the gap
list's rounding range is made from it.

The question set is decided from the file itself: the published question wording (in the headers,
or on a wording sheet such as a workbook's `Table_1`), else the question numbers and answer options
in the headers; the date decides only when neither can, and a file whose questions do not match
the set in use on its date is loaded as the questions it holds, with a note saying so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from datetime import date

import polars as pl

from etl.checks import (
    ROW_REJECTED,
    VALUE_DROPPED,
    Check,
    cleaned,
    combine_rejects,
    digits,
    duplicate_keys,
    integer,
    reject_rows,
    run_checks,
)
from etl.readers.result import ReadResult
from etl.readers.text_csv import LINE_COLUMN, RawTable
from schemas.parent_view import (
    OPTION_KEYS,
    OPTION_SPELLINGS,
    PARENT_VIEW_SETS,
    PUBLICATION_MINIMUM_SUBMISSIONS,
    RATED_KEYS,
    QuestionSet,
    question_set_for,
)
from schemas.sources import normalise_header

COLUMN_IGNORED = "column ignored"
SUBMISSION_HEADERS = ("submissions", "responses for year", "number of submissions", "responses")
# Published percentages are rounded, so a question's options add to 100 give or take half a
# point each: the tolerance is that, and never less than 3 points.
SUM_TOLERANCE = 3.0
ROUNDING_PER_OPTION = 0.5
# Official-statistics shorthand for a value not published (suppressed, not applicable, ...);
# "[low]" is a value that rounds to zero.
NOT_PUBLISHED_MARKERS = (
    "[x]",
    "[z]",
    "[c]",
    "[u]",
    "[w]",
    "x",
    "z",
    "c",
    "-",
    "\u2013",
    "..",
    ":",
    "*",
)
ROUNDS_TO_ZERO_MARKERS = ("[low]",)
# A file's precision: the decimal places its percentages are published to, the most that at least
# one value in ten needs (PRECISION_SHARE; in a file published to one decimal place nine values in
# ten carry a tenth other than 0, in a file of whole percentages only a value edited by hand does).
# A value needs d places when it is within FLOAT_NOISE_POINTS of a multiple of
# 10^-d, so float noise from a spreadsheet or from proportions times 100 (55.00000001,
# 0.1 + 0.2 = 0.30000000000000004) adds none; so does a whole number written "55.0", which a
# spreadsheet also makes of a whole percentage. Up to MOST_DECIMAL_PLACES are looked for; a
# value needing more (an unrounded proportion) counts as that many, which already pins any
# count below 100,000 submissions to within a twentieth of a parent.
MOST_DECIMAL_PLACES = 4
FLOAT_NOISE_POINTS = 1e-6
PRECISION_SHARE = 0.1
_OPTIONS = "|".join(re.escape(s) for s in sorted(OPTION_SPELLINGS, key=len, reverse=True))
QUESTION_HEADER = re.compile(
    rf"^(?:q\s*(?P<qid>\d+[a-z]?)\b[.:)]?|(?P<bare>\d{{1,2}}[a-z]?)[.)])"
    rf"\s*(?P<text>.*?)[\s.:\-\u2013]*\b(?P<option>{_OPTIONS})"
    r"\s*(?:%|\(\s*%\s*\))?$",
    re.IGNORECASE,
)
DETAILED_KEYS = tuple(k for k in OPTION_KEYS if k not in RATED_KEYS)
AGREE_OPTIONS = frozenset({"strongly_agree", "agree", "disagree", "strongly_disagree"})
YES_NO_OPTIONS = frozenset({"yes", "no"})
SAME_WORDING = 0.9  # similarity of normalised wording above which two texts are one question
ANSWER_SCHEMA = {
    "line": pl.Int64,
    "urn": pl.Int64,
    "question_set": pl.String,
    "question_id": pl.String,
    "question_text": pl.String,
    "submissions": pl.Int64,
    **{f"pct_{key}": pl.Float64 for key in OPTION_KEYS},
    "published_decimal_places": pl.Int32,
}


def _fits(percent: pl.Expr, places: int) -> pl.Expr:
    return (percent - percent.round(places)).abs() <= FLOAT_NOISE_POINTS


def decimal_places(percent: pl.Expr) -> pl.Expr:
    """The fewest decimal places (0 to MOST_DECIMAL_PLACES) that hold each percentage to within
    float noise; MOST_DECIMAL_PLACES for one that needs more."""
    places = pl.lit(MOST_DECIMAL_PLACES, pl.Int32)
    for fewer in reversed(range(MOST_DECIMAL_PLACES)):
        places = pl.when(_fits(percent, fewer)).then(pl.lit(fewer, pl.Int32)).otherwise(places)
    return places


def without_float_noise(percent: pl.Expr) -> pl.Expr:
    """Each percentage as published, its float noise gone (55.00000001 is 55, 100 x 0.55 is
    55): noise would move a rounding range's ends by a parent, as they are whole parents found
    with a margin of a billionth of one. A value needing more places than are looked for is
    kept as it is."""
    snapped = percent
    for places in reversed(range(MOST_DECIMAL_PLACES + 1)):
        snapped = pl.when(_fits(percent, places)).then(percent.round(places)).otherwise(snapped)
    return snapped


def published_precision(percentages: pl.Series) -> int:
    """The decimal places a table's percentages are published to: the most that at least
    PRECISION_SHARE of its values need, 0 when every value is a whole number (or there is
    none). A few values edited by hand to a decimal (45.5 in a file of whole percentages) do not
    make the file read as more precise than it is, which would narrow every school's range."""
    places = percentages.to_frame("p").select(decimal_places(pl.col("p")).alias("d"))["d"]
    places = places.drop_nulls()
    for fewer in range(MOST_DECIMAL_PLACES, 0, -1):
        if not places.is_empty() and (places >= fewer).mean() >= PRECISION_SHARE:
            return fewer
    return 0


def precision_words(places: int) -> str:
    """A file's precision as the load log gives it, with the rounding it allows each way."""
    if places == 0:
        return "percentages published as whole numbers: each may be half a point either way"
    unit = "place" if places == 1 else "places"
    more = " or more" if places == MOST_DECIMAL_PLACES else ""
    return (
        f"percentages published to {places} decimal {unit}{more}: each may be "
        f"{0.5 / 10**places:.{places + 1}f} of a point either way"
    )


def one_precision_per_file(result: ReadResult) -> ReadResult:
    """A Parent View file's rows all carry the file's one precision, the finest of its tables'
    (published_precision; a workbook's tables are one publication), and the load log
    says it. Other files are left as they are."""
    answers = result.tables.get("stg_parent_view_answers")
    if answers is None:
        return result
    places = int(answers["published_decimal_places"].max() or 0)
    result.tables["stg_parent_view_answers"] = answers.with_columns(
        pl.lit(places, pl.Int32).alias("published_decimal_places")
    )
    result.notes.append(precision_words(places))
    return result


def is_parent_view(raw: RawTable) -> bool:
    """A table with a submissions column and at least a few 'Qn ... <option>' columns."""
    has_count = any(normalise_header(h) in SUBMISSION_HEADERS for h in raw.headers.values())
    questions = sum(1 for h in raw.headers.values() if QUESTION_HEADER.match(h or ""))
    return has_count and questions >= 4


# --- question wording ---------------------------------------------------------------------------


def _words(text: str) -> str:
    """Wording reduced to lower-case words: punctuation, case and curly quotes do not count."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("\u2019", "'")).split())


def same_wording(published: str, known: str) -> bool:
    """Whether a published question text is the known one, give or take punctuation and case
    ('...; when the bullying took place' and '... . When the bullying took place')."""
    a, b = _words(published), _words(known)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SAME_WORDING


_ID_WITH_Q = r"q(?:uestion)?\s*(?P<qid>\d{1,2}[a-z]?)"
_WORDING_CELL_Q = re.compile(rf"^{_ID_WITH_Q}\b\s*[.:)\-\u2013]?\s+(?P<text>\S.*)$", re.I | re.S)
_WORDING_CELL_BARE = re.compile(r"^(?P<qid>\d{1,2}[a-z]?)\s*[.:)]\s+(?P<text>\S.*)$", re.S)
_ID_CELL_Q = re.compile(rf"^{_ID_WITH_Q}\s*[.:)]?$", re.I)
_ID_CELL_BARE = re.compile(r"^(?P<qid>\d{1,2}[a-z]?)\s*[.:)]?$", re.I)
_QUESTION_LIKE = re.compile(r"[a-z]{2,}\S*\s+\S*[a-z]{2,}", re.I)  # two words or more


def _question_wording(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text if _QUESTION_LIKE.search(text) else None


def _wording_in_row(
    cells: list[tuple[int, str]], question_columns: set[int]
) -> tuple[str, str, bool] | None:
    """(question number, text, whether the number said 'Q') if the row gives a question."""
    for position, (column, cell) in enumerate(cells):
        strong = _WORDING_CELL_Q.match(cell)
        match = strong or (column in question_columns and _WORDING_CELL_BARE.match(cell) or None)
        if match:
            text = _question_wording(match["text"])
            return (match["qid"].lower(), text, bool(strong)) if text else None
        following = cells[position + 1] if position + 1 < len(cells) else None
        if following is None:
            return None
        strong = _ID_CELL_Q.match(cell)
        match = strong or (
            {column, following[0]} & question_columns and _ID_CELL_BARE.match(cell) or None
        )
        if match and (text := _question_wording(following[1])):
            return match["qid"].lower(), text, bool(strong)
    return None


def _lists_known_questions(texts: list[str]) -> bool:
    known = [q.text for s in PARENT_VIEW_SETS for q in s.questions]
    return any(same_wording(text, k) for text in texts for k in known)


def question_wording(sheets: Mapping[str, list[list[str | None]]]) -> dict[str, str]:
    """Question number -> published text, from wording sheets (a workbook's `Table_1`).

    A row gives a question as 'Q1. <text>' in one cell, or as 'Q1' / 'Question 1' in one cell and
    the text in the next filled one. A bare number ('1', '1.') counts only in the rows right under
    a header row with a 'Question ...' cell over it or its text, and only on a sheet that lists at
    least one known Parent View question, so numbered notes on a cover or notes sheet never
    become questions. The first sheet to give a question wins."""
    found: dict[str, str] = {}
    for rows in sheets.values():
        question_columns: set[int] = set()
        strong, weak = [], []
        for row in rows:
            cells = [(i, c.strip()) for i, c in enumerate(row) if c and c.strip()]
            given = _wording_in_row(cells, question_columns)
            if given:
                (strong if given[2] else weak).append(given[:2])
                continue
            # a header row ('Question number', 'Question') starts a table of questions; any
            # other row ends it
            question_columns = {
                column
                for column, cell in cells
                if len(cell) <= 40 and "question" in cell.casefold()
            }
        if weak and not _lists_known_questions([text for _, text in strong + weak]):
            weak = []
        for qid, text in strong + weak:
            found.setdefault(qid, text)
    return found


# --- which question set -------------------------------------------------------------------------


def _conflicts(question_set: QuestionSet, questions: Mapping[str, Collection[str]]) -> int:
    """How many of the file's questions the set cannot explain: numbers it does not have, yes/no
    answers to an agree question or the reverse, a 'neither' answer the set never offered."""
    known = question_set.by_id()
    count = 0
    for qid, options in questions.items():
        question = known.get(qid)
        if question is None:
            count += 1
            continue
        given = set(options)
        if question.kind == "yes_no" and given & AGREE_OPTIONS:
            count += 1
        if question.kind == "agree" and given & YES_NO_OPTIONS:
            count += 1
        if "neither" in given and not question_set.offers_neither:
            count += 1
    return count


def _names(sets: list[QuestionSet]) -> str:
    names = [s.name for s in sets]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def decide_question_set(
    questions: Mapping[str, Collection[str]], texts: Mapping[str, str], snapshot: date
) -> tuple[QuestionSet, str]:
    """The question set a table holds, and a note saying how it was decided.

    `questions` maps each question number in the headers to its answer options (OPTION_KEYS);
    `texts` maps question numbers to their published wording. Decided by, in turn: the wording
    (the set whose questions it matches most, alone); the header structure (the set that explains
    every question number and answer option, alone: 7a/7b and Q11-Q14 exist only in 2019-2025, a
    yes/no Q10 and 'Neither agree nor disagree' only from November 2025); only then the date. When
    the wording or structure decided and the set in use on the date differs, the note says so."""
    by_date = question_set_for(snapshot)
    sets = list(PARENT_VIEW_SETS)
    matches = {
        s.question_set: sum(
            1
            for qid, text in texts.items()
            if qid in s.by_id() and same_wording(text, s.by_id()[qid].text)
        )
        for s in sets
    }
    best = max(matches.values())
    leaders = [s for s in sets if matches[s.question_set] == best]
    on = f"{snapshot:%-d %B %Y}"
    if best and len(leaders) == 1:
        chosen, basis = leaders[0], "by its question wording"
    else:
        pool = leaders if best else sets
        conflicts = {s.question_set: _conflicts(s, questions) for s in pool}
        fewest = min(conflicts.values())
        fits = [s for s in pool if conflicts[s.question_set] == fewest]
        if len(fits) == 1:
            chosen, basis = fits[0], "by the question numbers and answer options in its headers"
        else:
            # the set in use on the date, else of those that fit the latest begun by then
            begun = [s for s in fits if s.starts_on <= snapshot]
            chosen = by_date if by_date in fits else begun[-1] if begun else fits[0]
            return chosen, (
                f"{chosen.name}: decided by the date (as at {on}) because the wording and "
                f"headers fit {_names(fits)} alike"
            )
    note = f"{chosen.name}: decided {basis}"
    if chosen != by_date:
        note += (
            f"; its date (as at {on}) falls in the time of {by_date.name}, but the file's own "
            "questions are used"
        )
    return chosen, note


# --- columns ------------------------------------------------------------------------------------


def _question_columns(raw: RawTable) -> pl.DataFrame:
    rows = []
    for key, header in raw.headers.items():
        match = QUESTION_HEADER.match(header or "")
        if match:
            rows.append(
                {
                    "column": key,
                    "header": header,
                    "question_id": (match["qid"] or match["bare"]).lower(),
                    "header_text": match["text"].strip(" .:-\u2013") or None,
                    "option": OPTION_SPELLINGS[" ".join(match["option"].casefold().split())],
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "column": pl.String,
            "header": pl.String,
            "question_id": pl.String,
            "header_text": pl.String,
            "option": pl.String,
        },
    )


def _published_texts(columns: pl.DataFrame, wording: Mapping[str, str]) -> dict[str, str]:
    """Each question's wording as published: in its headers, else on the wording sheet."""
    ids = columns["question_id"].unique(maintain_order=True).to_list()
    in_headers = dict(
        columns.drop_nulls("header_text")
        .unique("question_id", keep="first", maintain_order=True)
        .select("question_id", "header_text")
        .iter_rows()
    )
    texts = {}
    for qid in ids:
        header, table = in_headers.get(qid), wording.get(qid)
        # a short label in a header ('Q1 Happy Agree') gives way to the wording sheet's question
        text = header if header and (not table or len(header.split()) >= 3) else table
        if text:
            texts[qid] = text
    return texts


def _ignored(raw: RawTable, columns: pl.DataFrame, reason: pl.Expr) -> pl.DataFrame:
    return columns.select(
        pl.lit(raw.file).alias("file"),
        pl.lit(raw.header_line, pl.Int64).alias("line"),
        pl.col("header").alias("column_name"),
        pl.col("question_id").alias("value"),
        reason.alias("reason"),
        pl.lit(COLUMN_IGNORED).alias("action"),
    )


def read_parent_view(
    raw: RawTable, snapshot: date, wording: Mapping[str, str] | None = None
) -> ReadResult:
    """Validate one Parent View table into per-school, per-question answer shares.

    `wording` is the question wording published beside the table (a workbook's `Table_1`):
    question number -> text, used where the headers carry no text."""
    count_key = next(k for k, h in raw.headers.items() if normalise_header(h) in SUBMISSION_HEADERS)
    urn_key = next(k for k in raw.headers if k == "urn")
    columns = _question_columns(raw)
    repeated = columns.filter(pl.struct("question_id", "option").is_first_distinct().not_())
    columns = columns.filter(pl.struct("question_id", "option").is_first_distinct())
    repeated_rejects = _ignored(
        raw,
        repeated,
        pl.format(
            "a second column for the same answer of Q{}: only the first is loaded",
            pl.col("question_id"),
        ),
    )
    published = _published_texts(columns, wording or {})
    options_by_question = {
        qid: set(options)
        for qid, options in columns.group_by("question_id").agg("option").iter_rows()
    }
    question_set, set_note = decide_question_set(options_by_question, published, snapshot)
    known = question_set.by_id()

    schools, rejects = run_checks(
        raw,
        [
            Check("urn", raw.headers[urn_key], digits(6, "URN"), required=True),
            Check("submissions", raw.headers[count_key], integer(0, 100_000), required=True),
        ],
    )
    duplicates = duplicate_keys(raw.file, schools, "urn", raw.headers[urn_key])
    schools = schools.unique("urn", keep="first", maintain_order=True)
    too_few = schools.filter(pl.col("submissions") < PUBLICATION_MINIMUM_SUBMISSIONS)
    few_rejects = reject_rows(
        raw.file,
        too_few,
        raw.headers[count_key],
        pl.col("submissions"),
        pl.lit(
            f"fewer than {PUBLICATION_MINIMUM_SUBMISSIONS} submissions: Ofsted does not publish "
            "such results, so the row is not loaded"
        ),
        ROW_REJECTED,
    )
    schools = schools.filter(pl.col("submissions") >= PUBLICATION_MINIMUM_SUBMISSIONS)

    unknown_rejects = _ignored(
        raw,
        columns.filter(~pl.col("question_id").is_in(list(known))),
        pl.lit(f"unknown question for {question_set.name}: column not loaded"),
    )
    columns = columns.filter(pl.col("question_id").is_in(list(known)))
    values = raw.frame.select(
        LINE_COLUMN, *[cleaned(pl.col(c)).alias(c) for c in columns["column"]]
    )
    percent_style = values.select(
        pl.any_horizontal(pl.all().exclude(LINE_COLUMN).str.contains("%").any())
    ).item()
    long = (
        values.join(schools.select(LINE_COLUMN, "urn", "submissions"), on=LINE_COLUMN)
        .unpivot(
            index=[LINE_COLUMN, "urn", "submissions"], variable_name="column", value_name="raw"
        )
        .filter(pl.col("raw").is_not_null())
        .join(columns, on="column")
    )
    marker = pl.col("raw").str.to_lowercase()
    # a question with an answer not published cannot be checked to add up, only not to exceed
    hidden = (
        long.filter(marker.is_in(NOT_PUBLISHED_MARKERS))
        .group_by(LINE_COLUMN, "question_id")
        .len("_hidden")
    )
    not_published = hidden["_hidden"].sum()
    long = long.filter(~marker.is_in(NOT_PUBLISHED_MARKERS)).with_columns(
        pl.when(marker.is_in(ROUNDS_TO_ZERO_MARKERS))
        .then(pl.lit(0.0))
        .otherwise(pl.col("raw").str.replace_all(r"[%,\s]", "").cast(pl.Float64, strict=False))
        .alias("number")
    )
    proportions = False
    if not percent_style:
        largest = long["number"].drop_nulls().max()
        proportions = largest is not None and largest <= 1.0  # type: ignore[operator]
        if proportions:
            long = long.with_columns(pl.col("number") * 100)
    problem = (
        pl.when(pl.col("number").is_null())
        .then(pl.lit("not a percentage"))
        .when(~pl.col("number").is_between(0, 100))
        .then(pl.lit("percentage outside 0 to 100"))
    )
    long = long.with_columns(problem.alias("_problem"))
    value_rejects = long.filter(pl.col("_problem").is_not_null()).select(
        pl.lit(raw.file).alias("file"),
        pl.col(LINE_COLUMN).alias("line"),
        pl.col("header").alias("column_name"),
        pl.col("raw").alias("value"),
        pl.col("_problem").alias("reason"),
        pl.lit(VALUE_DROPPED).alias("action"),
    )
    long = long.filter(pl.col("_problem").is_null()).with_columns(
        without_float_noise(pl.col("number")).alias("number")
    )
    places = published_precision(long["number"])
    # the set's own wording labels a question, unless the file words it differently: a reworded
    # question keeps the text it was published with
    texts = {
        qid: published[qid]
        if qid in published and not same_wording(published[qid], q.text)
        else q.text
        for qid, q in known.items()
    }
    detailed = pl.sum_horizontal(*DETAILED_KEYS)
    answers = (
        long.pivot(
            on="option",
            index=[LINE_COLUMN, "urn", "submissions", "question_id"],
            values="number",
            aggregate_function="first",
        )
        .with_columns(
            pl.lit(None, pl.Float64).alias(k) for k in OPTION_KEYS if k not in long["option"]
        )
        .with_columns(
            # Positive/Neutral/Negative beside the detailed options summarise them: not counted
            pl.when(pl.any_horizontal(pl.col(*DETAILED_KEYS).is_not_null()))
            .then(detailed)
            .otherwise(pl.sum_horizontal(*RATED_KEYS))
            .alias("_total"),
            pl.when(pl.any_horizontal(pl.col(*DETAILED_KEYS).is_not_null()))
            .then(pl.sum_horizontal(pl.col(*DETAILED_KEYS).is_not_null()))
            .otherwise(pl.sum_horizontal(pl.col(*RATED_KEYS).is_not_null()))
            .alias("_options"),
        )
        .with_columns(
            pl.max_horizontal(
                pl.lit(SUM_TOLERANCE), ROUNDING_PER_OPTION * pl.col("_options")
            ).alias("_tolerance")
        )
    )
    answers = answers.join(hidden, on=[LINE_COLUMN, "question_id"], how="left")
    adds_up = (pl.col("_total") - 100 <= pl.col("_tolerance")) & (
        pl.col("_hidden").is_not_null() | (100 - pl.col("_total") <= pl.col("_tolerance"))
    )
    sum_rejects = answers.filter(~adds_up).select(
        pl.lit(raw.file).alias("file"),
        pl.col(LINE_COLUMN).alias("line"),
        pl.format("Q{}", pl.col("question_id")).alias("column_name"),
        pl.col("_total").round(1).cast(pl.String).alias("value"),
        pl.format(
            "the answer options of Q{} add up to {}%, not about 100%: question not loaded",
            pl.col("question_id"),
            pl.col("_total").round(1),
        ).alias("reason"),
        pl.lit(VALUE_DROPPED).alias("action"),
    )
    answers = answers.filter(adds_up).select(
        pl.col(LINE_COLUMN).alias("line"),
        "urn",
        pl.lit(question_set.question_set).alias("question_set"),
        "question_id",
        pl.col("question_id").replace_strict(texts, return_dtype=pl.String).alias("question_text"),
        "submissions",
        *[pl.col(k).alias(f"pct_{k}") for k in OPTION_KEYS],
        pl.lit(places, pl.Int32).alias("published_decimal_places"),
    )
    scale = "percentages" if percent_style or not proportions else "proportions (times 100)"
    notes = [set_note, f"values read as {scale}"]
    if not_published:
        notes.append(f"{not_published:,} cells marked as not published ([x], [c], ...) left empty")
    return ReadResult(
        raw.file,
        f"parent_view_{question_set.question_set}",
        raw.frame.height,
        {"stg_parent_view_answers": answers.cast(ANSWER_SCHEMA)},  # type: ignore[arg-type]
        combine_rejects(
            [
                rejects,
                duplicates,
                few_rejects,
                repeated_rejects,
                unknown_rejects,
                value_rejects,
                sum_rejects,
            ]
        ),
        notes=notes,
    )
