"""`python -m bench.load`: concurrent sessions over Streamlit's websocket, as browsers use it.

Starts the dashboard on a free localhost port against the national demo, then for N = 1, 5, 10,
25 opens N sessions at once; each loads the satisfaction page and changes the local-authority
filter several times (the widget-state message a browser sends). Prints p50/p95 rerun time,
errors, and the server's memory. Targets on the 2-core reference machine: p95 under 1 s at 10
sessions, no errors at 25, memory growth under 10 MB per session. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.page import _warehouse
from lens.local_server import dashboard_server

ROOT = Path(__file__).resolve().parent.parent
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
CHANGES_PER_SESSION = 6
THINK_SECONDS = 2.0
SESSION_COUNTS = (1, 5, 10, 25)
PAGE = "satisfaction"


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _run(ws, widget_states=None) -> tuple[float, dict[str, tuple[str, list[str]]], int]:  # noqa: ANN001
    """Ask for a rerun; wait for the script to finish. Returns seconds, selectboxes, errors."""
    message = BackMsg()
    message.rerun_script.page_name = PAGE
    if widget_states:
        message.rerun_script.widget_states.widgets.extend(widget_states)
    started = time.perf_counter()
    await ws.send(message.SerializeToString())
    boxes: dict[str, tuple[str, list[str]]] = {}
    errors = 0
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            element_kind = element.WhichOneof("type")
            if element_kind == "selectbox":
                boxes[element.selectbox.label] = (
                    element.selectbox.id,
                    list(element.selectbox.options),
                )
            elif element_kind == "exception":
                errors += 1
        elif kind == "script_finished" and forward.script_finished in DONE:
            # a run that hands over to another (the router switching page) is not the end
            return time.perf_counter() - started, boxes, errors


async def _session(
    url: str, number: int, times: list[float], errors: list[int], think: float
) -> None:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
            _seconds, boxes, failed = await _run(ws)
            errors.append(failed)
            box_id, options = boxes["Local authority"]
            pause = random.Random(number)
            for change in range(CHANGES_PER_SESSION):
                if think:  # a person reads the page before changing the filter again
                    await asyncio.sleep(think * pause.uniform(0.5, 1.5))
                state = WidgetState(
                    id=box_id,
                    string_value=options[1 + (number * 7 + change * 13) % (len(options) - 1)],
                )
                seconds, _boxes, failed = await _run(ws, [state])
                times.append(seconds)
                errors.append(failed)
    except Exception as error:  # a dropped or refused session is an error, counted and shown
        print(f"  session {number}: {type(error).__name__}: {error}")
        errors.append(1)


async def _wave(url: str, sessions: int, think: float = 0.0) -> tuple[list[float], int]:
    times: list[float] = []
    errors: list[int] = []
    await asyncio.gather(*[_session(url, n, times, errors, think) for n in range(sessions)])
    return times, sum(errors)


def main() -> None:
    warehouse = _warehouse()
    with dashboard_server(warehouse) as (base, server):
        url = base.replace("http://", "ws://") + "/_stcore/stream"
        asyncio.run(_wave(url, 1))  # warm the shared caches once, as a day's first user would
        baseline = _rss_mb(server.pid)
        print(f"warehouse {warehouse}; server memory after warm-up {baseline:,.0f} MB")
        modes = (
            (0.0, "back to back: each session changes the filter the moment a page is ready"),
            (THINK_SECONDS, f"as people use it: about {THINK_SECONDS:.0f} s between changes"),
        )
        for think, heading in modes:
            print(heading)
            print(
                f"{'sessions':>8} {'reruns':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
                f"{'memory MB':>10} {'MB/session':>11}"
            )
            for sessions in SESSION_COUNTS:
                times, errors = asyncio.run(_wave(url, sessions, think))
                memory = _rss_mb(server.pid)
                ordered = sorted(times)
                p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)] if ordered else float("nan")
                print(
                    f"{sessions:>8} {len(times):>7} {statistics.median(times) * 1000:>8,.0f} "
                    f"{p95 * 1000:>8,.0f} {errors:>7} {memory:>10,.0f} "
                    f"{(memory - baseline) / sessions:>11,.1f}"
                )
        print("targets: p95 < 1,000 ms at 10 sessions; no errors at 25; < 10 MB per session")


if __name__ == "__main__":
    main()
