"""A transparent coder for what inspection reports say about parents.

Each improvement point, and each sentence that mentions parents, gets one label, following the
definitions of Engagement in Education (2013, lens/rules/citations.py) and the labelling guide
(tests/fixtures/coder_corpus/LABELLING.md):

- **engagement**: parents supporting their own child's learning, at home or with the school,
  including planning and reviewing their own child's support or plan;
- **involvement**: parents taking part in the school's life: attending, visiting, volunteering,
  governance, forums, a working relationship, and the school seeking their views (consultation);
- **informing**: one-way communication from the school;
- **parents_views**: the report recounting what parents think, which is neither engagement nor
  involvement;
- **none**: anything else, including parents mentioned in passing, attendance and welfare work
  with families, and how the inspection was done.

When a unit mixes ideas the first in that order wins, unless the practice is only what parents
think of (guide, case 15). The learning link is true only for engagement that connects parents
with their child's learning.

The phrase rules (parent_phrases.csv: label, pattern, why, scope, unless) find the guide's cases
in general terms and show the words they matched; a "standard" rule marks Ofsted's text in every
report, which is none. A classifier (etl/coding/model.py) weighs what the rules found together
with the words and word pairs, and labels every unit about parents, naming the features that
weighed most. A label it is less than UNCERTAIN_BELOW sure of is *uncertain*, for an adviser to
review; an adviser's correction (data/raw, see README) overrides it on the next build.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from schemas.report_codes import CODE_WORDS, CODES

if TYPE_CHECKING:
    from etl.coding.model import Trained

RULES_FILE = Path(__file__).with_name("parent_phrases.csv")
LABELS = CODES[:-1]  # precedence order: engagement, involvement, informing, parents_views
# "standard": Ofsted's text in every report; "views_opening": the sentence opens with what
# parents think (a practice inside it is only what they think of, LABELLING.md case 15)
RULE_KINDS = (*CODES, "standard", "views_opening", "learning_link")
SCOPES = ("parents", "any")  # a rule applies to units about parents, or to every unit
UNCERTAIN_BELOW = 0.8  # a label the classifier is less sure of is marked uncertain (chosen by CV)
MENTIONS_PARENTS = re.compile(
    r"\b(?:parents?|parental|carers?|famil(?:y|ies)|mothers?|fathers?|mums?|dads?|"
    r"grandparents?|home[- ]school|(?:with|to) home)\b",
    re.IGNORECASE,
)
MENTIONS_PARENTS_ASCII = re.compile(MENTIONS_PARENTS.pattern, re.IGNORECASE | re.ASCII)
# A sentence that opens with a pronoun or a quantifier often goes on about the parents of the
# sentence before ("They appreciate...", "Many comment..."): the rules and the classifier read it
# as about parents too. (The report reader still picks only sentences that name parents.)
CONTINUES = re.compile(
    r"^\W*(?:they|these|another|while (?:many|most|some))\b"
    r"|^\W*(?:many|most|some|several|others) (?:also )?(?:comment|recognise|say|said|feel|felt|"
    r"believe|praise|describe|value|appreciate|told|wrote|agree|spoke)\w*\b"
    r"|^\W*(?:(?:one|a|another) )?(?:typical )?comments?\b",
    re.IGNORECASE | re.ASCII,
)
_QUOTES = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'))


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
    if not text.isascii():  # str.replace is several times faster than str.translate here
        for curly, straight in _QUOTES:
            text = text.replace(curly, straight)
    return " ".join(text.split())


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
    about_parents: bool  # names parents, goes on about them (CONTINUES), or an "any" rule matched
    standard_text: bool  # a "none" rule matched: text that is not about the school's parents


POLARS_FROM = 100  # units: below this, compiling the patterns in polars costs more than it saves


def _results(found: list[dict[str, list[str]]], mentions, any_scope: list[bool]) -> list:  # noqa: ANN001
    results = []
    for row, words in enumerate(found):
        standard = "standard" in words
        label = "none" if standard else next((lb for lb in LABELS if lb in words), "none")
        results.append(RuleResult(label, words, bool(mentions[row]) or any_scope[row], standard))
    return results


def _apply_rules_python(texts: list[str], loaded: tuple[Rule, ...]) -> list[RuleResult]:
    """The rules for a few units (one report), by Python's re: the same matches as polars."""
    found: list[dict[str, list[str]]] = [{} for _ in texts]
    any_scope = [False] * len(texts)
    normalised = [normalise(t) for t in texts]
    mentions = [bool(MENTIONS_PARENTS_ASCII.search(t) or CONTINUES.search(t)) for t in normalised]
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
        (
            pl.col("text").str.contains(polars_pattern(MENTIONS_PARENTS.pattern))
            | pl.col("text").str.contains(polars_pattern(CONTINUES.pattern))
        ).alias("mentions"),
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


TRIGGER_WORDS = {
    **CODE_WORDS,
    "none": "Not about the school's work with parents",
    "standard": "Standard text, not about this school's parents",
    "views_opening": "Opens with what parents think",
}


def _rule_triggers(result: RuleResult) -> list[str]:
    """'Engagement: help their children with reading', in words a reader knows."""
    shown = ("standard",) if result.standard_text else (*CODES, "views_opening")
    return [
        f"{TRIGGER_WORDS[label]}: {', '.join(dict.fromkeys(words))}"
        for label in shown
        if (words := result.found.get(label))
    ]


def _decide(result: RuleResult, model_label: str | None, share: float | None) -> tuple[str, bool]:
    """The classifier decides every unit about parents, weighing the rules' phrases with the
    words; a unit it is less than UNCERTAIN_BELOW sure of is uncertain. Units not about parents,
    and Ofsted's standard text, keep the rules' label (none). Returns the label and whether it is
    uncertain."""
    if model_label is None:  # not about parents, or standard text: the classifier is not asked
        return result.label, False
    return model_label, share < UNCERTAIN_BELOW


def code(text: str, path: Path = RULES_FILE) -> Coded:
    """Label one improvement point or sentence, showing the words behind the label."""
    return code_many([text], path)[0]


def code_many(
    texts: Iterable[str], path: Path = RULES_FILE, classifier: Trained | None = None
) -> list[Coded]:
    """Label many units at once (rules run by polars, the classifier in one batch); repeated
    texts are coded once. `classifier` is the build's (trained from training.csv) unless given,
    as cross-validation gives one trained without the units it codes."""
    from etl.coding import model  # scikit-learn is imported only when something is coded

    texts = list(texts)
    unique = list(dict.fromkeys(texts))
    results = apply_rules_many(unique, path)
    asked = [i for i, r in enumerate(results) if r.about_parents and not r.standard_text]
    scores = (
        model.score(
            [unique[i] for i in asked],
            [results[i].found for i in asked],
            rules_path=path,
            classifier=classifier,
        )
        if asked
        else None
    )
    shown = scores.explanations(list(range(len(asked)))) if scores else {}
    row_of = {index: row for row, index in enumerate(asked)}
    coded = {}
    for i, (text, result) in enumerate(zip(unique, results, strict=True)):
        row = row_of.get(i)
        model_label = None if row is None else scores.label(row)
        share = None if row is None else scores.share(row)
        label, uncertain = _decide(result, model_label, share)
        triggers = ([] if row is None else [shown[row]]) + _rule_triggers(result)
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
