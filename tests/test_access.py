"""Sign-in's rules and the one place non-public rows are filtered (lens/auth/access.py,
lens/data/scoping.py).

The allow-list and LA scope are plain functions, tested on their own; the configuration is
validated with messages that name the key; the scoped connection is tested on the small demo
warehouse table by table against the rules written out again here, independently of the views;
and the dashboard is run in AppTest signed out, refused and signed in.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from pathlib import Path

import duckdb
import polars as pl
import pytest

from lens.app.pages import PAGE_FILES
from lens.auth import access
from lens.auth.config import AccessConfigError, LensAccess, is_allowed, parse, scope_for
from lens.data import scoping
from lens.data.scoping import NON_PUBLIC_TABLES, PUBLIC_TABLES, ScopedConnection
from lens.data.warehouse import open_read_only, run
from tests.conftest import ROOT

CLIENT_SECRET = "do-not-print-this-client-secret"
COOKIE_SECRET = secrets.token_urlsafe(48)  # as deploy/OPERATIONS.md says to make one
AUTH = {
    "redirect_uri": "https://lens.example.gov.uk/oauth2callback",
    "cookie_secret": COOKIE_SECRET,
    "client_id": "lens-app",
    "client_secret": CLIENT_SECRET,
    "server_metadata_url": "https://id.example.gov.uk/.well-known/openid-configuration",
}
ISSUER = "https://id.example.gov.uk"


def rules() -> LensAccess:
    return LensAccess(allowed=["@leeds.gov.uk", "Someone@Example.org", "shared@bradford.gov.uk"])


# --- who may sign in ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("adviser@leeds.gov.uk", True),  # by domain
        ("Adviser@LEEDS.gov.uk", True),  # case does not matter
        ("  adviser@leeds.gov.uk ", True),
        ("someone@example.org", True),  # by address, listed in another case
        ("SOMEONE@EXAMPLE.ORG", True),
        ("someone.else@example.org", False),  # an address entry admits that address only
        ("adviser@schools.leeds.gov.uk", False),  # a subdomain is another organisation
        ("adviser@notleeds.gov.uk", False),
        ("adviser@leeds.gov.uk.evil.example", False),
        ("leeds.gov.uk@evil.example", False),
        ("shared@bradford.gov.uk", True),
        ("other@bradford.gov.uk", False),
        ("", False),
        ("not an address", False),
    ],
)
def test_allow_list_by_address_or_domain(address, allowed):
    assert is_allowed(address, rules()) is allowed


def test_scope_by_domain_address_several_las_and_none():
    access_rules = LensAccess(
        allowed=["@leeds.gov.uk", "someone@example.org", "lead@leeds.gov.uk", "x@bradford.gov.uk"],
        la_scope={
            "@leeds.gov.uk": [383],
            "someone@example.org": [383, 380, 383],
            "Lead@Leeds.gov.uk": [],  # an address's own entry wins over its domain's
        },
    )
    assert scope_for("adviser@leeds.gov.uk", access_rules) == (383,)
    assert scope_for("ADVISER@leeds.gov.uk", access_rules) == (383,)
    assert scope_for("someone@example.org", access_rules) == (380, 383)  # several, sorted, once
    assert scope_for("lead@leeds.gov.uk", access_rules) == ()  # narrowed to none
    assert scope_for("x@bradford.gov.uk", access_rules) == ()  # allowed, no scope entry
    assert scope_for("stranger@evil.example", access_rules) == ()  # not allowed: nothing


# --- the configuration --------------------------------------------------------------------------


def error_for(secrets: dict) -> str:
    with pytest.raises(AccessConfigError) as raised:
        parse(secrets)
    return str(raised.value)


def test_no_auth_section_means_sign_in_off():
    assert parse({}) is None
    assert parse({"connections": {"warehouse": {"url": "x"}}}) is None  # other sections: theirs


def test_valid_configuration_with_default_and_named_provider():
    config = parse({"auth": AUTH, "lens_access": {"allowed": ["@Leeds.gov.uk"]}})
    assert config.auth.provider is None
    assert config.lens_access.allowed == ["@leeds.gov.uk"]
    named = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "microsoft": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
    }
    config = parse({"auth": named, "lens_access": {"allowed": ["a@leeds.gov.uk"]}})
    assert config.auth.provider == "microsoft"


@pytest.mark.parametrize(
    ("lens_access", "names"),
    [
        ({"allowed": []}, "lens_access.allowed"),
        ({"allowed": ["leeds.gov.uk"]}, "lens_access.allowed: "),
        ({"allow": ["@leeds.gov.uk"]}, "lens_access.allow"),  # a typo in a key
        (
            {"allowed": ["@leeds.gov.uk"], "la_scope": {"@leeds.gov.uk": ["Leeds"]}},
            'lens_access.la_scope."@leeds.gov.uk"[0]',
        ),
        (
            {"allowed": ["@leeds.gov.uk"], "la_scope": {"@leeds.gov.uk": [38]}},
            'lens_access.la_scope."@leeds.gov.uk"[0]',
        ),
        (
            {"allowed": ["@leeds.gov.uk"], "la_scope": {"@leeds.gov.uk": 383}},
            'lens_access.la_scope."@leeds.gov.uk"',
        ),
        (
            {"allowed": ["@leeds.gov.uk"], "la_scope": {"@bradford.gov.uk": [380]}},
            "'@bradford.gov.uk'",
        ),
        (
            {
                "allowed": ["@leeds.gov.uk"],
                "la_scope": {"a@Leeds.gov.uk": [1], "A@leeds.gov.uk": []},
            },
            "lens_access.la_scope",
        ),
    ],
)
def test_wrong_access_settings_name_the_key(lens_access, names):
    message = error_for({"auth": AUTH, "lens_access": lens_access})
    assert names in message


def test_auth_without_lens_access_is_refused_not_opened():
    assert "[lens_access] is missing" in error_for({"auth": AUTH})


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"cookie_secret": None}, "auth.cookie_secret"),
        ({"cookie_secret": "short"}, "auth.cookie_secret"),
        ({"cookie_secret": "c" * 40}, "auth.cookie_secret"),
        ({"redirect_uri": "https://lens.example.gov.uk/"}, "auth.redirect_uri"),
        ({"client_id": None}, "client_id"),
        ({"server_metadata_url": "http://login.example/.well-known"}, "server_metadata_url"),
    ],
)
def test_wrong_auth_settings_name_the_key_and_never_print_secrets(change, names):
    auth = {k: v for k, v in {**AUTH, **change}.items() if v is not None}
    message = error_for({"auth": auth, "lens_access": {"allowed": ["@leeds.gov.uk"]}})
    assert names in message
    assert CLIENT_SECRET not in message and COOKIE_SECRET not in message
    assert "c" * 40 not in message


def test_an_unreadable_secrets_file_stops_rather_than_turning_sign_in_off(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit import config
    from streamlit.runtime.secrets import Secrets

    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "https://x/oauth2callback\n')  # unclosed string
    monkeypatch.setattr(st, "secrets", Secrets())
    previous = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    try:
        with pytest.raises(AccessConfigError, match="cannot be read: it is not valid TOML"):
            access.settings()
        broken.write_text("[other]\nkey = 1\n")  # readable, no [auth]: sign-in off
        monkeypatch.setattr(st, "secrets", Secrets())
        assert access.settings() is None
        assert access.current_scope() is access.EVERYTHING
    finally:
        config.set_option("secrets.files", previous)


def test_example_secrets_file_is_refused_until_filled_in_and_the_real_one_is_ignored_by_git():
    """The example's shape is right (every other key is accepted) but its placeholders are not
    values: filled in, it is valid (tests/security/test_forged_cookies.py: its cookie secret
    is refused)."""
    import tomllib

    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text())
    message = error_for(example)
    assert "auth.cookie_secret" in message and "placeholder" in message
    tenant = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    filled = {
        "auth": {
            **example["auth"],
            "cookie_secret": COOKIE_SECRET,
            "client_id": "lens-app",
            "client_secret": CLIENT_SECRET,
            "server_metadata_url": example["auth"]["server_metadata_url"].replace(
                "<tenant id>", tenant
            ),
        },
        "lens_access": {**example["lens_access"], "tenant_id": tenant},
    }
    config = parse(filled)
    assert config is not None and config.lens_access.la_scope
    assert config.auth.expected_issuer == f"https://login.microsoftonline.com/{tenant}/v2.0"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()


# --- the scoped connection ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain(demo_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return open_read_only(demo_warehouse)


@pytest.fixture(scope="module")
def chosen(plain) -> tuple[int, int]:
    """Two LAs of the demo: one with engagement judgements and own surveys, one with a Parent View
    result that disagrees with its survey, so that every rule has rows on both sides."""
    with_both = plain.execute(
        "select s.la_code from schools as s "
        "where s.urn in (select urn from engagement_judgements) "
        "and s.la_code in (select la_code from schools where urn in "
        "(select urn from questionnaire_counts where source = 'own_survey')) "
        "group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()[0]
    disagreeing = plain.execute(
        "select s.la_code from parent_view_flags as f join schools as s using (urn) "
        "where f.flag = 'disagrees_with_survey' and s.la_code <> ? order by 1 limit 1",
        [with_both],
    ).fetchone()[0]
    return with_both, disagreeing


def in_las(codes: tuple[int, ...]) -> str:
    codes_sql = ", ".join(str(int(code)) for code in codes)
    return f"urn in (select urn from schools where la_code in ({codes_sql}))"  # noqa: S608 - ints


# The rules of the brief, written out again: what a user limited to some LAs may read.
EXPECTED = {
    "engagement_judgements": "select * from engagement_judgements where {mine}",
    "questionnaire_counts": (
        "select * from questionnaire_counts where source <> 'own_survey' or {mine}"
    ),
    "school_satisfaction": (
        "select * from school_satisfaction where family <> 'questionnaire_own_survey' or {mine}"
    ),
    "satisfaction_pairs": (
        "select * from satisfaction_pairs where family <> 'questionnaire_own_survey' or {mine}"
    ),
    "satisfaction_gaps": (
        "select * from satisfaction_gaps where family <> 'questionnaire_own_survey' or {mine}"
    ),
    "gap_every_school": (
        "select * from gap_every_school where family <> 'questionnaire_own_survey' or {mine}"
    ),
    "gap_references": (  # own-survey groups are drawn from one LA: the user's LAs' groups only
        "select * from gap_references where family <> 'questionnaire_own_survey' "
        "or reference_scope in ({scopes})"
    ),
    "parent_view_flags": (
        "select * from parent_view_flags where flag <> 'disagrees_with_survey' or {mine}"
    ),
}


def frame(con, sql: str) -> pl.DataFrame:
    cursor = con.cursor()
    try:
        result = cursor.sql(sql).pl()
    finally:
        cursor.close()
    return result.sort(result.columns, nulls_last=True)


def test_every_warehouse_table_is_classified_public_or_not(plain):
    tables = {r[0] for r in plain.execute("select table_name from duckdb_tables()").fetchall()}
    unclassified = tables - PUBLIC_TABLES - NON_PUBLIC_TABLES
    assert not unclassified, (
        f"say in lens/data/scoping.py whether these hold non-public rows: {unclassified}"
    )
    assert not (PUBLIC_TABLES & NON_PUBLIC_TABLES)
    assert NON_PUBLIC_TABLES <= tables


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_scoped_tables_keep_public_rows_and_only_the_users_las_non_public_rows(
    demo_warehouse, plain, chosen, table
):
    scoped = ScopedConnection(open_read_only(demo_warehouse), chosen)
    scopes = ", ".join(f"'{int(code)}'" for code in chosen)
    expected = frame(plain, EXPECTED[table].format(mine=in_las(chosen), scopes=scopes))
    whole = f"select * from {table}"  # noqa: S608 - a table name from EXPECTED
    got = frame(scoped, whole)
    assert got.columns == expected.columns
    assert got.equals(expected)
    everything = frame(plain, whole)
    assert got.height < everything.height, "the demo must have other LAs' rows to hide"


def test_each_rule_has_rows_inside_the_scope(plain, demo_warehouse, chosen):
    """The comparison above would pass on empty tables: the chosen LAs have what is hidden."""
    scoped = ScopedConnection(open_read_only(demo_warehouse), chosen)
    counts = {
        "engagement_judgements": "select count(*) from engagement_judgements",
        "own surveys": "select count(*) from questionnaire_counts where source = 'own_survey'",
        "own-survey gaps": (
            "select count(*) from satisfaction_gaps where family = 'questionnaire_own_survey'"
        ),
        "own-survey reference groups": (
            "select count(*) from gap_references where family = 'questionnaire_own_survey'"
        ),
        "disagreeing flags": (
            "select count(*) from parent_view_flags where flag = 'disagrees_with_survey'"
        ),
    }
    for what, sql in counts.items():
        cursor = scoped.cursor()
        inside = cursor.execute(sql).fetchone()[0]
        cursor.close()
        assert 0 < inside < plain.execute(sql).fetchone()[0], what


def test_only_the_families_known_to_be_public_are_compared_nationally(plain):
    """satisfaction_pairs draws a family's reference groups from all LAs only when the family
    is one lens/data/scoping.py knows to be public; every other family's groups are drawn from one
    LA (its code), the only groups the scoped gap_references keeps, and only the user's LAs'."""
    rows = plain.execute(
        "select distinct p.family, p.reference_scope = 'national', "
        "p.reference_scope = s.la_code::varchar from satisfaction_pairs as p "
        "join schools as s using (urn)"
    ).fetchall()
    assert {family for family, *_ in rows} >= {
        "questionnaire_own_survey",
        "questionnaire_at_inspection",
    }
    for family, national, own_la in rows:
        public = family.startswith(scoping.PUBLIC_FAMILY_PREFIXES) or (
            family in scoping.PUBLIC_FAMILIES
        )
        assert (national, own_la) == ((True, False) if public else (False, True)), family


def test_nobody_in_scope_sees_no_non_public_row(demo_warehouse):
    scoped = ScopedConnection(open_read_only(demo_warehouse), ())
    cursor = scoped.cursor()
    assert cursor.execute("select count(*) from engagement_judgements").fetchone()[0] == 0
    for sql in (
        "select count(*) from questionnaire_counts where source = 'own_survey'",
        "select count(*) from school_satisfaction where family = 'questionnaire_own_survey'",
        "select count(*) from gap_references where family = 'questionnaire_own_survey'",
        "select count(*) from parent_view_flags where flag = 'disagrees_with_survey'",
        "select count(*) from school_summaries where engagement_judgement is not null "
        "or engagement_judged_on is not null or engagement_impact is not null "
        "or engagement_inclusion is not null or parent_view_flags like '%disagrees%'",
    ):
        assert cursor.execute(sql).fetchone()[0] == 0, sql
    assert cursor.execute("select count(*) from schools").fetchone()[0] > 0  # public: all there
    cursor.close()


def test_school_summaries_keep_every_school_with_engagement_only_for_the_users_las(
    demo_warehouse, plain, chosen
):
    scoped = ScopedConnection(open_read_only(demo_warehouse), chosen)
    got = frame(scoped, "select * from school_summaries")
    everything = frame(plain, "select * from school_summaries")
    assert got.columns == everything.columns and got.height == everything.height
    mine = pl.col("la_code").is_in(list(chosen))
    engagement = list(scoping.NON_PUBLIC_COLUMNS["school_summaries"])
    assert got.filter(~mine).select(engagement).null_count().sum_horizontal()[0] == (
        got.filter(~mine).height * len(engagement)
    )
    assert got.filter(mine).select(engagement).equals(everything.filter(mine).select(engagement))
    assert got.filter(mine)["engagement_judgement"].drop_nulls().len() > 0
    flags = got.filter(~mine)["parent_view_flags"].drop_nulls()
    assert not flags.str.contains("disagrees_with_survey").any()
    public = [c for c in got.columns if c not in (*engagement, "parent_view_flags")]
    assert got.select(public).equals(everything.select(public))


def test_rejects_and_load_log_lines_of_non_public_files_are_kept_within_their_las(
    demo_warehouse, tmp_path
):
    """The demo's own-survey and engagement files cover many LAs: hidden from a user limited to
    one of them; a file of that one LA alone (its rows' schools) is shown to them. Rejects go
    with their file by file_id: a workbook's reject names its sheet."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        (survey_id, survey_file), (engagement_id, _) = (
            con.execute(
                f"select file_id, file from load_log where layout_id = '{layout}'"  # noqa: S608
            ).fetchone()
            for layout in ("questionnaire_own_survey", "engagement_judgements")
        )
        con.execute(
            "insert into load_log by name select 900 as file_id, 'leeds_survey.xlsx' as file, "
            "'questionnaire_own_survey' as layout_id, [383] as la_codes"
        )
        con.execute(
            "insert into rejects (file_id, file, line, column_name, value, reason, action) values "
            "(?, ?, 7, 'Answer', 'a parent''s words', 'planted', 'row rejected'), "
            "(?, 'x.csv', 3, 'Evaluator', 'an adviser', 'planted', 'row rejected'), "
            "(900, 'leeds_survey.xlsx [Sheet1]', 4, 'Answer', 'Leeds words', 'planted', "
            "'row rejected'), (901, 'unknown.csv', 1, 'Answer', 'no file', 'planted', 'x')",
            [survey_id, f"{survey_file} [Sheet1]", engagement_id],
        )
        total = con.execute("select count(*) from rejects").fetchone()[0]
        files = con.execute("select count(*) from load_log").fetchone()[0]
    for scope, shown in (((383,), ["Leeds words"]), ((380,), []), ((), [])):
        scoped = ScopedConnection(open_read_only(copy), scope)
        rows = frame(scoped, "select * from rejects")
        assert rows.height == total - 4 + len(shown)
        assert rows.filter(pl.col("reason") == "planted")["value"].to_list() == shown
        log = frame(scoped, "select * from load_log")
        assert log.height == files - 3 + len(shown)
        assert ("leeds_survey.xlsx" in log["file"].to_list()) == bool(shown)
        assert not log["layout_id"].is_in(["engagement_judgements"]).any()


