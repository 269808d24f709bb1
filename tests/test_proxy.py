"""Two dashboard processes behind nginx running deploy/nginx.conf (tests/proxy_server.py).

Sessions are driven THROUGH the proxy as separate browsers would drive them: each with its own
cookie jar loads the page, a script, host-config and health, then opens Streamlit's websocket
with its cookies, Origin and XSRF token, runs the overview, changes the local-authority filter,
drops the websocket and reconnects to resume its session. Every request of one browser must
reach one process (nginx's access log, and each process's own session counters), and both
processes must get browsers.

Skipped with a reason when nginx is missing; failed instead where LENS_REQUIRE_BROWSER is set,
as `.ci/run` sets it after installing Debian's nginx.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections import defaultdict

import pytest
import websockets
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.load import connect, load_page, rerun
from tests.browser.conftest import _unavailable
from tests.conftest import ROOT
from tests.local_server import ServerDidNotStart
from tests.proxy_server import nginx_binary, proxied_dashboards, session_connects

pytestmark = pytest.mark.slow  # nginx in front of two dashboard processes: run with --full
ARTIFACTS = ROOT / "test-artifacts" / "proxy"
BROWSERS_PER_PROCESS = 2
MAX_BROWSERS = 40  # each new browser lands on either process with even odds
OVERVIEW = ""  # the page a browser opens at /
LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \S+ '
    r'route=(?P<route>\S+) cookie="(?P<cookie>[^"]*)" upstream=(?P<upstream>.*?) upstream_status='
)


@pytest.fixture(scope="module")
def proxy(demo_warehouse):
    if nginx_binary() is None:
        _unavailable("Debian's nginx is not installed (apt-get install nginx)")
    try:
        with proxied_dashboards(demo_warehouse, processes=2) as running:
            try:
                yield running
            finally:  # the scratch folder goes with the proxy: keep its logs for a look
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                for name, path in running.logs.items():
                    if path.exists():
                        shutil.copy(path, ARTIFACTS / f"{name}.log")
    except ServerDidNotStart as error:
        pytest.fail(f"{error}; logs in {ARTIFACTS}")


def _requests(proxy) -> list[dict[str, str]]:  # noqa: ANN001
    return [m.groupdict() for m in LINE.finditer(proxy.access_log.read_text())]


def _wait_for_log(proxy, ready, what: str, seconds: float = 15) -> list[dict[str, str]]:  # noqa: ANN001
    """nginx writes a request's line as it finishes (a websocket's when it closes)."""
    deadline = time.monotonic() + seconds
    while not ready(lines := _requests(proxy)):
        if time.monotonic() > deadline:
            pytest.fail(
                f"no {what} in nginx's access log after {seconds} s:\n"
                + "\n".join(str(line) for line in lines[-20:])
            )
        time.sleep(0.2)
    return lines


def _new_browsers(proxy) -> dict[str, list[dict[str, str]]]:  # noqa: ANN001
    """Browsers (cookie jars) that have loaded the page, by the process nginx gave them, until
    each process has BROWSERS_PER_PROCESS."""
    by_backend: dict[str, list[dict[str, str]]] = defaultdict(list)
    addresses = [url.removeprefix("http://") for url in proxy.backends]
    for _ in range(MAX_BROWSERS):
        cookies = load_page(proxy.base)
        route = cookies["lens_route"]
        lines = _wait_for_log(
            proxy,
            lambda ls, r=route: any(x["route"] == r and x["path"] == "/_stcore/health" for x in ls),
            f"page load for route {route}",
        )
        upstreams = {x["upstream"] for x in lines if x["route"] == route}
        assert len(upstreams) == 1, f"one browser's page load went to {upstreams}"
        by_backend[upstreams.pop()].append(cookies)
        if all(len(by_backend[a]) >= BROWSERS_PER_PROCESS for a in addresses):
            return {a: by_backend[a][:BROWSERS_PER_PROCESS] for a in addresses}
    pytest.fail(f"{MAX_BROWSERS} new browsers were not spread over both processes: {by_backend}")


async def _browse(base: str, cookies: dict[str, str], number: int) -> list[str]:
    """One browser's session: overview, a local-authority change, then a dropped and resumed
    websocket. Returns problems (none is a pass)."""
    problems = []
    async with connect(base, cookies) as ws:
        first = await rerun(ws, page=OVERVIEW)
        if first.errors or "Local authority" not in first.boxes:
            problems.append(f"first run: {first.errors} errors, boxes {list(first.boxes)}")
            return problems
        box_id, options = first.boxes["Local authority"]
        choice = options[1 + (number * 7) % (len(options) - 1)]
        changed = await rerun(ws, [WidgetState(id=box_id, string_value=choice)], page=OVERVIEW)
        if changed.errors:
            problems.append(f"choosing {choice}: {changed.errors} errors")
    # a network blip: the browser reconnects asking for its session back
    async with connect(base, cookies, resume=first.session_id) as ws:
        resumed = await rerun(ws, page=OVERVIEW)
        if resumed.session_id != first.session_id:
            problems.append(
                f"reconnect got a new session {resumed.session_id}, not {first.session_id}: "
                "it reached another process"
            )
        if resumed.errors:
            problems.append(f"resumed run: {resumed.errors} errors")
    return problems


def test_each_browser_stays_on_one_process_and_both_processes_get_browsers(proxy):
    browsers = _new_browsers(proxy)
    sessions = [(backend, c) for backend, jars in browsers.items() for c in jars]
    connects_before = session_connects(proxy.backends)
    resumes_before = session_connects(proxy.backends, "reconnect")

    async def drive():  # noqa: ANN202
        return await asyncio.gather(
            *[_browse(proxy.base, cookies, n) for n, (_b, cookies) in enumerate(sessions)]
        )

    problems = asyncio.run(drive())
    assert problems == [[] for _ in sessions], problems

    routes = {cookies["lens_route"] for _b, cookies in sessions}
    lines = _wait_for_log(
        proxy,
        lambda ls: (
            sum(x["route"] in routes and x["status"] == "101" for x in ls) == 2 * len(sessions)
        ),
        "closed websockets of every session",
    )
    for backend, cookies in sessions:
        route = cookies["lens_route"]
        mine = [x for x in lines if x["route"] == route]
        paths = {x["path"] for x in mine}
        for needed in ("/", "/_stcore/host-config", "/_stcore/health", "/_stcore/stream"):
            assert needed in paths, f"{needed} of browser {route} not in the log: {mine}"
        assert any(p.startswith("/static/") for p in paths), mine
        assert {x["upstream"] for x in mine} == {backend}, f"browser {route} was split: {mine}"
        # after its first request every request carries the cookie the proxy set
        assert all(x["cookie"] == route for x in mine[1:]), mine

    # the processes' own counters agree: each opened, and resumed, the sessions sent to it
    addresses = [url.removeprefix("http://") for url in proxy.backends]
    expected = [sum(b == address for b, _c in sessions) for address in addresses]
    assert expected == [BROWSERS_PER_PROCESS] * 2

    def since(before: list[int], kind: str) -> list[int]:
        after = session_connects(proxy.backends, kind)
        return [a - b for a, b in zip(after, before, strict=True)]

    connects = since(connects_before, "connect")
    resumes = since(resumes_before, "reconnect")
    assert connects == expected, f"new sessions per process {connects}, nginx sent {expected}"
    assert resumes == expected, f"resumed sessions per process {resumes}, nginx sent {expected}"


def test_the_proxy_keeps_streamlits_protections_and_adds_its_headers(proxy):
    import urllib.error
    import urllib.request

    reply = urllib.request.urlopen(f"{proxy.base}/", timeout=30)
    cookie = next(c for c in reply.headers.get_all("Set-Cookie") if c.startswith("lens_route="))
    assert re.fullmatch(r"lens_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie)
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in reply.headers["Content-Security-Policy"]
    assert reply.headers.get("Server", "") == "nginx"  # no version

    # replicas' metrics are for monitoring on their own ports, not through the proxy
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{proxy.base}/_stcore/metrics", timeout=30)
    assert refused.value.code == 404
    assert urllib.request.urlopen(f"{proxy.base}/nginx-health", timeout=30).read() == b"ok\n"

    # Streamlit's own origin check still works behind the proxy (the Host it sees is the one
    # the browser used): another site's page cannot open a session
    async def from_another_site() -> int:
        url = proxy.base.replace("http://", "ws://") + "/_stcore/stream"
        try:
            async with websockets.connect(
                url, subprotocols=["streamlit"], origin="http://elsewhere.example"
            ):
                return 101
        except websockets.InvalidStatus as rejected:
            return rejected.response.status_code

    assert asyncio.run(from_another_site()) == 403


@pytest.mark.browser
def test_a_real_browser_loads_the_dashboard_and_filters_through_the_proxy(proxy):
    """Headers a websocket client cannot judge (the CSP, nosniff on scripts, frame options)
    must not stop Chromium drawing the page or sending a widget change."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, READY, open_page

    if not (shutil.which(CHROMIUM) or shutil.which("chromium")):
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            refused = []
            page.on(
                "console",
                lambda m: (
                    refused.append(m.text) if m.type == "error" and "Refused" in m.text else None
                ),
            )
            open_page(page, proxy.base + "/")
            assert "lens_route" in {cookie["name"] for cookie in page.context.cookies()}
            box = page.get_by_role("combobox", name="Local authority")
            box.click()
            page.keyboard.type("England")
            page.keyboard.press("Enter")
            page.wait_for_url("**la=England*")
            page.wait_for_function(
                "() => document.querySelector('h1')?.innerText === 'Partnership Lens: England'",
                timeout=90_000,
            )
            page.wait_for_selector(READY)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert refused == []
        finally:
            browser.close()
