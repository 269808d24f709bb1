"""Codes as words are declared once (lens/rules/words.py): no other file of the dashboard writes
one of those words out again, so changing a word there changes every page, table, chart legend,
filter and pack, and none is left saying the old one. Read with ast: string literals and the
literal parts of f-strings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lens.rules import words

ROOT = Path(__file__).resolve().parent.parent
DECLARED = {  # whole labels; NOT_COMPARED_WORDS are fragments prose may also use
    "DIRECTION_WORDS": words.DIRECTION_WORDS,
    "STATUS_WORDS": words.STATUS_WORDS,
    "GAP_WORDS": words.GAP_WORDS,
    "LEGEND_WORDS": words.LEGEND_WORDS,
    "FLAG_WORDS": words.FLAG_WORDS,
}
WORDS = sorted({w for table in DECLARED.values() for w in table.values()})
CODE = [
    p
    for p in [*(ROOT / "lens").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "dashboard.py"]
    if p != ROOT / "lens" / "rules" / "words.py"
]


def literals(path: Path) -> list[str]:
    """Every string literal in a file, f-strings' literal parts included."""
    return [
        node.value
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_writes_out_a_declared_word_again(path):
    found = [(w, text[:60]) for text in literals(path) for w in WORDS if w in text]
    assert found == [], f"{path.relative_to(ROOT)} writes out words of lens/rules/words.py"


def test_the_check_finds_a_copy(tmp_path):
    """The control: a file writing out a direction word is caught."""
    copy = tmp_path / "copy.py"
    copy.write_text(f'LABEL = f"Below: {{x}} {words.DIRECTION_WORDS["below"]}"\n')
    assert any(words.DIRECTION_WORDS["below"] in text for text in literals(copy))


def test_the_sides_of_the_list_read_the_same_everywhere():
    """The table's, the status's and the filter's words for each side are the direction words."""
    for side in ("above", "below"):
        assert words.DIRECTION_WORDS[side] in words.STATUS_WORDS[side]
        assert words.GAP_WORDS[side] == words.STATUS_WORDS[side]
        assert side in words.LEGEND_WORDS[side]
