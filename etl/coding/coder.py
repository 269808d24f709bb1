"""A transparent coder for what inspection reports say about parents.

Labels each improvement point, and each sentence that mentions parents, as **engagement**
(parents supporting their child's learning, which raises attainment), **involvement** (parents
attending, volunteering or giving views, which by itself does not), **informing** (the school
telling parents things) or **none**, and notes whether it links parents to pupils' learning or
outcomes. The phrase rules live in parent_phrases.csv, which an adviser can read and extend; every
label carries the words that triggered it. Engagement outranks involvement, which outranks
informing, because a point that asks for engagement is an engagement strategy even when it also
mentions meetings or newsletters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("parent_phrases.csv")
LABELS = ("engagement", "involvement", "informing")
MENTIONS_PARENTS = re.compile(r"\b(parent|parents|parental|carers?|families|family)\b", re.I)


@dataclass(frozen=True)
class Coded:
    label: str  # engagement, involvement, informing or none
    learning_link: bool
    triggers: tuple[str, ...]  # "label: matched words"

    @property
    def explanation(self) -> str:
        return "; ".join(self.triggers) if self.triggers else "no rule matched"


@cache
def rules(path: Path = RULES_FILE) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """The phrase rules: (label, compiled pattern, why). Bad rules fail loudly, naming the line."""
    loaded = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            label = row["label"].strip()
            if label not in (*LABELS, "learning_link"):
                raise ValueError(
                    f"{path.name}, line {line}, column 'label': unknown label {label!r}"
                )
            try:
                pattern = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as error:
                raise ValueError(f"{path.name}, line {line}, column 'pattern': {error}") from error
            loaded.append((label, pattern, row["why"].strip()))
    return tuple(loaded)


def code(text: str, path: Path = RULES_FILE) -> Coded:
    """Label one improvement point or sentence, showing the words behind the label."""
    normalised = " ".join(text.replace("\u2019", "'").split())
    found: dict[str, list[str]] = {}
    for label, pattern, _why in rules(path):
        match = pattern.search(normalised)
        if match:
            found.setdefault(label, []).append(match.group(0))
    learning = "learning_link" in found
    mentions = bool(MENTIONS_PARENTS.search(normalised))
    chosen = next((label for label in LABELS if label in found), "none") if mentions else "none"
    triggers = tuple(
        f"{label}: {', '.join(dict.fromkeys(words))}"
        for label, words in found.items()
        if label != "learning_link" and mentions
    )
    return Coded(chosen, learning and chosen != "none", triggers)


def mentions_parents(text: str) -> bool:
    return bool(MENTIONS_PARENTS.search(text))
