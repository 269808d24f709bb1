"""Download one file into the staging folder: resumed when interrupted, checked when complete.

An interrupted download stays as `<name>.part` (with `<name>.part.json` saying which URL and
version it is) and is resumed with an HTTP Range request when the server allows it, else started
again. A finished file is checked for size and kind before it is called ready; the raw folder
itself is never touched here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
import urllib3

from etl.fetch.errors import FetchError
from etl.fetch.http import describe, get
from etl.fetch.verify import content_type_problem, file_problem

Progress = Callable[[str], None]
CHUNK = 1 << 20
_CONTENT_RANGE = re.compile(r"bytes\s+(?P<start>\d+)-(?P<end>\d+)/(?P<total>\d+|\*)")


@dataclass(frozen=True)
class Staged:
    path: Path  # complete and checked, in the staging folder
    bytes: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(
    session: requests.Session,
    source: str,
    url: str,
    staging: Path,
    name: str,
    *,
    suffix: str,
    listed_size: int | None = None,
    timeout: float,
    progress: Progress,
) -> Staged:
    """Fetch `url` as staging/name, or raise a FetchError saying why not."""
    part = staging / f"{name}.part"
    meta = staging / f"{name}.part.json"
    _no_links(staging, part, meta, source, url)
    offset, headers = _resume_point(part, meta, url)
    # identity: byte counts and ranges then refer to the file itself, not a gzip of it
    headers["Accept-Encoding"] = "identity"
    response = get(session, source, url, timeout=timeout, headers=headers)
    with response:
        status = response.status_code
        if status == 206 and not offset and _range_start(response):
            raise FetchError(source, url, "the server sent part of the file, unasked")
        if offset and (status == 416 or (status == 206 and _range_start(response) != offset)):
            _forget(part, meta)  # our part no longer fits the file: start again (once: no range)
            response.close()
            return download(
                session,
                source,
                url,
                staging,
                name,
                suffix=suffix,
                listed_size=listed_size,
                timeout=timeout,
                progress=progress,
            )
        if status in (404, 410):
            _forget(part, meta)
            raise FetchError(source, url, f"not found (HTTP {status})", "not_found")
        if status >= 400:
            said = f"HTTP {status} {response.reason}{_error_body(response)}"
            raise FetchError(source, url, said, "http_status")
        if status not in (200, 206):
            raise FetchError(source, url, f"HTTP {status} {response.reason}")
        if problem := content_type_problem(suffix, response.headers.get("Content-Type")):
            _forget(part, meta)
            raise FetchError(source, url, f"refused: {problem}", "refused")
        if status == 200:
            offset = 0
        elif offset:
            progress(f"  resuming {name} from byte {offset:,}")
        total = _expected_total(response, offset)
        staging.mkdir(parents=True, exist_ok=True)
        with _opened(meta, append=False) as handle:
            handle.write(json.dumps({"url": url, "validator": _validator(response)}).encode())
        written = _write_body(response, part, offset, total, name, progress, source, url, timeout)
    return _finish(part, meta, staging / name, written, total, listed_size, suffix, source, url)


def _resume_point(part: Path, meta: Path, url: str) -> tuple[int, dict[str, str]]:
    """Where to carry on from, and the headers that ask for it; only for the same URL and a
    known version of the file (If-Range), so two versions are never spliced together."""
    try:
        info = json.loads(meta.read_text())
        size = part.stat().st_size
    except (OSError, ValueError):
        _forget(part, meta)
        return 0, {}
    if info.get("url") != url or not info.get("validator") or size == 0:
        _forget(part, meta)
        return 0, {}
    return size, {"Range": f"bytes={size}-", "If-Range": info["validator"]}


def _range_start(response: requests.Response) -> int | None:
    match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
    return int(match["start"]) if match else None


def _expected_total(response: requests.Response, offset: int) -> int | None:
    if response.status_code == 206:
        match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
        if match and match["total"] != "*":
            return int(match["total"])
    length = response.headers.get("Content-Length")
    return offset + int(length) if length and length.isdigit() else None


def _validator(response: requests.Response) -> str | None:
    """A strong ETag or Last-Modified: what If-Range may carry."""
    etag = response.headers.get("ETag")
    if etag and not etag.startswith("W/"):
        return etag
    return response.headers.get("Last-Modified")


def _write_body(
    response: requests.Response,
    part: Path,
    offset: int,
    total: int | None,
    name: str,
    progress: Progress,
    source: str,
    url: str,
    timeout: float,
) -> int:
    written = offset
    shown = _Shown(name, total, progress)
    try:
        with _opened(part, append=bool(offset)) as handle:
            # read1 hands over what has arrived as it arrives, so a dropped connection loses
            # nothing already received: the part file is then exactly what can be resumed
            while chunk := response.raw.read1(CHUNK, decode_content=True):
                handle.write(chunk)
                written += len(chunk)
                shown.update(written)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        of = f" of {total:,}" if total else ""
        raise FetchError(
            source,
            url,
            f"the download was cut short after {written:,}{of} bytes "
            f"({describe(error, url, timeout)}); run the fetch again to resume it",
            "truncated",
        ) from error
    shown.done(written)
    return written


def _finish(
    part: Path,
    meta: Path,
    final: Path,
    written: int,
    total: int | None,
    listed_size: int | None,
    suffix: str,
    source: str,
    url: str,
) -> Staged:
    size = part.stat().st_size
    if size != written:
        _forget(part, meta)
        raise FetchError(source, url, "the partial file changed while downloading", "truncated")
    if total is not None and size < total:
        raise FetchError(
            source,
            url,
            f"truncated: {size:,} of the {total:,} bytes announced (Content-Length) arrived; "
            "run the fetch again to resume it",
            "truncated",
        )
    if total is not None and size > total:
        _forget(part, meta)
        raise FetchError(source, url, f"{size:,} bytes arrived, {total:,} were announced")
    if total is None and listed_size is not None and size != listed_size:
        _forget(part, meta)
        raise FetchError(
            source,
            url,
            f"truncated: {size:,} bytes arrived but the page lists the file as "
            f"{listed_size:,} bytes",
            "truncated",
        )
    if problem := file_problem(part, suffix):
        _forget(part, meta)
        raise FetchError(source, url, f"refused: {problem}", "refused")
    digest = sha256_of(part)
    part.replace(final)
    meta.unlink(missing_ok=True)
    return Staged(final, size, digest)


def _error_body(response: requests.Response) -> str:
    """What an error answer carried, briefly: a JSON message is quoted, an HTML page named."""
    try:
        head = response.raw.read(2048, decode_content=True) or b""
    except (urllib3.exceptions.HTTPError, OSError):
        return ""
    text = " ".join(head.decode("utf-8", errors="replace").split())
    if not text:
        return ""
    if text[:1] in "{[":
        return f" (a JSON body: {text[:160]}{'...' if len(text) > 160 else ''})"
    if text[:1] == "<":
        return " (an HTML page)"
    return f" ({text[:80]}{'...' if len(text) > 80 else ''})"


def _no_links(staging: Path, part: Path, meta: Path, source: str, url: str) -> None:
    """The download folder and its working files are never symbolic links: a link there (put
    by anyone able to write to the folder of published files) would have the fetch write through
    it to any file the server can write. A linked folder is refused; a linked working file is
    not ours and is removed (the download starts again)."""
    if staging.is_symlink():
        raise FetchError(
            source,
            url,
            f"refused: the download folder {staging} is a symbolic link; remove it, the fetch "
            "makes the folder itself",
            "refused",
        )
    for path in (part, meta):
        if path.is_symlink():
            path.unlink()


def _opened(path: Path, *, append: bool):  # noqa: ANN202 - a binary file
    """`path` opened to write (appended to, or emptied), never through a symbolic link made
    since _no_links looked (O_NOFOLLOW: the open fails instead)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_APPEND if append else os.O_TRUNC)
    return os.fdopen(os.open(path, flags, 0o644), "ab" if append else "wb")


def _forget(part: Path, meta: Path) -> None:
    part.unlink(missing_ok=True)
    meta.unlink(missing_ok=True)


class _Shown:
    """Progress lines every tenth of the file (every 10 MB when its size is unknown)."""

    def __init__(self, name: str, total: int | None, progress: Progress) -> None:
        self.name, self.total, self.progress = name, total, progress
        self.next_step = 1

    def update(self, written: int) -> None:
        if self.total:
            step = written * 10 // self.total
            if self.next_step <= step < 10:
                self.progress(f"  {self.name}: {_mb(written)} of {_mb(self.total)} ({step * 10}%)")
                self.next_step = step + 1
        elif written >= self.next_step * 10 * CHUNK:
            self.progress(f"  {self.name}: {_mb(written)} so far")
            self.next_step = written // (10 * CHUNK) + 1

    def done(self, written: int) -> None:
        whole = " (100%)" if self.total and written >= self.total else ""
        self.progress(f"  {self.name}: {_mb(written)} downloaded{whole}")


def _mb(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count:,} bytes"
