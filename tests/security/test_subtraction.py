"""Attack by subtraction: nothing our account can read depends on another LA's non-public data.

Every figure a page, export or PDF pack shows comes from one of the named queries in lens/data/sql/
(lens/data/queries.py is the only way to the warehouse), and every query reads the warehouse through
our account's scoped connection (lens/data/scoping.py). So the data is built twice, the second time
with other LAs' own surveys and engagement judgements changed (tests/security/conftest.py:
changed_warehouse), and:

* every table and view our account can read holds the same rows in both builds (bar when each
  was built): then no query, with any parameters an attacker could put in an address - any
  window, source, judgement, phase, LA, school or file, the default list or one comparison -
  can give a figure computed from their non-public data, or one from which it could be worked
  out by subtracting ours;
* each query is also run, for our account, with the parameters an attacker would choose: our LA,
  their LA, England, our school and theirs (crafted addresses), the default list and each family
  of the gap list, the flag and file filters naming their data; and the gap list for every
  window, the default list and every own-survey comparison, with the funnel of every reference
  group ours and theirs, named by hand.

Any difference is refused (deploy/OPERATIONS.md, "Which figures are suppressed and why"). An
LA's own surveys are compared only within the LA (etl/sql/marts/satisfaction_pairs.sql), so our
account's own-survey reference groups are made of our schools alone: checked here by working them
out again from our LA's surveys only. The small demo's LAs are too small for an own-survey group
to be compared, so everything is also done on builds with a minimum of 2 schools per group
(conftest.py: compared_pair), where some of our LA's groups are compared.
"""

from __future__ import annotations

import io
import re

import polars as pl
import pytest

from lens.data.scoping import ScopedConnection
from lens.data.warehouse import SQL_DIR, open_read_only, parameter_names, run
from schemas.gap_method import WINDOWS_MONTHS
from schemas.settings import Settings
from tests.security.conftest import THEIR_SURVEY

OWN = "questionnaire_own_survey"
TIMESTAMPS = ("built_at", "loaded_at")  # when each build ran: differs between any two builds
QUERIES = sorted(path.stem for path in SQL_DIR.glob("*.sql"))


def _school(con, la: int) -> int:
    """A school of `la` with an engagement judgement and an own-survey result (or one of them)."""
    return con.execute(
        "select urn from schools where la_code = ? order by "
        "(urn in (select urn from engagement_judgements))::int + (urn in (select urn from "
        "school_satisfaction where family = ?))::int desc, urn limit 1",
        [la, OWN],
    ).fetchone()[0]


def _gap_choice(con, family_like: str, scope: str) -> dict:
    """The gap list's busiest single comparison of a family (every LA's options: an attacker may
    name one only another LA has), and its smallest reference group drawn from `scope` (a group
    of that comparison in any scope when there is none)."""
    row = (
        run(con, "gap_options")
        .filter(pl.col("family").str.starts_with(family_like))
        .sort("count_schools", "framework_id", "area", descending=[True, False, False])
        .select("family", "framework_id", "area", "window_months")
        .row(0)
    )
    keys = ("family", "framework_id", "area", "window_months")
    group = con.execute(
        "select reference_scope, reference_phase, grade_rank from gap_references where "
        "family = ? and framework_id = ? and area = ? and window_months = ? "
        "order by reference_scope <> ?, count_reference_schools, reference_phase, grade_rank "
        "limit 1",
        [*row, scope],
    ).fetchone()
    return {
        **dict(zip(keys, row, strict=True)),
        **{f"gap_{k}": v for k, v in zip(keys, row, strict=True)},
        "every_school": False,
        "gap_every_school": False,
        "reference_scope": scope,
        "reference_phase": group[1],
        "grade_rank": group[2],
    }


EVERY_SCHOOL = {"every_school": True, "gap_every_school": True}  # the default list