def test_public_tables_are_not_shadowed(demo_warehouse, plain, chosen):
    scoped = ScopedConnection(open_read_only(demo_warehouse), chosen)
    cursor = scoped.cursor()
    views = {
        r[0]
        for r in cursor.execute(
            "select view_name from duckdb_views() where temporary and not internal"
        ).fetchall()
    }
    assert views == NON_PUBLIC_TABLES
    stored = {r[0] for r in plain.execute("select table_name from duckdb_tables()").fetchall()}
    for table in sorted(PUBLIC_TABLES & stored):
        sql = f"select count(*) from {table}"  # noqa: S608 - table names from lens/data/scoping.py
        assert cursor.execute(sql).fetchone()[0] == plain.execute(sql).fetchone()[0], table
    cursor.close()


def test_england_aggregates_through_a_scoped_connection_cover_only_the_users_las(
    demo_warehouse, plain, chosen
):
    """Queries from lens/data/sql/, with the warehouse's own macros (places, in_place): for a user
    limited to one LA, England's figures from non-public sources are that LA's."""
    la = chosen[0]
    scoped = ScopedConnection(open_read_only(demo_warehouse), (la,))
    params = {"la_code": la, "phase": None, "school_type": None}

    def by_place(result: pl.DataFrame, place: str) -> pl.DataFrame:
        shown = result.filter(pl.col("geography") == place).drop("geography")
        return shown.sort(shown.columns, nulls_last=True)

    engagement = run(scoped, "engagement_distribution", **params)
    assert by_place(engagement, "England").equals(by_place(engagement, "Selection"))
    assert not by_place(run(plain, "engagement_distribution", **params), "England").equals(
        by_place(engagement, "England")
    )

    option = (
        run(scoped, "gap_options")
        .filter(pl.col("family") == "questionnaire_own_survey")
        .sort("count_schools", descending=True)
        .row(0, named=True)
    )
    choice = {k: option[k] for k in ("family", "framework_id", "area", "window_months")}
    satisfaction = run(scoped, "satisfaction_by_grade", **choice, **params)
    assert satisfaction.height > 0
    assert by_place(satisfaction, "England").equals(by_place(satisfaction, "Selection"))
    everyone = run(plain, "satisfaction_by_grade", **choice, **params)
    assert by_place(everyone, "England")["count_schools"].sum() > (
        by_place(satisfaction, "England")["count_schools"].sum()
    )


