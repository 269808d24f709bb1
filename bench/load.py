"""`python -m bench.load`: concurrent sessions over Streamlit's websocket, as browsers use it.

Starts the dashboard on a free localhost port against the national demo, then for N = 1, 5, 10,
25 opens N sessions at once; each loads the satisfaction page and changes the local-authority
filter several times (the widget-state message a browser sends). Prints p50/p95 rerun time,
errors, and the server's memory. Targets on the 2-core reference machine: p95 under 1 s at 10
sessions, no errors at 25, memory growth under 10 MB per session. Traffic stays on 127.0.0.1.

`python -m bench.load --processes N` runs the same load through nginx (deploy/nginx.conf, see
tests/proxy_server.py) in front of N dashboard processes. Each session then first loads the page
as a browser does, with its own cookies, so the proxy's sticky cookie keeps it on one process;
memory is shown per process, and how the proxy spread each wave's sessions over them.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import random
import re
import statistics
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.page import _warehouse
from tests.local_server import dashboard_server
from tests.proxy_server import proxied_dashboards, session_connects

ROOT = Path(__file__).resolve().parent.parent
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
CHANGES_PER_SESSION = 6
THINK_SECONDS = 2.0
SESSION_COUNTS = (1, 5, 10, 25, 50)
PAGE = "satisfaction"


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Run(NamedTuple):
    seconds: float
    boxes: dict[str, tuple[str, list[str]]]  # label: (widget id, options)
    errors: int  # exceptions and error messages shown
    session_id: str  # the server's id of the session (resumable on the same process)


def load_page(base: str) -> dict[str, str]:
    """What a browser fetches before it opens the websocket, in its own cookie jar: the page, its
    first script, /_stcore/host-config and /_stcore/health (which sets Streamlit's XSRF cookie;
    behind the proxy every response also sets the sticky lens_route cookie). Returns the cookies.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/", timeout=60).read().decode()
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', html)
    for path in ([script.group(1)] if script else []) + ["_stcore/host-config", "_stcore/health"]:
        opener.open(f"{base}/{path}", timeout=60).read()
    return {cookie.name: cookie.value for cookie in jar}


def connect(base: str, cookies: dict[str, str] | None = None, resume: str = ""):  # noqa: ANN201
    """The session's websocket. With cookies (from load_page), as a browser opens it: cookies,
    Origin, and the XSRF token (and a session id to resume) in the subprotocol list; without,
    a bare client."""
    url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    if cookies is None:
        return websockets.connect(url, subprotocols=["streamlit"], max_size=None)
    protocols = ["streamlit", cookies["_streamlit_xsrf"], *([resume] if resume else [])]
    return websockets.connect(
        url,
        subprotocols=protocols,
        origin=base,
        additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        max_size=None,
    )


async def rerun(ws, widget_states=None, page: str = PAGE, query: str = "") -> Run:  # noqa: ANN001
    """Ask for a rerun of `page` (its url path; "" the overview) at an address with `query`
    (such as "urn=900001"); wait for the script to finish."""
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    if widget_states:
        message.rerun_script.widget_states.widgets.extend(widget_states)
    started = time.perf_counter()
    await ws.send(message.SerializeToString())
    boxes: dict[str, tuple[str, list[str]]] = {}
    errors = 0
    session_id = ""
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
        kind = forward.WhichOneof("type")
        if kind == "new_session":
            session_id = forward.new_session.initialize.session_id
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            element_kind = element.WhichOneof("type")
            if element_kind == "selectbox":
                boxes[element.selectbox.label] = (
                    element.selectbox.id,
                    list(element.selectbox.options),
                )
            elif element_kind == "exception" or (
                element_kind == "alert" and element.alert.format == Alert.ERROR
            ):
                errors += 1
        elif kind == "script_finished" and forward.script_finished in DONE:
            # a run that hands over to another (the router switching page) is not the end
            return Run(time.perf_counter() - started, boxes, errors, session_id)