@pytest.fixture(scope="module")
def attacks(plain_con, ours, theirs) -> dict[str, dict]:
    """Named sets of parameters: what an account of our LA would put in an address."""
    snapshot, question_set = plain_con.execute(
        "select snapshot_date, question_set from parent_view_answers "
        "order by snapshot_date desc limit 1"
    ).fetchone()
    national_survey = plain_con.execute(
        "select file from load_log where layout_id = ? order by file limit 1", [OWN]
    ).fetchone()[0]
    common = {
        "phase": None,
        "school_type": None,
        "region": None,
        "regions": None,
        "idaci": None,
        "grades": None,
        "status": "all",
        "name_contains": None,
        "trust_contains": None,
        "pupils_min": None,
        "pupils_max": None,
        "fsm_min": None,
        "fsm_max": None,
        "happy_min": None,
        "happy_max": None,
        "inspected_from": None,
        "inspected_to": None,
        "include_no_parent_view": True,
        "report": None,
        "gap": None,
        "flag": None,
        "label": None,
        "uncertain_only": False,
        "term": None,
        "action": None,
        "file": None,
        "row_limit": 100_000,
        "min_responses": 5,
        "max_responses": 500,
        "snapshot_date": snapshot,
        "question_set": question_set,
        "question_id": "1",
    }
    parent_view = _gap_choice(plain_con, "parent_view_", "national")
    own = {
        "ours": _gap_choice(plain_con, OWN, str(ours.code)),
        "theirs": _gap_choice(plain_con, OWN, str(theirs.code)),
        "England": _gap_choice(plain_con, OWN, "national"),  # pooled: no such group now
    }
    mine, theirs_school = _school(plain_con, ours.code), _school(plain_con, theirs.code)
    return {
        "our LA": {**common, **parent_view, "la_code": ours.code, "urn": mine},
        "our LA, every school": {
            **common,
            **own["ours"],
            **EVERY_SCHOOL,
            "la_code": ours.code,
            "urn": mine,
        },
        "their LA, every school": {
            **common,
            **own["theirs"],
            **EVERY_SCHOOL,
            "la_code": theirs.code,
            "urn": theirs_school,
            "gap": "either",
        },
        "England, every school": {
            **common,
            **own["England"],
            **EVERY_SCHOOL,
            "la_code": None,
            "urn": theirs_school,
            "gap": "not_compared",
        },
        "their LA": {
            **common,
            **parent_view,
            "la_code": theirs.code,
            "urn": theirs_school,
            "flag": "disagrees_with_survey",
            "file": THEIR_SURVEY,
            "gap": "either",
        },
        "England": {**common, **parent_view, "la_code": None, "urn": theirs_school, "flag": "any"},
        "our LA, own surveys": {**common, **own["ours"], "la_code": ours.code, "urn": mine},
        "their LA, own surveys": {
            **common,
            **own["theirs"],
            "la_code": theirs.code,
            "urn": theirs_school,
            "file": national_survey,
            "gap": "either",
            "term": str(theirs_school),
        },
        "England, own surveys": {
            **common,
            **own["England"],
            "la_code": None,
            "urn": theirs_school,
        },
    }


@pytest.fixture(scope="module")
def readers(demo_warehouse, changed_warehouse, ours):
    """Our account's connection to each build."""
    return (
        ScopedConnection(open_read_only(demo_warehouse), (ours.code,)),
        ScopedConnection(open_read_only(changed_warehouse), (ours.code,)),
    )


def seen(con, query: str, params: dict) -> pl.DataFrame:
    result = run(con, query, **params).drop(TIMESTAMPS, strict=False)
    return result.sort(result.columns, nulls_last=True) if result.columns else result


ATTACKS = (
    "our LA",
    "their LA",
    "England",
    "our LA, every school",
    "their LA, every school",
    "England, every school",
    "our LA, own surveys",
    "their LA, own surveys",
    "England, own surveys",
)
GAP_PARAMETERS = {"family", "gap_family", "every_school", "gap_every_school", "reference_scope"}


def differences(readers, query: str, params: dict) -> pl.DataFrame | None:
    """What our account sees differently in the two builds (None: nothing)."""
    before, after = (seen(con, query, params) for con in readers)
    assert before.columns == after.columns
    if before.equals(after):
        return None
    return pl.concat([before, after]).unique(keep="none") if before.columns else before


