"""A real dashboard server on a free localhost port, and Debian's chromium driven by Playwright.

Skipped with a reason when chromium or Playwright is missing; `.ci/run` installs both (chromium
with apt-get, never a browser download) and axe-core from the npm registry.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.local_server import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, dashboard_server

ARTIFACTS = ROOT / "test-artifacts" / "browser"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def axe_script() -> Path | None:
    """axe-core from the npm registry, installed by .ci/run (or LENS_AXE_PATH)."""
    candidates = [
        os.environ.get("LENS_AXE_PATH", ""),
        ROOT / ".ci-node" / "node_modules" / "axe-core" / "axe.min.js",
        ROOT / "node_modules" / "axe-core" / "axe.min.js",
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _unavailable(reason: str) -> None:
    """Skip with the reason, or fail where browser tests are required (CI sets it)."""
    if os.environ.get("LENS_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def server(demo_warehouse: Path):
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # each pytest-xdist worker has its server
    log = ARTIFACTS.parent / (f"server-{worker}.log" if worker else "server.log")
    with log.open("w") as out:
        try:
            with dashboard_server(demo_warehouse, log=out) as (base, _process):
                yield base
        except ServerDidNotStart as error:
            pytest.fail(f"{error}; see {log}")


@pytest.fixture(scope="module")  # closed with its module: other tests start their own event loops
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def open_page(page, url: str) -> None:
    """Go to a page and wait until its script has finished, not for a fixed time."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_load_state("networkidle")
