"""Every page in its states, drawn by AppTest on the small demo and written down element by
element, so a refactor can show that it changed no screen: run it before and after, then diff.

    python -m tests.render_snapshot build /tmp/snap/before    # the small demo, this checkout's ETL
    python -m tests.render_snapshot draw /tmp/snap/before      # -> /tmp/snap/before/pages.json
    python -m tests.render_snapshot diff /tmp/snap/before /tmp/snap/after

Each element is its proto as a dict (ids, which hash the code's own names, left out), every table
as CSV, every download's bytes as a hash (Excel's zip dates left out), and every string with the
build's time taken out, so two builds of the same files compare equal.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import zipfile
import zlib
from pathlib import Path

from lens.app.pages import PAGE_FILES
from tests.conftest import ROOT, SMALL_DEMO_SCHOOLS

LEEDS = "Leeds (383)"
ENGLAND = "England (all local authorities)"
# (name, page, address): the pages in their states, as an adviser opens them
STATES = [
    ("home default", "pages/home.py", {}),
    ("home England", "pages/home.py", {"la": ENGLAND}),
    ("home Leeds primary", "pages/home.py", {"la": LEEDS, "phase": "Primary"}),
    ("satisfaction default", "pages/satisfaction.py", {}),
    ("satisfaction England", "pages/satisfaction.py", {"la": ENGLAND}),
    ("satisfaction one", "pages/satisfaction.py", {"gap_mode": "One source against one judgement"}),
    ("satisfaction unadjusted", "pages/satisfaction.py", {"la": ENGLAND, "gap_unadjusted": "true"}),
    ("parent view default", "pages/parent_view.py", {}),
    ("parent view England", "pages/parent_view.py", {"la": ENGLAND}),
    ("engagement default", "pages/engagement.py", {}),
    ("engagement England", "pages/engagement.py", {"la": ENGLAND}),
    ("school none", "pages/school.py", {}),
    ("school chosen", "pages/school.py", {"urn": "FIRST_URN"}),
    ("school unknown", "pages/school.py", {"urn": "12"}),
    ("explore default", "pages/explore.py", {}),
    (
        "explore England gap",
        "pages/explore.py",
        {"la": ENGLAND, "gap": "On the gap list (either side)"},
    ),
    ("explore flagged", "pages/explore.py", {"flag": "Flagged (any flag)", "sort": "Name"}),
    ("data quality default", "pages/data_quality.py", {}),
    ("data quality England", "pages/data_quality.py", {"la": ENGLAND}),
]
MISSING = set(PAGE_FILES) - {page for _, page, _ in STATES}
assert not MISSING, f"every page in the registry has a state here: {MISSING}"
VOLATILE_KEYS = {"id", "formId", "fragmentId", "deltaPath", "pageScriptHash"}
BUILT = re.compile(r"(?:Warehouse built|Data last updated|built on|Built)[^.\n\"]*")
MEDIA = re.compile(r"/media/[0-9a-f]+\.\w+")


def build(target: Path) -> None:
    """The small demo (as the tests' session fixture builds it) in `target`."""
    from etl.build import build_warehouse
    from etl.demo.generate import write_demo

    target.mkdir(parents=True, exist_ok=True)
    write_demo(target / "files", schools=SMALL_DEMO_SCHOOLS, seed=7, progress=lambda _: None)
    build_warehouse(
        target / "files", target / "warehouse.duckdb", is_demo=True, progress=lambda _: None
    )


def _clean(value: object) -> object:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in sorted(value.items()) if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return MEDIA.sub("/media/<file>", BUILT.sub("<built>", value))
    return value


def _content_hash(data: bytes) -> str:
    """A download's bytes, with a workbook's zip dates, a PDF's compression and dates and each
    build's time left out."""
    if data[:4] == b"%PDF":
        parts = []
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
            try:
                parts.append(zlib.decompress(stream))
            except zlib.error:
                parts.append(stream)
        data = b"\n".join(parts)
    elif data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = [
                (name, re.sub(rb"<dcterms:\w+[^>]*>[^<]*</dcterms:\w+>", b"", book.read(name)))
                for name in sorted(book.namelist())
            ]
        data = repr(parts).encode()
    return hashlib.sha256(BUILT.sub("<built>", data.decode("latin-1")).encode()).hexdigest()[:16]


def _node(node) -> dict:  # noqa: ANN001 - an AppTest element or block
    from google.protobuf.json_format import MessageToDict

    out: dict = {"kind": node.__class__.__name__}
    proto = getattr(node, "proto", None)
    if proto is not None:
        out["proto"] = _clean(MessageToDict(proto))
    if out["kind"] == "Dataframe":
        out["proto"].pop("arrowData", None)  # its rows, as CSV below
        out["csv"] = _clean(node.value.to_csv(index=False))
    if out.get("proto", {}).get("deferredFileId"):
        out["content"] = _deferred(out["proto"].pop("deferredFileId"))
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        out["children"] = [_node(children[k]) for k in sorted(children)]
    return out


DEFERRED: dict[str, object] = {}  # a download made when clicked: its maker, by placeholder id


def _record_deferred() -> None:
    """Keep each download's maker, to make its bytes once the page is drawn."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    add = MediaFileManager.add_deferred

    def recorded(self, make, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        file_id = add(self, make, *args, **kwargs)
        DEFERRED[file_id] = make
        return file_id

    MediaFileManager.add_deferred = recorded


def _deferred(file_id: str) -> str:
    make = DEFERRED.get(file_id)
    if make is None:
        return "no maker recorded"
    try:
        data = make()
    except Exception as problem:  # noqa: BLE001 - written down, so a change shows
        return f"failed: {type(problem).__name__}: {problem}"
    return _content_hash(data if isinstance(data, bytes) else str(data).encode())


def draw(base: Path) -> None:
    """Every state of STATES drawn on `base`/warehouse.duckdb, into `base`/pages.json."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    warehouse = base / "warehouse.duckdb"
    os.environ["LENS_WAREHOUSE_PATH"] = str(warehouse)
    os.environ["LENS_RAISE_PAGE_ERRORS"] = "1"
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        first_urn = con.execute(
            "select urn from school_summaries where pct_happy is not null "
            "and report_on is not null order by urn limit 1"
        ).fetchone()[0]
    _record_deferred()
    drawn = {}
    for name, page, address in STATES:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        for key, value in address.items():
            at.query_params[key] = str(first_urn) if value == "FIRST_URN" else value
        at.run()
        at.switch_page(page).run()
        drawn[name] = {
            "exception": [str(e.value) for e in at.exception],
            "main": _node(at._tree[0]),  # noqa: SLF001
            "sidebar": _node(at._tree[1]),  # noqa: SLF001
        }
        print(name, "drawn", file=sys.stderr)
    (base / "pages.json").write_text(json.dumps(drawn, indent=1, sort_keys=True))


def diff(before: Path, after: Path) -> int:
    """Print each state whose drawing differs, with the first differing lines; 1 if any."""
    import difflib

    old = json.loads((before / "pages.json").read_text())
    new = json.loads((after / "pages.json").read_text())
    differing = 0
    for name in sorted(set(old) | set(new)):
        a = [line[:240] for line in json.dumps(old.get(name), indent=1).splitlines()]
        b = [line[:240] for line in json.dumps(new.get(name), indent=1).splitlines()]
        if a != b:
            differing += 1
            print(f"--- {name} differs")
            print("\n".join(list(difflib.unified_diff(a, b, lineterm="", n=2))[:60]))
    print(f"{len(old)} states before, {len(new)} after, {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    if command == "build":
        build(Path(paths[0]))
    elif command == "draw":
        draw(Path(paths[0]))
    elif command == "diff":
        sys.exit(diff(Path(paths[0]), Path(paths[1])))
    else:
        sys.exit(__doc__)
