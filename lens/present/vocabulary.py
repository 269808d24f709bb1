"""One vocabulary for every column a person sees: on screen, in CSV and Excel files and in the
briefing packs. Each column the warehouse or a query names has a label, a unit and a one-line
description in the catalogue (lens/present/columns.py); here codes become words, shares (0-1)
become percentages, dates stay dates.

`present` is the only way a table reaches a person: it refuses a column the map does not know, so a
database name can never leak onto a screen or into a file (a test runs every page through it).
"""

from __future__ import annotations

import re

import polars as pl

from lens.present.columns import COLUMNS, DOC_WORDS, Column
from lens.rules.words import FLAG_WORDS


class UnknownColumn(KeyError):
    """A column with no entry in the vocabulary: it would reach a reader as a database name."""


def column(name: str) -> Column:
    """The catalogue's entry for column `name`; UnknownColumn when it has none, always (no switch
    turns the refusal off)."""
    try:
        return COLUMNS[name]
    except KeyError:
        raise UnknownColumn(f"column {name!r} has no label in lens/present/columns.py") from None


def _national(text: str, national: str) -> str:
    """A label or word with "England" replaced by what the national figures are called."""
    return text if national == "England" else text.replace("England", national)


def shown_label(name: str, national: str = "England") -> str:
    """The heading `present` gives column `name`."""
    info = column(name)
    return _national(info.label, national) if info.national else info.label


def present(frame: pl.DataFrame, national: str = "England") -> pl.DataFrame:
    """The frame as a reader sees it: labelled columns, words for codes, shares as percentages
    rounded as shown, dates as dates. Raises UnknownColumn for any column without a label.

    `national` is what the national figures are called (lens/data/coverage.py): "England" only when
    the loaded data covers England, so no label or area says England over two regions."""
    exprs = []
    for name in frame.columns:
        info = column(name)
        expr = pl.col(name)
        if name == "geography":
            expr = expr.replace({"England": national})
        if info.words:
            words = {code: _national(word, national) for code, word in info.words.items()}
            expr = expr.replace_strict(words, default=expr.cast(pl.String), return_dtype=pl.String)
        elif info.unit == "share":
            expr = (expr * 100).round(info.decimals)
        elif info.unit in ("pct", "number", "z"):
            expr = expr.round(info.decimals)
        elif info.unit == "flag_list":  # "over_roll, surge" -> words, in the same order
            expr = expr.str.split(", ").list.eval(pl.element().replace(FLAG_WORDS)).list.join("; ")
        elif info.unit == "flag":
            expr = pl.when(expr).then(pl.lit("Yes")).when(~expr).then(pl.lit("No"))
        elif info.unit == "code":
            expr = expr.cast(pl.String)
        elif info.unit == "date" and frame.schema[name] == pl.Datetime:
            expr = expr.dt.date()
        exprs.append(expr.alias(shown_label(name, national)))
    return frame.select(exprs)


def column_config_for(label: str, info: Column):  # noqa: ANN201 - a Streamlit column type
    """How Streamlit should show one column `present` made: its format and meaning."""
    import streamlit as st

    if info.unit in ("share", "pct"):
        return st.column_config.NumberColumn(
            label, help=info.description, format=f"%.{info.decimals}f%%"
        )
    if info.unit in ("number", "z"):
        return st.column_config.NumberColumn(
            label, help=info.description, format=f"%.{info.decimals}f"
        )
    if info.unit in ("count", "months"):
        return st.column_config.NumberColumn(label, help=info.description, format="localized")
    if info.unit == "date":
        return st.column_config.DateColumn(label, help=info.description, format="D MMM YYYY")
    return st.column_config.TextColumn(label, help=info.description)


def column_config(frame: pl.DataFrame, national: str = "England") -> dict:
    """Streamlit column settings for every column of a frame `present` made."""
    labels = {_national(c.label, national) if c.national else c.label: c for c in COLUMNS.values()}
    return {label: column_config_for(label, labels[label]) for label in frame.columns}


