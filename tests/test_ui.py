"""Page furniture that needs no page: a school's profile link shows its name as typed."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import polars as pl

from lens.present import ui

NAMES = ["St Mary & St John's C of E #1", "100% Academy+", "Ysgol \u0174en", "=HYPERLINK(1)"]


def shown(link: str) -> str:
    """What the table shows for a link: Streamlit's LinkColumn takes display_text's capture and
    decodes it (decodeURIComponent, '+' as a space)."""
    captured = re.search(ui.PROFILE_NAME, link).group(1)
    return unquote(captured.replace("+", "%20"))


def test_a_schools_name_links_to_its_profile_and_shows_as_typed():
    frame = pl.DataFrame({"school_name": NAMES, "urn": [900001, 900002, 900003, None]})
    links = ui._with_profile_links(frame, frame.select("school_name"), "School")["School"]
    assert [shown(link) for link in links[:3]] == NAMES[:3]
    assert links[3] is None  # no URN, no profile to open
    first = parse_qs(urlsplit(links[0]).query)
    assert first["urn"] == ["900001"] and first["school"] == [NAMES[0]]
    assert ui.profile_link(900002, NAMES[1]) == links[1]
