"""Who may use the dashboard, and which LAs' non-public data each person sees.

Sign-in is off unless `.streamlit/secrets.toml` has an `[auth]` section: the demonstration, or
one adviser on their own machine, works exactly as without this module, and the scope is
EVERYTHING. With `[auth]` (OpenID Connect, usually the LA's Microsoft Entra ID), nobody sees a page
until signed in through `st.login`; a signed-in address must be on `[lens_access] allowed`, or
the person sees a plain refusal and no data; and the two non-public sources (the LA's own parent
surveys and its advisers' engagement judgements) are shown only for the LAs that
`[lens_access.la_scope]` gives the address. lens/queries.py asks `current_scope()` on every query
and runs it on a connection scoped to it (lens/scoping.py), so pages, exports and PDF packs
cannot differ.

    [lens_access]
    allowed = ["@leeds.gov.uk", "someone@example.org"]   # addresses, or @domain for all of one
    [lens_access.la_scope]
    "@leeds.gov.uk" = [383]                 # the LA codes whose non-public data they see
    "someone@example.org" = [383, 380]      # an address's own entry wins over its domain's

Nothing is guessed: a wrong or missing key, or a secrets file that cannot be read, stops the
dashboard with a message naming the key, rather than opening it to everyone.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import streamlit as st
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)
from streamlit.runtime.scriptrunner import get_script_run_ctx

EVERYTHING = None  # the scope when sign-in is off: every LA's rows, as before sign-in existed
Scope = tuple[int, ...] | None

ADDRESS = re.compile(r"^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
DOMAIN = re.compile(r"^@[a-z0-9-]+(\.[a-z0-9-]+)+$")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
LOG = logging.getLogger("lens")
_deferred = threading.local()  # a download being made for a session, outside its script run


class AccessConfigError(Exception):
    """The sign-in configuration is wrong; the message names the key and what to put there."""


def _entry(value: str) -> str:
    """An allow-list or scope key as it is compared: trimmed, lower case, address or @domain."""
    entry = value.strip().lower()
    if not (ADDRESS.match(entry) or DOMAIN.match(entry)):
        raise ValueError(
            f"{value!r} is neither an e-mail address (name@example.gov.uk) nor a domain "
            "written with its @ (@example.gov.uk)"
        )
    return entry


LaCode = Annotated[StrictInt, Field(ge=100, le=999)]  # English LA codes are three digits


class LensAccess(BaseModel):
    """`[lens_access]`: who may sign in, and the LAs whose non-public data each one sees."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: list[str] = Field(min_length=1)
    la_scope: dict[str, list[LaCode]] = Field(default_factory=dict)

    @field_validator("allowed")
    @classmethod
    def _allowed_entries(cls, values: list[str]) -> list[str]:
        return [_entry(v) for v in values]

    @field_validator("la_scope")
    @classmethod
    def _scope_entries(cls, scope: dict[str, list[int]]) -> dict[str, list[int]]:
        cleaned: dict[str, list[int]] = {}
        for key, codes in scope.items():
            entry = _entry(key)
            if entry in cleaned:
                raise ValueError(f"{key!r} is given twice (keys are compared in lower case)")
            cleaned[entry] = codes
        return cleaned

    @model_validator(mode="after")
    def _scoped_entries_may_sign_in(self) -> LensAccess:
        """A scope for someone the allow-list keeps out is a typo waiting to mislead."""
        for key in self.la_scope:
            if key.startswith("@"):
                covered = key in self.allowed or any(a.endswith(key) for a in self.allowed)
            else:
                covered = is_allowed(key, self)
            if not covered:
                raise ValueError(
                    f"la_scope gives {key!r} LAs, but lens_access.allowed does not let "
                    f"{key!r} sign in: add it to allowed, or correct the key"
                )
        return self