def applies(query: str, attack: str) -> bool:
    """Whether the attack changes anything the query is asked: every query is asked as our LA;
    the others where it takes an LA, school, file, flag or search term, or a choice of the gap
    list (the default list, a family, a reference group)."""
    names = parameter_names(query)
    if attack == "our LA" or names & {"la_code", "urn", "file", "flag", "term"}:
        return True
    return "," in attack and bool(names & GAP_PARAMETERS)


@pytest.mark.parametrize(
    ("query", "attack"), [(q, a) for q in QUERIES for a in ATTACKS if applies(q, a)]
)
def test_no_query_depends_on_another_las_non_public_data(readers, attacks, query, attack):
    differing = differences(readers, query, attacks[attack])
    assert differing is None, (
        f"{query} differs when only other LAs' non-public data changes: {differing.head(10)}"
    )


def test_the_changed_build_really_changes_their_data(plain_con, changed_warehouse, theirs):
    """The test above is worthless unless their data differs between the builds."""
    changed = open_read_only(changed_warehouse)
    for sql in (
        "select count(*) from engagement_judgements",
        f"select sum(count_satisfied) from school_satisfaction where family = '{OWN}'",  # noqa: S608
        "select count(*) from rejects",
        "select count(*) from load_log",
    ):
        assert plain_con.execute(sql).fetchone() != changed.execute(sql).fetchone(), sql
    their = "select count(*) from engagement_judgements join schools using (urn) where la_code = ?"
    assert changed.execute(their, [theirs.code]).fetchone()[0] > 0


def test_the_compared_builds_really_change_other_las_own_survey_groups(compared_plain, ours):
    """The comparisons on the compared builds are worthless unless other LAs' own-survey groups
    (theirs among them) differ between the two."""
    sql = (
        "select reference_scope, window_months, framework_id, area, reference_phase, grade_rank, "
        "count_reference_schools, count_reference_satisfied from gap_references "
        "where family = ? and reference_scope <> ? order by all"
    )
    before, after = (
        con.sql(sql, params=[OWN, str(ours.code)]).fetchall() for con in compared_plain
    )
    assert before and before != after


def test_every_query_is_attacked():
    """A query added to lens/data/sql/ is attacked too: the list is read from the folder."""
    assert set(QUERIES) == {path.stem for path in SQL_DIR.glob("*.sql")} and len(QUERIES) > 50


def pack_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _gap(params: dict):
    """The GapChoice a page builds from the attack's gap-list parameters."""
    from lens.rules.gaps import GapChoice

    if params["every_school"]:
        return GapChoice.for_every_school(params["window_months"])
    return GapChoice(
        params["family"],
        params["framework_id"],
        params["area"],
        params["window_months"],
        "the chosen judgement",
    )


def packs(con, attack: dict, plain_con) -> tuple[str, str]:
    """The school pack's and the LA pack's text for our account, as the pages make them: the
    profile and the LA's gap list for the attack's choice of the gap list."""
    import datetime as dt

    from lens.present import briefing
    from lens.rules import discuss, profile

    la_name = plain_con.execute(
        "select la_name from local_authorities where la_code = ?", [attack["la_code"]]
    ).fetchone()[0]

    def ask(name: str, **params: object) -> pl.DataFrame:
        return run(con, name, **{**attack, **params})

    gap = _gap(attack)
    school = profile.load(ask, attack["urn"], gap)
    built = dt.datetime(2026, 1, 1)
    school_pdf = briefing.school_pack(
        school, discuss.points_to_discuss(school), is_demo=True, built_at=built
    )
    la_pdf = briefing.la_pack(
        la_name,
        gap,
        ask("gap_schools"),
        ask("la_summaries"),
        ask("latest_flags"),
        ask("source_dates"),
        ask("report_study_figures"),
        is_demo=True,
        built_at=built,
    )
    return pack_text(school_pdf), pack_text(la_pdf)


PACK_ATTACKS = (
    "our LA",
    "their LA",
    "our LA, every school",
    "their LA, every school",
    "our LA, own surveys",
    "their LA, own surveys",
)


