"""The attacker's fixtures: an account limited to one LA ("ours"), another LA whose non-public data
it must never reach ("theirs"), and a second build of the small demo in which everything
non-public outside our LA differs.

The second build starts from the same published files and changes only other LAs' own surveys and
engagement judgements: answers turned round and schools dropped from the national survey and
judgement files, and, for their LA alone, an own survey as an XLSX workbook and judgements as an
ODS spreadsheet, each with a planted row whose rejected value names a pupil. Whatever our account
can read must be the same in both builds (tests/security/test_subtraction.py): a difference is a
figure that depends on other LAs' non-public data.

The small demo's LAs have too few own-survey schools for any own-survey group to reach the gap
list's minimum of 30 (an LA's own surveys are compared only within the LA, and a handful of
schools per LA are split further by judgement and window), so every own-survey school there is
"not compared"; and its own survey (January to March 2026) is older than the newest Parent View,
so the default list ("every school") takes Parent View everywhere. `compared_pair` builds the
same two sets of files again with a minimum of 2 schools per group and the national own survey
answered in autumn 2026, after every Parent View release (the same shift in both builds, so our
LA's data is still the same in each): some of our LA's own-survey groups are then compared, the
default list takes our schools' own surveys, and every figure of them (the share without the
school, the spread, the reachable range, the places) is there to be attacked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.demo.xlsx import write_xlsx
from lens.data.warehouse import open_read_only
from tests import ods
from tests.conftest import ROOT, shared_build

PUPIL = "Tom Smith in Year 4 is bullied every day"  # a planted free-text answer naming a pupil
JUDGE = "Mrs Jones said Amy Brown's mum shouts"  # planted in a grade column of judgements
THEIR_SURVEY = "their_la_parent_survey_2026-06-30.xlsx"
THEIR_JUDGEMENTS = "their_la_engagement_2026-06-30.ods"
TURNED = {
    "Strongly agree": "Strongly disagree",
    "Agree": "Disagree",
    "Disagree": "Agree",
    "Strongly disagree": "Strongly agree",
}


@dataclass(frozen=True)
class LA:
    code: int
    name: str

    @property
    def choice(self) -> str:
        """As the sidebar's LA filter writes it in a page address."""
        return f"{self.name} ({self.code})"


