"""A first run no visitor can break: the first visitor closes the tab while the demonstration data
is being built; the build goes on with no page open, and the next visitor gets the dashboard with
no second build started (one build in the server log).

Issue 22 asks for the tab closed 10 s into the first build and a second visitor 60 s later, for a
national build of about 35 s. Here the demo is small (300 schools, a build of about 10 s on the
reference machine) to keep CI under its 10 minutes, so the times are scaled to it: the tab is
closed 3 s in (the build checked to be still running then), and the second visitor comes once the
build has finished unwatched (waited for, at most 120 s), not after a fixed minute.
"""

from __future__ import annotations

import shutil
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from etl.demo.first_run import read_state
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _unavailable, open_page
from tests.conftest import first_run_ended
from tests.local_server import ServerDidNotStart, dashboard_server

pytestmark = pytest.mark.browser

CLOSE_AFTER_SECONDS = 3.0
FIRST_RUN_LABEL = "First run: building the demonstration data set"


def test_a_closed_tab_neither_stops_nor_repeats_the_first_build(tmp_path):
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS.parent / "first-run-server.log"
    env = {"LENS_DEMO_DIR": str(tmp_path / "data" / "demo"), "LENS_DEMO_SCHOOL_COUNT": "300"}
    with ExitStack() as stack:
        log = stack.enter_context(log_path.open("w"))
        try:
            base, _process = stack.enter_context(dashboard_server(warehouse, log, extra_env=env))
        except ServerDidNotStart as error:
            pytest.fail(f"{error}; see {log_path}")
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)

        first = browser.new_context()
        page = first.new_page()
        page.goto(base)
        page.get_by_text(FIRST_RUN_LABEL).wait_for(timeout=60_000)
        time.sleep(CLOSE_AFTER_SECONDS)
        building = read_state(warehouse)
        assert building is not None and building.phase == "building"
        assert not warehouse.exists()  # closed before there was anything to show
        first.close()  # the first visitor leaves

        ended = first_run_ended(warehouse, timeout=120)  # with no page open
        assert (ended.phase, ended.attempt) == ("done", 1)

        second = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = second.new_page()
        open_page(page, base)
        assert page.locator("h1").first.inner_text().startswith("Partnership Lens")
        assert page.get_by_text("Demonstration data: fictional schools").is_visible()
        assert page.get_by_text(FIRST_RUN_LABEL).count() == 0  # nothing built for them
        assert page.locator('[data-testid="stMetric"]').count() > 0
        page.screenshot(path=str(ARTIFACTS / "first-run-second-visitor.png"), full_page=True)
    log_text = log_path.read_text()
    assert log_text.count("started the demonstration build") == 1, log_text
    assert read_state(warehouse).attempt == 1
