"""Fictional parents' answers: Parent View snapshots and parental questionnaires.

Calibrated to what real data shows (README, "The demonstration data"): satisfaction is high
everywhere and only loosely tied to effectiveness; primary parents are far happier than secondary
parents; schools vary far more than chance allows (heavy-tailed school effects); and at-inspection
questionnaires run from about 92% happy at outstanding schools to 80% at inadequate ones.
Submissions follow the roll; schools under 10 submissions are not published, as Ofsted does not
publish them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from etl.demo.ods import HeadCell, Merged, write_ods
from etl.demo.xlsx import write_xlsx
from schemas.parent_view import (
    OPTION_LABELS,
    PUBLICATION_MINIMUM_SUBMISSIONS,
    QUESTIONNAIRE_STATEMENTS,
    SET_BY_ID,
)
from schemas.sources import QUESTIONNAIRE_INSPECTION_LAYOUT, QUESTIONNAIRE_SURVEY_LAYOUT

# Calibrated to real Parent View (formats.md section 7) by `python -m bench.calibration`.
HAPPY_INTERCEPT, HAPPY_SLOPE, HAPPY_NOISE = 2.2, 0.45, 0.55
HAPPY_NOISE_DF = 3  # heavy tails: a few schools' parents are far happier or unhappier than most
# Parents who returned a paper questionnaire at inspection (2009-2012) are made a little less
# positive than today's Parent View respondents: the demo's design target runs from about 92% happy
# at outstanding schools to 80% at inadequate ones (our own target, not a published figure: Table 1
# of Ofsted's Schools and parents, 2011, is an image whose figures are not in its text).
AT_INSPECTION_OFFSET = -0.1
# Parents of primary pupils are far happier than those of secondary pupils (real Parent View:
# pooled 93% against 81%), and secondary parents answer less often per pupil.
HAPPY_PHASE_OFFSET = {"Primary": 0.75, "Secondary": -0.5, "Special": 0.3}
RESPONSE_RATE = 0.20  # submissions per pupil on roll in a snapshot, typical school
RESPONSE_RATE_BY_PHASE = {"Secondary": 0.35}
YEAR_NOISE = 0.25  # how far a school's parents' mood moves between snapshots (logit)
# How much less (logit) parents agree with each question than with "my child is happy".
QUESTION_OFFSET = {
    "2": 0.1,
    "3": -0.5,
    "4": -1.1,
    "5": -0.6,
    "6": -0.7,
    "7": -0.8,
    "7b": -1.0,
    "8": -0.3,
    "9": -0.3,
    "10": -0.5,
    "11": -0.4,
    "12": -0.3,
    "13": -0.4,
}
STATEMENT_OFFSET = {
    "enjoys_school": 0.2,
    "keeps_safe": 0.3,
    "informs_progress": -0.5,
    "teaching_good": -0.1,
    "helps_support_learning": -0.6,
    "takes_account_of_suggestions": -0.8,
    "led_and_managed": -0.4,
    "overall_happy": 0.0,
}


@dataclass(frozen=True)
class Snapshot:
    as_at: date
    question_set: str
    style: str  # "csv_percent", "xlsx_short", "ods_two_row" (the published file types)


SNAPSHOTS = (
    Snapshot(date(2019, 7, 31), "pv_2011", "csv_percent"),
    Snapshot(date(2021, 7, 31), "pv_2019", "xlsx_short"),
    Snapshot(date(2023, 7, 31), "pv_2019", "xlsx_short"),
    Snapshot(date(2025, 7, 31), "pv_2019", "xlsx_short"),
    Snapshot(date(2026, 4, 6), "pv_2025", "ods_two_row"),
    Snapshot(date(2026, 10, 31), "pv_2025", "ods_two_row"),
)
ANOMALY_KINDS = ("over_roll", "surge", "uniform", "inconsistent", "disagrees_with_survey")
RECOMMEND_QUESTION = {"pv_2011": "12", "pv_2019": "14", "pv_2025": "10"}


@dataclass(frozen=True)
class ParentPlan:
    """Decided once per demo: each school's usual response rate and mood, who takes part in the
    LA survey, and the anomalies planted (and in which snapshot), so tests can check the trust
    flags find them. Recorded here, never in the warehouse."""

    rates: np.ndarray
    logits: np.ndarray
    survey_takers: np.ndarray
    planted: dict[str, frozenset[int]]
    planted_in: dict[str, date | None]  # None: every snapshot


def make_plan(rng: np.random.Generator, schools: pl.DataFrame, logits: np.ndarray) -> ParentPlan:
    phase_rate = np.array(
        [RESPONSE_RATE_BY_PHASE.get(p, 1.0) for p in schools["ofsted_phase"].to_list()]
    )
    usual = rng.lognormal(np.log(RESPONSE_RATE), 0.5, schools.height)
    rates = np.clip(usual * phase_rate, 0.01, 0.6)
    takers = rng.random(schools.height) < 0.34
    per_kind = max(3, schools.height // 700)
    order = rng.permutation(schools.height)
    pupils = schools["pupils"].to_numpy()
    big = pupils >= 150
    usual = pupils * rates
    urns = schools["urn"].to_numpy()
    planted: dict[str, frozenset[int]] = {}
    used: set[int] = set()
    for kind in ANOMALY_KINDS:
        eligible = big & {
            "disagrees_with_survey": takers & (usual >= 25),
            "uniform": usual >= 30,  # enough submissions without any surge
            "surge": usual >= 15,
            "inconsistent": usual >= 25,
        }.get(kind, True)
        chosen = [int(urns[i]) for i in order if eligible[i] and int(urns[i]) not in used]
        planted[kind] = frozenset(chosen[:per_kind])
        used |= planted[kind]
    planted_in: dict[str, date | None] = {kind: date(2026, 10, 31) for kind in ANOMALY_KINDS}
    planted_in["disagrees_with_survey"] = date(2026, 4, 6)  # same period as the LA survey
    planted_in["over_roll"] = None  # year after year, not a sudden jump
    return ParentPlan(rates, logits, takers, planted, planted_in)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def happy_logit(rng: np.random.Generator, quality: np.ndarray, phase: np.ndarray) -> np.ndarray:
    """Each school's underlying log-odds of a parent being happy: its effectiveness, its phase,
    and much that is neither (real schools vary far more than chance allows)."""
    offset = np.array([HAPPY_PHASE_OFFSET.get(p, 0.0) for p in phase])
    return (
        HAPPY_INTERCEPT
        + HAPPY_SLOPE * quality
        + offset
        + HAPPY_NOISE * rng.standard_t(HAPPY_NOISE_DF, len(quality))
    )


def _agree_shares(logit: np.ndarray, dont_know: float) -> np.ndarray:
    """Shares of strongly agree, agree, disagree, strongly disagree, don't know (rows sum to 1)."""
    satisfied = _logistic(logit)
    strong = 0.55 + 0.3 * (satisfied - 0.85)
    shares = np.column_stack(
        [
            satisfied * np.clip(strong, 0.3, 0.9),
            satisfied * (1 - np.clip(strong, 0.3, 0.9)),
            (1 - satisfied) * 0.6,
            (1 - satisfied) * 0.4,
        ]
    ) * (1 - dont_know)
    return np.column_stack([shares, np.full(len(logit), dont_know)])