@pytest.mark.parametrize(
    "attack",  # ours and theirs with Parent View in a plain `python -m pytest`; all with --full
    [pytest.param(a, marks=[pytest.mark.slow] * ("," in a)) for a in PACK_ATTACKS],
)
def test_briefing_packs_do_not_depend_on_another_las_non_public_data(
    readers, attacks, attack, plain_con, monkeypatch
):
    """The school pack and the LA pack, made from the same questions the pages ask, read the
    same in both builds for our account, for our school and LA and for theirs (crafted), with
    Parent View, the default list and own surveys as the gap list's choice; and their charts
    are drawn from the same data. (The text read back from a PDF has none of a chart's image,
    so each chart's template, data and title are compared instead of its render; not rendering
    the 36 charts saves about 25 s. The packs' tests in tests/test_briefing.py render them.)"""
    from PIL import Image

    from lens.present import charts

    blank = io.BytesIO()
    Image.new("RGB", (8, 3), "white").save(blank, "PNG")
    drawn: list[list] = [[], []]
    chosen = attacks[attack]
    texts = []
    for build, con in enumerate(readers):
        monkeypatch.setattr(
            charts,
            "png",
            lambda *args, _d=drawn[build], **kw: _d.append((args, kw)) or blank.getvalue(),
        )
        texts.append(packs(con, chosen, plain_con))
    assert texts[0] == texts[1]
    assert str(chosen["urn"]) in texts[0][0]
    assert len(drawn[0]) == len(drawn[1]) >= 1
    for (before, before_kw), (after, after_kw) in zip(*drawn, strict=True):
        assert before[0] == after[0] and before[2:] == after[2:] and before_kw == after_kw
        assert before[1].equals(after[1]), f"the {before[0]} chart's data differs"


# --- every table and view: the proof for any parameters -----------------------------------------

# Bookkeeping that differs between any two builds and is no figure: when the build ran and where
# from, how long each file took to load, and how many files the build read (which counts other LAs'
# non-public files, so no query reads it: test_no_query_reads_the_build_bookkeeping).
BOOKKEEPING = {
    "build_info": ("built_at", "raw_dir", "file_count"),
    "load_log": ("loaded_at", "seconds"),
}


def readable(con) -> list[str]:
    """Every table and view a query on our account's connection can name."""
    cursor = con.cursor()
    try:
        return sorted(
            {
                r[0]
                for r in cursor.execute(
                    "select table_name from duckdb_tables() union "
                    "select view_name from duckdb_views() where not internal"
                ).fetchall()
            }
        )
    finally:
        cursor.close()


def table_rows(con, name: str) -> pl.DataFrame:
    cursor = con.cursor()
    try:
        rows = cursor.sql(f'select * from "{name}"').pl()  # noqa: S608 - a catalog name
    finally:
        cursor.close()
    rows = rows.drop(BOOKKEEPING.get(name, ()), strict=False)
    return rows.sort(rows.columns, nulls_last=True) if rows.columns else rows


@pytest.fixture(scope="module", params=["demo", "compared"])
def pair(request, readers, compared_pair, ours):
    """Our account's connection to both builds: the demo's (a minimum of 30 schools per group:
    our own surveys are not compared) or the builds whose own-survey groups are compared."""
    if request.param == "demo":
        return readers
    return tuple(ScopedConnection(open_read_only(p), (ours.code,)) for p in compared_pair)


def test_every_table_and_view_our_account_reads_is_the_same_in_both_builds(pair):
    """A query is a function of the tables and views it reads and of its parameters (macros
    too: gap_rows reads whatever the connection calls its tables). So when everything our
    account can read is the same in both builds, no query, with any parameters - any window,
    judgement, phase, LA, school, file, the default list or one comparison - gives a figure that
    depends on other LAs' own surveys or engagement judgements: not directly, not by subtracting
    one figure from another."""
    names = readable(pair[0])
    assert names == readable(pair[1])
    assert {"gap_references", "satisfaction_gaps", "gap_every_school"} <= set(names)
    differing = {}
    for name in names:
        before, after = (table_rows(con, name) for con in pair)
        if before.columns != after.columns or not before.equals(after):
            differing[name] = before.height, after.height
    assert not differing, f"our account reads these differently in the two builds: {differing}"


