"""Sign-in end to end: Debian's chromium, the real dashboard with sign-in configured, and a local
OpenID Connect provider (tests/oidc_provider.py) standing in for the LA's Entra ID.

The dashboard is started with its own secrets file (STREAMLIT_SECRETS_FILES, never the
repository's .streamlit/secrets.toml): Nottinghamshire's advisers may sign in and see their own
LA's surveys and engagement judgements; anyone else is refused. Signed out, signed in and allowed,
signed in and refused, and addresses crafted to reach another LA's non-public data, in pages, the
export and the PDF pack.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, READY, _unavailable
from tests.conftest import ROOT
from tests.local_server import ServerDidNotStart, dashboard_server
from tests.oidc_provider import running_provider

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ADVISER = "adviser@notts.example.gov.uk"
STRANGER = "someone@elsewhere.example"
CLIENT_ID = "partnership-lens-test"
NO_JUDGEMENT = "No engagement judgement is loaded for this school."


def secrets_toml(issuer: str, client_secret: str, our_la: int, cookie_secret: str) -> str:
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "{CLIENT_ID}"
client_secret = "{client_secret}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[lens_access]
allowed = ["@notts.example.gov.uk"]

[lens_access.la_scope]
"@notts.example.gov.uk" = [{our_la}]
"""


@pytest.fixture(scope="module")
def warehouse(demo_warehouse):
    from lens.data.warehouse import open_read_only

    return open_read_only(demo_warehouse)


NON_PUBLIC_SCHOOLS = (
    "select s.urn, e.evaluator, s.la_code, s.la_name from schools as s "
    "join engagement_judgements as e using (urn) "
    "where s.urn in (select urn from (select urn, family, row_number() over "
    "(partition by urn order by data_date desc) as newest from school_satisfaction) "
    "where family = 'questionnaire_own_survey' and newest <= 3) "
    "and s.urn in (select urn from satisfaction_gaps where family = 'questionnaire_own_survey') "
)
COMPARED = re.compile(r"Compared for the gap list\s+(\d+)")


@pytest.fixture(scope="module")
def our_la(warehouse) -> tuple[int, str]:
    """The LA the advisers' addresses are scoped to: in the demo, one with a school that has an
    engagement judgement and a recent survey of its own (a name not in the secrets' addresses,
    which are made up)."""
    return warehouse.execute(
        f"select la_code, la_name from ({NON_PUBLIC_SCHOOLS}) order by urn limit 1"  # noqa: S608
    ).fetchone()


def school_with_non_public_data(warehouse, la: int, ours: bool) -> tuple[int, str, int, str]:
    """A school with an engagement judgement and an own-survey result recent enough to be in its
    briefing pack's table, in our LA or another: (URN, evaluator, LA code, LA name)."""
    return warehouse.execute(
        NON_PUBLIC_SCHOOLS + "and (s.la_code = ?) = ? order by s.urn limit 1", [la, ours]
    ).fetchone()


@pytest.fixture(scope="module")
def site(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory, our_la):
    """The provider and a dashboard that signs in with it, declared as serving non-public data
    (as the image is): (dashboard address, provider, the cookie secret it signs with)."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed")
    client_secret = secrets.token_urlsafe(24)
    cookie_secret = secrets.token_urlsafe(48)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS.parent / "sign-in-server.log"
    with running_provider(CLIENT_ID, client_secret) as provider, log.open("w") as out:
        config = tmp_path_factory.mktemp("sign-in") / "secrets.toml"
        config.write_text(secrets_toml(provider.issuer, client_secret, our_la[0], cookie_secret))
        # the server copies the environment when it starts: set it for that moment only
        with pytest.MonkeyPatch.context() as env:
            env.setenv("STREAMLIT_SECRETS_FILES", str(config))
            env.setenv("LENS_SERVES_NON_PUBLIC", "true")
            env.delenv("LENS_RAISE_PAGE_ERRORS", raising=False)
            server = dashboard_server(demo_warehouse, log=out)
            try:
                base, _process = server.__enter__()
            except ServerDidNotStart as error:
                pytest.fail(f"{error}; see {log}")
        try:
            yield base, provider, cookie_secret
        finally:
            server.__exit__(None, None, None)


@pytest.fixture(scope="module")
def chromium(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(chromium):
    """A fresh browser profile per test: no sign-in cookie carried from one test to the next."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def settle(page) -> None:
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_load_state("networkidle")


def visit(page, url: str) -> None:
    page.goto(url)
    settle(page)


def page_text(page) -> str:
    return page.evaluate("() => document.querySelector('[data-testid=\"stApp\"]').innerText")


