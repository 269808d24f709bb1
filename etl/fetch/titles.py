"""Pick attachments by what their titles mean and the date they carry, not by exact wording; tell
apart files of one date by the level of data (school or national) and an "Accessible" variant."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from etl.fetch.sources import TitleRule
from schemas.sources import as_at_from_name

_NOT_WORD = re.compile(r"[^\w]+|_")
_AS_AT = re.compile(r"\bas\s+at\b(?P<rest>.*)", re.IGNORECASE)
_LEVEL = re.compile(r"\b(?P<level>[a-z]+) level\b")
SCHOOL_LEVELS = frozenset({"school", "provider"})
# words of a link that say only how to download ("Download CSV 1.74KB"), not what the file is
_DOWNLOAD_WORDS = frozenset(
    "download csv ods xlsx xls pdf file kb mb byte bytes open opens new window tab format".split()
)


def title_words(title: str) -> set[str]:
    """Case-folded words; any dash, underscore or punctuation splits; plural 's' dropped, so
    "State-funded Schools" and "state funded school" read the same."""
    text = unicodedata.normalize("NFKC", title).casefold()
    words = set()
    for word in _NOT_WORD.split(text):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word:
            words.add(word)
    return words


def means(title: str, rule: TitleRule) -> bool:
    words = title_words(title)
    return all(words & group for group in rule.required) and not words & rule.forbidden


def as_at_from_title(*texts: str | None) -> date | None:
    """The date after 'as at' in the first text that has one (the title, then the file name),
    else the first date written anywhere in them."""
    present = [t for t in texts if t]
    for text in present:
        match = _AS_AT.search(text.replace("_", " "))
        if match and (found := as_at_from_name(match["rest"])):
            return found
    for text in present:
        if found := as_at_from_name(text):
            return found
    return None


def level_of(*texts: str | None) -> str | None:
    """The level of data a title or file name says: 'school' ("School Level Data", "provider
    level"), another level ('national' for "National Level Data" or any "national" title,
    'authority' for "local authority level", ...), or None when it says none."""
    levels = set()
    for text in texts:
        flat = " ".join(_NOT_WORD.split(unicodedata.normalize("NFKC", text or "").casefold()))
        levels |= {match["level"] for match in _LEVEL.finditer(flat)}
        if "national" in flat.split():
            levels.add("national")
    if levels & SCHOOL_LEVELS:
        return "school"
    return min(levels) if levels else None


def is_accessible_variant(*texts: str | None) -> bool:
    """An "Accessible" version of a file, by its title or name ("... (Accessible)",
    "..._accessible.ods"). GOV.UK's own `accessible` attachment flag is not this: it says whether
    a file meets accessibility standards, and any file may carry it."""
    return any("accessible" in title_words(text or "") for text in texts)


def names_the_file(link_text: str) -> bool:
    """Whether a link's text says what the file is, not only how to get it ("Download CSV
    1.74KB", "ODS, 14.8 KB" say nothing of what is in them)."""
    words = [w for w in title_words(link_text) if any(c.isalpha() for c in w)]
    return len([w for w in words if w not in _DOWNLOAD_WORDS and not _is_size(w)]) >= 2


def _is_size(word: str) -> bool:
    """'74kb', '1mb': a size written against its unit."""
    return bool(re.fullmatch(r"\d+(kb|mb|gb|b)", word))