def test_no_query_reads_the_build_bookkeeping():
    """The bookkeeping left out above is read by no query: the number of files counts other
    LAs' own surveys and judgements."""
    for path in SQL_DIR.glob("*.sql"):
        code = re.sub(r"exclude\s*\([^)]*\)", "", path.read_text(), flags=re.IGNORECASE)
        for column in BOOKKEEPING["build_info"][1:]:
            assert column not in code, f"{path.name} reads build_info.{column}"
        assert "seconds" not in code, f"{path.name} reads how long a file took to load"


# --- the gap list, choice by choice -------------------------------------------------------------


@pytest.fixture(scope="module")
def compared_readers(compared_pair, ours):
    return tuple(ScopedConnection(open_read_only(p), (ours.code,)) for p in compared_pair)


@pytest.fixture(scope="module")
def compared_plain(compared_pair):
    return tuple(open_read_only(p) for p in compared_pair)


def own_choices(plain_pair, window: int, scopes: tuple[str, ...]) -> list[dict]:
    """The default list, and every own-survey comparison of the window in which a school of
    `scopes` (our LA, theirs) is placed in either build: an attacker may name one only their LA
    has."""
    options = pl.concat(
        [
            con.sql(
                "select distinct family, framework_id, area from satisfaction_gaps "
                "where family = ? and window_months = ? and reference_scope in (?, ?)",
                params=[OWN, window, *scopes],
            ).pl()
            for con in plain_pair
        ]
    )
    keys = options.unique().sort(pl.all())
    return [{"every_school": True, "family": None, "framework_id": None, "area": None}] + [
        {"every_school": False, **row} for row in keys.iter_rows(named=True)
    ]


@pytest.mark.parametrize(
    "window",
    [  # the default window in a plain `python -m pytest`; every window with --full
        pytest.param(w, marks=[pytest.mark.slow] * (w != Settings().gap_window_months))
        for w in WINDOWS_MONTHS
    ],
)
def test_every_choice_of_the_gap_list_reads_the_same_in_each_window(
    compared_readers, compared_plain, attacks, ours, theirs, window
):
    """For each window: the default list and every own-survey comparison our LA's or their LA's
    schools are in, for our LA (the default list in each phase too), theirs and England: the
    list, its counts and the number chance alone would flag (worked out from them), its
    reference groups, our school's place and theirs, and parents' answers by grade, all the same
    in both builds (the builds where some of our own-survey groups are compared)."""
    from lens.rules.gaps import chance_words

    common = {**attacks["our LA"], "window_months": window, "region": None}
    phases = [
        r[0]
        for r in compared_plain[0]
        .sql("select distinct phase from schools where la_code = ? order by 1", params=[ours.code])
        .fetchall()
    ]
    urns = (attacks["our LA"]["urn"], attacks["their LA"]["urn"])
    asked = 0
    for choice in own_choices(compared_plain, window, (str(ours.code), str(theirs.code))):
        places = [(ours.code, None), (theirs.code, None), (None, None)]
        if choice["every_school"]:
            places += [(ours.code, phase) for phase in phases]
        for la_code, phase in places:
            params = {**common, **choice, "la_code": la_code, "phase": phase}
            queries = ["gap_summary", "gap_reference_groups"]
            queries += [] if choice["every_school"] else ["satisfaction_by_grade"]
            queries += ["school_gaps"] if phase is None and la_code != theirs.code else []
            for query in queries:
                for urn in urns if query == "school_gaps" else urns[:1]:
                    asked += 1
                    differing = differences(compared_readers, query, {**params, "urn": urn})
                    assert differing is None, (query, choice, la_code, phase, differing)
            listed = [seen(con, "gap_schools", params) for con in compared_readers]
            assert listed[0].equals(listed[1]), ("gap_schools", choice, la_code, phase)
            chance = [chance_words(g.filter("is_comparable").height, 0.998) for g in listed]
            assert chance[0] == chance[1]
    assert asked > 10