class AuthSettings(BaseModel):
    """`[auth]` as Streamlit's st.login reads it, checked before anyone is sent to sign in.

    Either the provider's keys sit in `[auth]` itself (client_id, client_secret,
    server_metadata_url), or in one named table such as `[auth.microsoft]`.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    redirect_uri: str
    cookie_secret: SecretStr = Field(min_length=32)

    @field_validator("redirect_uri")
    @classmethod
    def _callback(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?/oauth2callback$", value):
            raise ValueError(
                "must be the dashboard's public address followed by /oauth2callback, e.g. "
                "https://lens.example.gov.uk/oauth2callback (as registered with the provider)"
            )
        return value

    @property
    def provider(self) -> str | None:
        """The provider st.login is given: None for keys in [auth] itself, else the table's name."""
        extra = self.model_extra or {}
        named = [k for k, v in extra.items() if isinstance(v, Mapping)]
        if all(key in extra for key in PROVIDER_KEYS) and not named:
            return None
        if len(named) == 1 and not any(key in extra for key in PROVIDER_KEYS):
            return named[0]
        raise ValueError(
            "give one provider: client_id, client_secret and server_metadata_url in [auth] "
            "itself, or in one table such as [auth.microsoft]"
        )

    @model_validator(mode="after")
    def _one_provider(self) -> AuthSettings:
        name = self.provider
        table = dict(self.model_extra or {}) if name is None else dict(self.model_extra[name])
        missing = [key for key in PROVIDER_KEYS if not str(table.get(key, "")).strip()]
        if missing:
            where = "auth" if name is None else f"auth.{name}"
            raise ValueError(f"{where} lacks {', '.join(missing)}")
        if not str(table["server_metadata_url"]).startswith(("https://", "http://127.0.0.1")):
            raise ValueError(
                "server_metadata_url must be the provider's https discovery address, e.g. https://"
                "login.microsoftonline.com/<tenant id>/v2.0/.well-known/openid-configuration"
            )
        return self


class SignIn(BaseModel):
    """Sign-in as configured: the provider settings and the access rules."""

    model_config = ConfigDict(frozen=True)

    auth: AuthSettings
    lens_access: LensAccess


def _where(location: tuple) -> str:
    """A validation error's location as the key in secrets.toml: lens_access.la_scope."x"[1]."""
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif re.fullmatch(r"[A-Za-z0-9_-]+", str(part)):
            parts.append(("." if parts else "") + str(part))
        else:
            parts.append(f'."{part}"')
    return "".join(parts)


