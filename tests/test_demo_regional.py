"""The regional copy of the demonstration files a first run loads first (etl/demo/regional.py):
each kept line as the national file has it. (That the national files are unchanged by making it,
and that each school of the region has the same figures in the regional warehouse as in the
national one, is checked on a real first run in tests/test_first_run.py.)"""

from __future__ import annotations

from etl.demo.regional import copy_rows, region_of

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
