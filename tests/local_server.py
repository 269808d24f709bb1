"""Run the real dashboard on a free localhost port, for the browser tests and the load benchmark.

Traffic stays on 127.0.0.1; the server is a subprocess so it is stopped, whatever happens, when
the `with` block ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
# Debian's chromium and the flags every browser test and the first-render bench launch it with.
CHROMIUM = os.environ.get("LENS_CHROMIUM", "/usr/bin/chromium")
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


class ServerDidNotStart(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, wait_seconds: float = 90) -> None:
    """Poll `base`/_stcore/health until it answers ok; give up if `process` exits or time is up.

    `process` is whatever serves `base`: a dashboard, or the proxy in front of some.
    """
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise ServerDidNotStart(f"no healthy dashboard at {base}") from None
            time.sleep(0.3)


@contextmanager
def dashboard_server(
    warehouse: Path,
    log: IO[str] | None = None,
    wait_seconds: float = 90,
    *,
    script: Path = ROOT / "dashboard.py",
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield the base URL and process of a dashboard serving `warehouse`, once it is healthy
    (another `script`, such as the benchmark's one-line app, is served the same way)."""
    port = free_port()
    env = {
        **os.environ,
        "LENS_WAREHOUSE_PATH": str(warehouse),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, wait_seconds)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