def parse(secrets: Mapping) -> SignIn | None:
    """The sign-in settings in `secrets`, None when there is no [auth] (sign-in off).

    Raises AccessConfigError naming the key that is wrong. Values under [auth] are never
    repeated in the message: they include the client and cookie secrets.
    """
    if "auth" not in secrets:
        return None
    if "lens_access" not in secrets:
        raise AccessConfigError(
            "Sign-in is configured ([auth]) but [lens_access] is missing: add "
            '[lens_access] with allowed = ["@your-la.gov.uk"] (addresses or @domains) so that '
            "the dashboard knows who may use it."
        )
    try:
        return SignIn.model_validate(
            {"auth": _plain(secrets["auth"]), "lens_access": _plain(secrets["lens_access"])}
        )
    except ValidationError as invalid:
        problems = []
        for error in invalid.errors(include_url=False, include_input=False):
            location = _where(error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{location}: {message}" if location else message)
        raise AccessConfigError(
            "The sign-in settings in .streamlit/secrets.toml are wrong: " + "; ".join(problems)
        ) from None


def _plain(value: object) -> object:
    """Streamlit's AttrDicts as plain dicts and lists, for pydantic and for caching."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def is_allowed(address: str, access: LensAccess) -> bool:
    """Whether `address` may use the dashboard: listed itself, or its domain is (exactly: a
    subdomain is another organisation's)."""
    address = address.strip().lower()
    if not ADDRESS.match(address):
        return False
    domain = "@" + address.rsplit("@", 1)[1]
    return address in access.allowed or domain in access.allowed


def scope_for(address: str, access: LensAccess) -> tuple[int, ...]:
    """The LA codes whose non-public data `address` sees: its own entry if it has one (which may
    narrow or widen its domain's), else its domain's, else none."""
    address = address.strip().lower()
    if not is_allowed(address, access):
        return ()
    domain = "@" + address.rsplit("@", 1)[1]
    codes = access.la_scope.get(address, access.la_scope.get(domain, []))
    return tuple(sorted(set(codes)))


@lru_cache(maxsize=8)
def _parse_cached(frozen: str) -> SignIn | None:
    return parse(json.loads(frozen))


def settings() -> SignIn | None:
    """This server's sign-in settings (None: sign-in off), read from st.secrets on each call
    (Streamlit keeps the parsed file) and validated once per content."""
    secrets = st.secrets
    if not secrets.load_if_toml_exists():
        unreadable = [
            path
            for path in st.get_option("secrets.files")
            if str(path).endswith(".toml") and Path(path).is_file()
        ]
        if unreadable:  # a typo must not turn sign-in off and open the data to anyone
            raise AccessConfigError(
                f"{unreadable[0]} exists but cannot be read as TOML: correct it (the server log "
                "says where), or remove it to run without sign-in."
            )
        return None
    if "auth" not in secrets:
        return None
    wanted = {key: _plain(secrets[key]) for key in ("auth", "lens_access") if key in secrets}
    return _parse_cached(json.dumps(wanted, sort_keys=True, default=str))


def signed_in_address() -> str | None:
    """The signed-in person's e-mail address from the provider's ID token, None when there is
    none or the provider says it is unverified. Only `email` counts: Entra ID's
    preferred_username can be changed by users and is not for deciding access."""
    if get_script_run_ctx() is None or st.user.get("is_logged_in") is not True:
        return None  # outside a page run nobody is known to be signed in
    if st.user.get("email_verified") is False:
        return None
    email = st.user.get("email")
    return str(email).strip().lower() if email else None


def current_scope() -> Scope:
    """The LAs whose non-public rows this session may read: EVERYTHING with sign-in off, none
    for anyone not signed in and allowed (the gate shows them no page, and this is the second
    lock behind it)."""
    config = settings()
    if config is None:
        return EVERYTHING
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


def require_sign_in() -> None:
    """The gate, called by dashboard.py before anything reads the warehouse: with sign-in on,
    show the sign-in page or the refusal page and stop, unless the person is allowed."""
    try:
        config = settings()
    except AccessConfigError as problem:
        LOG.error("sign-in configuration: %s", problem)
        st.error(f"**Partnership Lens is not set up correctly.** {problem}", icon=":material/key:")
        st.stop()
    if config is None:
        return
    if st.user.get("is_logged_in") is not True:
        st.title("Partnership Lens")
        st.write(
            "Sign in with your organisation's account to see parents' views beside inspection "
            "judgements for your schools."
        )
        provider = config.auth.provider
        st.button(
            "Sign in",
            type="primary",
            icon=":material/login:",
            on_click=st.login,
            args=(provider,) if provider else (),
        )
        st.stop()
    address = signed_in_address()
    if address is None or not is_allowed(address, config.lens_access):
        from lens.ui import md  # here: lens.ui asks this module to scope PDF packs

        st.title("Partnership Lens")
        who = f"**{md(address)}**" if address else "Your account (it gave no verified address)"
        st.warning(
            f"{who} is not on the list of people who may use this dashboard. If you should have "
            "access, ask the person who runs Partnership Lens for your LA to add you, then sign "
            "in again.",
            icon=":material/block:",
        )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout)
        st.stop()


def _la_names(codes: tuple[int, ...]) -> str:
    from lens.queries import ask  # here: lens.queries asks this module for the scope

    las = ask("local_authorities")
    names = dict(zip(las["la_code"].to_list(), las["la_name"].to_list(), strict=True))
    words = [f"{names.get(code, 'LA')} ({code})" for code in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def sidebar_note() -> None:
    """In the sidebar, with sign-in on: who is signed in, which LAs' own surveys and engagement
    judgements they see (England figures from those two sources count only those LAs), and a
    sign-out button. Nothing with sign-in off."""
    config = settings()
    if config is None:
        return
    from lens.ui import md

    scope = current_scope()
    with st.sidebar:
        st.divider()
        st.caption(f"Signed in as {md(signed_in_address() or '')}.")
        if scope:
            places = _la_names(scope)
            st.caption(
                f"LAs' own parent surveys and advisers' engagement judgements: {places} only. "
                f"England figures from these two sources count only {places}."
            )
        else:
            st.caption(
                "LAs' own parent surveys and advisers' engagement judgements: none for your "
                "address, so figures from these two sources are empty. Inspections, Parent "
                "View and reports are shown for every LA."
            )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="lens_sign_out")
