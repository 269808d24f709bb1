"""Several dashboard processes behind nginx on free localhost ports, for the proxy test and the
load benchmark.

nginx runs deploy/nginx.conf itself, the production file, with only its host-specific lines
rewritten (no `user`, logs and temporary files in a scratch folder, a free localhost port, the
local dashboards as the upstream servers), so what is tested is what is deployed. Everything is a
subprocess of this one and is stopped, whatever happens, when the `with` block ends.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.local_server import ROOT, dashboard_server, free_port, wait_until_healthy

PRODUCTION_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = os.environ.get("LENS_NGINX", "")


class ConfigChanged(Exception):
    """deploy/nginx.conf no longer has a line this module rewrites for a local run."""


def nginx_binary() -> str | None:
    """Debian's nginx (LENS_NGINX, or on PATH, or /usr/sbin which a non-root PATH may lack)."""
    for candidate in (NGINX, shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class Proxy:
    base: str  # the proxy's URL: what a browser opens
    backends: list[str]  # each dashboard's own URL, in upstream order
    processes: list[subprocess.Popen]  # each dashboard's process, in the same order
    nginx: subprocess.Popen
    workdir: Path  # nginx's prefix: its logs, temporary files and the config it runs
    logs: dict[str, Path] = field(default_factory=dict)

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"


def _rewrite(text: str, pattern: str, replacement: str) -> str:
    """Replace the one whole line matching `pattern`, keeping its indent."""
    regex = re.compile(rf"^([ \t]*){pattern}[ \t]*$", re.MULTILINE)
    found = len(regex.findall(text))
    if found != 1:
        raise ConfigChanged(f"{PRODUCTION_CONF}: expected one line {pattern!r}, found {found}")
    return regex.sub(lambda m: m.group(1) + replacement, text)


def local_config(backends: list[str], port: int, workdir: Path) -> str:
    """deploy/nginx.conf for this machine: the same routing, headers and timeouts."""
    text = PRODUCTION_CONF.read_text()
    text = _rewrite(text, r"user \S+;", "# user: whoever runs this")
    text = _rewrite(text, r"pid \S+;", "# pid: given on the command line")
    text = _rewrite(text, r"error_log \S+ warn;", f"error_log {workdir / 'error.log'} warn;")
    text = _rewrite(text, r"access_log \S+ lens;", f"access_log {workdir / 'access.log'} lens;")
    text = _rewrite(text, r"listen 80;", f"listen 127.0.0.1:{port};")
    # the compiled-in temporary folders are root-only: use the scratch folder's
    temporary = "".join(
        f"\n    {name}_temp_path {workdir / (name + '_temp')};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = _rewrite(text, r"http \{", "http {" + temporary)
    # the production replicas out, the local dashboards in, with the same parameters
    server = re.compile(r"^([ \t]*)server dashboard-\d+:8501( [^;]*)?;[ \t]*\n", re.MULTILINE)
    found = server.findall(text)
    if not found:
        raise ConfigChanged(f"{PRODUCTION_CONF}: no `server dashboard-N:8501 ...;` lines")
    indent, parameters = found[0]
    local = "".join(
        f"{indent}server {url.removeprefix('http://')}{parameters};\n" for url in backends
    )
    text = server.sub("", text, count=len(found) - 1)
    return server.sub(lambda _: local, text, count=1)


@contextmanager
def proxied_dashboards(
    warehouse: Path, processes: int = 2, wait_seconds: float = 90
) -> Iterator[Proxy]:
    """Yield a Proxy: `processes` dashboards serving `warehouse` and nginx in front, all healthy.

    Raises FileNotFoundError when nginx is not installed, ServerDidNotStart when a process does
    not become healthy. Dashboard logs are dashboard-<n>.log beside nginx's in `workdir`, which is
    removed at the end: copy what you need before leaving the block.
    """
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    workdir = Path(tempfile.mkdtemp(prefix="lens-proxy-"))
    # nginx's workers (nobody, when started by root) write its temporary files in here
    workdir.chmod(0o755)
    try:
        with ExitStack() as stack:
            backends, started, logs = [], [], {}
            for number in range(1, processes + 1):
                log_path = workdir / f"dashboard-{number}.log"
                log = stack.enter_context(log_path.open("w"))
                base, process = stack.enter_context(
                    dashboard_server(warehouse, log=log, wait_seconds=wait_seconds)
                )
                backends.append(base)
                started.append(process)
                logs[f"dashboard-{number}"] = log_path
            port = free_port()
            conf = workdir / "nginx.conf"
            conf.write_text(local_config(backends, port, workdir))
            logs["nginx-error"] = workdir / "error.log"
            logs["nginx-access"] = workdir / "access.log"
            nginx = subprocess.Popen(
                [
                    binary,
                    "-p",
                    str(workdir),
                    "-e",
                    str(workdir / "error.log"),
                    "-c",
                    str(conf),
                    "-g",
                    f"daemon off; pid {workdir / 'nginx.pid'};",
                ],
                stdout=subprocess.DEVNULL,
                stderr=stack.enter_context((workdir / "nginx.stderr").open("w")),
            )
            stack.callback(_stop, nginx)
            base = f"http://127.0.0.1:{port}"
            wait_until_healthy(base, nginx, wait_seconds)
            yield Proxy(base, backends, started, nginx, workdir, logs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def session_connects(backends: list[str], kind: str = "connect") -> list[int]:
    """How many sessions each dashboard has seen open (or "reconnect": resumed, "disconnect"),
    from its own metrics endpoint, asked directly (the proxy does not expose it)."""
    counts = []
    for base in backends:
        with urllib.request.urlopen(f"{base}/_stcore/metrics?families=session_events") as reply:
            text = reply.read().decode()
        found = re.search(rf'^session_events_total\{{type="{kind}"\}} (\d+)', text, re.MULTILINE)
        if found is None:
            raise ValueError(f"no {kind} count in {base}'s metrics:\n{text}")
        counts.append(int(found.group(1)))
    return counts


def _stop(process: subprocess.Popen) -> None:
    """nginx: SIGTERM is a fast shutdown of the master and its workers."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
