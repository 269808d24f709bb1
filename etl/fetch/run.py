"""Fetch every source: plan from the pages, stage each download, then move verified files in.

Files are downloaded into `<raw>/.fetch/` (the build ignores dot-names) and checked there; only
then are they moved into the raw folder and recorded in the manifest. A source that cannot be
reached, or a file that fails its checks, leaves the raw folder as it was for that file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from etl.fetch import manifest
from etl.fetch.choose import Choice, Dated, dated, newest, school_level
from etl.fetch.content_api import Attachment, attachments_of, page_urls, read_page
from etl.fetch.download import Progress, Staged, download, sha256_of
from etl.fetch.errors import FetchError
from etl.fetch.http import make_session
from etl.fetch.sources import (
    GIAS,
    GIAS_DAYS,
    MI_PAGE,
    MI_RULE,
    OFSTED_MI,
    PARENT_VIEW,
    PARENT_VIEW_PAGE,
    PARENT_VIEW_RULE,
    SOURCE_LABELS,
    SOURCES,
    TitleRule,
    gias_base,
    gias_name,
    govuk_api_base,
    mi_name,
    parent_view_name,
)
from etl.fetch.titles import as_at_from_title, means
from schemas.parent_view import PARENT_VIEW_SETS, YEAR_END_RELEASE_LAST_DAY, release_counts_as

STAGING = ".fetch"


@dataclass(frozen=True)
class Wanted:
    """One file to have: where it is published and the name it is kept under."""

    source: str
    source_page: str
    url: str
    title: str
    name: str
    as_at: date
    suffix: str
    listed_size: int | None = None
    why_chosen: str = ""


@dataclass
class FetchReport:
    raw_dir: Path
    fetched: list[manifest.Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def fetch(
    raw_dir: Path,
    *,
    sources: Iterable[str] = SOURCES,
    govuk_api: str | None = None,
    gias_url: str | None = None,
    gias_days: int = GIAS_DAYS,
    today: date | None = None,
    timeout: float = 60.0,
    progress: Progress = print,
    session: requests.Session | None = None,
) -> FetchReport:
    """Download what is newer than the raw folder holds; see FetchReport for what happened."""
    own_session = session is None
    session = session or make_session()
    api = govuk_api_base(govuk_api)
    today = today or datetime.now(ZoneInfo("Europe/London")).date()
    staging = raw_dir / STAGING
    entries = manifest.load(raw_dir)
    report = FetchReport(raw_dir)
    ready: list[tuple[Staged, Wanted]] = []

    def get_one(wanted: Wanted, *, same_url: bool = True) -> None:
        if manifest.already_have(raw_dir, entries, wanted.name, wanted.url if same_url else None):
            progress(f"  {wanted.name}: already here, same SHA-256 as recorded: skipped")
            report.skipped.append(wanted.name)
            return
        progress(f"  downloading {wanted.url}")
        staged = download(
            session,
            SOURCE_LABELS[wanted.source],
            wanted.url,
            staging,
            wanted.name,
            suffix=wanted.suffix,
            listed_size=wanted.listed_size,
            timeout=timeout,
            progress=progress,
        )
        ready.append((staged, wanted))

    for source in dict.fromkeys(sources):
        label = SOURCE_LABELS[source]
        progress(f"{label}:")
        try:
            if source == GIAS:
                _fetch_gias(gias_base(gias_url), today, gias_days, get_one, progress)
                continue
            wanted, missing = _plan_page(session, source, api, timeout, progress)
        except FetchError as error:
            progress(f"  failed: {error.reason}")
            report.failures.append(error)
            continue
        for error in missing:
            progress(f"  failed: {error.reason}")
            report.failures.append(error)
        for item in wanted:
            try:
                get_one(item)
            except FetchError as error:
                progress(f"  failed: {error.reason}")
                report.failures.append(error)

    if own_session:
        session.close()
    _move_in(ready, raw_dir, staging, entries, report, progress)
    return report


# --- planning: which attachments of a page are wanted -------------------------------------------


def _plan_page(
    session: requests.Session, source: str, api: str, timeout: float, progress: Progress
) -> tuple[list[Wanted], list[FetchError]]:
    path, rule = (MI_PAGE, MI_RULE) if source == OFSTED_MI else (PARENT_VIEW_PAGE, PARENT_VIEW_RULE)
    page_url, api_url = page_urls(api, path)
    progress(f"  reading {api_url}")
    try:
        page = read_page(session, SOURCE_LABELS[source], api_url, timeout)
    except FetchError as error:  # say which page, as people know it, besides the address asked
        where = f"the page {page_url} (Content API {api_url})"
        raise FetchError(error.source, where, error.reason, error.kind) from error
    attachments = attachments_of(page, page_url)
    found = dated(attachments, rule)
    if not school_level(found):
        raise _missing(source, page_url, rule.looked_for, attachments, rule)
    latest = newest(found, found, rule)
    picks, missing = [latest], []
    if source == PARENT_VIEW:
        picks_of_sets, unfound = _last_of_earlier_sets(latest.dated, found, rule)
        picks += picks_of_sets
        missing = [_missing(source, page_url, said, attachments, rule) for said in unfound]
    wanted = []
    for pick in picks:
        attachment = pick.dated.attachment
        as_at = pick.dated.as_at
        via = f", linked as '{attachment.link_text}'" if attachment.link_text else ""
        progress(f"  found '{attachment.title}' (as at {as_at:%-d %B %Y}{via})")
        if pick.why:
            progress(f"    {pick.why}")
        name = mi_name(as_at) if source == OFSTED_MI else parent_view_name(as_at, attachment.suffix)
        wanted.append(
            Wanted(
                source,
                page_url,
                attachment.url,
                attachment.title,
                name,
                as_at,
                attachment.suffix,
                attachment.file_size,
                pick.why,
            )
        )
    return wanted, missing


def _last_of_earlier_sets(
    latest: Dated, found: list[Dated], rule: TitleRule
) -> tuple[list[Choice], list[str]]:
    """The last release of each question set before the latest release's: the set a school was
    asked about. A release is placed by `release_counts_as` (one dated 1-7 September closes the
    academic year before it), so "as at 2 September 2019" is the last of the 2011-2019 set."""
    picks, missing = [], []
    for question_set in PARENT_VIEW_SETS:
        ends_on = question_set.ends_on
        if ends_on is None or ends_on > release_counts_as(latest.as_at):
            continue
        earlier = [
            d for d in found if question_set.starts_on <= release_counts_as(d.as_at) < ends_on
        ]
        if school_level(earlier):
            picks.append(newest(earlier, found, rule))
        else:
            missing.append(
                f"the last release of '{question_set.name}', dated before "
                f"{ends_on:%-d %B %Y} (or from 1 to {YEAR_END_RELEASE_LAST_DAY} September, "
                f"which closes the academic year before): {rule.looked_for}"
            )
    return picks, missing


def _missing(
    source: str, page_url: str, looked_for: str, attachments: list[Attachment], rule: TitleRule
) -> FetchError:
    listed = [f"'{a.title}' ({a.suffix.lstrip('.') or a.content_type})" for a in attachments]
    undated = [
        a.title
        for a in attachments
        if means(a.title, rule) and not as_at_from_title(a.title, a.filename)
    ]
    said = "; ".join(listed[:8]) + (f"; and {len(listed) - 8} more" if len(listed) > 8 else "")
    reason = f"no attachment matches {looked_for}. The page lists: {said or 'no data files'}"
    if undated:
        reason += f". Titles that match but carry no date: {'; '.join(undated[:3])}"
    return FetchError(SOURCE_LABELS[source], page_url, reason, "missing")


# --- GIAS: the newest daily file, stepping back a day at a time --------------------------------


# what a day without its file may be answered with: a 404 or 410, a 5xx (the real server has
# answered 500 with a JSON body), or an HTML or JSON page instead of the CSV
_NO_FILE_THAT_DAY = ("not_found", "http_status", "refused")


def _fetch_gias(
    base: str, today: date, days: int, get_one: Callable[..., None], progress: Progress
) -> None:
    """Today's edubasealldata file, else yesterday's, ... for `days` days; a day's file already
    here (whichever server it came from) ends the search without asking again. Any answer that is
    not the file steps back a day; no answer at all (DNS, refused connection, timeout) stops."""
    tried, statuses = [], []
    for back in range(days):
        day = today - timedelta(days=back)
        name = gias_name(day)
        try:
            get_one(Wanted(GIAS, base, base + name, name, name, day, ".csv"), same_url=False)
            return
        except FetchError as error:
            if error.kind not in _NO_FILE_THAT_DAY:
                raise
            tried.append(f"{day:%Y%m%d}: {error.reason}")
            statuses.append(error.kind)
            if back + 1 < days:
                progress(f"  no file for {day:%-d %B %Y} ({error.reason}): trying the day before")
    oldest = today - timedelta(days=days - 1)
    reason = (
        f"no file for any day from {today:%-d %B %Y} back to {oldest:%-d %B %Y} "
        f"({'; '.join(tried[:3])}{' ...' if len(tried) > 3 else ''})"
    )
    if set(statuses) == {"http_status"}:
        reason += (
            ". The server answered with an error for every day, not 'not found': it may be "
            "down rather than the files missing; try again later"
        )
    raise FetchError(SOURCE_LABELS[GIAS], f"{base}edubasealldata<YYYYMMDD>.csv", reason, "missing")


# --- moving verified files in ------------------------------------------------------------------


def _move_in(
    ready: list[tuple[Staged, Wanted]],
    raw_dir: Path,
    staging: Path,
    entries: dict[str, manifest.Entry],
    report: FetchReport,
    progress: Progress,
) -> None:
    if ready:
        raw_dir.mkdir(parents=True, exist_ok=True)
    for staged, wanted in ready:
        target = raw_dir / wanted.name
        if target.exists() and sha256_of(target) != staged.sha256:
            report.replaced.append(wanted.name)
        os.replace(staged.path, target)
        entry = manifest.Entry(
            file=wanted.name,
            source=wanted.source,
            source_page=wanted.source_page,
            url=wanted.url,
            title=wanted.title,
            as_at=wanted.as_at.isoformat(),
            bytes=staged.bytes,
            sha256=staged.sha256,
            retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
            why_chosen=wanted.why_chosen,
        )
        entries[wanted.name] = entry
        report.fetched.append(entry)
        progress(f"kept {wanted.name} ({staged.bytes:,} bytes, SHA-256 {staged.sha256[:12]}...)")
    if ready:
        manifest.save(raw_dir, entries, staging)
    try:
        staging.rmdir()  # only when empty: a partial download stays to be resumed
    except OSError:
        pass
