"""One HTTP session that honours the environment's proxy, and errors that say what went wrong.

`requests` reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY when `trust_env` is on (its default); it is
kept on deliberately, so the fetch works from an office network behind a proxy.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import requests
from requests.utils import get_environ_proxies

from etl.fetch.errors import FetchError

USER_AGENT = "partnership-lens-fetch/1.0 (+python-requests)"


def make_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = True  # proxies (and their exceptions) from the environment
    session.headers["User-Agent"] = USER_AGENT
    return session


def proxy_for(url: str) -> str | None:
    """The proxy the environment sends `url` through, with any password hidden."""
    proxies = get_environ_proxies(url)
    proxy = proxies.get(urlsplit(url).scheme) or proxies.get("all")
    if not proxy:
        return None
    parts = urlsplit(proxy)
    if parts.password or parts.username:
        host = parts.hostname or ""
        netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def describe(error: BaseException, url: str, timeout: float) -> str:
    """Why a request failed, in words an adviser can act on (requests wraps urllib3, which
    wraps the socket error: the whole chain is looked at)."""
    proxy = proxy_for(url)
    via = f" (through the proxy {proxy})" if proxy else ""
    names = {type(c).__name__ for c in _causes(error)}
    if "ProxyError" in names:
        return f"could not reach the proxy {proxy or ''} (HTTPS_PROXY / HTTP_PROXY): is it up?"
    if "SSLError" in names:
        return f"the secure connection failed{via}: {error}"
    if "ConnectTimeoutError" in names or "ConnectTimeout" in names:
        return f"no connection within {timeout:g} s{via}: offline, or the host is down"
    if names & {"ReadTimeout", "ReadTimeoutError", "TimeoutError", "timeout"}:
        return f"no answer within {timeout:g} s{via}"
    if names & {"NameResolutionError", "gaierror"}:
        return f"the host name could not be resolved{via}: offline, or no DNS"
    if names & {"IncompleteRead", "ProtocolError", "ChunkedEncodingError"}:
        return f"the connection closed early{via}"
    if names & {"ConnectionError", "NewConnectionError", "ConnectionRefusedError"}:
        return f"could not connect{via}: offline, or the host refused the connection"
    return f"{type(error).__name__}{via}: {error}"


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (requests wraps urllib3, which wraps the socket error)."""
    seen: list[BaseException] = []
    todo: list[object] = [error]
    while todo and len(seen) < 12:
        item = todo.pop()
        if isinstance(item, BaseException) and item not in seen:
            seen.append(item)
            todo += [item.__cause__, item.__context__, getattr(item, "reason", None)]
            todo += list(item.args[:1])
    return seen


def get(
    session: requests.Session,
    source: str,
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """A streamed GET; connection problems become a FetchError naming the URL."""
    try:
        return session.get(url, headers=headers, timeout=timeout, stream=True)
    except requests.RequestException as error:
        raise FetchError(source, url, describe(error, url, timeout), "unreachable") from error
