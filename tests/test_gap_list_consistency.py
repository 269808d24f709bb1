"""One question, one number: for the same choice of the gap list, the Overview, the Satisfaction
page, Explore, the LA briefing pack and each school's profile name the same schools, in the local
authorities of the demo with most schools listed: for the default (every school's latest parents'
views against the judgement in force) and for an expert's single comparison. A plain
`python -m pytest` walks the first few LAs of each; the rest of the sweep is marked slow and runs
with --full (.ci/run)."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from pypdf import PdfReader

from lens.app.filters import MODES, ONE_COMPARISON, window_words
from lens.data.warehouse import open_read_only, run
from lens.present import briefing
from lens.present.ui import md
from lens.rules import discuss, gaps, profile
from lens.rules.labels import family_short_label
from tests.conftest import start

LAS_CHECKED = {"every school": 10, "one comparison": 5}  # the LAs with most schools listed
SAMPLE = 3  # of them, walked through by a plain `python -m pytest`; the others with --full
SWEEP = [
    pytest.param(which, part, id=f"{which}, {part}", marks=[pytest.mark.slow] * (part == "rest"))
    for which in LAS_CHECKED
    for part in ("sample", "rest")
]
LISTED_WORDS = ("Above:", "Below:")


def _busiest_choice(con) -> gaps.GapChoice:  # noqa: ANN001
    """The single comparison with most schools on the list, so the check has something to count."""
    family, framework_id, area, window = con.execute(
        "select family, framework_id, area, window_months from satisfaction_gaps "
        "group by all order by count(gap_direction) desc, count(*) desc limit 1"
    ).fetchall()[0]
    options = run(con, "gap_options")
    rows = options.filter(pl.col("family") == family)
    words = gaps.judgement_choices(rows, window)[f"{framework_id}|{area}"]
    return gaps.GapChoice(family, framework_id, area, window, words)


def _address(choice: gaps.GapChoice) -> dict[str, str]:
    """The page address a shared link to this choice carries (the sidebar's shown labels); the
    default needs none."""
    if choice.every_school:
        return {}
    return {
        "gap_mode": MODES[ONE_COMPARISON],
        "gap_source": family_short_label(choice.family),
        "gap_window": window_words(choice.window_months),
        "gap_judgement": choice.judgement_label,
    }


def _pdf_text(document: briefing.Pack) -> str:
    reader = PdfReader(io.BytesIO(bytes(document.output())))
    return " ".join(page.extract_text() for page in reader.pages)


def _listed_on_page(at) -> list[int]:  # noqa: ANN001 - an AppTest
    """The URNs the Satisfaction page lists: its first table naming each school's comparison and
    place, the rows on the list (the list itself, or when it is empty every school's table)."""
    table = next(
        df.value for df in at.dataframe if {"Comparison", "Gap list"} <= set(df.value.columns)
    )
    listed = table[table["Gap list"].str.startswith(LISTED_WORDS)]
    return sorted(int(u) for u in listed["URN"])


@pytest.mark.parametrize(("which", "part"), SWEEP)
def test_every_place_names_the_same_schools_for_the_same_choice(app_env, which, part):
    con = open_read_only(app_env)
    every = which == "every school"
    choice = gaps.GapChoice.for_every_school(36) if every else _busiest_choice(con)
    truth = con.execute(
        "select s.la_code, any_value(s.la_name), "
        "list(g.urn order by g.urn) filter (where g.gap_direction is not null) "
        "from schools as s left join gap_rows(?, ?, ?, ?, ?) as g using (urn) where s.is_open "
        "group by s.la_code order by count(g.gap_direction) desc, count(*) desc, s.la_code",
        list(choice.params.values()),
    ).fetchall()[: LAS_CHECKED[which]]
    assert len(truth) == LAS_CHECKED[which]
    assert sum(len(urns or []) for *_, urns in truth) >= 5, "the check must count some schools"
    truth = truth[:SAMPLE] if part == "sample" else truth[SAMPLE:]
    assert sum(len(urns or []) for *_, urns in truth) >= 1, "each part must count some schools"

    at = start(**_address(choice))
    mode = at.sidebar.selectbox(key="gap_mode").value
    assert mode == ("every" if choice.every_school else "one")
    if not choice.every_school:
        assert at.sidebar.selectbox(key="gap_source").value == choice.family
    ask = lambda name, **p: run(con, name, **p)  # noqa: E731 - the pages' questions, uncached
    for la_code, la_name, urns in truth:
        expected = sorted(urns or [])
        selection = {"la_code": la_code, "phase": None, "school_type": None}

        # the Overview's number
        at.switch_page("pages/home.py")
        at.sidebar.selectbox(key="la").set_value(la_code).run()
        assert not at.exception
        metrics = {m.label: m.value for m in at.metric}
        assert metrics[f"On the gap list, {md(la_name)}"] == f"{len(expected):,}", la_name

        # the Satisfaction page's list
        at.switch_page("pages/satisfaction.py").run()
        assert not at.exception
        assert _listed_on_page(at) == expected, la_name

        # Explore, filtered to the gap list
        at.switch_page("pages/explore.py").run()
        at.selectbox(key="gap").set_value("either").run()
        assert not at.exception
        assert sorted(int(u) for u in at.dataframe[0].value["URN"]) == expected, la_name
        at.selectbox(key="gap").set_value("All").run()

        # the LA briefing pack, built from the same questions the Overview asks
        schools = ask("gap_schools", **choice.params, **selection)
        text = _pdf_text(
            briefing.la_document(
                la_name,
                choice,
                schools,
                ask("la_summaries", **selection),
                ask("latest_flags", **selection),
                ask("source_dates"),
                ask("report_study_figures", **selection),
                is_demo=True,
                built_at=None,
            )
        )
        gap_section = text.split("The gap list", 1)[1].split("Reports that ask", 1)[0]
        assert sorted(int(u) for u in re.findall(r"\b9\d{5}\b", gap_section)) == expected

        # each compared school's profile raises the point exactly when it is on the list
        for urn in schools.filter(pl.col("is_comparable"))["urn"].to_list():
            school = profile.load(ask, urn, choice)
            raised = any(p.topic == "On the gap list" for p in discuss.points_to_discuss(school))
            assert raised == (urn in expected), (la_name, urn)