def _draw(rng: np.random.Generator, n: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Multinomial counts per school (one row of shares per school)."""
    return rng.multinomial(n.astype(np.int64), shares / shares.sum(axis=1, keepdims=True))


def parent_view_frame(
    rng: np.random.Generator, schools: pl.DataFrame, plan: ParentPlan, snapshot: Snapshot
) -> pl.DataFrame:
    """One published row per school with at least 10 submissions: percentages per option.

    Academies not yet open on the snapshot date appear under their predecessor's URN, and
    schools with no predecessor that were not yet open do not appear at all.
    """
    pupils = schools["pupils"].to_numpy()
    urns = schools["urn"].to_numpy()
    rate = plan.rates * np.exp(rng.normal(0, 0.2, schools.height))  # a school's usual level
    submissions = np.minimum(rng.poisson(pupils * rate), 700)
    base_logit = plan.logits + rng.normal(0, YEAR_NOISE, schools.height)
    kinds = {k for k, when in plan.planted_in.items() if when in (None, snapshot.as_at)}
    marked = {k: np.isin(urns, list(plan.planted[k])) for k in kinds}
    if "over_roll" in marked:
        submissions = np.where(
            marked["over_roll"], (pupils * rng.uniform(1.3, 2.0)).astype(int), submissions
        )
    if "surge" in marked:  # a campaign: many times the school's usual number, within the roll
        campaign = np.minimum(np.maximum(submissions * 6, 120), (pupils * 0.9).astype(int))
        submissions = np.where(marked["surge"], campaign, submissions)
    if "uniform" in marked:
        submissions = np.where(marked["uniform"], np.maximum(submissions, 40), submissions)
    opened = schools["opened_on"].to_numpy() > np.datetime64(snapshot.as_at)
    predecessor = schools["predecessor_urn"].to_numpy()
    exists = ~opened | ~np.isnan(predecessor.astype(float))
    keep = (submissions >= PUBLICATION_MINIMUM_SUBMISSIONS) & exists
    n = submissions[keep]
    base = base_logit[keep]
    row_urns = np.where(opened, predecessor, urns)[keep].astype(np.int64)
    flags = {k: v[keep] for k, v in marked.items()}
    columns: dict[str, np.ndarray] = {}
    for question in SET_BY_ID[snapshot.question_set].questions:
        qid = question.question_id
        if question.kind == "yes_no":
            yes = _logistic(base - 0.2 if qid != "7a" else np.full(len(n), -1.6))
            if qid == RECOMMEND_QUESTION[snapshot.question_set] and "inconsistent" in flags:
                yes = np.where(flags["inconsistent"], 0.25, yes)  # happy, yet would not recommend
            if "uniform" in flags:
                yes = np.where(flags["uniform"], 1.0, yes)
            counts = _draw(rng, n, np.column_stack([yes, 1 - yes]))
            options = ("yes", "no")
        else:
            dont_know = 0.04 if qid in ("4", "5", "6", "7", "7b") else 0.01
            logit = base + QUESTION_OFFSET.get(qid, 0)
            if qid == "1" and "inconsistent" in flags:
                logit = np.where(flags["inconsistent"], 3.5, logit)
            if qid == "1" and "disagrees_with_survey" in flags:
                logit = np.where(flags["disagrees_with_survey"], -1.0, logit)
            shares = _agree_shares(logit, dont_know)
            if "uniform" in flags:
                shares[flags["uniform"]] = [1.0, 0.0, 0.0, 0.0, 0.0]
            counts = _draw(rng, n, shares)
            options = ("strongly_agree", "agree", "disagree", "strongly_disagree", "dont_know")
        for index, option in enumerate(options):
            columns[f"{qid}|{option}"] = counts[:, index] / np.maximum(n, 1)
    return (
        schools.filter(pl.Series(keep))
        .select("school_name", "la_name", "region", "ofsted_phase")
        .with_columns(
            pl.Series("urn", row_urns),
            pl.Series("submissions", n),
            *[pl.Series(k, v) for k, v in columns.items()],
        )
        .select("urn", pl.exclude("urn"))
    )


def _header(question_set: str, key: str, style: str) -> str:
    qid, option = key.split("|")
    text = SET_BY_ID[question_set].by_id()[qid].text
    label = OPTION_LABELS[option]
    if style == "csv_percent":
        return f"Q{qid}. {text} {label.title() if qid not in ('1', '2') else label}"
    if style == "xlsx_short":
        return f"Q{qid} {label.title()}"
    return label


def write_parent_view(path: Path, frame: pl.DataFrame, snapshot: Snapshot) -> None:
    """Write a snapshot in the layout Ofsted used at the time."""
    answer_cols = [c for c in frame.columns if "|" in c]
    if snapshot.style == "csv_percent":
        out = frame.select(
            pl.col("urn").alias("URN"),
            pl.col("school_name").alias("School Name"),
            pl.col("la_name").alias("Local Authority"),
            pl.col("region").alias("Ofsted Region"),
            pl.col("ofsted_phase").alias("Ofsted Phase or Type of Education"),
            pl.col("submissions").alias("Submissions"),
            pl.lit("").alias("Response Rate"),
            *[
                ((pl.col(c) * 100).round(0).cast(pl.Int64).cast(pl.String) + "%").alias(
                    _header(snapshot.question_set, c, snapshot.style)
                )
                for c in answer_cols
            ],
        )
        out.write_csv(path)
        return
    two_row = snapshot.style == "ods_two_row"
    tables = (
        [
            ("Table_1", frame.filter(pl.col("ofsted_phase") == "Primary")),
            ("Table_2", frame.filter(pl.col("ofsted_phase") != "Primary")),
        ]
        if two_row
        else [("School Level Data", frame)]
    )
    fixed = ["URN", "School name", "Local authority", "Phase", "Submissions"]
    title = (
        f"Ofsted Parent View: school level data as at {snapshot.as_at:%-d %B %Y} "
        "(DEMONSTRATION DATA: fictional schools)"
    )
    labels = [_header(snapshot.question_set, c, snapshot.style) for c in answer_cols]
    submissions = (
        pl.when(pl.col("submissions") >= 1000)  # thousands separators occur in the 2026 file
        .then(pl.col("submissions").map_elements("{:,}".format, return_dtype=pl.String))
        .otherwise(pl.col("submissions").cast(pl.String))
        if two_row
        else pl.col("submissions")
    )
    bodies = [
        (
            name,
            table.select(
                "urn",
                "school_name",
                "la_name",
                "ofsted_phase",
                submissions,
                *[pl.col(c).round(4) for c in answer_cols],
            ),
        )
        for name, table in tables
    ]
    if not two_row:
        head = [[title], [], [None] * len(fixed), fixed + labels]
        write_xlsx(path, [(name, head, body, []) for name, body in bodies])
        return
    # From November 2025, an ODS workbook: a cover sheet giving the period covered, then one
    # school-level table per school type, each question's text merged over its answer labels.
    by_id = SET_BY_ID[snapshot.question_set].by_id()
    qids = [c.split("|")[0] for c in answer_cols]
    questions: list[HeadCell] = [None] * len(fixed)
    for index, qid in enumerate(qids):
        if index == 0 or qids[index - 1] != qid:
            questions.append(Merged(f"Q{qid}. {by_id[qid].text}", qids[index:].count(qid)))
    cover: list[list[HeadCell]] = [
        ["Ofsted Parent View: management information (DEMONSTRATION DATA: fictional schools)"],
        [],
        ["Period covered:", f"between 10 November 2025 and {snapshot.as_at:%-d %B %Y}"],
        ["Published on:", snapshot.as_at + timedelta(days=10)],
        ["Source:", "Ofsted Parent View"],
    ]
    write_ods(
        path,
        [("Cover", cover, None)]
        + [(name, [[title], [], questions, fixed + labels], body) for name, body in bodies],
    )


def write_inspection_questionnaires(
    path: Path,
    rng: np.random.Generator,
    schools: pl.DataFrame,
    history: pl.DataFrame,
    logits: dict[int, float],
) -> None:
    """At-inspection questionnaire counts for inspections from September 2009 to July 2012."""
    h = QUESTIONNAIRE_INSPECTION_LAYOUT.columns
    inspected = history.filter(
        (pl.col("framework_id") == "s5_2005") & (pl.col("started_on") >= date(2009, 9, 1))
    ).join(schools.select("urn", "pupils"), on="urn")
    urns = inspected["urn"].to_numpy()
    pupils = inspected["pupils"].to_numpy()
    returned = np.maximum(1, rng.binomial(pupils, rng.uniform(0.2, 0.45, len(urns))))
    school_logit = np.array([logits[u] for u in urns]) + AT_INSPECTION_OFFSET
    parts = []
    for key, statement in QUESTIONNAIRE_STATEMENTS.items():
        counts = _draw(rng, returned, _agree_shares(school_logit + STATEMENT_OFFSET[key], 0.03))
        parts.append(
            pl.DataFrame(
                {
                    h["urn"]: urns,
                    h["inspected_on"]: inspected["started_on"].dt.strftime("%d/%m/%Y"),
                    h["statement"]: statement,
                    h["strongly_agree"]: counts[:, 0],
                    h["agree"]: counts[:, 1],
                    h["disagree"]: counts[:, 2],
                    h["strongly_disagree"]: counts[:, 3],
                    h["returned"]: returned,
                    h["on_roll"]: pupils,
                }
            )
        )
    pl.concat(parts).sort(h["urn"], h["inspected_on"], maintain_order=True).write_csv(path)


def write_own_survey(
    path: Path,
    rng: np.random.Generator,
    schools: pl.DataFrame,
    logits: np.ndarray,
    target_answers: int,
    taking_part: np.ndarray,
) -> int:
    """An LA's own parent survey, one row per respondent and question; returns rows written."""
    h = QUESTIONNAIRE_SURVEY_LAYOUT.columns
    statements = list(QUESTIONNAIRE_STATEMENTS)
    per_school = max(5, target_answers // (max(schools.height, 1) // 3 * len(statements)))
    respondents = np.where(taking_part, rng.poisson(per_school, schools.height), 0)
    school_index = np.repeat(np.arange(schools.height), respondents)
    respondent_no = np.concatenate([np.arange(r) for r in respondents]) if len(school_index) else []
    urns = schools["urn"].to_numpy()[school_index]
    days = rng.integers(0, 75, len(school_index))  # January to March, before the as-at date
    answers = []  # each answer's position in `labels`, question by question
    labels = ["Strongly agree", "Agree", "Disagree", "Strongly disagree", "Don't know"]
    for key in statements:
        shares = _agree_shares(logits[school_index] + STATEMENT_OFFSET[key], 0.03)
        cumulative = shares.cumsum(axis=1) / shares.sum(axis=1, keepdims=True)
        draw = rng.random(len(school_index))[:, None]
        answers.append((draw > cumulative).sum(axis=1).clip(0, 4))
    count = len(school_index) * len(statements)
    # Words put in by polars from the positions: numpy's fixed-width text arrays of a million
    # long statements cost a second of the demo's writing for the same file.
    frame = (
        pl.DataFrame(
            {
                "urn": np.tile(urns, len(statements)),
                "number": np.tile(np.asarray(respondent_no, dtype=np.int64), len(statements)),
                "day": np.tile(days, len(statements)),
                "question": np.repeat(np.arange(len(statements)), len(school_index)),
                "answer": np.concatenate(answers) if answers else np.array([], dtype=np.int64),
            }
        )
        .with_columns(
            pl.col("question")
            .replace_strict(
                range(len(statements)),
                [QUESTIONNAIRE_STATEMENTS[key] for key in statements],
                return_dtype=pl.String,
            )
            .alias(h["question"]),
            pl.col("answer")
            .replace_strict(range(len(labels)), labels, return_dtype=pl.String)
            .alias(h["answer"]),
        )
        .select(
            pl.concat_str(
                pl.col("urn").cast(pl.String), pl.lit("-"), pl.col("number").cast(pl.String)
            ).alias(h["respondent_id"]),
            pl.col("urn").alias(h["urn"]),
            (pl.lit(date(2026, 1, 12)) + pl.duration(days=pl.col("day")))
            .dt.strftime("%d/%m/%Y")
            .alias(h["responded_on"]),
            h["question"],
            h["answer"],
            pl.lit(None, pl.String).alias(h["comment"]),
        )
    )
    frame.write_csv(path)
    return count
