"""A transparent coder for what inspection reports say about parents.

Each improvement point, and each sentence that mentions parents, gets one label, following the
definitions of Engagement in Education (2013, lens/citations.py) and
tests/fixtures/coder_corpus/README.md:

- **engagement**: parents supporting their own child's learning, at home or with the school;
- **involvement**: parents attending, volunteering, fundraising, in governance, forums or
  consultations on the school's policies and plans;
- **informing**: one-way communication from the school;
- **parents_views**: recounting what parents think (surveys, Parent View, questionnaires,
  "parents say"), which is neither engagement nor involvement;
- **none**: anything else, including parents mentioned only in passing.

When a unit mixes ideas the first in that order wins. The learning link is true only for
engagement that connects parents with their child's learning.

Two coders work side by side. The phrase rules (parent_phrases.csv: label, pattern, why, scope,
unless; a "none" rule marks Ofsted's standard text) decide whenever one matches, and show the
words that matched. A small classifier trained from the labelled sentences (etl/coding/model.py)
labels the units about parents that no rule matched, when sure enough, and shows the n-grams
that weighed most. Where the two disagree the unit is marked *uncertain*, for an adviser
to review; an adviser's correction (data/raw, see README) overrides both on the next build.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from schemas.report_codes import CODE_WORDS, CODES

RULES_FILE = Path(__file__).with_name("parent_phrases.csv")
LABELS = CODES[:-1]  # precedence order: engagement, involvement, informing, parents_views
RULE_KINDS = (*LABELS, "none", "learning_link")  # a "none" rule marks standard, non-school text
SCOPES = ("parents", "any")  # a rule applies to units about parents, or to every unit
MODEL_MIN_SHARE = 0.5  # the classifier labels a unit no rule matched only this sure or surer
MENTIONS_PARENTS = re.compile(
    r"\b(?:parents?|parental|carers?|famil(?:y|ies)|mothers?|fathers?|mums?|dads?|"
    r"grandparents?|home[- ]school|(?:with|to) home)\b",
    re.IGNORECASE,
)
MENTIONS_PARENTS_ASCII = re.compile(MENTIONS_PARENTS.pattern, re.IGNORECASE | re.ASCII)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Rule:
    label: str
    pattern: str  # a regular expression, matched without regard to case
    why: str
    scope: str
    unless: re.Pattern[str] | None  # a match whose words fit this does not count
    line: int
    compiled: re.Pattern[str]  # the pattern for Python's re, with the same meaning as polars'

    def counts(self, words: str) -> bool:
        return self.unless is None or not self.unless.search(words)


@dataclass(frozen=True)
class Coded:
    label: str  # engagement, involvement, informing, parents_views or none
    learning_link: bool
    triggers: tuple[str, ...]  # "label: matched words" and "model, label 0.82: n-grams"
    rule_label: str  # what the phrase rules alone say
    model_label: str | None  # what the classifier says (None: not asked, no parents)
    model_share: float | None  # the classifier's probability for its label
    uncertain: bool  # rules and classifier disagree: for an adviser to review
    learning_words: bool  # the unit names pupils' learning or outcomes

    @property
    def explanation(self) -> str:
        return "; ".join(self.triggers) if self.triggers else "no rule matched"


def normalise(text: str) -> str:
    """Straight quotes and single spaces: what the rules, the classifier and the hash see."""
    return " ".join(text.translate(_QUOTES).split())


def sentence_hash(text: str) -> str:
    """A short, stable name for a sentence or point, for an adviser's correction to cite."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:12]


def polars_pattern(pattern: str) -> str:
    """A rule as polars runs it: case-insensitive, with \\w, \\W and \\b on ASCII letters and
    digits (the text is straightened first). Unicode word classes would make the search about
    five times slower, and reports are in English."""
    ascii_only = (
        pattern.replace(r"\w", "[0-9A-Za-z_]")
        .replace(r"\W", "[^0-9A-Za-z_]")
        .replace(r"\b", r"(?-u:\b)")
    )
    return f"(?i){ascii_only}"


