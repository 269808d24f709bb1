"""One list of pages (lens/app/pages.py): the router's menu, the tests that visit every page, the
benchmarks and the README all read it, and here it is held to the files. A page file with no
entry, an entry with no file, a section module no page uses, or a README without the page fails,
so a new page cannot silently drop out of the scope and hostile-input tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lens.app.pages import PAGE_FILES, PAGES, page_for

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_file_is_registered_and_every_entry_has_its_file():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    assert sorted(PAGE_FILES) == files


def test_one_default_page_and_one_address_each():
    assert [p.file for p in PAGES if p.is_default] == ["pages/home.py"]
    paths = [p.url_path for p in PAGES]
    assert len(set(paths)) == len(paths)
    assert all(re.fullmatch(r"[a-z-]*", path) for path in paths)


def _section_imports(page_file: str) -> set[str]:
    tree = ast.parse((ROOT / page_file).read_text())
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "lens.sections"
        for alias in node.names
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_each_page_calls_the_sections_it_is_registered_with(page):
    assert _section_imports(page.file) == set(page.sections)
    for name in page.sections:
        assert (ROOT / "lens" / "sections" / f"{name}.py").is_file()


def test_every_section_module_belongs_to_one_page():
    modules = sorted(p.stem for p in (ROOT / "lens" / "sections").glob("*.py"))
    owned = sorted(name for page in PAGES for name in page.sections)
    assert owned == [m for m in modules if m != "__init__"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_each_page_heading_is_the_registered_one(page):
    """The heading the browser tests look for is the page's own st.title."""
    tree = ast.parse((ROOT / page.file).read_text())
    titles = [
        node.args[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.title" and node.args
    ]
    assert titles, f"{page.file} has no st.title"
    first = titles[0]
    text = (
        first.value
        if isinstance(first, ast.Constant)
        else "".join(v.value for v in first.values if isinstance(v, ast.Constant))
    )
    assert text.startswith(page.heading)


def test_the_readme_describes_every_page_in_menu_order():
    readme = (ROOT / "README.md").read_text()
    pages = readme.split("\n## The pages", 1)[1].split("\n## ", 1)[0]
    described = re.findall(r"^- \*\*(.+?)\*\*", pages, re.MULTILINE)
    assert described == [p.title for p in PAGES]


def test_page_for_finds_an_entry():
    assert page_for("pages/school.py").address == "/school?urn=900001"
