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
addresses are compared after NFKC normalisation and casefolding, with look-alike characters
refused rather than folded.
"""

from __future__ import annotations

import collections
import difflib
import json
import logging
import math
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

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

from schemas.settings import PROJECT_ROOT, Settings

EVERYTHING = None  # the scope when sign-in is off: every LA's rows, as before sign-in existed
Scope = tuple[int, ...] | None

ADDRESS = re.compile(r"^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
DOMAIN = re.compile(r"^@[a-z0-9-]+(\.[a-z0-9-]+)+$")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
DISCOVERY = "/.well-known/openid-configuration"  # OpenID Connect Discovery: issuer + this
ENTRA_HOST = "login.microsoftonline.com"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SECTIONS = ("auth", "lens_access")
NOT_CONFIGURED = "This deployment is not configured; the operator has been told."
LOG = logging.getLogger("lens")
_deferred = threading.local()  # a download being made for a session, outside its script run


class AccessConfigError(Exception):
    """The sign-in configuration is wrong; the message names the key and what to put there (for
    the operator's log only: it may name addresses and paths)."""


def normalised(value: str) -> str | None:
    """An address (or @domain) as it is compared: trimmed, casefolded and NFKC-normalised; None
    when it cannot be trusted to be the address it looks like. The domain must be plain ASCII
    (a Kelvin sign in 'x@leeds.gov.u\u212a' is refused, never folded to 'k'); a character that
    normalisation would turn into another one (fullwidth letters, ligatures, the Kelvin and ohm
    signs) is a look-alike and refused too, as is anything that cannot be seen (control and format
    characters such as a right-to-left override, and spaces)."""
    raw = value.strip()
    _local, at, domain = raw.rpartition("@")
    if not at or not domain.isascii():
        return None
    for char in raw:
        if unicodedata.normalize("NFKC", char) != char or unicodedata.category(char)[0] in "CZ":
            return None
    return unicodedata.normalize("NFKC", raw.casefold())


def normalised_address(value: str) -> str | None:
    """`value` as a comparable e-mail address, or None (see normalised)."""
    address = normalised(value)
    return address if address and ADDRESS.match(address) else None


def _entry(value: str) -> str:
    """An allow-list or scope key as it is compared: an address or @domain, normalised."""
    entry = normalised(value)
    if not entry or not (ADDRESS.match(entry) or DOMAIN.match(entry)):
        raise ValueError(
            f"{value!r} is neither an e-mail address (name@example.gov.uk) nor a domain "
            "written with its @ (@example.gov.uk), in plain letters (a domain outside ASCII is "
            "written in its xn-- form)"
        )
    return entry


# --- the cookie secret ------------------------------------------------------------------------

# Values printed in this repository's documentation and example file: public, so never a secret.
PUBLISHED_SECRETS = frozenset({"<replace with at least 32 random characters>"})
DOCUMENTS = (".streamlit/secrets.example.toml", "README.md", "deploy/OPERATIONS.md")
PLACEHOLDER_WORDS = re.compile(
    r"replace|example|change|placeholder|secret|password|cookie|random|qwerty|asdfgh|zxcvbn",
    re.IGNORECASE,
)
MIN_SECRET_CHARACTERS = 32
MIN_SECRET_BITS = 128


@lru_cache(maxsize=1)
def published_secrets() -> frozenset[str]:
    """PUBLISHED_SECRETS and every cookie_secret written in the documents present beside the
    code (a clone has them; the image has none of them and relies on the list)."""
    found = set(PUBLISHED_SECRETS)
    for name in DOCUMENTS:
        path = PROJECT_ROOT / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found |= set(re.findall(r'cookie_secret\s*=\s*"([^"]*)"', text))
    return frozenset(found)


def _longest_run(value: str, step_of: Callable[[str, str], bool]) -> int:
    best = current = 1
    for before, after in zip(value, value[1:], strict=False):
        current = current + 1 if step_of(before, after) else 1
        best = max(best, current)
    return best


def _repeats(value: str, period: int) -> bool:
    """Whether `value` is its first `period` characters over and over."""
    return all(char == value[i % period] for i, char in enumerate(value))


def secret_weakness(value: str) -> str | None:
    """Why `value` is not fit to sign sign-in cookies (None: fit). The rules are listed in
    deploy/OPERATIONS.md; secrets.token_urlsafe(48) meets them."""
    if len(value) < MIN_SECRET_CHARACTERS:
        return f"is shorter than {MIN_SECRET_CHARACTERS} characters"
    if value in published_secrets() or "<" in value or ">" in value:
        return "is the example file's placeholder or a value printed in the documentation"
    if any(char.isspace() for char in value):
        return "contains spaces (a phrase, not a random string)"
    if PLACEHOLDER_WORDS.search(value):
        return "contains a word or keyboard row (such as 'secret' or 'qwerty'), not random"
    if _longest_run(value, lambda a, b: a == b) >= 6:
        return "repeats one character 6 or more times in a row"
    if (
        max(
            _longest_run(value, lambda a, b: ord(b) - ord(a) == 1),
            _longest_run(value, lambda a, b: ord(a) - ord(b) == 1),
        )
        >= 7
    ):
        return "contains a run of 7 or more consecutive characters (such as 'abcdefg')"
    period = next((p for p in range(1, len(value) // 2 + 1) if _repeats(value, p)), None)
    if period:
        return f"repeats a pattern of {period} characters"
    counts = collections.Counter(value)
    spread = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    if len(counts) < 10 or spread < 3.0:
        return "uses too few different characters"
    classes = sum(
        size
        for size, present in (
            (26, any(c.islower() for c in value)),
            (26, any(c.isupper() for c in value)),
            (10, any(c.isdigit() for c in value)),
            (33, any(not c.isalnum() for c in value)),
        )
        if present
    )
    if len(value) * math.log2(classes) < MIN_SECRET_BITS:
        return f"holds less than {MIN_SECRET_BITS} bits: make it longer, or more varied"
    return None


LaCode = Annotated[StrictInt, Field(ge=100, le=999)]  # English LA codes are three digits


class LensAccess(BaseModel):
    """`[lens_access]`: who may sign in, and the LAs whose non-public data each one sees."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: list[str] = Field(min_length=1)
    la_scope: dict[str, list[LaCode]] = Field(default_factory=dict)
    tenant_id: str | None = None  # Microsoft Entra ID: the Directory (tenant) ID admitted

    @field_validator("tenant_id")
    @classmethod
    def _tenant(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not GUID.match(value.strip().lower()):
            raise ValueError(
                "must be your tenant's Directory (tenant) ID, a GUID such as "
                "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0 (Entra admin centre, Overview)"
            )
        return value.strip().lower()

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
    cookie_secret: SecretStr

    @field_validator("cookie_secret")
    @classmethod
    def _strong(cls, value: SecretStr) -> SecretStr:
        weakness = secret_weakness(value.get_secret_value())
        if weakness:
            raise ValueError(
                f'{weakness}: make a new one with python -c "import secrets; '
                'print(secrets.token_urlsafe(48))"'
            )
        return value

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

    @property
    def provider_table(self) -> dict:
        """The provider's keys (client_id, client_secret, server_metadata_url, ...)."""
        name = self.provider
        return dict(self.model_extra or {}) if name is None else dict(self.model_extra[name])

    @property
    def expected_issuer(self) -> str:
        """The `iss` every ID token must carry: the discovery address without its well-known
        suffix (OpenID Connect Discovery 1.0, section 4)."""
        return str(self.provider_table["server_metadata_url"]).removesuffix(DISCOVERY)

    @property
    def entra_tenant(self) -> str | None:
        """The tenant in a Microsoft Entra ID discovery address; None for other providers."""
        url = urlsplit(str(self.provider_table["server_metadata_url"]))
        if url.hostname != ENTRA_HOST:
            return None
        return url.path.strip("/").split("/")[0].lower()

    @model_validator(mode="after")
    def _one_provider(self) -> AuthSettings:
        name = self.provider
        table = self.provider_table
        where = "auth" if name is None else f"auth.{name}"
        missing = [key for key in PROVIDER_KEYS if not str(table.get(key, "")).strip()]
        if missing:
            raise ValueError(f"{where} lacks {', '.join(missing)}")
        placeholders = [
            key
            for key, value in {"redirect_uri": self.redirect_uri, **table}.items()
            if isinstance(value, str) and "<" in value and ">" in value
        ]
        if placeholders:
            raise ValueError(
                f"{', '.join(placeholders)} still hold the example file's <...> placeholders"
            )
        metadata = str(table["server_metadata_url"])
        if not metadata.startswith(("https://", "http://127.0.0.1")) or not metadata.endswith(
            DISCOVERY
        ):
            raise ValueError(
                "server_metadata_url must be the provider's https discovery address, ending in "
                f"{DISCOVERY}, e.g. https://login.microsoftonline.com/<tenant id>/v2.0{DISCOVERY}"
            )
        tenant = self.entra_tenant
        if tenant is not None and (
            not GUID.match(tenant)
            or metadata.lower() != f"https://{ENTRA_HOST}/{tenant}/v2.0{DISCOVERY}"
        ):
            raise ValueError(
                "server_metadata_url must name your tenant's Directory (tenant) ID, not common, "
                "organizations or consumers (those admit other organisations' accounts): "
                f"https://{ENTRA_HOST}/<tenant id>/v2.0{DISCOVERY}"
            )
        return self


class SignIn(BaseModel):
    """Sign-in as configured: the provider settings and the access rules."""

    model_config = ConfigDict(frozen=True)

    auth: AuthSettings
    lens_access: LensAccess

    @model_validator(mode="after")
    def _tenant_matches(self) -> SignIn:
        """Entra ID: the tenant is stated twice, in the discovery address and as tenant_id, and
        every ID token's tid is checked against it (identity_problem)."""
        tenant, stated = self.auth.entra_tenant, self.lens_access.tenant_id
        if tenant is not None and stated != tenant:
            raise ValueError(
                "lens_access.tenant_id must be given for Microsoft Entra ID, the same Directory "
                "(tenant) ID as in server_metadata_url"
            )
        if tenant is None and stated is not None:
            raise ValueError(
                "lens_access.tenant_id is for Microsoft Entra ID; this provider has no tenant"
            )
        return self


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


def _misspelt(keys: list[str]) -> list[tuple[str, str]]:
    """(key, section) for top-level keys that look like a misspelt [auth] or [lens_access]
    ('Auth', 'oauth', 'lens-access'): a typo must not turn sign-in off."""
    found = []
    for key in keys:
        if key in SECTIONS:
            continue
        folded = key.strip().casefold().replace("-", "_").replace(" ", "_")
        for section in SECTIONS:
            if difflib.SequenceMatcher(None, folded, section).ratio() >= 0.75:
                found.append((key, section))
                break
    return found


def parse(secrets: Mapping) -> SignIn | None:
    """The sign-in settings in `secrets`, None when there is no [auth] (sign-in off).

    Raises AccessConfigError naming the key that is wrong. Values under [auth] are never
    repeated in the message: they include the client and cookie secrets.
    """
    misspelt = _misspelt([str(key) for key in secrets])
    if misspelt:
        key, section = misspelt[0]
        raise AccessConfigError(
            f"The secrets file has a section [{key}], which looks like a misspelt [{section}]: "
            f"name it [{section}] exactly (or remove it)."
        )
    if "auth" not in secrets and "lens_access" in secrets:
        raise AccessConfigError(
            "The secrets file has [lens_access] but no [auth] section: sign-in cannot be on "
            "without [auth] (copy it from .streamlit/secrets.example.toml and fill it in), and "
            "it is not turned off while access rules are written."
        )
    if "auth" not in secrets:
        return None
    if "lens_access" not in secrets:
        raise AccessConfigError(
            "Sign-in is configured ([auth]) but [lens_access] is missing: add "
            '[lens_access] with allowed = ["@your-la.gov.uk"] (addresses or @domains) so that '
            "the dashboard knows who may use it."
        )
    if not isinstance(secrets["auth"], Mapping) or not isinstance(secrets["lens_access"], Mapping):
        raise AccessConfigError("[auth] and [lens_access] must be sections (tables), not values.")
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
            "The sign-in settings in the secrets file are wrong: " + "; ".join(problems)
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
    subdomain is another organisation's). Compared normalised (see normalised): a look-alike
    is refused, not folded into an allowed address."""
    address = normalised_address(address)
    if address is None:
        return False
    domain = "@" + address.rsplit("@", 1)[1]
    return address in access.allowed or domain in access.allowed


def scope_for(address: str, access: LensAccess) -> tuple[int, ...]:
    """The LA codes whose non-public data `address` sees: its own entry if it has one (which may
    narrow or widen its domain's), else its domain's, else none."""
    if not is_allowed(address, access):
        return ()
    address = normalised_address(address) or ""
    domain = "@" + address.rsplit("@", 1)[1]
    codes = access.la_scope.get(address, access.la_scope.get(domain, []))
    return tuple(sorted(set(codes)))


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


def require_sign_in() -> None:
    """The gate, called by dashboard.py before anything reads the warehouse: a deployment that
    is not configured shows one plain sentence (the log says what is wrong); with sign-in on,
    show the sign-in page or the refusal page and stop, unless the person is allowed."""
    problem = deployment_problem()
    if problem:
        tell_operator(f"Partnership Lens is refusing every page: {problem}")
        st.title("Partnership Lens")
        st.error(NOT_CONFIGURED, icon=":material/key:")
        st.stop()
    config = settings()
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
        from lens.present.ui import md  # here: lens.present.ui asks this module to scope PDF packs

        st.title("Partnership Lens")
        who = (
            f"**{md(address)}**"
            if address
            else "Your account (your organisation's sign-in did not confirm its address)"
        )
        st.warning(
            f"{who} is not on the list of people who may use this dashboard. If you should have "
            "access, ask the person who runs Partnership Lens for your LA to add you, then sign "
            "in again.",
            icon=":material/block:",
        )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout)
        st.stop()


def _la_names(codes: tuple[int, ...]) -> str:
    from lens.data.queries import ask  # here: lens.data.queries asks this module for the scope

    las = ask("local_authorities")
    names = dict(zip(las["la_code"].to_list(), las["la_name"].to_list(), strict=True))
    words = [f"{names.get(code, 'LA')} ({code})" for code in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


NOT_SERVED = (
    "This deployment does not show LAs' own parent surveys or advisers' engagement judgements, so "
    "figures from these two sources are empty. Inspections, Parent View and reports are shown "
    "for every LA."
)


def sidebar_note() -> None:
    """In the sidebar, with sign-in on: who is signed in, which LAs' own surveys and engagement
    judgements they see (England figures from those two sources count only those LAs), and a
    sign-out button; and, signed in or not, when this deployment shows none of those two sources
    (real data without LENS_SERVES_NON_PUBLIC). Nothing for the demonstration without sign-in."""
    from lens.data.queries import (
        run_scope,  # here: lens.data.queries asks this module for the scope
    )
    from lens.present.ui import md

    config = settings()
    scope = run_scope()
    if config is None:
        if scope == ():
            with st.sidebar:
                st.divider()
                st.caption(NOT_SERVED)
        return
    with st.sidebar:
        st.divider()
        st.caption(f"Signed in as {md(signed_in_address() or '')}.")
        if scope:
            places = _la_names(scope)
            st.caption(
                f"LAs' own parent surveys and advisers' engagement judgements: {places} only. "
                f"England figures from these two sources count only {places}, and own surveys "
                "are compared only with other schools' own surveys in the same local authority."
            )
        elif current_scope():
            st.caption(NOT_SERVED)
        else:
            st.caption(
                "LAs' own parent surveys and advisers' engagement judgements: none for your "
                "address, so figures from these two sources are empty. Inspections, Parent "
                "View and reports are shown for every LA."
            )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="lens_sign_out")
