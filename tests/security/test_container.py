"""Attack on the image: a secrets file copied into a layer is readable by anyone who can pull it.

No Docker engine runs here, so the build is not run: the rules are. The build context is the
checkout as .dockerignore leaves it (Docker's rules: patterns relative to the context, `*` and `?`
within one path segment, `**` across any number, a pattern that matches a folder excludes
everything in it, `!` re-includes, the last matching line wins), and the image gets what the
Dockerfile's COPY lines take from that context. Into the checkout the test adds the secrets files
an operator might leave lying about; none may reach the image, and every file the dashboard
runs must.
"""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest

from tests.conftest import ROOT

# Files an operator might leave in the checkout, by name and place.
LEFT_LYING_ABOUT = [
    ".streamlit/secrets.toml",
    ".streamlit/secrets.prod.toml",
    ".streamlit/prod.secrets.toml",
    ".streamlit/secrets.toml.bak",
    ".streamlit/tls.key",
    "deploy/secrets.toml",
    "secrets.toml",
    ".env",
    ".env.production",
    "lens/.env",
    "deploy/lens.env",
    "pages/server.pem",
    "etl/id_rsa",
    "etl/id_ed25519.pub",
    "schemas/app.secrets.json",
    "lens/data/sql/service-account-credentials.json",
    "credentials.json",
    "lens/client_secrets.json",
    "deploy/keystore.p12",
    ".netrc",
]
SECRET_NAME = re.compile(
    r"(^|/)(\.env(\..*)?|[^/]*\.env|[^/]*secrets?[^/]*|[^/]*credential[^/]*|[^/]*\.(pem|key|p12|pfx"
    r"|jks|kdbx)|id_(rsa|ecdsa|ed25519)[^/]*|\.netrc|\.pgpass|\.htpasswd)$",
    re.IGNORECASE,
)
RUNS = ["dashboard.py", "lens/serve.py", "lens/auth/access.py", ".streamlit/config.toml"]


def _segment(part: str) -> str:
    """One path segment of a pattern as a regex: `*` and `?` never cross a `/`."""
    out, index = "", 0
    while index < len(part):
        char = part[index]
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[" and "]" in part[index:]:
            end = part.index("]", index)
            out += "[" + part[index + 1 : end].replace("!", "^", 1) + "]"
            index = end
        elif char == "\\" and index + 1 < len(part):
            index += 1
            out += re.escape(part[index])
        else:
            out += re.escape(char)
        index += 1
    return out


def pattern_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern (cleaned of leading and trailing slashes) as a regex over paths
    relative to the context; `**` matches any number of folders, none included."""
    parts = pattern.split("/")
    regex = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            regex += ".*" if last else "(?:.*/)?"
        else:
            regex += _segment(part) + ("" if last else "/")
    return re.compile(f"^{regex}$")


def dockerignore_rules() -> list[tuple[bool, re.Pattern]]:
    """(re-include?, pattern) for each line of .dockerignore, as Docker reads them."""
    rules = []
    for raw in (ROOT / ".dockerignore").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.removeprefix("!").strip().removeprefix("./").strip("/")
        rules.append((negated, pattern_regex(pattern)))
    return rules


def in_context(path: str, rules: list[tuple[bool, re.Pattern]]) -> bool:
    """Whether `path` stays in the build context: the last rule matching it or a parent wins."""
    parents = ["/".join(path.split("/")[: n + 1]) for n in range(path.count("/") + 1)]
    kept = True
    for negated, pattern in rules:
        if any(pattern.match(p) for p in parents):
            kept = negated
    return kept


def copied(files: list[str]) -> set[str]:
    """The files the Dockerfile's COPY lines take from a context holding `files`."""
    image = set()
    for line in (ROOT / "deploy" / "Dockerfile").read_text().splitlines():
        if not line.startswith("COPY "):
            continue
        words = [w for w in shlex.split(line)[1:] if not w.startswith("--")]
        for source in words[:-1]:
            source = source.removeprefix("./").rstrip("/")
            image |= {f for f in files if f == source or f.startswith(source + "/")}
    return image


@pytest.fixture(scope="module")
def checkout() -> list[str]:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return sorted(set(tracked) | set(LEFT_LYING_ABOUT))


def test_no_secrets_file_of_any_name_reaches_the_image(checkout):
    rules = dockerignore_rules()
    context = [f for f in checkout if in_context(f, rules)]
    image = copied(context)
    leaked = sorted(f for f in image if SECRET_NAME.search(f))
    assert not leaked, f"these would be in the image: {leaked}"
    assert not [f for f in LEFT_LYING_ABOUT if f in context], "secrets left in the build context"


def test_everything_the_dashboard_runs_reaches_the_image(checkout):
    """The control: the rules keep the code (so the test above cannot pass by copying nothing),
    and every tracked file under a copied folder goes in, none silently dropped by a pattern."""
    rules = dockerignore_rules()
    context = [f for f in checkout if in_context(f, rules)]
    image = copied(context)
    assert set(RUNS) <= image
    everything = copied(checkout)
    dropped = sorted(f for f in everything - image if f not in LEFT_LYING_ABOUT)
    assert dropped == [], f"tracked files the image would lack: {dropped}"


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("data/raw/x.csv", False),  # a folder pattern excludes what is in it
        ("lens/__pycache__/access.cpython-311.pyc", False),  # ** at the start: any depth
        (".git/config", False),
        ("lens/auth/access.py", True),
        (".streamlit/config.toml", True),
        (".streamlit/secrets.toml", False),
        ("deep/down/.env", False),
    ],
)
def test_the_rule_reader_reads_dockerignore_as_docker_does(path, kept):
    assert in_context(path, dockerignore_rules()) is kept