def _compile_check(pattern: str) -> str | None:
    """Why polars' regular expressions (which the rules run on) refuse a pattern, if they do."""
    try:
        pl.Series([""]).str.contains(polars_pattern(pattern))
    except pl.exceptions.PolarsError as error:
        return str(error).strip().splitlines()[-1]
    return None


@cache
def rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """The phrase rules. Bad rules fail loudly, naming the file, line and column."""
    loaded = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):

            def bad(column: str, reason: str, line: int = line) -> ValueError:
                return ValueError(f"{path.name}, line {line}, column '{column}': {reason}")

            label = (row.get("label") or "").strip()
            if label not in RULE_KINDS:
                raise bad(
                    "label", f"unknown label {label!r} (expected one of: {', '.join(RULE_KINDS)})"
                )
            scope = (row.get("scope") or "parents").strip()
            if scope not in SCOPES:
                raise bad(
                    "scope", f"unknown scope {scope!r} (expected one of: {', '.join(SCOPES)})"
                )
            pattern = row.get("pattern") or ""
            if not pattern.strip():
                raise bad("pattern", "empty pattern")
            if problem := _compile_check(pattern):
                raise bad("pattern", problem)
            unless = None
            if (row.get("unless") or "").strip():
                try:
                    unless = re.compile(row["unless"], re.IGNORECASE)
                except re.error as error:
                    raise bad("unless", str(error)) from error
            why = (row.get("why") or "").strip()
            compiled = re.compile(pattern, re.IGNORECASE | re.ASCII)
            loaded.append(Rule(label, pattern, why, scope, unless, line, compiled))
    return tuple(loaded)


@dataclass(frozen=True)
class RuleResult:
    label: str
    found: dict[str, list[str]]  # label -> the words each matching rule matched
    about_parents: bool  # the unit mentions parents, or an every-unit rule matched
    standard_text: bool  # a "none" rule matched: text that is not about the school's parents


POLARS_FROM = 100  # units: below this, compiling the patterns in polars costs more than it saves


def _results(found: list[dict[str, list[str]]], mentions, any_scope: list[bool]) -> list:  # noqa: ANN001
    results = []
    for row, words in enumerate(found):
        standard = "none" in words
        label = "none" if standard else next((lb for lb in LABELS if lb in words), "none")
        results.append(RuleResult(label, words, bool(mentions[row]) or any_scope[row], standard))
    return results


def _apply_rules_python(texts: list[str], loaded: tuple[Rule, ...]) -> list[RuleResult]:
    """The rules for a few units (one report), by Python's re: the same matches as polars."""
    found: list[dict[str, list[str]]] = [{} for _ in texts]
    any_scope = [False] * len(texts)
    normalised = [normalise(t) for t in texts]
    mentions = [bool(MENTIONS_PARENTS_ASCII.search(t)) for t in normalised]
    for row, text in enumerate(normalised):
        for rule in loaded:
            if rule.scope == "parents" and not mentions[row]:
                continue
            kept = [m.group(0) for m in rule.compiled.finditer(text) if rule.counts(m.group(0))]
            if kept:
                found[row].setdefault(rule.label, []).append(kept[0])
                if rule.scope == "any" and rule.label != "learning_link":
                    any_scope[row] = True
    return _results(found, mentions, any_scope)