@pytest.fixture(scope="session")
def plain_con(demo_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return open_read_only(demo_warehouse)


@pytest.fixture(scope="session")
def las(plain_con) -> tuple[LA, LA]:
    """Ours and theirs: the two LAs with the most schools that have both engagement judgements
    and own-survey results on the gap list, so each has non-public data of both kinds."""
    rows = plain_con.execute(
        "select s.la_code, any_value(s.la_name) from schools as s "
        "where s.urn in (select urn from engagement_judgements) "
        "and s.la_code in (select sc.la_code from satisfaction_gaps as g join schools as sc "
        "using (urn) where g.family = 'questionnaire_own_survey') "
        "group by 1 order by count(*) desc, 1 limit 2"
    ).fetchall()
    assert len(rows) == 2, "the demo must have two LAs with non-public data of both kinds"
    return LA(*rows[0]), LA(*rows[1])


@pytest.fixture(scope="session")
def ours(las) -> LA:
    return las[0]


@pytest.fixture(scope="session")
def theirs(las) -> LA:
    return las[1]


def _la_of(plain_con) -> dict[int, int]:
    return dict(plain_con.execute("select urn, la_code from schools").fetchall())


def _their_survey(path: Path, urns: list[int]) -> None:
    """Their LA's own survey as a workbook: two answers per school, and a planted row."""
    rows = [
        (f"T{urn}-{n}", str(urn), "12/05/2026", "My child enjoys school", answer, "")
        for urn in urns
        for n, answer in enumerate(("Agree", "Strongly disagree"))
    ]
    rows.append(("T-planted", str(urns[0]), "12/05/2026", "My child enjoys school", PUPIL, ""))
    header = ["Respondent ID", "URN", "Response date", "Question", "Answer", "Comment"]
    frame = pl.DataFrame(rows, schema=header, orient="row")
    write_xlsx(path, [("Sheet1", [header], frame, [])])


def _their_judgements(path: Path, urns: list[int]) -> None:
    header = [
        "URN",
        "Date",
        "Source",
        "Evaluator",
        "Engagement with parents",
        "Impact on provision",
        "Effect on inclusion",
        "Evidence notes",
    ]
    review = ["LA adviser review", "Adviser Z"]
    rows = [[str(u), "01/06/2026", *review, "4", "1", "4", ""] for u in urns]
    rows.append([str(urns[0]), "02/06/2026", *review, JUDGE, "1", "1", ""])
    ods.write_ods(path, [("Judgements", [header, *rows])])


@pytest.fixture(scope="session")
def changed_warehouse(demo_warehouse: Path, plain_con, ours, theirs, tmp_path_factory) -> Path:
    """The demo rebuilt with every non-public row outside our LA changed (see the module): built
    once per run (shared_build)."""
    return shared_build(
        tmp_path_factory,
        "changed",
        lambda base: _changed(base, demo_warehouse, plain_con, ours, theirs),
    )


def _changed(base: Path, demo_warehouse: Path, plain_con, ours: LA, theirs: LA) -> Path:
    from etl.build import build_warehouse

    files = base / "files"
    shutil.copytree(demo_warehouse.parent / "files", files)
    la_of = _la_of(plain_con)
    urn = pl.col("URN").cast(pl.Int64)
    outside = urn.replace_strict(la_of, default=0) != ours.code  # unknown schools are not ours

    (survey,) = files.glob("la_parent_survey_*.csv")
    answers = pl.read_csv(survey, infer_schema=False)
    dropped = outside & (urn % 3 == 0)
    turned = outside & (urn % 3 == 1)
    answers = answers.filter(~dropped).with_columns(
        pl.when(turned)
        .then(pl.col("Answer").replace(TURNED))
        .otherwise(pl.col("Answer"))
        .alias("Answer")
    )
    answers.write_csv(survey)

    (judged,) = files.glob("engagement_judgements_*.csv")
    judgements = pl.read_csv(judged, infer_schema=False)
    flipped = {str(g): str(5 - g) for g in range(1, 5)}
    judgements = judgements.filter(~(outside & (urn % 2 == 0)))
    judgements = judgements.with_columns(
        *[
            pl.when(outside).then(pl.col(c).replace(flipped)).otherwise(pl.col(c)).alias(c)
            for c in ("Engagement with parents", "Impact on provision")
        ]
    )
    judgements.write_csv(judged)

    their_schools = [urn for urn, la in sorted(la_of.items()) if la == theirs.code][:12]
    _their_survey(files / THEIR_SURVEY, their_schools)
    _their_judgements(files / THEIR_JUDGEMENTS, their_schools[:3])
    target = files.parent / "warehouse.duckdb"
    build_warehouse(files, target, is_demo=True, progress=lambda _: None)
    return target


COMPARED_MINIMUM = 2  # schools in a reference group: some of our LA's own-survey groups reach it
SURVEY_MOVED_BY_DAYS = 240  # January-March 2026 to September-November 2026
MOVED_SURVEY = "la_parent_survey_2026-11-30.csv"


def _move_survey_to_autumn(files: Path) -> None:
    """The national own survey answered SURVEY_MOVED_BY_DAYS later, named for its new date."""
    (survey,) = files.glob("la_parent_survey_*.csv")
    answers = pl.read_csv(survey, infer_schema=False)
    day = pl.col("Response date").str.to_date("%d/%m/%Y")
    moved = answers.with_columns(
        (day + pl.duration(days=SURVEY_MOVED_BY_DAYS))
        .dt.strftime("%d/%m/%Y")
        .alias("Response date")
    )
    survey.unlink()
    moved.write_csv(files / MOVED_SURVEY)


@pytest.fixture(scope="session")
def compared_pair(demo_warehouse: Path, changed_warehouse: Path, tmp_path_factory) -> tuple:
    """The demo and the changed build made again from the same files, with a minimum group of
    COMPARED_MINIMUM schools (the setting LENS_MIN_REFERENCE_SCHOOLS) and the national own
    survey answered after every Parent View release, so that our LA's own surveys are compared
    within it and are its schools' most recent parents' views."""
    from etl.build import build_warehouse
    from schemas.settings import Settings

    settings = Settings.from_env(min_reference_schools=COMPARED_MINIMUM)

    def make(base: Path) -> tuple[Path, ...]:
        built = []
        for name, source in (("demo", demo_warehouse), ("changed", changed_warehouse)):
            files = base / name / "files"
            shutil.copytree(source.parent / "files", files)
            _move_survey_to_autumn(files)
            target = base / name / "warehouse.duckdb"
            build_warehouse(files, target, is_demo=True, progress=lambda _: None, settings=settings)
            built.append(target)
        return tuple(built)

    return shared_build(tmp_path_factory, "compared", make)


@pytest.fixture
def dashboard(app_env, monkeypatch):
    """The dashboard in AppTest, set up as a deployment would be: `secrets` (None: no secrets
    file), the person signed in (`user`, as st.user holds the ID token's claims), the page and
    the address's query parameters."""
    import lens.auth.access

    monkeypatch.setattr(lens.auth.access, "_told", {}, raising=False)  # told afresh in each test

    def run(secrets: dict | None = None, user: dict | None = None, page: str | None = None, **q):
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if secrets is not None:
            at.secrets = secrets
        if user is not None:
            at.user = user
        for key, value in q.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return run


def shows_no_data(at) -> bool:
    """No table, figure, chart or filter on the page."""
    return (
        not at.dataframe
        and not at.metric
        and not at.table
        and not at.sidebar.selectbox
        and not at.get("arrow_vega_lite_chart")
    )


def page_text(at) -> str:
    """Every piece of text AppTest sees on the page, for looking for what must not be there."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info"):
        parts += [str(element.value) for element in at.get(kind)]
    parts += [str(b.label) for b in at.button]
    return "\n".join(parts)


def toml_text(settings: dict) -> str:
    """A secrets file's text for `settings` ({section: {key: value or {key: value}}})."""

    def value(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(str(v))  # a JSON string is a TOML basic string

    lines = []
    for section, table in settings.items():
        lines.append(f"[{section}]")
        nested = {k: v for k, v in table.items() if isinstance(v, dict)}
        lines += [f"{json.dumps(k)} = {value(v)}" for k, v in table.items() if k not in nested]
        for key, inner in nested.items():
            lines.append(f"[{section}.{json.dumps(key)}]")
            lines += [f"{json.dumps(k)} = {value(v)}" for k, v in inner.items()]
    return "\n".join(lines) + "\n"


def serve(env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python -m lens.serve` as the image starts it, with `env` added; a refusal ends it (a
    server that started would hold the port until the timeout, failing the test)."""
    return subprocess.run(
        [sys.executable, "-m", "lens.serve", "--server.headless", "true", "--server.port", "9"],
        cwd=ROOT,
        env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
