"""What the fetch looks for, where, and the name each file is kept under.

Attachments are picked by the meaning of their title (`TitleRule`), so a publisher's small rewording
(case, dashes, "state funded", word order) does not break the fetch; kept names carry the as-at date
in a form `schemas.sources.as_at_from_name` reads, so the build places each file in time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from schemas.sources import as_at_from_name

GOVUK_API = "https://www.gov.uk/api/content"
GIAS_BASE = "https://ea-edubase-api-prod.azurewebsites.net/edubase/downloads/public/"
ENV_GOVUK_API = "LENS_FETCH_GOVUK_API"  # point the fetch at a mirror or a test server
ENV_GIAS_URL = "LENS_FETCH_GIAS_URL"
GIAS_DAYS = 14  # GIAS publishes daily; a fortnight without a file means something is wrong

MI_PAGE = (
    "/government/statistical-data-sets/"
    "monthly-management-information-ofsteds-school-inspections-outcomes"
)
PARENT_VIEW_PAGE = "/government/statistical-data-sets/ofsted-parent-view-management-information"

OFSTED_MI = "ofsted-mi"
PARENT_VIEW = "parent-view"
GIAS = "gias"
SOURCES = (OFSTED_MI, PARENT_VIEW, GIAS)
SOURCE_LABELS = {
    OFSTED_MI: "Ofsted monthly MI",
    PARENT_VIEW: "Parent View MI",
    GIAS: "GIAS edubasealldata",
}


@dataclass(frozen=True)
class TitleRule:
    """An attachment title's meaning: every group needs one of its words, no forbidden word."""

    looked_for: str  # said in a "missing attachment" message
    required: tuple[frozenset[str], ...]
    forbidden: frozenset[str]
    suffixes: tuple[str, ...]  # data formats accepted, most wanted first


MI_RULE = TitleRule(
    looked_for="a CSV titled like 'Management information - state-funded schools - latest "
    "inspections as at <date>'",
    required=tuple(
        frozenset(words)
        for words in (("state",), ("funded",), ("school",), ("latest",), ("inspection",))
    ),
    forbidden=frozenset({"independent", "guide", "guidance", "methodology", "ytd"}),
    suffixes=(".csv",),
)
PARENT_VIEW_RULE = TitleRule(
    looked_for="a data file (ODS, XLSX or CSV) titled like 'Parent View management information "
    "as at <date>'",
    required=(frozenset({"parent"}), frozenset({"view"})),
    forbidden=frozenset({"guide", "guidance", "methodology", "glossary"}),
    suffixes=(".ods", ".xlsx", ".csv"),
)

_SHORT_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_LONG_MONTHS = (
    "January February March April May June July August September October November December".split()
)


def _words_date(day: date, months: list[str]) -> str:
    return f"{day.day}_{months[day.month - 1]}_{day.year}"


def mi_name(as_at: date) -> str:
    """As Ofsted writes it: `..._as_at_28_Feb_2026.csv`."""
    stem = "ofsted_mi_state_funded_schools_latest_inspections_as_at_"
    return _checked(f"{stem}{_words_date(as_at, _SHORT_MONTHS)}.csv", as_at)


def parent_view_name(as_at: date, suffix: str) -> str:
    """As the release is titled: `parent_view_management_information_as_at_6_April_2026.ods`."""
    stem = "parent_view_management_information_as_at_"
    return _checked(f"{stem}{_words_date(as_at, _LONG_MONTHS)}{suffix}", as_at)


def gias_name(day: date) -> str:
    """GIAS's own dated name, kept as published."""
    return _checked(f"edubasealldata{day:%Y%m%d}.csv", day)


def _checked(name: str, as_at: date) -> str:
    """A kept name the build could not place in time would be worse than no file."""
    if as_at_from_name(name) != as_at:
        raise ValueError(f"{name} does not read back as {as_at}")
    return name


def govuk_api_base(override: str | None = None) -> str:
    return (override or os.environ.get(ENV_GOVUK_API) or GOVUK_API).rstrip("/")


def gias_base(override: str | None = None) -> str:
    return (override or os.environ.get(ENV_GIAS_URL) or GIAS_BASE).rstrip("/") + "/"