_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# a name in the documentation's text: a code value written in backticks, since a one-word code
# reads like a word (`surge`, `uniform`), a file of the project's own (etl/dispersion.py), a
# table's column (schools.urn) or a database name (share_satisfied)
_CODE = r"`(?P<code_name>[a-z][a-z0-9_]*)`"
_PROJECT_FILE = r"\b(?:etl|schemas|lens)/[\w/]+(?:\.\w+)+"
_TABLE_COLUMN = r"\b(?P<table>[a-z][a-z0-9_]*)\.(?P<name>[a-z][a-z0-9_]*)\b"
_IN_TEXT = re.compile(
    f"(?P<code>{_CODE})|(?P<file>{_PROJECT_FILE})|(?P<dotted>{_TABLE_COLUMN})"
    f"|(?P<snake>{_SNAKE.pattern})"
)


def has_plain_name(name: str) -> bool:
    """True when the catalogue has words for `name` (a column, table or code value)."""
    return name in COLUMNS or name in DOC_WORDS


def plain_name(name: str) -> str:
    """A table's, column's or code's name as a person reads it: the column's label where the
    catalogue has one, else the words the pages use for it ('cif_2012' -> '2012-19 framework',
    'pct_agree' -> 'Share who agree (%)'). UnknownColumn for a name with neither: a name is never
    made into words by swapping its underscores for spaces ('Pct agree')."""
    known = COLUMNS.get(name)
    if known is not None:
        return known.label
    if name in DOC_WORDS:  # a table, a code value or an analysts' column, in the pages' words
        return DOC_WORDS[name]
    raise UnknownColumn(
        f"{name!r} has no words in lens/present/columns.py (COLUMNS or DOC_WORDS)"
    ) from None


def _quoted(name: str) -> str:
    return f"\u2018{plain_name(name)}\u2019"


def _in_words(match: re.Match) -> str:
    if match["code"]:
        return _quoted(match["code_name"])
    if match["file"]:
        return "see the project's code"
    if match["dotted"]:
        table, name = match["table"], match["name"]
        if not (has_plain_name(table) and has_plain_name(name)):  # 'e.g.', not a name
            return match.group(0)
        return f"{_quoted(name)} of {_quoted(table)}"
    return _quoted(match["snake"])


def plain_words(text: str | None) -> str | None:
    """Documentation text with every database name in it read as plain words: 'found in
    schools.urn' -> 'found in ‘URN’ of ‘Schools’', a file of the project's own -> 'see the
    project's code'."""
    if text is None:
        return None
    return _IN_TEXT.sub(_in_words, text)


_GRAIN = "one row per "
_ONE_OF = "one of "


def _code_words(code: str) -> str:
    """A code value a check lists, as the pages say it ('surge' -> 'Sudden rise in
    submissions'); a name with underscores must have words, a plain word may stand ('primary')."""
    if code in DOC_WORDS:
        return f"\u2018{DOC_WORDS[code]}\u2019"
    return _quoted(code) if _SNAKE.fullmatch(code) else code


def plain_checks(text: str | None) -> str | None:
    """A column's or table's checks in plain words, the names a table's rows are unique by
    ('one row per urn, family') included: 'one row per ‘URN’, ‘Parents' views’', and the codes a
    column may hold in the words the pages use for them."""
    if text is None:
        return None
    parts = []
    for part in text.split("; "):
        if part.startswith(_GRAIN):
            names = part.removeprefix(_GRAIN).split(", ")
            part = _GRAIN + ", ".join(_quoted(name) for name in names)
        elif part.startswith(_ONE_OF):  # code values: in words where the pages have words
            codes = part.removeprefix(_ONE_OF).split(", ")
            part = _ONE_OF + ", ".join(_code_words(c) for c in codes)
        parts.append(plain_words(part))
    return "; ".join(parts)