def test_the_funnel_of_every_own_survey_group_ours_and_theirs_reads_the_same(
    compared_readers, compared_plain, attacks, ours, theirs
):
    """Every own-survey reference group our LA's or their LA's schools are placed in, in every
    window, phase and pooled band of grades, asked for by name as the funnel asks (a crafted
    address can name their group, or a national one): ours the same in both builds, theirs and
    any national own-survey group never there at all."""
    groups = (
        pl.concat(
            [
                con.sql(
                    "select family, framework_id, area, window_months, reference_scope, "
                    "reference_phase, grade_rank from gap_references where family = ? "
                    "and reference_scope in (?, ?)",
                    params=[OWN, str(ours.code), str(theirs.code)],
                ).pl()
                for con in compared_plain
            ]
        )
        .unique()
        .sort(pl.all())
    )
    assert set(groups["reference_scope"]) == {str(ours.code), str(theirs.code)}
    national = groups.with_columns(pl.lit("national").alias("reference_scope")).unique()
    seen_ours = 0
    for group in pl.concat([groups, national]).iter_rows(named=True):
        params = {**attacks["our LA"], **group}
        results = [seen(con, "gap_funnel_limits", params) for con in compared_readers]
        assert results[0].equals(results[1]), group
        if group["reference_scope"] == str(ours.code):
            seen_ours += results[0].height > 0
        else:
            assert results[0].is_empty(), f"another LA's or a pooled group is readable: {group}"
    assert seen_ours > 0


# --- own-survey groups: made of one LA's schools ------------------------------------------------


def test_own_survey_reference_groups_never_pool_two_las(plain_con):
    """Every own-survey pair is placed in a group drawn from its own school's LA, and every
    published source's in the national one: the groups' key cannot mix LAs."""
    mixed = plain_con.execute(
        "select p.family, p.reference_scope, s.la_code from satisfaction_pairs as p "
        "join schools as s using (urn) where case when p.family = ? "
        "then p.reference_scope <> s.la_code::varchar else p.reference_scope <> 'national' end",
        [OWN],
    ).fetchall()
    assert not mixed
    scopes = plain_con.execute(
        "select count(distinct reference_scope) from gap_references where family = ?", [OWN]
    ).fetchone()[0]
    assert scopes > 10  # one set of groups per LA with own surveys


def test_our_own_survey_groups_are_worked_out_from_our_las_surveys_alone(
    compared_pair, compared_readers, ours, gap_models
):
    """The gap list's models run again on our LA's own-survey pairs and nothing else give
    exactly the reference groups (members, share, spread beyond chance, between-school
    variance, reachable range) and the places (each school's share without itself, its
    standardised difference, its status) our account reads: no other LA's school is in them."""
    from tests.security.conftest import COMPARED_MINIMUM

    reader = compared_readers[0]

    def ours_only(sql: str) -> pl.DataFrame:
        cursor = reader.cursor()
        try:
            rows = cursor.sql(sql).pl()
        finally:
            cursor.close()
        return rows.sort(rows.columns, nulls_last=True)

    pairs = ours_only(
        f"select * from satisfaction_pairs where family = '{OWN}' "  # noqa: S608 - a constant
        f"and urn in (select urn from schools where la_code = {int(ours.code)})"
    )
    again = gap_models(pairs.to_arrow(), min_reference_schools=COMPARED_MINIMUM)
    for table in ("gap_references", "satisfaction_gaps"):
        recomputed = again.sql(f"select * from {table}").pl()  # noqa: S608 - a model name
        recomputed = recomputed.sort(recomputed.columns, nulls_last=True)
        read = ours_only(f"select * from {table} where family = '{OWN}'")  # noqa: S608
        assert read.columns == recomputed.columns
        assert read.equals(recomputed), table
    compared = ours_only(
        f"select count(*) as n from satisfaction_gaps where family = '{OWN}' and is_comparable"  # noqa: S608
    )["n"][0]
    assert compared > 0, "our LA's own surveys must be compared in these builds"
    taken = ours_only(
        f"select count(*) as n from gap_rows(true, null, null, null, 60) where family = '{OWN}' "  # noqa: S608
        "and is_comparable"
    )["n"][0]
    assert taken > 0, "the default list must compare some of our schools on their own surveys"