async def _session(
    base: str, number: int, times: list[float], errors: list[int], think: float, browser: bool
) -> None:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    try:
        cookies = await asyncio.to_thread(load_page, base) if browser else None
        async with connect(base, cookies) as ws:
            first = await rerun(ws)
            errors.append(first.errors)
            box_id, options = first.boxes["Local authority"]
            pause = random.Random(number)
            for change in range(CHANGES_PER_SESSION):
                if think:  # a person reads the page before changing the filter again
                    await asyncio.sleep(think * pause.uniform(0.5, 1.5))
                state = WidgetState(
                    id=box_id,
                    string_value=options[1 + (number * 7 + change * 13) % (len(options) - 1)],
                )
                run = await rerun(ws, [state])
                times.append(run.seconds)
                errors.append(run.errors)
    except Exception as error:  # a dropped or refused session is an error, counted and shown
        print(f"  session {number}: {type(error).__name__}: {error}")
        errors.append(1)


async def _wave(
    base: str, sessions: int, think: float = 0.0, browser: bool = False
) -> tuple[list[float], int]:
    times: list[float] = []
    errors: list[int] = []
    await asyncio.gather(
        *[_session(base, n, times, errors, think, browser) for n in range(sessions)]
    )
    return times, sum(errors)


def _measure(base: str, backends: list[tuple[str, int]], browser: bool) -> None:
    """The waves against `base`; `backends` are the dashboards' own URLs and process ids."""
    for backend, _pid in backends:  # warm each process's caches, as a day's first user would
        asyncio.run(_wave(backend, 1))
    baseline = [_rss_mb(pid) for _url, pid in backends]
    print(f"memory after warm-up: {' / '.join(f'{mb:,.0f}' for mb in baseline)} MB")
    modes = (
        (0.0, "back to back: each session changes the filter the moment a page is ready"),
        (THINK_SECONDS, f"as people use it: about {THINK_SECONDS:.0f} s between changes"),
    )
    several = len(backends) > 1
    for think, heading in modes:
        print(heading)
        print(
            f"{'sessions':>8} {'reruns':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
            f"{'memory MB':>{10 + 6 * several}} {'MB/session':>11}"
            + (f" {'sessions per process':>21}" if several else "")
        )
        for sessions in SESSION_COUNTS:
            before = session_connects([url for url, _pid in backends]) if several else []
            times, errors = asyncio.run(_wave(base, sessions, think, browser))
            memory = [_rss_mb(pid) for _url, pid in backends]
            ordered = sorted(times)
            p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)] if ordered else float("nan")
            p50 = statistics.median(times) if times else float("nan")
            shown = " / ".join(f"{mb:,.0f}" for mb in memory)
            line = (
                f"{sessions:>8} {len(times):>7} {p50 * 1000:>8,.0f} {p95 * 1000:>8,.0f} "
                f"{errors:>7} {shown:>{10 + 6 * several}} "
                f"{(sum(memory) - sum(baseline)) / sessions:>11,.1f}"
            )
            if several:
                after = session_connects([url for url, _pid in backends])
                split = " / ".join(str(a - b) for a, b in zip(after, before, strict=True))
                line += f" {split:>21}"
            print(line)
    print("targets: p95 < 1,000 ms at 10 sessions; no errors at 25; < 10 MB per session")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="run N dashboard processes behind nginx (default: one process, no proxy)",
    )
    args = parser.parse_args(argv)
    warehouse = _warehouse()
    print(f"warehouse {warehouse}")
    if args.processes:
        with proxied_dashboards(warehouse, args.processes) as proxy:
            print(f"{args.processes} dashboard processes behind nginx at {proxy.base}")
            pids = [process.pid for process in proxy.processes]
            _measure(proxy.base, list(zip(proxy.backends, pids, strict=True)), browser=True)
    else:
        with dashboard_server(warehouse) as (base, server):
            _measure(base, [(base, server.pid)], browser=False)


if __name__ == "__main__":
    main()
