"""Which attachment of a page is wanted, and why that one.

Attachments are dated by their titles (`titles`); of those with one date, the school-level file is
taken over one that does not say its level, and a file that is not an "Accessible" variant over
one that is, both by name and title; then the preferred format, a listed attachment over a link in
the page text, and the order the page lists them. Files of another level (national, regional, ...)
are never taken: the dashboard reads school rows. When a choice was made between files of one
date, it is said in words, for the progress lines and the manifest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from etl.fetch.content_api import Attachment
from etl.fetch.sources import TitleRule
from etl.fetch.titles import as_at_from_title, is_accessible_variant, level_of, means


@dataclass(frozen=True)
class Dated:
    as_at: date
    attachment: Attachment

    @property
    def level(self) -> str | None:
        return level_of(self.attachment.title, self.attachment.filename)

    @property
    def accessible_variant(self) -> bool:
        return is_accessible_variant(self.attachment.title, self.attachment.filename)


@dataclass(frozen=True)
class Choice:
    dated: Dated
    why: str = ""  # empty when no other file carried its date


def dated(attachments: Iterable[Attachment], rule: TitleRule) -> list[Dated]:
    """The attachments whose title means what the rule looks for and that carry a date."""
    found = []
    for attachment in attachments:
        if attachment.suffix not in rule.suffixes or not means(_described(attachment), rule):
            continue
        if as_at := as_at_from_title(attachment.title, attachment.filename):
            found.append(Dated(as_at, attachment))
    return found


def _described(attachment: Attachment) -> str:
    """Its title; for a page-text link titled by its heading and paragraph ("As at 1 September
    2025" under "Download ODS 13.9KB"), the file name's words too."""
    if attachment.link_text is None:
        return attachment.title
    return f"{attachment.title} {PurePosixPath(attachment.filename).stem}"


def school_level(candidates: list[Dated]) -> list[Dated]:
    """Those that hold school rows: school-level, or saying no level at all."""
    return [d for d in candidates if d.level in (None, "school")]


def newest(candidates: list[Dated], everything: list[Dated], rule: TitleRule) -> Choice:
    """The newest school-level candidate (see the module's order for files of one date), and
    why it was taken over the other files of `everything` that carry its date."""
    ranked = [(d, _rank(d, rule)) for d in school_level(candidates)]
    chosen = max(ranked, key=lambda pair: pair[1])[0]  # the first listed of equals
    others = [
        d
        for d in everything
        if d.as_at == chosen.as_at and d.attachment.url != chosen.attachment.url
    ]
    if not others:
        return Choice(chosen)
    reasons = "; ".join(f"not '{d.attachment.title}' ({_set_aside(d, chosen)})" for d in others)
    return Choice(
        chosen, f"chosen of {len(others) + 1} files dated {chosen.as_at:%-d %B %Y}: {reasons}"
    )


def _rank(d: Dated, rule: TitleRule) -> tuple:
    return (
        d.as_at,
        d.level == "school",
        not d.accessible_variant,
        -rule.suffixes.index(d.attachment.suffix),
        d.attachment.found_in == "details.attachments",
    )


def _set_aside(other: Dated, chosen: Dated) -> str:
    """Why `other`, of the same date, was not taken, in the order the choice looks."""
    if other.level not in (None, "school"):
        return f"{other.level} level data, not school level"
    if other.level != chosen.level:
        return "it does not say school level; the chosen file does"
    if other.accessible_variant and not chosen.accessible_variant:
        return "the 'Accessible' version"
    kind, preferred = other.attachment.suffix, chosen.attachment.suffix
    if kind != preferred:
        return f"{kind.lstrip('.').upper()}: {preferred.lstrip('.').upper()} is preferred"
    if other.attachment.found_in != chosen.attachment.found_in:
        return "a link in the page text; the listed attachment is preferred"
    return "listed after the chosen file"
