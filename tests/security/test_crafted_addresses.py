"""Attacks by crafted addresses: e-mail addresses that look like an allowed one, and page addresses
(query parameters) that name another LA's schools.

An address is compared after NFKC normalisation and in lower case, but a character that
normalisation would change into another (the Kelvin sign into 'k', fullwidth letters, ligatures)
is a look-alike, and a domain outside ASCII is refused, not folded: 'x@leeds.gov.u\\u212a' is not
'x@leeds.gov.uk'. Page addresses are only values the scoped connection filters
(tests/security/test_subtraction.py compares every query); here the pages themselves are drawn
for our account with their LA and school in the address, on both builds, and must not differ.
"""

from __future__ import annotations

import re

import pytest

from lens.app.pages import PAGE_FILES
from lens.auth import access
from lens.auth.config import LensAccess, is_allowed, scope_for
from tests.security.conftest import page_text

RULES = LensAccess(
    allowed=["@leeds.gov.uk", "someone@example.org"],
    la_scope={"@leeds.gov.uk": [383], "someone@example.org": [380]},
)


@pytest.mark.parametrize(
    "address",
    [
        "x@leeds.gov.u\u212a",  # KELVIN SIGN for k: NFKC and casefold make it 'k'
        "x@LEEDS.GOV.U\u212a",
        "x@l\u0435eds.gov.uk",  # Cyrillic ie
        "x@leeds.gov.\uff55k",  # fullwidth u
        "x@leeds\u200b.gov.uk",  # zero-width space
        "x@leeds.gov.uk\u202e",  # right-to-left override
        "x@leeds.gov.uk.",  # a trailing dot: another name for the same zone, not on the list
        "\u017fomeone@example.org",  # LATIN SMALL LETTER LONG S for s
        "some\ufb00ne@example.org",  # a ligature
        "someone@example.org\u0000",
        "someone @example.org",
    ],
)
def test_look_alike_addresses_are_not_admitted(address):
    assert not is_allowed(address, RULES)
    assert scope_for(address, RULES) == ()


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Adviser@Leeds.GOV.uk", "adviser@leeds.gov.uk"),
        ("  SOMEONE@example.org ", "someone@example.org"),
        ("Jos\u00e9@leeds.gov.uk", "jos\u00e9@leeds.gov.uk"),
        ("Jose\u0301@leeds.gov.uk", "jos\u00e9@leeds.gov.uk"),  # decomposed: the same name
    ],
)
def test_addresses_are_compared_after_nfkc_and_lower_case(address, expected):
    assert access.normalised_address(address) == expected
    assert is_allowed(address, RULES)


PARTNER = LensAccess(
    allowed=["@leeds.gov.uk", "strasse@partner.org.uk", "stra\u00dfe@leeds.gov.uk"],
    la_scope={
        "@leeds.gov.uk": [383],
        "strasse@partner.org.uk": [383, 380],
        "mass@leeds.gov.uk": [383, 380, 381],
    },
)


@pytest.mark.parametrize(
    "address",
    [
        "stra\u00dfe@partner.org.uk",  # the tester's case: casefold made it strasse@, scoped to 380
        "STRA\u1e9eE@partner.org.uk",  # capital sharp s: lower() is stra\u00dfe, casefold strasse
        "ma\u00df@leeds.gov.uk",  # its domain is allowed, but casefold makes it mass@'s LAs
    ],
)
def test_an_address_only_casefolding_makes_a_listed_one_is_refused(address):
    """Attack 8 finding 8: 'stra\u00dfe@' and 'strasse@' are two mailboxes. Compared in lower case
    they stay two; one that casefolding alone would match to a listed address (or one given LAs)
    is refused, not admitted by its domain with the domain's LAs, nor given the other's."""
    assert access.normalised_address(address) != "strasse@partner.org.uk"
    assert not is_allowed(address, PARTNER)
    assert scope_for(address, PARTNER) == ()


