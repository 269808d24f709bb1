"""Every table on every page has its own CSV and Excel buttons under it (lens/present/ui.py), every
page and every file says how current its data are, and Streamlit's own toolbar download, which
would write the internal link column without the demonstration label or formula escaping, is off."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from lens.app.pages import PAGE_FILES
from lens.data.warehouse import open_read_only
from tests.conftest import start

ROOT = Path(__file__).resolve().parent.parent


def _in_order(node):  # noqa: ANN001, ANN202 - an AppTest element tree
    """The page's elements in the order they are drawn (blocks walked depth first)."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for key in sorted(children):
        yield from _in_order(children[key])


def _tables_without_buttons(at) -> list[str]:  # noqa: ANN001
    """Each table (by its first columns) not followed by a CSV and an Excel button before the
    next table."""
    missing, table, labels = [], None, []
    for element in [*_in_order(at.main), None]:
        kind = getattr(element, "type", None)
        if kind == "download_button":
            labels.append(element.proto.label)
        if kind == "dataframe" or element is None:
            csv = any(label.startswith("CSV: ") for label in labels)
            excel = any(label.startswith("Excel: ") for label in labels)
            if table is not None and not (csv and excel):
                missing.append(table)
            table = None if element is None else str(list(element.value.columns)[:3])
            labels = []
    return missing


def _pairs_alike_when_cut_short(at, shown: int = 12) -> list[str]:  # noqa: ANN001
    """The table downloads whose CSV and Excel buttons read the same in their first `shown`
    characters, all a narrow column may show ('Download latest graded inspec…' twice): each
    label must say its format first, and a screen reader hears the two apart."""
    labels = [b.proto.label for b in at.get("download_button")]
    tables = [label for label in labels if not label.endswith("(PDF)")]
    alike = [label for label in tables if not label.startswith(("CSV: ", "Excel: "))]
    for label in tables:
        if label.startswith("CSV: "):
            excel = "Excel: " + label.removeprefix("CSV: ")
            if excel not in tables or excel[:shown] == label[:shown]:
                alike.append(label)
    return alike


@pytest.fixture
def rich_urn(app_env) -> int:
    """A school with a predecessor and Parent View results: most of the profile's tables."""
    con = open_read_only(app_env)
    return con.execute(
        "select s.urn from school_summaries s join school_predecessors p using (urn) "
        "where s.pct_happy is not null order by s.urn limit 1"
    ).fetchone()[0]


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_every_table_has_csv_and_excel_buttons_and_the_page_is_dated(app_env, rich_urn, page):
    at = start(urn=str(rich_urn)) if page == "pages/school.py" else start()
    at.switch_page(page).run()
    assert not at.exception
    if page == "pages/accessibility.py":  # words only: no table, so no download
        assert not at.dataframe and not at.get("download_button")
        return
    assert at.dataframe, "the page drew no table to check"
    assert _tables_without_buttons(at) == []
    assert _pairs_alike_when_cut_short(at) == []
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Data as at: ") for c in captions), captions[:3]


def test_every_file_names_the_day_its_data_were_updated_and_the_sources_dates(app_env):
    from lens.present import ui

    con = open_read_only(app_env)
    built = con.execute("select built_at from build_info").fetchone()[0]
    sources = con.execute("select count(distinct layout_id) from load_log").fetchone()[0]
    assert ui.file_stem("Gap list, Leeds") == f"gap-list-leeds-data-updated-{built:%Y-%m-%d}"
    about = ui.dated_about({"Selection": "Leeds"})
    assert about["Selection"] == "Leeds"  # the table's own lines first
    dated = {k: v for k, v in about.items() if k.startswith("Data as at: ")}
    assert 0 < len(dated) <= sources
    assert "Data as at: Parent View" in dated
    for value in dated.values():  # "31 October 2026", as on screen, never an ISO date
        assert value == "date not stated" or dt.datetime.strptime(value, "%d %B %Y")
    assert about["Data last updated"] == f"{built:%-d %B %Y %H:%M} UTC"


def test_streamlits_own_table_download_is_turned_off():
    """Streamlit 1.67's `client.disableDataExport` hides the dataframe toolbar's 'Download as CSV'
    (and its copy to the clipboard, which carries the same unescaped cells): the only files are
    the page's own buttons, labelled and safe against formula injection."""
    from streamlit import config

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["disableDataExport"] is True
    assert config.get_option("client.disableDataExport") is not None  # a real option here


def test_an_las_files_carry_its_name(app_env, downloads):
    """Two LAs' downloads never share a name: each LA-scoped file and the LA pack start with the
    LA's name ('leeds-parent-view-questions-…', 'leeds-briefing-pack.pdf'), while a table that is
    the same for every LA (what is loaded) does not."""
    from lens.present.ui import slug

    con = open_read_only(app_env)
    names = {}
    for code, name in con.execute(
        "select la_code, any_value(la_name) from schools group by 1 order by count(*) desc limit 2"
    ).fetchall():
        at = start(la=f"{name} ({code})")
        downloads.clear()
        at.switch_page("pages/parent_view.py").run()
        assert not at.exception
        files = {kwargs["file_name"] for kwargs in downloads.values()}
        assert files and all(f.startswith(f"{slug(name)}-") for f in files), files
        names[name] = files
        downloads.clear()
        at.switch_page("pages/home.py").run()
        files = {kwargs["file_name"] for kwargs in downloads.values()}
        assert f"{slug(name)}-briefing-pack.pdf" in files
        assert any(f.startswith("what-is-loaded-") for f in files)  # the same for every LA
    first, second = names.values()
    assert not first & second
