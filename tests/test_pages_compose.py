"""Pages only compose: each file in pages/ is its docstring, the selection line, its title and
intro, and calls to its sections (lens/sections/<page>.py), with at most an
`if` around them. A query, a rule, a loop or a widget written into a page fails here, naming the
line; it belongs in a section or in lens/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").glob("*.py"))
SECTIONS = sorted((ROOT / "lens" / "sections").glob("*.py"))

PAGE_TEXT = {"title", "markdown", "caption", "info", "stop"}  # st.* a page may call itself
ALLOWED_IMPORTS = {  # module: the names a page may import from it (None: any)
    "__future__": None,
    "streamlit": None,
    "lens.app.filters": {"Selection", "current_selection"},
    "lens.present.ui": {"md"},  # a title may name the selection, escaped
}


def _imports_sections(node: ast.ImportFrom) -> bool:
    """`from lens.sections import <page>`."""
    return node.module == "lens.sections"


def _problems(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    sections = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and _imports_sections(node)
        for alias in node.names
    }
    problems: list[str] = []
    name = str(path.relative_to(root))

    def where(node: ast.AST) -> str:
        return f"{name}:{node.lineno}"

    def is_section_call(call: ast.expr) -> bool:
        return (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in sections
        )

    def is_page_text(call: ast.expr) -> bool:
        return (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "st"
            and call.func.attr in PAGE_TEXT
        )

    def is_selection_line(call: ast.expr) -> bool:
        return (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "current_selection"
            and not call.args
            and not call.keywords
        )

    def check_arguments(call: ast.Call) -> None:
        """Inside a call's arguments only md(...) and the selection's own methods are called."""
        for argument in [*call.args, *(k.value for k in call.keywords)]:
            for inner in ast.walk(argument):
                if not isinstance(inner, ast.Call):
                    continue
                func = inner.func
                if isinstance(func, ast.Name) and func.id == "md":
                    continue
                if (
                    isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "selection"
                ):
                    continue
                problems.append(f"{where(inner)}: works something out ({ast.unparse(inner)})")

    def check(statements: list[ast.stmt], top: bool) -> None:
        for node in statements:
            if top and isinstance(node, ast.ImportFrom):
                allowed = ALLOWED_IMPORTS.get(node.module, ())
                if _imports_sections(node):
                    continue
                names = {a.name for a in node.names}
                if allowed is None or (allowed and names <= allowed):
                    continue
                problems.append(f"{where(node)}: imports {ast.unparse(node)}")
            elif top and isinstance(node, ast.Import):
                if {a.name for a in node.names} <= {"streamlit"}:
                    continue
                problems.append(f"{where(node)}: imports {ast.unparse(node)}")
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # the docstring
            elif isinstance(node, ast.Expr) and (
                is_section_call(node.value)
                or is_page_text(node.value)
                or is_selection_line(node.value)
            ):
                check_arguments(node.value)
            elif isinstance(node, ast.Assign | ast.AnnAssign) and (
                is_section_call(node.value) or is_selection_line(node.value)
            ):
                check_arguments(node.value)
            elif isinstance(node, ast.If):
                if any(
                    isinstance(n, ast.Call) and not is_section_call(n) for n in ast.walk(node.test)
                ):
                    problems.append(f"{where(node)}: the condition works something out")
                check(node.body, top=False)
                check(node.orelse, top=False)
            else:
                problems.append(f"{where(node)}: not a section call ({ast.unparse(node)[:60]})")

    check(tree.body, top=True)
    if not any(is_selection_line(n) for n in ast.walk(tree)):
        problems.append(f"{name}: no current_selection() (lens/app/routing.py)")
    if not sections:
        problems.append(f"{name}: calls no sections")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_each_page_is_a_list_of_sections(page):
    assert _problems(page) == []


def test_a_page_that_works_something_out_fails(tmp_path):
    """The check itself: a page importing the query layer, asking it and looping is caught."""
    page = tmp_path / "pages" / "bad.py"
    page.parent.mkdir()
    page.write_text(
        '"""A page that does too much."""\n'
        "import streamlit as st\n"
        "from lens.app.filters import current_selection\n"
        "from lens.data.queries import ask\n"
        "from lens.sections import home\n"
        "selection = current_selection()\n"
        "rows = ask('load_log')\n"
        "for row in rows.iter_rows():\n"
        "    st.write(row)\n"
        "st.markdown(f'{rows.height} files')\n"
        "if rows.height > 10:\n"
        "    home.what_is_loaded()\n"
    )
    problems = _problems(page, root=tmp_path)
    assert [p.split(": ", 1)[0] for p in problems] == [
        "pages/bad.py:4",  # the import of the query layer
        "pages/bad.py:7",  # the query
        "pages/bad.py:8",  # the loop
    ]


@pytest.mark.parametrize("module", SECTIONS, ids=lambda p: p.name)
def test_every_section_says_why(module):
    """Each public section function has a docstring (the style guide's one line that says why)."""
    tree = ast.parse(module.read_text())
    undocumented = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and ast.get_docstring(node) is None
    ]
    assert undocumented == []
