"""Frameworks and scales: boundaries by date, and scales never shared across eras."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.scales import SCALES, framework_for, scale_for


@pytest.mark.parametrize(
    ("day", "framework"),
    [
        (date(2005, 8, 31), None),
        (date(2005, 9, 1), "s5_2005"),
        (date(2012, 8, 31), "s5_2005"),
        (date(2012, 9, 1), "cif_2012"),
        (date(2019, 9, 1), "eif_2019"),
        (date(2024, 8, 31), "eif_2019"),
        (date(2024, 9, 1), "eif_2024"),
        (date(2025, 11, 9), "eif_2024"),
        (date(2025, 11, 10), "report_card_2025"),
    ],
)
def test_framework_by_inspection_date(day, framework):
    found = framework_for(day)
    assert (found.framework_id if found else None) == framework


def test_third_grade_word_depends_on_era():
    assert scale_for("s5_2005", "overall_effectiveness").lookup()["3"].label == "Satisfactory"
    assert scale_for("cif_2012", "overall_effectiveness").lookup()["3"].label == (
        "Requires improvement"
    )


def test_no_overall_grade_after_september_2024():
    with pytest.raises(ValueError, match="no overall effectiveness grade"):
        scale_for("eif_2024", "overall_effectiveness")
    with pytest.raises(ValueError):
        scale_for("report_card_2025", "overall_effectiveness")


def test_report_card_words_are_not_numbers():
    lookup = SCALES["report_card5"].lookup()
    assert lookup["needs attention"].rank == 4
    assert "1" in lookup  # rank spelling exists, but only ever with scale_id report_card5
    assert scale_for("report_card_2025", "inclusion").scale_id == "report_card5"
