"""An adviser's words everywhere (issue 20, item 7): every text a page shows (headings, prose,
captions, labels, tooltips, metric help, table headers, cells and column tooltips, chart titles
and tooltips) is free of the banned words of tests/banned_words.py, and no table cell reads
"None" or "nan" for an empty value."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict

from lens.app.pages import PAGE_FILES
from tests.banned_words import banned_in, empty_word
from tests.conftest import start

PAGES = list(PAGE_FILES)
# proto fields that hold identities, data or styling, not words a person reads
NOT_WORDS = {
    "id",
    "formId",
    "key",
    "dataframeKey",
    "data",
    "arrowData",
    "styles",
    "icon",
    "url",
    "pageScriptHash",
    "pageName",
    "urlPath",
    "fragmentId",
    "deltaPath",
    "useContainerWidth",
    "selectionMode",
    "vegaLiteTheme",
    "datasets",
    "cssId",
    "widthConfig",
    "heightConfig",
    "placeholder",  # checked apart: it must be the dash
    "queryParamKey",  # the page address's keys
}
# Data as published, not words of ours: file names as downloaded, a file's own headers and values
AS_PUBLISHED = {"File", "Column", "Value"}
PUBLISHED_FILE = re.compile(r"^[\w .()&,'-]+\.(?:csv|xlsx|xls|ods|txt|pdf)$", re.IGNORECASE)


def _strings(value: object, where: str) -> list[tuple[str, str]]:
    """Every string in a proto turned dict, with where it was found."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in NOT_WORDS:
                continue
            if key in ("spec", "columns") and isinstance(inner, str):
                found += _strings(_json(inner), f"{where}.{key}")
            else:
                found += _strings(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for inner in value:
            found += _strings(inner, where)
    elif isinstance(value, str) and not PUBLISHED_FILE.match(value):
        found.append((where, value))
    return found


def _json(text: str) -> object:
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    if isinstance(parsed, dict):  # a chart's data fields and encodings are names, not words
        return _chart_words(parsed) if ("mark" in parsed or "layer" in parsed) else parsed
    return parsed


def _chart_words(spec: dict) -> list[str]:
    """The words a chart shows: its titles, axis and legend titles and tooltip titles."""
    words = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, inner in node.items():
                if key == "title" and isinstance(inner, str | list):
                    words.extend([inner] if isinstance(inner, str) else inner)
                elif key == "tooltip" and isinstance(inner, list):
                    words.extend(t.get("title") or t.get("field", "") for t in inner)
                else:
                    walk(inner)
        elif isinstance(node, list):
            for inner in node:
                walk(inner)

    walk(spec)
    return words


def page_words(at) -> list[tuple[str, str]]:  # noqa: ANN001 - an AppTest
    """(where, text) for everything a person can read on the page, tables' cells included."""
    found = []
    for node in [*at.main, *at.sidebar]:  # the data page's table documentation too
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        found += _strings(MessageToDict(proto), node.__class__.__name__)
        if node.__class__.__name__ == "Dataframe":
            frame = node.value
            found += [("table header", str(c)) for c in frame.columns]
            for name in frame.columns:
                if frame[name].dtype == object and name not in AS_PUBLISHED:
                    found += [(f"cell of {name}", str(v)) for v in frame[name].dropna().unique()]
    return found


def _problems(at) -> list[str]:  # noqa: ANN001
    problems = []
    for where, text in page_words(at):
        problems += [f"{where}: {hit} in {text[:90]!r}" for hit in banned_in(text)]
    for frame in (df for df in at.dataframe):
        placeholder = frame.proto.placeholder if frame.proto.HasField("placeholder") else None
        if placeholder != "\u2013":
            problems.append(f"a table shows empty cells as {placeholder!r}, not '\u2013'")
        for name in frame.value.columns:
            cells = frame.value[name].dropna().unique() if frame.value[name].dtype == object else []
            problems += [f"cell of {name}: {cell!r}" for cell in cells if empty_word(cell)]
    return sorted(set(problems))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("where", ["England (all local authorities)", "Leeds (383)"])
def test_every_page_speaks_an_advisers_words(app_env, page, where):
    query = {"la": where}
    if page == "pages/school.py":  # a school in view: the profile's own words too
        query["urn"] = str(_first_urn(app_env))
    at = start(**query)
    at.switch_page(page).run()
    assert not at.exception
    problems = _problems(at)
    assert not problems, "\n".join(problems)


def _first_urn(warehouse) -> int:  # noqa: ANN001
    from lens.data.warehouse import open_read_only

    return (
        open_read_only(warehouse)
        .execute(
            "select urn from school_summaries where pct_happy is not null "
            "and report_on is not null order by urn limit 1"
        )
        .fetchone()[0]
    )


def test_the_readme_calls_parents_satisfaction_what_the_pages_call_it():
    """The Overview and Explore pages said '% happy' for the figure the Satisfaction page and
    the profile call '% satisfied' (strongly agree or agree of those giving a view, "My child is
    happy at this school"); the README's page descriptions and points to discuss said it too."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert re.findall(r"(?i)%\s*(?:of parents\s+)?happy\b", readme) == []
    assert "% satisfied in the bottom 10% of similar schools" in readme
