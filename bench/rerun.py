"""`python -m bench.rerun`: server CPU per rerun of each page, beside a one-line Streamlit app run
the same way, with Streamlit's post-script garbage collection on and off; and the server's memory
over 1,000 reruns with it off.

Each page is served by `streamlit run` on localhost against the national demo (LENS_WAREHOUSE_PATH,
or one built here); one session opens it over the websocket, as a browser does, and changes the
local-authority filter back and forth between two LAs whose queries are already cached, so what is
measured is the rerun itself: the server process's user + system CPU time (from /proc) divided by
the reruns. Target: every data page at most 1.5 times the one-line app.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.load import connect, rerun
from bench.page import _warehouse
from lens.app.pages import PAGES as REGISTRY
from tests.local_server import dashboard_server

PAGES = {  # url path: the page's name in the table, and the address's query (lens/app/pages.py)
    p.url_path: (p.title, p.sample_query) for p in REGISTRY
}
ONE_LINE_APP = 'import streamlit as st\nst.write("Hello")\n'
RERUNS = 40


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _cpu_per_rerun(base: str, pid: int, page: str, query: str, reruns: int) -> float:
    """Milliseconds of server CPU per rerun of `page`, switching between two cached LAs."""
    async with connect(base) as ws:
        first = await rerun(ws, page=page, query=query)
        if "Local authority" not in first.boxes:  # the one-line app: plain reruns
            states = [None, None]
        else:
            box, options = first.boxes["Local authority"]
            states = []
            for option in options[1:3]:  # two LAs, each run once first so queries are cached
                state = WidgetState(id=box, string_value=option)  # a selectbox sends its label
                states.append([state])
                await rerun(ws, [state], page=page, query=query)
        before = _cpu_seconds(pid)
        for index in range(reruns):
            run = await rerun(ws, states[index % 2], page=page, query=query)
            if run.errors:
                raise RuntimeError(f"page {page or 'overview'} showed an error: see the server log")
        return 1000 * (_cpu_seconds(pid) - before) / reruns


async def _memory_over(base: str, pid: int, reruns: int) -> list[tuple[int, float]]:
    """The server's resident memory every 200 reruns of the satisfaction page across 10 LAs."""
    async with connect(base) as ws:
        first = await rerun(ws, page="satisfaction")
        box, options = first.boxes["Local authority"]
        readings = [(0, _rss_mb(pid))]
        for index in range(1, reruns + 1):
            state = WidgetState(id=box, string_value=options[1 + index % 10])
            run = await rerun(ws, [state], page="satisfaction")
            if run.errors:
                raise RuntimeError("the satisfaction page showed an error: see the server log")
            if index % 200 == 0:
                readings.append((index, _rss_mb(pid)))
        return readings


def measure(warehouse: Path, gc_after_each_run: bool, reruns: int) -> dict[str, float]:
    """CPU ms per rerun of each page and of the one-line app, with post-script GC on or off."""
    env = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true" if gc_after_each_run else "false"}
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "one_line_app.py"
        app.write_text(ONE_LINE_APP)
        with dashboard_server(warehouse, script=app, extra_env=env) as (base, process):
            results["one-line app"] = asyncio.run(_cpu_per_rerun(base, process.pid, "", "", reruns))
    with dashboard_server(warehouse, extra_env=env) as (base, process):
        for path, (name, query) in PAGES.items():
            results[name] = asyncio.run(_cpu_per_rerun(base, process.pid, path, query, reruns))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.rerun", description=__doc__)
    parser.add_argument("--reruns", type=int, default=RERUNS, help="reruns measured per page")
    parser.add_argument("--memory-reruns", type=int, default=1000)
    args = parser.parse_args()
    warehouse = _warehouse()
    on = measure(warehouse, True, args.reruns)
    off = measure(warehouse, False, args.reruns)
    print(f"server CPU per rerun (ms), {args.reruns} reruns each, cached filter changes")
    print(f"{'page':<32} {'GC on':>8} {'ratio':>7} {'GC off':>8} {'ratio':>7}")
    for name in on:
        print(
            f"{name:<32} {on[name]:>8.1f} {on[name] / on['one-line app']:>7.2f} "
            f"{off[name]:>8.1f} {off[name] / off['one-line app']:>7.2f}"
        )
    env = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
    with dashboard_server(warehouse, extra_env=env) as (base, process):
        readings = asyncio.run(_memory_over(base, process.pid, args.memory_reruns))
    print(f"\nserver memory with post-script GC off, {args.memory_reruns} reruns (RSS MB):")
    print("  " + ", ".join(f"after {n}: {mb:.0f}" for n, mb in readings))


if __name__ == "__main__":
    main()
