"""The regional copy of the demonstration files a first run loads first (etl/demo/regional.py):
each kept line as the national file has it, the national files unchanged by making it, and each
school of the region with the same figures in the regional warehouse as in the national one (the
line of the file a row came from differs: the regional copy has fewer lines)."""

from __future__ import annotations

import hashlib

import pytest

from etl.build import build_warehouse
from etl.demo.generate import write_demo
from etl.demo.regional import copy_rows, region_of, regional_folder
from lens.warehouse import open_read_only
from tests.conftest import SMALL_DEMO_SCHOOLS

REGION = "Yorkshire and the Humber"


def test_rows_are_copied_byte_for_byte_under_a_title_and_a_byte_order_mark(tmp_path):
    source = tmp_path / "mi.csv"
    source.write_bytes(
        b"\xef\xbb\xbfTitle line as at 31 August 2016\r\n"
        b"Web Link,URN,School name\r\n"
        b'https://x/100001,100001,"Caf\xe9, the school"\r\n'
        b"https://x/100002,100002,Other\r\n"
        b'https://x/100003,"100003",Third\r\n'
    )
    kept = copy_rows(source, tmp_path / "out.csv", frozenset({100001, 100003}))
    assert kept == 2
    assert (tmp_path / "out.csv").read_bytes() == (
        b"\xef\xbb\xbfTitle line as at 31 August 2016\r\n"
        b"Web Link,URN,School name\r\n"
        b'https://x/100001,100001,"Caf\xe9, the school"\r\n'
        b'https://x/100003,"100003",Third\r\n'
    )


def test_an_la_code_that_is_not_an_english_la_has_no_region():
    assert region_of(383) == REGION
    assert region_of(999) is None


@pytest.fixture(scope="module")
def with_region(demo_build, tmp_path_factory):
    """The session's small demo written again with Leeds's region copied beside it."""
    out = tmp_path_factory.mktemp("regional") / "files"
    files, _plan = write_demo(
        out, schools=SMALL_DEMO_SCHOOLS, seed=7, progress=lambda _: None, region=REGION
    )
    return out, files


def test_copying_a_region_leaves_the_national_files_as_they_were(with_region, demo_warehouse):
    out, files = with_region
    national = demo_warehouse.parent / "files"
    for path in files:
        same = national / path.relative_to(out)
        assert (
            hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(same.read_bytes()).digest()
        ), path.name


def test_the_regions_schools_carry_their_national_figures(with_region, demo_warehouse, tmp_path):
    out, _files = with_region
    target = tmp_path / "regional.duckdb"
    build_warehouse(regional_folder(out), target, progress=lambda _: None, partial_region=REGION)
    regional = open_read_only(target.resolve())
    national = open_read_only(demo_warehouse.resolve())
    assert regional.execute("select partial_region from build_info").fetchall() == [(REGION,)]
    assert regional.execute("select distinct region from schools").fetchall() == [(REGION,)]
    for table in ("schools", "school_satisfaction", "parent_view_answers", "inspections"):
        # every column but the line of the file a row came from: the regional copy has fewer
        columns = [c for c in national.table(table).columns if c != "line"]
        kept = ", ".join(columns)
        here = regional.sql(f"select {kept} from {table} order by all").pl()  # noqa: S608
        there = national.sql(
            f"select {kept} from {table} where urn in (select urn from schools "  # noqa: S608
            f"where region = '{REGION}') order by all"
        ).pl()
        assert here.height > 0 and here.equals(there), table
