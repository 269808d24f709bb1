"""`python -m bench.first_render`: from a fresh clone to a drawn Overview, as a new user meets it.

Each run clones the repository's committed HEAD into a temporary folder (no data folder, no
warehouse), starts `streamlit run dashboard.py` there headless on a free localhost port, opens it
in Debian's chromium (Playwright, the browser tests' flags) as soon as the server answers, and
times from the `streamlit run` command to the Overview's content being drawn (its title, its
figures and the script finished, not just /_stcore/health). It also reads the CPU time (user +
system) the server and every process it started had used by then, from /proc, because other work
on a shared machine moves the wall-clock figure. The target on the 2-core reference machine is
a median of at most 30 s over three runs. `bench.etl` prints the same line.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
# The Overview drawn: its title and figures there, and the page script finished.
OVERVIEW_DRAWN = (
    '[data-testid="stApp"][data-test-script-state="notRunning"] '
    '[data-testid="stMetric"]:has-text("Open schools")'
)
TARGET_SECONDS = 30.0


@dataclass
class FirstRender:
    seconds: float  # `streamlit run` to the Overview drawn
    cpu_seconds: float  # user + system of the server and the processes it started, by then
    preview: bool  # the Overview drawn was the first, regional one (the national one building)


def _clock_ticks(pid: int) -> tuple[int, int]:
    """(own utime + stime, waited-for children's) of one process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def _descendants(pid: int) -> list[int]:
    """pid and every process below it (a detached build keeps the server as its parent)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def cpu_seconds(pid: int) -> float:
    """CPU used so far by pid, its children alive now and those it has waited for."""
    total = 0
    for index, process in enumerate(_descendants(pid)):
        try:
            own, waited = _clock_ticks(process)
        except OSError:
            continue
        total += own + (waited if index == 0 else 0)
    return total / os.sysconf("SC_CLK_TCK")


def _clone(into: Path) -> Path:
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(into)],
        check=True,
        capture_output=True,
    )
    return into


def one_run(timeout: float = 300, keep_log: Path | None = None) -> FirstRender:
    """Clone, serve, open, and time the first drawn Overview (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="lens-first-run-") as scratch:
        clone = _clone(Path(scratch) / "clone")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LENS_")}
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        port = free_port()
        log_path = keep_log or Path(scratch) / "server.log"
        with log_path.open("w") as log, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            started = time.perf_counter()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "dashboard.py",
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                ],
                cwd=clone,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_until_healthy(base, server, timeout)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(base)
                page.wait_for_selector(OVERVIEW_DRAWN, timeout=timeout * 1000)
                seconds = time.perf_counter() - started
                cpu = cpu_seconds(server.pid)
                preview = page.get_by_text("while the national demonstration data").count() > 0
            finally:
                browser.close()
                started_by_server = _descendants(server.pid)[1:]
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                _stop(started_by_server)
        return FirstRender(seconds, cpu, preview)


def _stop(pids: list[int]) -> None:
    """End what the server started that is still running (a demonstration build outlives the
    server on purpose), by process id, before the clone's folder is removed."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            continue
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
        time.sleep(0.2)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue


def first_render_line(runs: int = 3) -> str:
    """The bench's line: median of `runs` fresh-clone first renders, with each run's figures."""
    results = [one_run() for _ in range(runs)]
    median = statistics.median(r.seconds for r in results)
    each = ", ".join(
        f"{r.seconds:.1f} s (CPU {r.cpu_seconds:.1f} s{', regional first' if r.preview else ''})"
        for r in results
    )
    verdict = "met" if median <= TARGET_SECONDS else "NOT met"
    return (
        f"first render from a fresh clone (streamlit run to a drawn Overview), median of "
        f"{runs}: {median:.1f} s; target <= {TARGET_SECONDS:.0f} s, {verdict} [{each}]; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.first_render", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    print(first_render_line(parser.parse_args().runs))


if __name__ == "__main__":
    main()
