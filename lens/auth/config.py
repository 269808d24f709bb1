"""The sign-in settings as written in the secrets file, checked: allowed addresses and domains,
each one's LA scope, the provider, the cookie secret's strength. Pure rules, no session: whether
an address is allowed and which LAs it sees (lens/auth/access.py applies them to this session)."""

from __future__ import annotations

import collections
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

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

from lens.auth.public_values import provider_address, shared_with
from schemas.settings import PROJECT_ROOT

ADDRESS = re.compile(r"^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
DOMAIN = re.compile(r"^@[a-z0-9-]+(\.[a-z0-9-]+)+$")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
DISCOVERY = "/.well-known/openid-configuration"  # OpenID Connect Discovery: issuer + this
ENTRA_HOST = "login.microsoftonline.com"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SECTIONS = ("auth", "lens_access")


class AccessConfigError(Exception):
    """The sign-in configuration is wrong; the message names the key and what to put there (for
    the operator's log only: it may name addresses and paths)."""


def normalised(value: str) -> str | None:
    """An address (or @domain) as it is compared: trimmed, lower-cased (not casefolded, which
    makes 'straße' 'strasse': two mailboxes; see is_allowed) and NFKC-normalised; None when it
    cannot be trusted to be the address it looks like. The domain must be plain ASCII
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
    return unicodedata.normalize("NFKC", raw.lower())


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
    r"replace|example|change|placeholder|secret|password|cookie|random|qwerty|asdfgh|zxcvbn"
    # words a deployment's own phrase is made of ('LeedsCityCouncilPartnershipLens2026!'): none of
    # them is under 6 letters, so a random secret holds one about once in a million or less
    r"|partnership|council|dashboard|school|welcome|letmein|summer|winter|spring|autumn",
    re.IGNORECASE,
)
MIN_SECRET_CHARACTERS = 32
MIN_SECRET_BITS = 128
# Public values shaped as the cookie secret might be copied from: an ID (the tenant and client IDs
# are in every sign-in address a visitor is sent to) or an address (redirect_uri, the provider's).
GUID_INSIDE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


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
    if GUID_INSIDE.search(value):
        return "contains an ID shaped like a tenant or client ID (a GUID), which is public"
    if "://" in value or re.match(r"(?i)https?:|www\.", value):
        return "is an address (a URL), which is public"
    if PLACEHOLDER_WORDS.search(value):
        return (
            "contains a word or keyboard row (such as 'secret', 'council' or 'qwerty'), not random"
        )
    # runs long enough to mark a typed value, scaled to the length so that a random secret of the
    # documented kind is almost never refused (a 64-character hex string holds a run of 6 in
    # about 1 in 18,000; of 8, about 1 in 4.6 million)
    if _longest_run(value, lambda a, b: a == b) >= max(6, len(value) // 8):
        return "repeats one character 6 or more times in a row (8 in 64 characters)"
    if max(
        _longest_run(value, lambda a, b: ord(b) - ord(a) == 1),
        _longest_run(value, lambda a, b: ord(a) - ord(b) == 1),
    ) >= max(7, len(value) // 8):
        return "contains a run of 7 or more consecutive characters (such as 'abcdefg')"
    period = next((p for p in range(1, len(value) // 2 + 1) if _repeats(value, p)), None)
    if period:
        return f"repeats a pattern of {period} characters"
    counts = collections.Counter(value)
    spread = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    if len(counts) < 10 or spread < 3.0:
        return "uses too few different characters"
    if len(value) * spread < MIN_SECRET_BITS:  # a phrase repeats its letters: few bits each
        return (
            f"holds less than {MIN_SECRET_BITS} bits when counted by how often each character "
            "recurs (a phrase or a repeated word, not a random string)"
        )
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
        if (url.hostname or "").rstrip(".") != ENTRA_HOST:  # 'login.microsoftonline.com.' too
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
        if not provider_address(metadata) or not metadata.endswith(DISCOVERY):
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
    def _secret_of_its_own(self) -> SignIn:
        """The cookie secret shares nothing with any other value in the file (shared_with): the
        IDs, addresses and domains there are known to many."""
        rules = self.lens_access.model_dump()
        rules["la_scope"] = list(rules["la_scope"])  # its keys are addresses; its codes are not
        auth = {"redirect_uri": self.auth.redirect_uri, **(self.auth.model_extra or {})}
        others = {
            **{f"auth.{k}": v for k, v in auth.items()},
            **{f"lens_access.{k}": v for k, v in rules.items()},
        }
        key = shared_with(self.auth.cookie_secret.get_secret_value(), others)
        if key:
            raise ValueError(
                f"auth.cookie_secret: is, contains or shares a part with {key}, which is not "
                "secret (IDs and addresses are shown to every visitor at sign-in): make a new "
                'one with python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return self

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
    if address is None or _folds_into_another(address, access):
        return False
    domain = "@" + address.rsplit("@", 1)[1]
    return address in access.allowed or domain in access.allowed


def _folds_into_another(address: str, access: LensAccess) -> bool:
    """Whether `address` (normalised) is another listed address but for casefolding: 'straße@'
    where 'strasse@' is listed, or given LAs. Compared in lower case they are two mailboxes, and
    the one not listed would be admitted by its domain alone; which of them the operator meant is
    not ours to guess, so it is refused (an address of plain letters never folds otherwise)."""
    folded = address.casefold()
    if folded == address:
        return False
    entries = (e for e in (*access.allowed, *access.la_scope) if not e.startswith("@"))
    return any(e != address and e.casefold() == folded for e in entries)


def scope_for(address: str, access: LensAccess) -> tuple[int, ...]:
    """The LA codes whose non-public data `address` sees: its own entry if it has one (which may
    narrow or widen its domain's), else its domain's, else none."""
    if not is_allowed(address, access):
        return ()
    address = normalised_address(address) or ""
    domain = "@" + address.rsplit("@", 1)[1]
    codes = access.la_scope.get(address, access.la_scope.get(domain, []))
    return tuple(sorted(set(codes)))