def test_addresses_differing_in_case_alone_are_still_one():
    assert scope_for("STRASSE@Partner.org.uk", PARTNER) == (380, 383)
    assert scope_for("Stra\u00dfe@LEEDS.gov.uk", PARTNER) == (383,)  # listed itself, so admitted
    assert scope_for("STRA\u1e9eE@leeds.gov.uk", PARTNER) == (383,)  # its capital: the same name
    assert scope_for("strasse@leeds.gov.uk", PARTNER) == (383,)  # plain letters: its domain's
    assert scope_for("mass@leeds.gov.uk", PARTNER) == (380, 381, 383)


def test_look_alikes_are_refused_in_the_allow_list_too():
    for entry in ("@leeds.gov.u\u212a", "@l\u0435eds.gov.uk", "\u017fomeone@example.org"):
        with pytest.raises(ValueError, match="plain letters"):
            LensAccess(allowed=[entry])


def test_a_signed_in_look_alike_of_an_allowed_domain_is_refused(dashboard):
    """The issue's case end to end: a provider vouching for x@leeds.gov.u\\u212a (a domain the
    attacker registered) must not be let in as leeds.gov.uk."""
    from tests.security.test_forged_cookies import LOCAL_ISSUER, sign_in_settings

    settings = sign_in_settings()
    settings["lens_access"] = {"allowed": ["@leeds.gov.uk"], "la_scope": {"@leeds.gov.uk": [891]}}
    user = {
        "is_logged_in": True,
        "iss": LOCAL_ISSUER,
        "email_verified": True,
        "email": "x@leeds.gov.u\u212a",
    }
    at = dashboard(settings, user, "pages/engagement.py")
    assert not at.exception
    assert "is not on the list" in at.warning[0].value
    assert not at.dataframe


PAGES = list(PAGE_FILES)
BUILT = re.compile(
    r"(?:Warehouse built|Data last updated) [^.]*\."
)  # when each build ran: differs between builds


def drawn(at) -> tuple[str, list]:
    """What a page shows: its text (build time left out) and every table's rows."""
    tables = [element.value for element in at.dataframe] + [t.value for t in at.table]
    return BUILT.sub("", page_text(at)), [t.to_csv(index=False) for t in tables]


@pytest.mark.parametrize("page", PAGES)
def test_an_address_naming_another_las_school_draws_the_same_page_whatever_their_data(
    dashboard, changed_warehouse, monkeypatch, ours, theirs, plain_con, page
):
    """Our account opens each page with their LA and one of their schools in the address (a
    shared link, edited): drawn on the demo and on the build where only other LAs' non-public
    data differs, the pages must be the same, text and tables."""
    import lens.data.queries
    from tests.security.test_forged_cookies import ADVISER, LOCAL_ISSUER, sign_in_settings

    school = plain_con.execute(
        "select urn from schools where la_code = ? and urn in (select urn from "
        "engagement_judgements) order by urn limit 1",
        [theirs.code],
    ).fetchone()[0]
    settings = sign_in_settings()  # our account: Nottinghamshire's advisers, scoped to ours
    settings["lens_access"]["la_scope"] = {"@notts.example.gov.uk": [ours.code]}
    user = {"is_logged_in": True, "iss": LOCAL_ISSUER, "email_verified": True, "email": ADVISER}
    address = {"la": theirs.choice, "urn": str(school), "flag": "Own survey differs"}
    first = dashboard(settings, user, page, **address)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", changed_warehouse)
    second = dashboard(settings, user, page, **address)
    assert not first.exception and not second.exception
    assert drawn(first) == drawn(second)
    assert "is not on the list" not in page_text(first)  # signed in: the page itself was drawn


def test_the_page_test_above_sees_what_differs(dashboard, changed_warehouse, monkeypatch, theirs):
    """The control: without sign-in (the demonstration's everything), their LA's engagement page
    does differ between the builds, so the comparison above can fail."""
    import lens.data.queries

    first = dashboard(None, None, "pages/engagement.py", la=theirs.choice)
    monkeypatch.setattr(lens.data.queries.SETTINGS, "warehouse_path", changed_warehouse)
    second = dashboard(None, None, "pages/engagement.py", la=theirs.choice)
    assert drawn(first) != drawn(second)
