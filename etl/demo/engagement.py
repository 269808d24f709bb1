"""Fictional engagement judgements and inspection report texts, in each era's wording.

Judgements mostly follow the pattern the seed found in 47 schools chosen for good practice: the
impact of parents on provision not judged better than the engagement itself, and the effect on
inclusion not worse. About one school in twenty breaks it (BREAKS_PATTERN), as schools outside such
a sample may, so the dashboard's count of schools that break it has something to find.

Report improvement sections mix points that ask for parental engagement, for involvement, for
informing parents, for attention to parents' views, and (most often) nothing about parents, more
often engagement in recent years. The body recounts parents' views in most reports (as the seed
found), sometimes describes involvement or informing, and now and then says something the coder
is unsure of; reports from 2014 carry Ofsted's standard Parent View text, which is about no
school's parents. The coder then has to tell them apart.
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
    "parents_views": (
        "Ensure that leaders take account of the concerns raised by parents in Parent View.",
        "Respond more quickly to the concerns that parents raise about bullying.",
    ),
}
VIEWS_SENTENCES = (
    "Parents are positive about the school and most say their child is happy.",
    "Most parents who responded to Parent View would recommend the school.",
    "A minority of parents who responded to the questionnaire raised concerns about behaviour.",
    "Parents speak highly of the headteacher and the caring staff.",
)
OTHER_SENTENCES = (
    "Parents value the information they receive about their child's progress.",
    "Many parents help on school trips and support the summer fair.",
    "Parents attend workshops that show them how to help their children read at home.",
    # two the coder is unsure of (less than 80% sure): for an adviser to review
    "Parents help their children to settle into the Nursery.",
    "Staff keep in close contact with parents of pupils who are new to the school.",
)
STANDARD_TEXT = (
    "You can use Parent View to give Ofsted your opinion on your child's school. Ofsted will use "
    "the information parents and carers provide when deciding which schools to inspect."
)
BREAKS_PATTERN = 0.05  # share of schools (at least two) whose judgements break the seed's pattern


def write_engagement_judgements(
    path: Path, rng: np.random.Generator, schools: pl.DataFrame, count: int
) -> None:
    """Survey-visit and adviser judgements for a sample of schools."""
    h = ENGAGEMENT_LAYOUT.columns
    sample = schools.sample(count, seed=int(rng.integers(1 << 31)))
    quality = sample["quality"].to_numpy()
    engagement = np.clip(np.round(2.2 - 0.6 * quality + rng.normal(0, 0.6, count)), 1, 4)
    impact = np.clip(engagement + rng.choice([0, 0, 1], count), 1, 4)  # not better
    inclusion = np.clip(engagement - rng.choice([0, 0, 1], count), 1, 4)  # not worse
    # a few schools (at least two) break the pattern: impact judged better than the
    # engagement (where it can be), or inclusion judged worse
    chosen = rng.choice(count, max(2, round(BREAKS_PATTERN * count)), replace=False)
    breaks = np.zeros(count, dtype=bool)
    breaks[chosen] = True
    impact_better = breaks & (engagement > 1) & (rng.random(count) < 0.5)
    inclusion_worse = breaks & ~impact_better
    impact = np.where(impact_better, engagement - 1, impact)
    inclusion = np.where(inclusion_worse, np.minimum(engagement + 1, 4), inclusion)
    engagement = np.where(inclusion_worse & (engagement == 4), 3, engagement)
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
        # strategies named more often lately: about the seed's 15% in 2012-13
        engagement_chance = 0.06 + 0.015 * (year - 2006)
        points = list(rng.choice(GENERAL_POINTS, 3, replace=False))
        draw = rng.random()
        if draw < engagement_chance:
            points.append(str(rng.choice(PARENT_POINTS["engagement"])))
        elif draw < engagement_chance + 0.2:
            points.append(str(rng.choice(PARENT_POINTS["involvement"])))
        elif draw < engagement_chance + 0.35:
            points.append(str(rng.choice(PARENT_POINTS["informing"])))
        elif draw < engagement_chance + 0.45:
            points.append(str(rng.choice(PARENT_POINTS["parents_views"])))
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
            "",
            str(rng.choice(VIEWS_SENTENCES)) if rng.random() < 0.8 else "Pupils are polite.",
            "",
        ]
        if not no_section:
            lines += [heading, ""] + [f"\uf03c {point}" for point in points] + [""]
        lines += ["Inspection judgements"]
        if rng.random() < 0.3:
            lines += [str(rng.choice(OTHER_SENTENCES))]
        if year >= 2014:
            lines += ["", STANDARD_TEXT]
        path = folder / f"report_{row['urn_at_inspection']}_{row['started_on']}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += 1
    return written
