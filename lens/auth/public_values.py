"""Values in the secrets file that are public, or known to others: a cookie secret must share
nothing with them, and the provider's address is parsed, never matched by prefix (an external
security test, attack 8, findings 3 and 7)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

SHARED_PART = 6  # a run of letters and digits this long or longer, from another setting


def shared_with(secret: str, settings: Mapping[str, object]) -> str | None:
    """The key of another setting whose value the cookie secret is, contains or is part of, or one
    of whose runs of SHARED_PART or more letters and digits it holds whole (compared ignoring case);
    None when it holds none. The other settings are public (the tenant and client IDs are in the
    address every visitor is sent to at sign-in; the redirect_uri and the provider's address are its
    pages'), or known to someone else (the client secret, to the identity provider's admins): a
    cookie secret made from them can be guessed, and with it any sign-in forged."""
    folded = secret.casefold()
    for key, value in settings.items():
        if isinstance(value, Mapping):
            inner = shared_with(secret, {f"{key}.{k}": v for k, v in value.items()})
            if inner:
                return inner
            continue
        texts = value if isinstance(value, list | tuple) else [value]
        for text in (str(t).strip().casefold() for t in texts if t is not None):
            if len(text) < 4:  # a flag or a number: nothing to copy
                continue
            parts = re.findall(rf"[^\W_]{{{SHARED_PART},}}", text)
            if text in folded or folded in text or any(part in folded for part in parts):
                return key
    return None


LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")  # plain http only to this machine (tests)


def provider_address(url: str) -> bool:
    """https to any host, or http to this machine itself: the host compared exactly once the
    address is parsed (a prefix let 'http://127.0.0.1.evil.example' and 'http://127.0.0.1@evil'
    through), with no name and password before it."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    if not host or parts.username is not None or parts.password is not None:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and host in LOCAL_HOSTS)
