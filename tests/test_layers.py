"""lens/ in rooms: each sub-package is a layer, and a module imports only its own layer and those
below it, never one above, and no module imports itself back through others (a cycle). Imports
inside functions count: a late import is still a dependency. Read with the standard library's ast,
the way tests/test_pages_compose.py reads the pages. And no lens file is over 500 lines, except
declarative data, named here with why."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LENS = ROOT / "lens"
# lowest first: a module may import its own layer and those before it
LAYERS = (
    "auth",  # who may see what: sign-in settings and each person's LA scope
    "data",  # the warehouse, its queries, the scoped connection, the query layer
    "rules",  # the gap list's choices and words, a school's profile, the coder's errors
    "present",  # column words, charts, tables and downloads, exports, PDF packs
    "app",  # the page registry, routing, first run, the shared filters, the sign-in screens
    "sections",  # each page's sections, lens/sections/<page>.py
    "entry",  # lens/serve.py: the process the image starts
)
MAX_LINES = 500
DECLARATIVE = {  # file: why it may be longer (data, not logic)
    "lens/present/columns.py": "the catalogue of every column a person sees: one entry per column",
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] not in LAYERS:
        return "entry"
    return parts[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(LENS.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """The lens modules a file imports, anywhere in it (a name imported from a package is the
    submodule when there is one)."""
    found: set[str] = set()
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                found.add(whole if whole in MODULES else base)
    return {name for name in found if name in MODULES and name != "lens"}


GRAPH = {name: imported(path) for name, path in MODULES.items()}


def test_every_lens_module_is_in_a_layer():
    strays = [n for n in MODULES if layer_of(n) == "entry" and n not in ("lens", "lens.serve")]
    assert not strays, f"modules outside every layer (put each in one of {LAYERS}): {strays}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module):
    mine = LAYERS.index(layer_of(module))
    above = sorted(n for n in GRAPH[module] if LAYERS.index(layer_of(n)) > mine)
    assert not above, (
        f"{module} ({layer_of(module)}) imports {above} from a layer above it: move the shared "
        "part down, or pass the value in"
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module, or of one importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for after in sorted(graph[node]):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle():
    """The control: a made-up graph with a cycle of three is found."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_layer_check_reads_late_imports(tmp_path):
    """The control: an import inside a function counts."""
    path = LENS / "data" / "queries.py"
    assert "lens.rules.coder_errors" in imported(path) or "lens.auth.access" in imported(path)


@pytest.mark.parametrize("path", sorted(LENS.rglob("*.py")), ids=lambda p: module_name(p))
def test_no_lens_file_is_over_500_lines_but_declarative_data(path):
    name = str(path.relative_to(ROOT))
    lines = len(path.read_text().splitlines())
    if name in DECLARATIVE:
        return
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it by job (or, if data, say why)"


def test_etl_and_schemas_never_import_lens():
    """The one-way flow: the ETL and the schemas sit below every layer of lens/."""
    for path in [*(ROOT / "etl").rglob("*.py"), *(ROOT / "schemas").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "lens" or n.startswith("lens.") for n in names), path
