"""Who may use the dashboard, and which LAs' non-public data each person sees.

Sign-in is off unless the secrets file (`.streamlit/secrets.toml`) has an `[auth]` section:
the demonstration, or one adviser on their own machine, works exactly as without this module, and
the scope is EVERYTHING. With `[auth]` (OpenID Connect, usually the LA's Microsoft Entra ID),
nobody sees a page until signed in through `st.login`; a signed-in address must be on
`[lens_access] allowed`, or the person sees a plain refusal and no data; and the two non-public
sources (the LA's own parent surveys and its advisers' engagement judgements) are shown only for
the LAs that `[lens_access.la_scope]` gives the address. lens/data/queries.py asks `current_scope()`
on every query and runs it on a connection scoped to it (lens/data/scoping.py), so pages, exports
and PDF packs cannot differ.

    [lens_access]
    allowed = ["@leeds.gov.uk", "someone@example.org"]   # addresses, or @domain for all of one
    tenant_id = "<Directory (tenant) ID>"   # Microsoft Entra ID only: the one tenant admitted
    [lens_access.la_scope]
    "@leeds.gov.uk" = [383]                 # the LA codes whose non-public data they see
    "someone@example.org" = [383, 380]      # an address's own entry wins over its domain's

Fail closed (deploy/OPERATIONS.md, "What the server refuses to start with"): a deployment that
declares it serves non-public data (LENS_SERVES_NON_PUBLIC) must have a readable secrets file
with a valid `[auth]`, a strong cookie secret and `[lens_access]`; any configuration problem, in
any deployment, is told to the operator in the server log and shows visitors one plain sentence,
never the configuration itself. Nothing is guessed: a wrong, misspelt or missing key stops the
dashboard rather than opening it to everyone.

Who someone is comes from the provider's ID token (st.user): its issuer must be the configured
provider's; Entra ID's tenant (`tid`) must be the configured tenant; the address must be verified
(`email_verified` exactly true; see identity_problem for Entra ID, which does not send it); and
addresses are compared after NFKC normalisation and in lower case (not casefolded: 'straße' is
not 'strasse'), with look-alike characters refused rather than folded.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lens.auth.config import (
    SECTIONS,
    AccessConfigError,
    SignIn,
    _misspelt,
    _plain,
    normalised_address,
    parse,
    scope_for,
)
from schemas.settings import Settings

EVERYTHING = None  # the scope when sign-in is off: every LA's rows, as before sign-in existed
Scope = tuple[int, ...] | None
NOT_CONFIGURED = "This deployment is not configured; the operator has been told."
LOG = logging.getLogger("lens")
_deferred = threading.local()  # a download being made for a session, outside its script run


@lru_cache(maxsize=8)
def _parse_cached(frozen: str) -> SignIn | None:
    return parse(json.loads(frozen))


def secrets_files() -> list[str]:
    """Where Streamlit looks for the secrets file (secrets.files; STREAMLIT_SECRETS_FILES)."""
    return [str(path) for path in st.get_option("secrets.files")]


def settings() -> SignIn | None:
    """This server's sign-in settings (None: sign-in off), read from st.secrets on each call
    (Streamlit keeps the parsed file) and validated once per content."""
    secrets = st.secrets
    if not secrets.load_if_toml_exists():
        unreadable = [
            path for path in secrets_files() if Path(path).exists() and not Path(path).is_dir()
        ]
        if unreadable:  # a typo must not turn sign-in off and open the data to anyone
            raise AccessConfigError(
                f"{unreadable[0]} exists but cannot be read: it is not valid TOML, its name "
                f"does not end in .toml, or this server's user (uid {os.getuid()}) may not read "
                "it. Correct it, or remove it to run without sign-in."
            )
        return None
    keys = [str(key) for key in secrets]
    wanted = {
        key: _plain(secrets[key])
        for key in keys
        if key in SECTIONS or any(key == k for k, _ in _misspelt(keys))
    }
    try:
        return _parse_cached(json.dumps(wanted, sort_keys=True, default=str))
    except AccessConfigError as problem:
        files = [path for path in secrets_files() if Path(path).is_file()]
        where = f" (secrets file: {', '.join(files)})" if files else ""
        raise AccessConfigError(f"{problem}{where}") from None


@lru_cache(maxsize=4)
def _declared(value: str | None) -> bool:
    if value is None:
        return False
    try:
        return Settings.from_env(serves_non_public=value).serves_non_public
    except ValueError:
        return True  # not a yes or no: taken as yes, and deployment_problem says why


def serves_non_public() -> bool:
    """Whether this deployment declares that it serves non-public data (LENS_SERVES_NON_PUBLIC):
    then sign-in is required, and a configuration without it is refused."""
    return _declared(os.environ.get("LENS_SERVES_NON_PUBLIC"))


def deployment_problem() -> str | None:
    """What stops this deployment serving anyone, in the operator's words (for the server log
    only: it names keys, paths and addresses), or None when it may serve."""
    declared = os.environ.get("LENS_SERVES_NON_PUBLIC")
    try:
        if declared is not None:
            Settings.from_env(serves_non_public=declared)
    except ValueError:
        return f"LENS_SERVES_NON_PUBLIC must be true or false, not {declared!r}."
    try:
        config = settings()
    except AccessConfigError as problem:
        return str(problem)
    if config is not None or not serves_non_public():
        return None
    if not st.secrets.load_if_toml_exists():
        return (
            "LENS_SERVES_NON_PUBLIC is set, so sign-in is required, but there is no secrets "
            f"file (looked for: {', '.join(secrets_files())}). Mount one (deploy/OPERATIONS.md, "
            "Sign-in) or point STREAMLIT_SECRETS_FILES at it."
        )
    return (
        "LENS_SERVES_NON_PUBLIC is set, so sign-in is required, but the secrets file has no "
        "[auth] section (copy it from .streamlit/secrets.example.toml and fill it in)."
    )


_told: dict[str, float] = {}
TELL_EVERY_SECONDS = 600


def tell_operator(message: str) -> None:
    """Log `message` for the operator: once when first met, then at most every ten minutes (a
    refused page view must not flood the log)."""
    now = time.monotonic()
    if now - _told.get(message, -TELL_EVERY_SECONDS) >= TELL_EVERY_SECONDS:
        _told[message] = now
        LOG.error("%s", message)


def identity_problem(user: Mapping, config: SignIn) -> str | None:
    """Why the provider's claims in `user` (the ID token's, as st.user holds them) are not
    trusted to say whose address this is; None when they are.

    - `iss` must be the configured provider's issuer (a cookie from an earlier or another
      provider is not accepted);
    - Microsoft Entra ID (which does not send email_verified): `tid` must be lens_access.tenant_id;
      `email_verified` and `xms_edov` (Entra's optional 'email domain owner verified' claim) must
      be true where sent; and an account that signed in through another identity provider (a
      guest: its `idp` is not the tenant's issuer) must have one of them true;
    - any other provider: `email_verified` must be present and exactly true (not "true", "false",
      1 or missing)."""
    issuer = str(user.get("iss") or "")
    expected = config.auth.expected_issuer
    if issuer.rstrip("/").casefold() != expected.rstrip("/").casefold():
        return f"the ID token's issuer is {issuer or 'missing'}, not {expected}"
    if config.auth.entra_tenant is None:
        if user.get("email_verified") is not True:
            said = repr(user["email_verified"]) if "email_verified" in user else "not sent"
            return f"the provider does not say the address is verified (email_verified: {said})"
        return None
    if str(user.get("tid") or "").casefold() != config.lens_access.tenant_id:
        return f"the account's tenant (tid) is {user.get('tid')!r}, not the configured tenant_id"
    for claim in ("email_verified", "xms_edov"):
        if claim in user and user[claim] is not True:
            return f"the provider says the address is not verified ({claim}: {user[claim]!r})"
    idp = str(user.get("idp") or issuer)
    if idp.rstrip("/").casefold() != issuer.rstrip("/").casefold() and not any(
        user.get(claim) is True for claim in ("email_verified", "xms_edov")
    ):
        return f"the account signed in through another identity provider ({idp}) unverified"
    return None


def signed_in_address() -> str | None:
    """The signed-in person's e-mail address from the provider's ID token, None when there is
    none or it is not trusted (identity_problem; a look-alike address). Only `email` counts:
    Entra ID's preferred_username can be changed by users and is not for deciding access."""
    if get_script_run_ctx() is None or st.user.get("is_logged_in") is not True:
        return None  # outside a page run nobody is known to be signed in
    config = settings()
    if config is None:
        return None
    user = st.user.to_dict()
    problem = identity_problem(user, config)
    if problem:
        tell_operator(f"Partnership Lens refused a sign-in: {problem}")
        return None
    email = user.get("email")
    return normalised_address(str(email)) if isinstance(email, str) else None


def current_scope() -> Scope:
    """The LAs whose non-public rows this session may read: EVERYTHING with sign-in off (and no
    non-public data declared: lens/data/queries.py narrows that further for a real warehouse), none
    for anyone not signed in and allowed (the gate shows them no page, and this is the second
    lock behind it)."""
    config = settings()
    if config is None:
        return () if serves_non_public() else EVERYTHING
    if getattr(_deferred, "active", False):
        return _deferred.scope
    address = signed_in_address()
    if address is None:
        return ()
    return scope_for(address, config.lens_access)


def for_this_session(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """`make`, to be run later for this session with this session's scope.

    Streamlit runs a download's maker when the button is clicked, in a worker thread outside
    the page run, where st.user cannot be read; a PDF pack that asks the warehouse then would
    otherwise be scoped to nothing (or, were this check missing, to someone else)."""
    scope = current_scope()

    def run() -> bytes:
        _deferred.active, _deferred.scope = True, scope
        try:
            return make()
        finally:
            _deferred.active, _deferred.scope = False, None

    return run
