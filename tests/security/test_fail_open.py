"""Attacks on the configuration: every way a deployment could be left open must close it.

A deployment that declares it serves non-public data (LENS_SERVES_NON_PUBLIC) and lacks a secrets
file, has a missing or misspelt [auth], [auth] without its keys, or the example's placeholders,
refuses: `python -m lens.serve` will not start (exit 78, the reason on stderr), and a server
started otherwise shows one plain sentence on every page while its log says what is wrong.
Visitors never see the configuration itself (allow-list addresses, keys, the secrets path). A
deployment that has not declared it never shows a real warehouse's non-public rows; the
demonstration shows its fictional ones, as a fresh clone's `streamlit run dashboard.py` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import urllib.request

import duckdb
import pytest
import yaml

from lens.app import sign_in
from lens.app.pages import PAGE_FILES
from lens.auth import access
from tests.conftest import ROOT
from tests.local_server import free_port, wait_until_healthy
from tests.security.conftest import page_text, serve, shows_no_data, toml_text
from tests.security.test_forged_cookies import sign_in_settings, signed_in

PAGES = list(PAGE_FILES)
ALLOWED = "secret-adviser@hidden.example.gov.uk"  # an allow-list entry no visitor may read


def without(settings: dict, section: str, *keys: str) -> dict:
    trimmed = {name: dict(table) for name, table in settings.items()}
    for key in keys:
        trimmed[section].pop(key)
    return trimmed


def renamed(settings: dict, old: str, new: str) -> dict:
    return {new if name == old else name: table for name, table in settings.items()}


EXAMPLE = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text())
BROKEN = {
    "lens_access without auth": {"lens_access": {"allowed": ["@notts.example.gov.uk"]}},
    "auth misspelt Auth": renamed(sign_in_settings(), "auth", "Auth"),
    "auth misspelt oauth": renamed(sign_in_settings(), "auth", "oauth"),
    "lens_access misspelt": renamed(sign_in_settings(), "lens_access", "lens-access"),
    "auth without client_secret": without(sign_in_settings(), "auth", "client_secret"),
    "auth without cookie_secret": without(sign_in_settings(), "auth", "cookie_secret"),
    "auth without metadata": without(sign_in_settings(), "auth", "server_metadata_url"),
    "the example file as it is": EXAMPLE,
    "the example's placeholders": {
        "auth": {**EXAMPLE["auth"], "cookie_secret": sign_in_settings()["auth"]["cookie_secret"]},
        "lens_access": EXAMPLE["lens_access"],
    },
    "an allow-list entry that is no address": sign_in_settings(allowed=["notts", ALLOWED]),
}


@pytest.fixture
def declared(monkeypatch):
    monkeypatch.setenv("LENS_SERVES_NON_PUBLIC", "true")


@pytest.mark.parametrize("page", PAGES)
def test_declared_deployment_without_a_secrets_file_shows_no_page(declared, dashboard, page):
    """Issue 21's fourth finding: compose mounted no secrets, and every page was served."""
    at = dashboard(None, None, page, la="Nottinghamshire (891)")
    assert not at.exception
    assert shows_no_data(at)
    assert [e.value for e in at.error] == [access.NOT_CONFIGURED]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_fail_open_configuration_shows_no_page_and_no_configuration(
    declared, dashboard, caplog, case
):
    at = dashboard(BROKEN[case], signed_in(), "pages/engagement.py")
    assert not at.exception
    assert shows_no_data(at)
    assert [e.value for e in at.error] == [access.NOT_CONFIGURED]
    text = page_text(at)
    for detail in ("lens_access", "auth", "secrets", "toml", "notts", ALLOWED, "<"):
        assert detail not in text.lower(), detail  # the log has it, the page never
    assert "refusing every page" in caplog.text


@pytest.mark.parametrize(
    "case",
    ["lens_access without auth", "auth misspelt Auth", "an allow-list entry that is no address"],
)
def test_undeclared_deployments_refuse_a_broken_configuration_too(dashboard, case):
    """Undeclared, a typo in the sign-in settings still must not turn sign-in off."""
    at = dashboard(BROKEN[case], signed_in(), "pages/engagement.py")
    assert shows_no_data(at)
    assert [e.value for e in at.error] == [access.NOT_CONFIGURED]


def test_signed_out_visitors_see_no_configuration_details(dashboard):
    settings = sign_in_settings(allowed=["@notts.example.gov.uk", ALLOWED])
    at = dashboard(settings, {"is_logged_in": False}, "pages/school.py")
    assert [b.label for b in at.button] == ["Sign in"]
    text = page_text(at).lower()
    assert ALLOWED not in text and "notts" not in text and "secrets" not in text


