"""A real dashboard server on a free localhost port, and Debian's chromium driven by Playwright.

Skipped with a reason when chromium or Playwright is missing; `.ci/run` installs both (chromium
with apt-get, never a browser download) and axe-core from the npm registry.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("LENS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def axe_script() -> Path | None:
    """axe-core from the npm registry, installed by .ci/run (or LENS_AXE_PATH)."""
    candidates = [
        os.environ.get("LENS_AXE_PATH", ""),
        ROOT / ".ci-node" / "node_modules" / "axe-core" / "axe.min.js",
        ROOT / "node_modules" / "axe-core" / "axe.min.js",
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = _free_port()
    env = {
        **os.environ,
        "LENS_WAREHOUSE_PATH": str(demo_warehouse),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    log = ARTIFACTS.parent / "server.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            process.kill()
            pytest.fail(f"dashboard did not start; see {log}")
        yield base
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
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
