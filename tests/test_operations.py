"""deploy/OPERATIONS.md's monthly refresh: the systemd units and the cron line it gives are valid,
and they, the guide's own command and deploy/compose.yaml name one service and one command.

Docker itself is not run (no engine on this machine); `systemd-analyze verify` checks the units
with a stand-in for the docker binary and for docker.service.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "deploy" / "OPERATIONS.md").read_text()
COMPOSE = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
COMMAND = "docker compose -f deploy/compose.yaml run --rm -T refresh"
DOCKER = "/usr/bin/docker"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, flags=re.DOTALL)


def _unit(section: str) -> str:
    [unit] = [block for block in _blocks("ini") if f"[{section}]" in block]
    return unit


def _setting(unit: str, name: str) -> str:
    [value] = re.findall(rf"^{name}=(.*)$", unit, flags=re.MULTILINE)
    return value


def test_the_compose_file_has_the_refresh_service_the_schedules_run():
    service = COMPOSE["services"]["refresh"]
    assert service["command"] == ["python", "-m", "etl", "refresh"]
    assert "../data/raw:/raw" in service["volumes"]  # read-write: the fetch writes there
    assert "warehouse:/data" in service["volumes"]
    assert service["profiles"] == ["refresh"]  # not started by `up`
    assert COMPOSE["services"]["etl"]["volumes"][1].endswith(":ro")  # the build alone only reads


def test_the_service_the_cron_line_and_the_guide_run_one_command():
    assert _setting(_unit("Service"), "ExecStart") == f"{DOCKER} {COMMAND.removeprefix('docker ')}"
    [cron] = [line for line in _blocks("cron")[0].splitlines() if line.strip()]
    fields = cron.split(maxsplit=5)
    assert f"/usr/bin/{COMMAND}" in fields[5]
    assert "cd /opt/partnership-lens &&" in fields[5]
    assert _setting(_unit("Service"), "WorkingDirectory") == "/opt/partnership-lens"
    [by_hand] = [b for b in _blocks("bash") if "refresh" in b and "systemctl" not in b]
    assert by_hand.splitlines()[0].startswith(COMMAND)


def test_the_timer_and_the_cron_line_run_on_the_same_day_and_time():
    calendar = _setting(_unit("Timer"), "OnCalendar")
    minute, hour, day, month, weekday = _blocks("cron")[0].split()[:5]
    assert calendar == f"*-*-{int(day):02d} {int(hour):02d}:{int(minute):02d}:00"
    assert (month, weekday) == ("*", "*")
    assert _setting(_unit("Timer"), "Persistent") == "true"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    fake_docker = tmp_path / "docker"
    fake_docker.write_text("#!/bin/sh\nexit 0\n")
    fake_docker.chmod(0o755)
    service = _unit("Service").replace(DOCKER, str(fake_docker))
    (tmp_path / "partnership-lens-refresh.service").write_text(service)
    (tmp_path / "partnership-lens-refresh.timer").write_text(_unit("Timer"))
    (tmp_path / "docker.service").write_text(f"[Service]\nExecStart={fake_docker}\n")
    checked = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            str(tmp_path / "partnership-lens-refresh.service"),
            str(tmp_path / "partnership-lens-refresh.timer"),
        ],
        env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""


def _load_table(text: str) -> list[str]:
    """The rows of the `bench.load` table: the header that starts '| sessions |' and below."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| sessions | one process"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return lines[start:end]


def test_the_guide_and_the_readme_show_one_load_table():
    readme = (ROOT / "README.md").read_text()
    assert len(_load_table(GUIDE)) == 7
    assert _load_table(GUIDE) == _load_table(readme)
