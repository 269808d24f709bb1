"""The demonstration data behaves like real data (formats.md section 7; for questionnaires at
inspection by grade, the demo's own design target), so the product is shaped by what real files will
show. The small test demo is checked with room for its size; `python -m bench.calibration` prints
the national demo beside the real figures."""

from __future__ import annotations

import pytest

from etl.demo.calibration import TARGETS, measure
from lens.data.warehouse import open_read_only


@pytest.fixture(scope="module")
def measured(demo_warehouse):
    con = open_read_only(demo_warehouse.resolve())  # as every other test opens it in this process
    yield measure(con)
    con.close()


def test_schools_vary_far_more_than_chance_allows(measured):
    assert 2.0 <= measured.raw_winsorised_variance <= 4.5  # real: 3.0
    # the gap list's phi (arcsine scale, / 0.6787) reads higher on the same schools
    assert measured.phi > measured.raw_winsorised_variance
    assert 7 <= measured.pct_outside_unadjusted <= 20  # real: 13%


def test_primary_parents_are_far_happier_than_secondary_parents(measured):
    assert measured.primary_pct == pytest.approx(TARGETS["primary_pct"], abs=2.5)
    assert measured.secondary_pct == pytest.approx(TARGETS["secondary_pct"], abs=2.5)
    assert measured.primary_pct - measured.secondary_pct > 8


def test_table_one_falls_with_the_grade_yet_most_parents_are_happy(measured):
    by_grade = [measured.table_one_pct[g] for g in (1, 2, 3, 4)]
    assert by_grade == sorted(by_grade, reverse=True)
    assert by_grade[0] == pytest.approx(92, abs=4) and by_grade[3] == pytest.approx(80, abs=4)
    assert min(by_grade) > 70  # even at inadequate schools most parents are happy


def test_the_gap_list_flags_few_schools_on_real_like_data(demo_warehouse):
    con = open_read_only(demo_warehouse.resolve())
    flagged = con.execute(
        "select count(gap_direction) / count(*) from satisfaction_gaps where window_months = 36"
    ).fetchall()[0][0]
    con.close()
    assert flagged <= 0.03