@pytest.fixture
def real_warehouse(app_env, tmp_path, monkeypatch):
    """The small demo, marked as real data (as a build from published files is)."""
    import lens.data.queries

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(app_env, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update build_info set is_demo = false")
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", copy)
    return copy


NON_PUBLIC_QUESTIONS = {
    "engagement_distribution": {"la_code": None, "phase": None, "school_type": None},
    "engagement_pattern_breaks": {"la_code": None, "phase": None, "school_type": None},
}


def test_undeclared_real_warehouse_serves_no_non_public_row(real_warehouse, dashboard):
    """Without LENS_SERVES_NON_PUBLIC and without sign-in, a real warehouse's own surveys and
    engagement judgements are shown to nobody, their files not even in the load log."""
    from lens.data.queries import ask

    for name, params in NON_PUBLIC_QUESTIONS.items():
        assert ask(name, **params).is_empty(), name
    layouts = ask("load_log")["layout_id"].to_list()
    assert "questionnaire_own_survey" not in layouts and "engagement_judgements" not in layouts
    assert (
        not ask("la_summaries", la_code=None, phase=None, school_type=None)["engagement_judgement"]
        .drop_nulls()
        .len()
    )
    at = dashboard(None, None, "pages/engagement.py")
    assert not at.exception
    assert sign_in.NOT_SERVED in [c.value for c in at.sidebar.caption]


def test_undeclared_real_warehouse_serves_none_to_signed_in_people_either(
    real_warehouse, dashboard
):
    at = dashboard(sign_in_settings(), signed_in(), "pages/engagement.py")
    assert not at.exception
    assert sign_in.NOT_SERVED in [c.value for c in at.sidebar.caption]
    assert "No engagement judgements are loaded for this selection." in [i.value for i in at.info]


def test_the_fresh_clone_demo_still_shows_its_fictional_non_public_data(app_env, dashboard):
    """The demonstration, undeclared and without sign-in, is unchanged: every page, engagement
    judgements and own surveys included (fictional schools)."""
    from lens.data.queries import ask

    assert ask("engagement_distribution", **NON_PUBLIC_QUESTIONS["engagement_distribution"]).height
    layouts = ask("load_log")["layout_id"].to_list()
    assert "questionnaire_own_survey" in layouts
    at = dashboard(None, None, "pages/engagement.py")
    assert not at.exception and at.dataframe
    assert sign_in.NOT_SERVED not in [c.value for c in at.sidebar.caption]


# --- the server refuses to start ----------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "no secrets file",
        "lens_access without auth",
        "auth misspelt Auth",
        "auth without cookie_secret",
    ],
)
def test_the_server_refuses_to_start_when_declared_and_not_configured(tmp_path, case):
    path = tmp_path / "secrets.toml"
    if case != "no secrets file":
        path.write_text(toml_text(BROKEN[case]))
    started = serve({"LENS_SERVES_NON_PUBLIC": "true", "STREAMLIT_SECRETS_FILES": str(path)})
    assert started.returncode == 78, started.stderr
    assert started.stderr.startswith("Partnership Lens will not start: ")


def test_the_server_refuses_a_declaration_it_cannot_read(tmp_path):
    started = serve({"LENS_SERVES_NON_PUBLIC": "perhaps"})
    assert started.returncode == 78 and "LENS_SERVES_NON_PUBLIC" in started.stderr


def test_the_server_starts_when_declared_and_configured(demo_warehouse, tmp_path):
    """The control: a correct secrets file starts the server (answering its health check)."""
    path = tmp_path / "secrets.toml"
    path.write_text(toml_text(sign_in_settings()))
    port = free_port()
    env = {
        **os.environ,
        "LENS_SERVES_NON_PUBLIC": "true",
        "STREAMLIT_SECRETS_FILES": str(path),
        "LENS_WAREHOUSE_PATH": str(demo_warehouse),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "lens.serve", "--server.headless", "true"]
        + ["--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process, 60)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
        assert b"<html" in page.lower()
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- what the image and compose declare ---------------------------------------------------------


def test_the_image_declares_non_public_data_and_starts_through_the_check():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "LENS_SERVES_NON_PUBLIC=true" in dockerfile
    (cmd,) = [line for line in dockerfile.splitlines() if line.startswith("CMD ")]
    assert '"-m", "lens.serve"' in cmd and "streamlit" not in cmd


def test_compose_declares_non_public_data_and_mounts_the_secrets_on_every_replica():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    replicas = {n: s for n, s in compose["services"].items() if n.startswith("dashboard")}
    assert len(replicas) >= 2
    secret_files = {name: s["file"] for name, s in compose["secrets"].items()}
    for name, service in replicas.items():
        env = service["environment"]
        assert str(env["LENS_SERVES_NON_PUBLIC"]).lower() == "true", name
        (secret,) = service["secrets"]
        assert env["STREAMLIT_SECRETS_FILES"] == secret["target"], name
        assert secret["target"].endswith(".toml"), name  # Streamlit reads only *.toml files
        assert secret["source"] in secret_files, name
    for file in secret_files.values():
        ignored = (ROOT / ".gitignore").read_text().splitlines()
        assert f"deploy/{file.removeprefix('./')}" in ignored  # never committed


def test_settings_table_and_operations_name_the_declaration():
    assert "LENS_SERVES_NON_PUBLIC" in (ROOT / "README.md").read_text()
    operations = (ROOT / "deploy" / "OPERATIONS.md").read_text()
    assert "LENS_SERVES_NON_PUBLIC" in operations and "token_urlsafe(48)" in operations
