"""Words an adviser does not use, in one place: the AppTest scans of every page, the export and
briefing-pack tests and the browser walk all read this list (issue 20, item 7).

Technical detail (table and column names for queries) belongs in the README and the model
documentation files beside the SQL. Everything a person reads on a screen, in a download or on
paper is checked here, the data page's table documentation included.
"""

from __future__ import annotations

import re

# (pattern, why it is banned); case-sensitive unless the pattern says otherwise
BANNED: tuple[tuple[str, str], ...] = (
    (r"(?i)\bhash(es)?\b", "an internal fingerprint, not an adviser's word"),
    (r"\bREADME\b", "a developer's file"),
    (r"(?i)\bn-grams?\b", "the coder's internals"),
    (r"(?i)\bclassifier\b", "the coder's internals"),
    (r"data/raw", "a folder on the server"),
    (r"(?i)\bnext build\b", "the data build is IT's word"),
    (r"(?i)\barcsine\b", "a method's internals: say it on the method page in words"),
    (r"(?i)\bwinsori[sz]ed\b", "a method's internals"),
    (r"tau\^?2|\u03c4\u00b2|\btau\b", "a symbol, not a word"),
    (r"(?i)\bphi\b", "a symbol, not a word"),
    (r"\bETL\b", "IT's word for the data build"),
    (r"(?i)\bwarehouse\b", "IT's word for the database"),
    (r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", "a database name (snake_case)"),
    (r"\b(?:lens|etl|pages|tests|schemas|data)/[\w./-]+", "a file path"),
    (r"\b[\w-]+\.(?:py|sql|duckdb|yml|yaml|toml)\b", "a file name of the code"),
    (r"\bengland\b", "England is a name: capital E"),
    (r"\bspiegelhalter\b", "Spiegelhalter is a name: capital S"),
    (r"\[\s*\]", "an empty checkbox placeholder"),
    (r"(?i)\bno rule matched\b", "the coder's internals"),
    (r"(?i)\bseed(?:'s|s)?\b", "cite a source by its title and year, never 'the seed'"),
    (
        r"(?i)%\s*(?:of parents\s+)?happy\b",
        "one figure, one name: strongly agree or agree of those giving a view is '% satisfied', "
        "as the profile and the Satisfaction page call it",
    ),
)
_COMPILED = tuple((re.compile(pattern), why) for pattern, why in BANNED)
_CODE = re.compile(r"`[^`]*`")  # commands for IT, written as code, are not prose

# An empty cell must read "–", never a programming language's word for nothing.
EMPTY_WORDS = re.compile(r"^(?:None|none|nan|NaN|null|NULL|NaT)$")


def banned_in(text: str) -> list[str]:
    """Each banned word in `text`, with why, e.g. ["'phi': a symbol, not a word"]."""
    prose = _CODE.sub("", text)
    found = []
    for pattern, why in _COMPILED:
        found += [f"{m.group(0)!r}: {why}" for m in pattern.finditer(prose)]
    return found


def empty_word(cell: object) -> bool:
    """True when a table cell shows a programming word for an empty value."""
    return isinstance(cell, str) and bool(EMPTY_WORDS.match(cell.strip()))
