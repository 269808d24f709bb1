"""Attacks on sign-in with a forged or borrowed identity.

Streamlit keeps who signed in in a cookie signed with `[auth] cookie_secret`: whoever knows the
secret can write any claims into it. So a secret anyone can read (the example file's, a value from
the documentation, a guessable string) must never be accepted, and the claims themselves must say
that the provider verified the address and that the token came from the configured provider (its
issuer; for Microsoft Entra ID, the configured tenant). tests/browser/test_sign_in.py sends forged
cookies to a real server; here the same claims go through AppTest's st.user.
"""

from __future__ import annotations

import re
import secrets
import subprocess
import tomllib

import pytest

from lens.auth import access, config
from lens.auth.access import AccessConfigError, parse
from tests.conftest import ROOT
from tests.security.conftest import serve, shows_no_data, toml_text

EXAMPLE = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text())
LOCAL_ISSUER = "http://127.0.0.1:9"  # AppTest never reaches the provider
TENANT = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
ENTRA = f"https://login.microsoftonline.com/{TENANT}/v2.0"
ADVISER = "adviser@notts.example.gov.uk"
CLIENT_SECRET = "never-print-this-client-secret"


def sign_in_settings(cookie_secret: str | None = None, metadata: str | None = None, **access_):
    return {
        "auth": {
            "redirect_uri": "https://lens.example.gov.uk/oauth2callback",
            "cookie_secret": cookie_secret or secrets.token_urlsafe(48),
            "client_id": "lens-app",
            "client_secret": CLIENT_SECRET,
            "server_metadata_url": metadata or f"{LOCAL_ISSUER}/.well-known/openid-configuration",
        },
        "lens_access": {
            "allowed": ["@notts.example.gov.uk"],
            "la_scope": {"@notts.example.gov.uk": [891]},
            **access_,
        },
    }


def entra_settings() -> dict:
    return sign_in_settings(metadata=f"{ENTRA}/.well-known/openid-configuration", tenant_id=TENANT)


def signed_in(**claims) -> dict:
    return {
        "is_logged_in": True,
        "email": ADVISER,
        "iss": LOCAL_ISSUER,
        "email_verified": True,
        **claims,
    }


# --- secrets anyone can read --------------------------------------------------------------------


def test_forged_cookie_signed_with_the_example_files_secret_is_refused_at_configuration():
    example_secret = EXAMPLE["auth"]["cookie_secret"]
    with pytest.raises(AccessConfigError) as refused:
        parse(sign_in_settings(example_secret))
    assert "auth.cookie_secret" in str(refused.value)
    assert CLIENT_SECRET not in str(refused.value)


