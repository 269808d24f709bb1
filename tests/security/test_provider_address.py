"""Attack 8, finding 7: the provider's discovery address checked by prefix.

`startswith("http://127.0.0.1")` let plain http to another host through
('http://127.0.0.1.evil.example/...', 'http://127.0.0.1@evil.example/...'), where whoever is on
the path serves their own keys; and 'login.microsoftonline.com.' (a trailing dot) skipped the
Entra ID tenant rules. The address is parsed and its host compared exactly.
"""

from __future__ import annotations

import pytest

from lens.auth.access import AccessConfigError, parse
from tests.security.test_forged_cookies import sign_in_settings

DISCOVERY = "/.well-known/openid-configuration"


@pytest.mark.parametrize(
    "url",
    [
        f"http://127.0.0.1.evil.example{DISCOVERY}",
        f"http://127.0.0.1@evil.example{DISCOVERY}",
        f"http://user:pw@127.0.0.1:9{DISCOVERY}",
        f"http://evil.example/127.0.0.1{DISCOVERY}",
        f"https://login.microsoftonline.com./common/v2.0{DISCOVERY}",
        f"https://LOGIN.microsoftonline.com./organizations/v2.0{DISCOVERY}",
    ],
)
def test_crafted_provider_addresses_are_refused(url):
    with pytest.raises(AccessConfigError, match="server_metadata_url"):
        parse(sign_in_settings(metadata=url))


@pytest.mark.parametrize(
    "url",
    [
        f"http://127.0.0.1:9{DISCOVERY}",
        f"http://localhost:8080{DISCOVERY}",
        f"https://id.example.org{DISCOVERY}",
    ],
)
def test_the_local_test_provider_and_https_providers_are_accepted(url):
    assert parse(sign_in_settings(metadata=url))
