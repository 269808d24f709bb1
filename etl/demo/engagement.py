"""Fictional engagement judgements and inspection report texts, in each era's wording.

Judgements follow the pattern found when inspectors judged this work: the impact of parents on
provision is never judged better than the engagement itself, and the effect on inclusion never
worse. Report improvement sections mix points that ask for parental engagement, for involvement,
for informing parents, and (most often) nothing about parents, more often engagement in recent
years; the coder then has to tell them apart.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from etl.readers.report_text import IMPROVEMENT_HEADINGS
from schemas.sources import ENGAGEMENT_LAYOUT

HEADING_TEXT = {
    "s5_2005": "What the school should do to improve further",
    "cif_2012": "What does the school need to do to improve further?",
    "eif_2019": "What does the school need to do to improve?",
    "report_card_2025": "Next steps",
}
assert set(HEADING_TEXT) == set(IMPROVEMENT_HEADINGS)
GENERAL_POINTS = (
    "Improve the quality of teaching so that pupils make faster progress in reading.",
    "Ensure that governors hold leaders to account for the use of the pupil premium.",
    "Raise attendance by ensuring that pupils arrive on time every day.",
    "Improve the accuracy of teachers' assessments of what pupils know.",
    "Make sure that the curriculum is planned so that pupils build their knowledge over time.",
    "Ensure that pupils with special educational needs receive the support they need.",
)
PARENT_POINTS = {
    "engagement": (
        "Help parents to support their children's learning at home, especially in reading.",
        "Run workshops on phonics so that parents know how they can help their children read.",
        "Share the next steps in learning with parents so that they can support their child "
        "at home.",
    ),
    "involvement": (
        "Seek parents' views more regularly and involve parents more fully in the life of the "
        "school.",
        "Increase the number of parents who attend parents' evenings and school events.",
    ),
    "informing": (
        "Keep parents informed about changes to staffing and the curriculum.",
        "Improve communication with parents through the school website and newsletters.",
    ),
}
BODY_SENTENCES = (
    "Parents are positive about the school and most say their child is happy.",
    "Inspectors considered the views of parents through responses to Parent View.",
    "Parents value the information they receive about their child's progress.",
)


def write_engagement_judgements(
    path: Path, rng: np.random.Generator, schools: pl.DataFrame, count: int
) -> None:
    """Survey-visit and adviser judgements for a sample of schools."""
    h = ENGAGEMENT_LAYOUT.columns
    sample = schools.sample(count, seed=int(rng.integers(1 << 31)))
    quality = sample["quality"].to_numpy()
    engagement = np.clip(np.round(2.2 - 0.6 * quality + rng.normal(0, 0.6, count)), 1, 4)
    impact = np.clip(engagement + rng.choice([0, 0, 1], count), 1, 4)  # never better
    inclusion = np.clip(engagement - rng.choice([0, 0, 1], count), 1, 4)  # never worse
    days = rng.integers(0, 1800, count)
    pl.DataFrame(
        {
            h["urn"]: sample["urn"],
            h["judged_on"]: [
                (date(2021, 9, 1) + timedelta(days=int(d))).strftime("%d/%m/%Y") for d in days
            ],
            h["source"]: rng.choice(["Ofsted survey visit", "LA adviser review"], count),
            h["evaluator"]: rng.choice(["HMI", "Adviser A", "Adviser B", "Adviser C"], count),
            h["engagement"]: engagement.astype(int),
            h["impact"]: impact.astype(int),
            h["inclusion"]: inclusion.astype(int),
            h["notes"]: rng.choice(
                [
                    "Home-learning packs and reading workshops seen.",
                    "Parent forum meets termly.",
                    "Newsletters and website only.",
                    "",
                ],
                count,
            ),
        }
    ).write_csv(path)


def write_reports(
    folder: Path, rng: np.random.Generator, history: pl.DataFrame, schools: pl.DataFrame, count: int
) -> int:
    """Plain-text reports for a sample of graded inspections across the eras."""
    folder.mkdir(parents=True, exist_ok=True)
    names = dict(zip(schools["urn"].to_list(), schools["school_name"].to_list(), strict=True))
    graded = history.filter(pl.col("kind").is_in(["graded", "report_card"]))
    sample = graded.sample(min(count, graded.height), seed=int(rng.integers(1 << 31)))
    written = 0
    for row in sample.iter_rows(named=True):
        year = row["started_on"].year
        engagement_chance = 0.15 + 0.02 * (year - 2006)  # strategies named more often lately
        points = list(rng.choice(GENERAL_POINTS, 3, replace=False))
        draw = rng.random()
        if draw < engagement_chance:
            points.append(str(rng.choice(PARENT_POINTS["engagement"])))
        elif draw < engagement_chance + 0.2:
            points.append(str(rng.choice(PARENT_POINTS["involvement"])))
        elif draw < engagement_chance + 0.35:
            points.append(str(rng.choice(PARENT_POINTS["informing"])))
        rng.shuffle(points)
        no_section = rng.random() < 0.03  # a few reports come without the section
        heading = (
            HEADING_TEXT[row["framework_id"]]
            if row["framework_id"] in HEADING_TEXT
            else HEADING_TEXT["eif_2019"]
        )
        lines = [
            "School report (DEMONSTRATION DATA: fictional school)",
            names.get(row["urn"], "A school"),
            f"Inspection dates {row['started_on']:%-d %B %Y}",
            "",
            "Summary of key findings for parents and pupils",
            str(rng.choice(BODY_SENTENCES)),
            "",
        ]
        if not no_section:
            lines += [heading, ""] + [f"\uf03c {point}" for point in points] + [""]
        lines += ["Inspection judgements", str(rng.choice(BODY_SENTENCES))]
        path = folder / f"report_{row['urn_at_inspection']}_{row['started_on']}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += 1
    return written