def documented_secrets() -> list[tuple[str, str]]:
    """Every cookie_secret value written in a tracked file outside the tests."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in tracked:
        path = ROOT / name
        if name.startswith("tests/") or path.suffix not in {".md", ".toml", ".yaml", ".py", ""}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(name, v) for v in re.findall(r'cookie_secret\s*=\s*"([^"]*)"', text)]
    return found


def test_every_cookie_secret_printed_in_the_documentation_is_refused():
    found = documented_secrets()
    assert any(name == ".streamlit/secrets.example.toml" for name, _ in found)
    for name, value in found:
        assert config.secret_weakness(value), f"{name} prints a cookie secret that is accepted"


@pytest.mark.parametrize(
    "weak",
    [
        "c" * 40,  # one character
        "abcdefghijklmnopqrstuvwxyzabcdefgh",  # the alphabet
        "0123456789012345678901234567890123",  # digits in order
        "Xk9!" * 9,  # a short pattern repeated
        "correct horse battery staple, twice over",  # a phrase
        "my-partnership-lens-cookie-secret-2026",  # words
        "Password123Password123Password123!!",
        "qwertyuiopasdfghjklzxcvbnmqwertyuiop",  # keyboard rows
        "31415926535897932384626433832795028",  # digits only: under 128 bits
        "aaaabbbbccccddddeeeeffffgggghhhhiiii",  # too few characters
        "<replace with at least 32 random characters>",
        # random, but short (one name for it: pytest-xdist's workers must collect the same ids)
        pytest.param(secrets.token_urlsafe(16), id="random-but-short"),
    ],
)
def test_guessable_cookie_secrets_are_refused(weak):
    assert config.secret_weakness(weak)
    with pytest.raises(AccessConfigError, match="auth.cookie_secret"):
        parse(sign_in_settings(weak))


def test_cookie_secrets_made_as_documented_are_accepted():
    """The rule must not refuse what deploy/OPERATIONS.md tells the operator to make."""
    for _ in range(300):
        assert config.secret_weakness(secrets.token_urlsafe(48)) is None
        assert config.secret_weakness(secrets.token_hex(32)) is None


def test_a_random_secret_with_a_run_chance_gave_it_is_accepted():
    """token_hex(32) holds six equal characters in a row about once in 18,000 secrets: that must
    not stop a deployment (found when the test above failed on main), while a typed run in a
    short secret still does."""
    lucky = "3f9c1a7e" + "000000" + "b24d8e5f7a9c0e1d3b6f2a4c8e0d1b3f5a7c9e1d2b4f6a8c0e"
    assert len(lucky) == 64 and config.secret_weakness(lucky) is None
    assert "repeats one character" in config.secret_weakness(
        "Zq8!" + "aaaaaa" + "Xk2#Lm9$Pw4&Rt7*Bv5^Nd3"
    )


def test_a_forged_signed_in_cookie_under_the_example_secret_shows_no_data(dashboard, caplog):
    """The attack of issue 21's second finding: the server runs with the example's secret, so a
    cookie forged with it reads as a verified, allowed adviser. The server must refuse to serve
    anyone instead (the log says why)."""
    at = dashboard(
        sign_in_settings(EXAMPLE["auth"]["cookie_secret"]), signed_in(), "pages/engagement.py"
    )
    assert not at.exception
    assert shows_no_data(at)
    assert [e.value for e in at.error] == [access.NOT_CONFIGURED]
    assert "auth.cookie_secret" in caplog.text


def test_the_server_will_not_start_with_the_example_secret(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text(toml_text(sign_in_settings(EXAMPLE["auth"]["cookie_secret"])))
    assert tomllib.loads(path.read_text())["lens_access"]["la_scope"]  # the whole file, parsed
    started = serve({"LENS_SERVES_NON_PUBLIC": "true", "STREAMLIT_SECRETS_FILES": str(path)})
    assert started.returncode == 78
    assert "will not start" in started.stderr and "auth.cookie_secret" in started.stderr
    assert CLIENT_SECRET not in started.stderr + started.stdout


# --- claims that do not prove who this is -------------------------------------------------------


@pytest.mark.parametrize(
    "claims",
    [
        {"email_verified": "false"},  # a string: not the boolean true
        {"email_verified": "true"},  # a string is not a verification either
        {"email_verified": 1},
        {"email_verified": False},
        {"email_verified": None},
        {"email_verified": ...},  # not sent at all
    ],
    ids=["string false", "string true", "one", "false", "null", "missing"],
)
def test_forged_cookie_without_a_verified_address_is_refused(dashboard, claims):
    user = signed_in(**claims)
    if claims.get("email_verified") is ...:
        del user["email_verified"]
    at = dashboard(sign_in_settings(), user, "pages/engagement.py")
    assert not at.exception
    assert "is not on the list" in at.warning[0].value
    assert shows_no_data(at)


def test_forged_cookie_from_another_issuer_is_refused(dashboard):
    at = dashboard(sign_in_settings(), signed_in(iss="https://evil.example"), "pages/school.py")
    assert "is not on the list" in at.warning[0].value and shows_no_data(at)
    at = dashboard(sign_in_settings(), {**signed_in(), "iss": None}, "pages/school.py")
    assert "is not on the list" in at.warning[0].value and shows_no_data(at)


def test_a_verified_address_from_the_configured_issuer_is_admitted(dashboard):
    """The control: the refusals above are about the claims, not about signing in at all."""
    at = dashboard(sign_in_settings(), signed_in(iss=LOCAL_ISSUER + "/"), "pages/engagement.py")
    assert not at.exception
    assert not any("is not on the list" in w.value for w in at.warning)
    assert at.dataframe


ENTRA_MEMBER = {"iss": ENTRA, "tid": TENANT, "email": ADVISER}


@pytest.mark.parametrize(
    ("claims", "admitted"),
    [
        (ENTRA_MEMBER, True),  # Entra ID sends no email_verified: the tenant vouches
        ({**ENTRA_MEMBER, "xms_edov": True}, True),
        ({**ENTRA_MEMBER, "tid": "99999999-4f50-6172-8394-a5b6c7d8e9f0"}, False),  # wrong tenant
        ({**ENTRA_MEMBER, "tid": None}, False),
        ({**ENTRA_MEMBER, "iss": ENTRA.replace(TENANT, "common")}, False),
        ({**ENTRA_MEMBER, "email_verified": "false"}, False),
        ({**ENTRA_MEMBER, "xms_edov": False}, False),
        # a guest who signed in through another identity provider, address unverified
        ({**ENTRA_MEMBER, "idp": "https://sts.windows.net/other-tenant/"}, False),
        ({**ENTRA_MEMBER, "idp": "live.com", "xms_edov": True}, True),
    ],
    ids=[
        "member",
        "member, domain owner verified",
        "another tenant",
        "no tenant",
        "multi-tenant issuer",
        "string false",
        "domain owner not verified",
        "guest of another provider",
        "guest, verified",
    ],
)
def test_entra_id_tokens_must_be_of_the_configured_tenant(claims, admitted):
    config = parse(entra_settings())
    assert (access.identity_problem(claims, config) is None) is admitted


def test_entra_id_cookie_of_another_tenant_shows_no_data(dashboard):
    user = {"is_logged_in": True, **ENTRA_MEMBER, "tid": "99999999-4f50-6172-8394-a5b6c7d8e9f0"}
    at = dashboard(entra_settings(), user, "pages/engagement.py")
    assert "is not on the list" in at.warning[0].value and shows_no_data(at)


@pytest.mark.parametrize("tenant", ["common", "organizations", "consumers"])
def test_entra_id_configured_for_every_tenant_is_refused(tenant):
    settings = sign_in_settings(
        metadata=f"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"
    )
    with pytest.raises(AccessConfigError, match="tenant"):
        parse(settings)


def test_entra_id_without_the_tenant_setting_is_refused():
    settings = entra_settings()
    del settings["lens_access"]["tenant_id"]
    with pytest.raises(AccessConfigError, match="tenant_id"):
        parse(settings)