def sign_in(page, base: str, provider, email: str) -> None:
    """Through the sign-in button, the provider's form and back, as a person would."""
    visit(page, base + "/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider.issuer}/authorize*", timeout=60_000)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/**", timeout=60_000)
    settle(page)


def shows_no_data(page) -> bool:
    """No table, chart, figure or filter: only the sign-in or refusal page."""
    found = page.locator(
        '[data-testid="stDataFrame"], [data-testid="stMetric"], [data-testid="stVegaLiteChart"], '
        '[data-testid="stSelectbox"], [data-testid="stDownloadButton"]'
    )
    return found.count() == 0


def test_signed_out_sees_a_sign_in_button_and_no_data(site, tab, warehouse, our_la):
    base, _provider, _secret = site
    urn, _, la, name = school_with_non_public_data(warehouse, our_la[0], ours=True)
    school = warehouse.execute("select school_name from schools where urn = ?", [urn]).fetchone()
    # first a deep link, on a fresh server (Streamlit may run a page alone before the router:
    # lens/app/routing.py), then others and the front page
    for path in (f"/school?urn={urn}", f"/engagement?la={name}+%28{la}%29", "/explore", "/"):
        visit(tab, base + path)
        # a deep link on a fresh server runs the page alone, then reruns it through the router
        # (lens/app/routing.py): the page may settle once before the rerun draws the button
        tab.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert shows_no_data(tab), path
        assert school[0] not in page_text(tab)
    tab.screenshot(path=str(ARTIFACTS / "sign-in-signed-out.png"), full_page=True)


def test_signed_in_and_allowed_sees_own_las_surveys_and_judgements(site, tab, warehouse, our_la):
    base, provider, _secret = site
    sign_in(tab, base, provider, ADVISER.upper())  # the provider's case does not matter
    text = page_text(tab)
    assert f"Signed in as {ADVISER}" in text
    assert f"{our_la[1]} ({our_la[0]}) only" in text
    assert tab.locator('[data-testid="stMetric"]').count() > 0
    tab.screenshot(path=str(ARTIFACTS / "sign-in-allowed.png"), full_page=True)

    urn, evaluator, la, name = school_with_non_public_data(warehouse, our_la[0], ours=True)
    visit(tab, f"{base}/school?la={name}+%28{la}%29&urn={urn}")
    assert NO_JUDGEMENT not in page_text(tab)
    pack = briefing_pack_text(tab)
    assert evaluator in pack and NO_JUDGEMENT not in " ".join(pack.split())
    assert "Own parent survey" in pack

    # the LA pack is made when its button is clicked, outside the page run: still in scope
    visit(tab, f"{base}/?la={name}+%28{la}%29&gap_source=Own+parent+surveys")
    pack = briefing_pack_text(tab, "Download the briefing pack for")
    joined = " ".join(pack.split())
    assert "Comparing Own parent surveys against" in joined
    # our schools with their own surveys, each compared only within our LA, where the small demo
    # has too few of them to compare: counted, and said why
    within = re.search(
        r"([\d,]+) with too few schools with the same grade and phase in their local "
        r"authority's own",
        joined,
    )
    assert within and int(within.group(1).replace(",", "")) > 0
    assert "Own surveys are compared only with other schools' own surveys in the same" in joined


def test_signed_in_but_not_on_the_list_is_refused_and_sees_no_data(site, tab):
    base, provider, _secret = site
    sign_in(tab, base, provider, STRANGER)
    assert f"{STRANGER} is not on the list" in page_text(tab)
    assert shows_no_data(tab)
    tab.screenshot(path=str(ARTIFACTS / "sign-in-refused.png"), full_page=True)
    visit(tab, base + "/engagement")  # a deep link is refused the same way
    assert "is not on the list" in page_text(tab) and shows_no_data(tab)
    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert shows_no_data(tab)


def briefing_pack_text(page, button: str = "Download the briefing pack (PDF)") -> str:
    from pypdf import PdfReader

    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name=re.compile("^" + re.escape(button))).click()
    reader = PdfReader(download.value.path())
    return "\n".join(p.extract_text() for p in reader.pages)


def test_crafted_addresses_do_not_reach_another_las_non_public_data(site, tab, warehouse, our_la):
    base, provider, _secret = site
    sign_in(tab, base, provider, ADVISER)

    # the school profile of another LA's school with a judgement and a survey of its own
    urn, evaluator, la, name = school_with_non_public_data(warehouse, our_la[0], ours=False)
    visit(tab, f"{base}/school?la={name}+%28{la}%29&urn={urn}")
    text = page_text(tab)
    assert NO_JUDGEMENT in text and evaluator not in text
    pack = briefing_pack_text(tab)
    assert NO_JUDGEMENT in " ".join(pack.split()) and evaluator not in pack
    assert "Own parent survey" not in pack
    visit(tab, f"{base}/?la={name}+%28{la}%29&gap_source=Own+parent+surveys")
    pack = briefing_pack_text(tab, "Download the briefing pack for")
    assert "Comparing Own parent surveys against" in " ".join(pack.split())
    assert int(COMPARED.search(pack).group(1)) == 0  # its surveys exist, but are not ours

    # the engagement page of an LA whose schools break the pattern: none seen here
    from lens.data.warehouse import run

    breaking = next(
        (code, la_name)
        for code, la_name in warehouse.execute(
            "select la_code, la_name from local_authorities where la_code <> ? order by 1",
            [our_la[0]],
        ).fetchall()
        if run(
            warehouse, "engagement_pattern_breaks", la_code=code, phase=None, school_type=None
        ).height
    )
    visit(tab, f"{base}/engagement?la={breaking[1]}+%28{breaking[0]}%29")
    assert f"0 schools in {breaking[1]} break the pattern" in page_text(tab)

    # the whole of England, exported: engagement and the survey flag only for our LA's schools
    visit(tab, f"{base}/explore?la=England+%28all+local+authorities%29")
    with tab.expect_download(timeout=90_000) as download:
        tab.get_by_role("button", name="CSV: school list").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    ours = {
        r[0]
        for r in warehouse.execute(
            "select urn from schools where la_code = ?", [our_la[0]]
        ).fetchall()
    }
    judged = {int(r["URN"]) for r in rows if r["Engagement"]}
    assert judged and judged <= ours
    flagged = {int(r["URN"]) for r in rows if "Own survey differs" in (r["Trust flags"] or "")}
    assert flagged <= ours
    assert len(rows) > len(ours)  # the public rows of every LA are there
    everyone = warehouse.execute(
        "select count(*) from school_summaries where engagement_judgement is not null "
        "and la_code <> ?",
        [our_la[0]],
    ).fetchone()[0]
    assert everyone > 0  # so the export above had something to hide


# --- forged cookies (tests/security/test_forged_cookies.py does the same through AppTest) ------


def forged(tab, base: str, cookie_secret: str, **claims) -> None:
    """Give the browser a `_streamlit_user` cookie, signed as Streamlit signs it, claiming to be
    the adviser signed in (origin, claims), then open the engagement page."""
    import json

    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    payload = {"origin": base, "is_logged_in": True, "provider": "default", **claims}
    value = create_signed_value(cookie_secret, "_streamlit_user", json.dumps(payload)).decode()
    tab.context.add_cookies([{"name": "_streamlit_user", "value": value, "url": base}])
    visit(tab, base + "/engagement")


def test_a_cookie_forged_with_the_example_secret_is_no_sign_in(site, tab):
    """Signed with the example file's secret, which this server (like any it would start) does
    not use: the visitor is not signed in."""
    import tomllib

    base, provider, _secret = site
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text())
    claims = {"iss": provider.issuer, "email": ADVISER, "email_verified": True}
    forged(tab, base, example["auth"]["cookie_secret"], **claims)
    assert tab.get_by_role("button", name="Sign in").is_visible()
    assert shows_no_data(tab)


@pytest.mark.parametrize(
    "claims",
    [
        {"email_verified": "false"},
        {},  # email_verified not sent
        {"email_verified": True, "iss": "https://evil.example"},
    ],
    ids=["verified is a string", "verified not sent", "another issuer"],
)
def test_a_cookie_under_a_leaked_secret_still_needs_a_verified_address_from_the_provider(
    site, tab, claims
):
    """Had the secret leaked, a forged cookie must still carry the provider's issuer and a
    verified address: these are refused, and show no data."""
    base, provider, cookie_secret = site
    forged(tab, base, cookie_secret, **{"iss": provider.issuer, "email": ADVISER, **claims})
    assert "is not on the list" in page_text(tab)
    assert shows_no_data(tab)


def test_the_forged_cookie_above_is_read_by_the_server(site, tab):
    """The control: the same cookie with the provider's claims complete is a sign-in, so the
    refusals above are the claims' doing."""
    base, provider, cookie_secret = site
    forged(tab, base, cookie_secret, iss=provider.issuer, email=ADVISER, email_verified=True)
    assert f"Signed in as {ADVISER}" in page_text(tab)
