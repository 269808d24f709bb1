"""Attack 8, finding 3: cookie secrets that are public or guessable.

The cookie-secret rule looked at the secret's characters alone, so the tenant ID, the client ID
(both in the address every visitor is sent to at sign-in), the redirect_uri and readable phrases
passed it; anyone knowing the secret can sign a cookie for any address. A secret that is, contains
or shares a part with any other value in the secrets file, or is shaped like an ID or an address,
or is a phrase, is refused, and the server will not start (exit 78, the reason in the log).
"""

from __future__ import annotations

import secrets

import pytest

from lens.auth import config
from lens.auth.access import AccessConfigError, parse
from tests.security.conftest import serve, toml_text
from tests.security.test_forged_cookies import TENANT, entra_settings

CLIENT_ID = "5a6b7c8d-1234-4e5f-9a8b-0c1d2e3f4a5b"
REDIRECT = "https://lens.leeds.gov.uk/oauth2callback"
CLIENT_SECRET = "Qx8~uR3mZpT7vKdWn2bLs9.Hj4Fy6Ge1Nc5"  # shaped as Entra's are


def entra(cookie_secret: str) -> dict:
    settings = entra_settings()
    settings["auth"].update(
        cookie_secret=cookie_secret, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    settings["lens_access"]["allowed"].append("@kirklees.gov.uk")
    return settings


SHARED = {
    "the tenant ID": (TENANT, "auth.cookie_secret"),
    "the client ID": (CLIENT_ID, "auth.cookie_secret"),
    "the redirect_uri": (REDIRECT, "auth.cookie_secret"),
    "the client secret": (CLIENT_SECRET, "auth.client_secret"),
    "a part of an allowed domain": (
        "Zq8#Lm2xP7TkGh5" + "Kirklees" + "4Vw@Jp9Rb3Ns6",
        "lens_access.allowed",
    ),
    "the client secret inside a random one": (
        "Zq8#Lm2x" + CLIENT_SECRET.lower() + "Vw7@Kp4",
        "auth.client_secret",
    ),
    "a part of the provider's address": (
        "Zq8#Lm2xP" + "microsoftonline" + "Vw7@Kp4jT9",
        "auth.server_metadata_url",
    ),
    "the tenant ID without its hyphens": (
        "Zq8#Lm" + TENANT.replace("-", "") + "Vw7@K",
        "auth.server_metadata_url",  # the first setting holding it
    ),
}


@pytest.mark.parametrize("case", list(SHARED))
def test_a_cookie_secret_made_of_another_setting_is_refused(case):
    secret, named = SHARED[case]
    with pytest.raises(AccessConfigError, match="cookie_secret") as refused:
        parse(entra(secret))
    assert named in str(refused.value)
    assert secret not in str(refused.value)  # the log never repeats the secret


@pytest.mark.parametrize(
    "phrase",
    [
        "LeedsCityCouncilPartnershipLens2026!",
        "Summer2026Summer2026Summer2026Xy!",
        "correcthorsebatterystaplecorrecthorse",
        "partnershiplensleedsgovukdashboard",
        "www.lens.leeds.gov.uk/parents/oauth2callback",
    ],
)
def test_guessable_phrases_are_refused(phrase):
    assert config.secret_weakness(phrase)
    with pytest.raises(AccessConfigError, match="auth.cookie_secret"):
        parse(entra(phrase))


def test_secrets_made_as_documented_pass_beside_the_other_settings():
    for _ in range(300):
        assert parse(entra(secrets.token_urlsafe(48)))


@pytest.mark.parametrize("case", ["the tenant ID", "the redirect_uri"])
def test_the_server_refuses_to_start_with_a_public_cookie_secret(tmp_path, case):
    path = tmp_path / "secrets.toml"
    path.write_text(toml_text(entra(SHARED[case][0])))
    started = serve({"LENS_SERVES_NON_PUBLIC": "true", "STREAMLIT_SECRETS_FILES": str(path)})
    assert started.returncode == 78, started.stderr
    assert started.stderr.startswith("Partnership Lens will not start: ")
    assert "cookie_secret" in started.stderr and SHARED[case][0] not in started.stderr