def apply_rules_many(texts: list[str], path: Path = RULES_FILE) -> list[RuleResult]:
    """The phrase rules alone, for many units at once (run by polars, in parallel): for each,
    the label of highest precedence that matched, and the words that matched.

    Which rules match is found for every unit at once; the matched words (a slower search) only
    for the units a rule matched. A few units (one report) go through Python's re instead, with
    the same meaning (tests/test_coder.py checks the two agree)."""
    loaded = rules(path)
    if len(texts) < POLARS_FROM:
        return _apply_rules_python(texts, loaded)
    text = pl.Series("text", [normalise(t) for t in texts], dtype=pl.String)
    patterns = [polars_pattern(rule.pattern) for rule in loaded]
    hits = pl.DataFrame([text]).select(
        pl.col("text").str.contains(polars_pattern(MENTIONS_PARENTS.pattern)).alias("mentions"),
        *(pl.col("text").str.contains(p).alias(str(n)) for n, p in enumerate(patterns)),
    )
    mentions = hits["mentions"].to_numpy()
    found: list[dict[str, list[str]]] = [{} for _ in texts]
    any_scope = [False] * len(texts)
    for number, rule in enumerate(loaded):
        matched = hits[str(number)].to_numpy()
        if rule.scope == "parents":
            matched = matched & mentions
        rows = np.flatnonzero(matched)
        if not rows.size:
            continue
        extracted = text.gather(rows).str.extract_all(patterns[number]).to_list()
        for row, words in zip(rows.tolist(), extracted, strict=True):
            kept = [w for w in words if rule.counts(w)]
            if not kept:
                continue
            found[row].setdefault(rule.label, []).append(kept[0])
            if rule.scope == "any" and rule.label != "learning_link":
                any_scope[row] = True
    return _results(found, mentions, any_scope)


def apply_rules(text: str, path: Path = RULES_FILE) -> RuleResult:
    """The phrase rules alone, for one unit."""
    return apply_rules_many([text], path)[0]


TRIGGER_WORDS = {**CODE_WORDS, "none": "Standard text, not about this school's parents"}


def _rule_triggers(result: RuleResult) -> list[str]:
    """'Engagement: help their children with reading', in words a reader knows."""
    shown = ("none",) if result.standard_text else LABELS
    return [
        f"{TRIGGER_WORDS[label]}: {', '.join(dict.fromkeys(words))}"
        for label in shown
        if (words := result.found.get(label))
    ]


def _decide(result: RuleResult, model_label: str | None, share: float | None) -> tuple[str, bool]:
    """Rules decide when they match; the classifier labels what they missed, when sure. Returns
    the label and whether rules and classifier disagree."""
    if model_label is None:  # not about parents, or standard text: the classifier is not asked
        return result.label, False
    if result.label != "none":
        label = result.label
    elif share >= MODEL_MIN_SHARE:
        label = model_label
    else:
        label = "none"
    return label, model_label != result.label


def code(text: str, path: Path = RULES_FILE) -> Coded:
    """Label one improvement point or sentence, showing the words behind the label."""
    return code_many([text], path)[0]


def code_many(texts: Iterable[str], path: Path = RULES_FILE) -> list[Coded]:
    """Label many units at once (rules run by polars, the classifier in one batch); repeated
    texts are coded once."""
    from etl.coding import model  # scikit-learn is imported only when something is coded

    texts = list(texts)
    unique = list(dict.fromkeys(texts))
    results = apply_rules_many(unique, path)
    asked = [i for i, r in enumerate(results) if r.about_parents and not r.standard_text]
    scores = model.score([unique[i] for i in asked]) if asked else None
    row_of = {index: row for row, index in enumerate(asked)}
    decided = []
    for i, result in enumerate(results):
        row = row_of.get(i)
        model_label = None if row is None else scores.label(row)
        share = None if row is None else scores.share(row)
        decided.append((model_label, share, *_decide(result, model_label, share)))
    # the classifier decided, or disagrees with the rules: show its reasons
    shown = (
        scores.explanations([row_of[i] for i, d in enumerate(decided) if d[3]]) if scores else {}
    )
    coded = {}
    for i, (text, result) in enumerate(zip(unique, results, strict=True)):
        model_label, share, label, uncertain = decided[i]
        triggers = _rule_triggers(result)
        if uncertain:
            triggers.append(shown[row_of[i]])
        learning_words = "learning_link" in result.found
        coded[text] = Coded(
            label,
            learning_words and label == "engagement",
            tuple(triggers),
            result.label,
            model_label,
            share,
            uncertain,
            learning_words,
        )
    return [coded[text] for text in texts]


def mentions_parents(text: str) -> bool:
    return bool(MENTIONS_PARENTS.search(text))
