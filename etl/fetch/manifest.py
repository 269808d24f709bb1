"""The record of what the fetch kept: source page, URL, as-at date, bytes, SHA-256, when.

It is JSON, not CSV, because the build reads every CSV in the raw folder; `etl.build.discover`
lists it among the files it leaves alone. It is also how a second run knows a file is already
here, whole and unchanged, and skips it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from etl.fetch.download import sha256_of

MANIFEST_NAME = "fetch_manifest.json"
ABOUT = (
    "Files downloaded by `python -m etl fetch`: where each came from and its SHA-256. "
    "A file whose name is listed here and whose bytes still match is not downloaded again."
)


@dataclass(frozen=True)
class Entry:
    file: str
    source: str
    source_page: str
    url: str
    title: str
    as_at: str  # ISO date
    bytes: int
    sha256: str
    retrieved_at: str  # UTC, ISO 8601
    why_chosen: str = ""  # when other files on the page carried the same date: why this one


def load(raw_dir: Path) -> dict[str, Entry]:
    """The entries by file name; an unreadable manifest counts as empty (files are re-checked)."""
    try:
        data = json.loads((raw_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {name: Entry(**fields) for name, fields in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def save(raw_dir: Path, entries: dict[str, Entry], staging: Path) -> Path:
    """Written beside the files, replaced in one step so a crash never leaves half a manifest."""
    staging.mkdir(parents=True, exist_ok=True)
    body = {
        "about": ABOUT,
        "files": {name: asdict(entries[name]) for name in sorted(entries)},
    }
    temporary = staging / f"{MANIFEST_NAME}.new"
    temporary.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    target = raw_dir / MANIFEST_NAME
    os.replace(temporary, target)
    return target


def already_have(raw_dir: Path, entries: dict[str, Entry], name: str, url: str | None) -> bool:
    """The file is here, recorded, the same size and SHA-256 as recorded (and, when `url` is
    given, from the same address: a replaced attachment gets a new one)."""
    entry = entries.get(name)
    path = raw_dir / name
    if entry is None or not path.is_file() or (url is not None and entry.url != url):
        return False
    return path.stat().st_size == entry.bytes and sha256_of(path) == entry.sha256
