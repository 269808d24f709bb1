"""Pick attachments by what their titles mean and the date they carry, not by exact wording."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from etl.fetch.sources import TitleRule
from schemas.sources import as_at_from_name

_NOT_WORD = re.compile(r"[^\w]+|_")
_AS_AT = re.compile(r"\bas\s+at\b(?P<rest>.*)", re.IGNORECASE)


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