def test_scoped_connection_is_still_read_only_and_closed_to_files(demo_warehouse):
    scoped = ScopedConnection(open_read_only(demo_warehouse), (383,))
    for statement in (
        "create table stolen as select 1",
        "select * from read_csv('/etc/passwd')",
        "set enable_external_access = true",
    ):
        cursor = scoped.cursor()
        with pytest.raises(duckdb.Error):
            cursor.execute(statement)
        cursor.close()


def test_cursors_are_kept_and_safe_across_threads(demo_warehouse, chosen):
    scoped = ScopedConnection(open_read_only(demo_warehouse), chosen)
    sql = "select count(*) from engagement_judgements"
    expected = frame(scoped, sql).item()
    seen: list[int] = []

    def ask_many() -> None:
        for _ in range(10):
            seen.append(frame(scoped, sql).item())

    threads = [threading.Thread(target=ask_many) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [expected] * 60
    assert scoped._kept.qsize() <= scoping.KEPT_CURSORS


# --- lens.data.queries ----------------------------------------------------------------------------


def test_queries_keep_the_plain_connection_without_sign_in_and_cache_per_scope(app_env, chosen):
    import lens.data.queries as queries

    build = queries.current_stamp()
    assert isinstance(queries._connection(build, None), duckdb.DuckDBPyConnection)
    assert queries.current_scope() is access.EVERYTHING  # no secrets here: sign-in off
    params = {"la_code": None, "phase": None, "school_type": None}
    everyone = queries.query("engagement_distribution", build, access.EVERYTHING, **params)
    mine = queries.query("engagement_distribution", build, access_scope=chosen[:1], **params)
    other = queries.query("engagement_distribution", build, access_scope=chosen[1:], **params)
    nobody = queries.query("engagement_distribution", build, access_scope=(), **params)
    assert everyone["count_schools"].sum() > mine["count_schools"].sum() > 0
    assert not mine.equals(other)
    assert nobody.is_empty()


def test_a_download_made_after_the_page_run_keeps_the_pages_scope(monkeypatch):
    """Streamlit makes a PDF when its button is clicked, outside the page run: the maker runs
    with the scope of the page that drew the button, and with none when not bound to one."""
    config = parse(
        {
            "auth": AUTH,
            "lens_access": {"allowed": ["@leeds.gov.uk"], "la_scope": {"@leeds.gov.uk": [383]}},
        }
    )
    monkeypatch.setattr(access, "settings", lambda: config)
    assert access.current_scope() == ()  # no page run, nobody signed in: nothing non-public
    monkeypatch.setattr(access, "signed_in_address", lambda: "adviser@leeds.gov.uk")
    make = access.for_this_session(access.current_scope)  # drawn during the adviser's page run
    monkeypatch.setattr(access, "signed_in_address", lambda: None)  # later, in a worker thread
    assert make() == (383,)
    assert access.current_scope() == ()


# --- the dashboard in AppTest --------------------------------------------------------------------


def signed_in_app(
    app_env, user: dict, lens_access: dict | None = None, page: str | None = None, **query
):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets = {
        "auth": {
            **AUTH,
            "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
        },
        "lens_access": lens_access
        or {"allowed": ["@notts.example.gov.uk"], "la_scope": {"@notts.example.gov.uk": [891]}},
    }
    # as the local provider's ID token says it: its issuer, and the address verified
    at.user = {"iss": "http://127.0.0.1:9", "email_verified": True, **user}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def shows_no_data(at) -> bool:
    return not at.dataframe and not at.metric and not at.table and not at.sidebar.selectbox


def test_signed_out_sees_only_the_sign_in_button(app_env):
    at = signed_in_app(app_env, {"is_logged_in": False}, la="Nottinghamshire (891)")
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert shows_no_data(at)


@pytest.mark.parametrize(
    "user",
    [
        {"is_logged_in": True, "email": "someone@evil.example"},
        {"is_logged_in": True, "email": "adviser@notts.example.gov.uk", "email_verified": False},
        {"is_logged_in": True},  # the provider gave no address
    ],
)
def test_signed_in_but_not_allowed_sees_a_refusal_and_no_data(app_env, user):
    at = signed_in_app(app_env, user, page="pages/engagement.py")
    assert not at.exception
    assert "is not on the list" in at.warning[0].value
    assert [b.label for b in at.button] == ["Sign out"]
    assert shows_no_data(at)


def test_a_wrong_configuration_is_refused_with_its_key_in_the_log_only(
    app_env, caplog, monkeypatch
):
    monkeypatch.setattr(access, "_told", {})  # told afresh, not throttled by an earlier test
    at = signed_in_app(
        app_env, {"is_logged_in": True, "email": "a@notts.example.gov.uk"}, {"allowed": ["notts"]}
    )
    assert not at.exception
    assert [e.value for e in at.error] == [access.NOT_CONFIGURED]
    assert "lens_access.allowed" in caplog.text
    assert shows_no_data(at)


def test_sidebar_says_whose_non_public_data_the_user_sees(app_env):
    at = signed_in_app(
        app_env, {"is_logged_in": True, "email": "Adviser@Notts.example.gov.uk"}, la="England"
    )
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")  # md escapes
    assert "Signed in as adviser@notts.example.gov.uk" in captions
    assert "Nottinghamshire (891) only" in captions
    assert (
        "Figures for England, and for regions, from these two sources count only "
        "Nottinghamshire (891)" in captions
    )
    assert "own surveys are compared only with other schools' own surveys in the same" in captions
    assert "except" not in captions and "pool" not in captions  # no exception left to name
    assert "Sign out" in [b.label for b in at.sidebar.button]


def test_school_profile_of_another_las_school_shows_no_engagement_judgement(app_env, plain):
    urn, la_code, la_name = plain.execute(
        "select s.urn, s.la_code, s.la_name from engagement_judgements e join schools s "
        "using (urn) where s.la_code <> 891 order by s.urn limit 1"
    ).fetchone()
    mine = plain.execute(
        "select s.urn from engagement_judgements e join schools s using (urn) "
        "where s.la_code = 891 order by s.urn limit 1"
    ).fetchone()[0]
    user = {"is_logged_in": True, "email": "adviser@notts.example.gov.uk"}
    theirs = signed_in_app(
        app_env, user, page="pages/school.py", la=f"{la_name} ({la_code})", urn=str(urn)
    )
    assert not theirs.exception
    texts = [m.value for m in theirs.markdown]
    assert "No engagement judgement is loaded for this school." in texts
    own = signed_in_app(
        app_env, user, page="pages/school.py", la="Nottinghamshire (891)", urn=str(mine)
    )
    assert not own.exception
    assert "No engagement judgement is loaded for this school." not in [
        m.value for m in own.markdown
    ]


@pytest.mark.parametrize("whose", ["own", "another"])
@pytest.mark.parametrize(
    "page",
    list(PAGE_FILES),
)
def test_every_page_draws_for_a_limited_user_with_own_surveys_chosen(app_env, plain, page, whose):
    """The gap list on own surveys, for the user's LA (its reference groups kept) and another's
    (nothing of its surveys left)."""
    surveyed = plain.execute(
        "select s.la_code, any_value(s.la_name) from satisfaction_gaps as g join schools as s "
        "using (urn) where g.family = 'questionnaire_own_survey' and g.window_months = 36 "
        "group by 1 order by count(*) desc, 1 limit 2"
    ).fetchall()
    mine, theirs = surveyed
    shown = mine if whose == "own" else theirs
    at = signed_in_app(
        app_env,
        {"is_logged_in": True, "email": "adviser@own.example.gov.uk"},
        {"allowed": ["@own.example.gov.uk"], "la_scope": {"@own.example.gov.uk": [mine[0]]}},
        page=page,
        la=f"{shown[1]} ({shown[0]})",
        gap_source="Own parent surveys",
    )
    assert not at.exception
    assert at.sidebar.selectbox(key="gap_source").value == "questionnaire_own_survey"
