"""A small OpenID Connect provider on 127.0.0.1, for testing sign-in end to end without Entra ID.

It does what the dashboard's sign-in needs of Microsoft Entra ID and nothing more: a discovery
document, an authorize endpoint that shows a one-field form (the test types the address to sign in
as, so one provider serves every case), a token endpoint that checks the client's secret, the
redirect URI and the PKCE verifier and issues an RS256-signed ID token carrying that address and
the request's nonce, and the JWKS to check the signature. Codes are random, single-use and expire
after a minute. Authlib supplies the tokens' randomness and the PKCE check; its JOSE library,
joserfc, signs the ID token. Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import html
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

CODE_SECONDS = 60


class Provider:
    """The provider's state: its signing key, its one client and the codes it has issued."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "lens-test", "use": "sig"})
        self.codes: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.issuer = ""  # set once the server has its port
        self.signed_in: list[str] = []  # every address an ID token was issued for

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name"],
        }

    def issue_code(self, request: dict[str, str], email: str) -> str:
        code = generate_token(32)
        with self.lock:
            self.codes[code] = {**request, "email": email, "expires": time.time() + CODE_SECONDS}
        return code

    def exchange(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict]:
        """The token endpoint: (HTTP status, JSON body)."""
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self.lock:
            granted = self.codes.pop(form.get("code", ""), None)  # single use
        if (
            form.get("grant_type") != "authorization_code"
            or granted is None
            or granted["expires"] < time.time()
            or granted["redirect_uri"] != form.get("redirect_uri")
            or granted["client_id"] != client_id
        ):
            return 400, {"error": "invalid_grant"}
        challenge = granted.get("code_challenge")
        if challenge and create_s256_code_challenge(form.get("code_verifier", "")) != challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
        now = int(time.time())
        email = granted["email"]
        claims = {
            "iss": self.issuer,
            "sub": "user-" + email,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 600,
            "email": email,
            "email_verified": True,  # as providers that verify addresses say it (OIDC Core 5.1)
            "name": email.split("@")[0].title(),
        }
        if granted.get("nonce"):
            claims["nonce"] = granted["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": "lens-test"}, claims, self.key)
        self.signed_in.append(email)
        return 200, {
            "access_token": generate_token(40),
            "token_type": "Bearer",
            "expires_in": 600,
            "id_token": id_token,
        }


SIGN_IN_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test provider: sign in</title></head>
<body><main><h1>Test provider: sign in</h1>
<form method="post" action="/authorize">
<label for="email">E-mail address</label> <input id="email" name="email" type="email" required>
{hidden}
<button type="submit">Continue</button>
</form></main></body></html>"""


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
            pass  # quiet: the test's output is the dashboard's

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, body: dict) -> None:
            self._send(status, json.dumps(body).encode(), "application/json")

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.metadata())
            elif url.path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != provider.client_id or not query.get("redirect_uri"):
                    self._json(400, {"error": "invalid_request"})
                    return
                hidden = "\n".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in query.items()
                )
                page = SIGN_IN_FORM.format(hidden=hidden).encode()
                self._send(200, page, "text/html; charset=utf-8")
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/authorize":
                email = form.pop("email", "").strip()
                code = provider.issue_code(form, email)
                target = (
                    form["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": form.get("state", "")})
                )
                self._send(302, b"", "text/plain", {"Location": target})
            elif self.path == "/token":
                status, body = provider.exchange(form, self.headers.get("Authorization"))
                self._json(status, body)
            else:
                self._json(404, {"error": "not_found"})

    return Handler


@contextmanager
def running_provider(client_id: str, client_secret: str) -> Iterator[Provider]:
    """A provider serving on a free port of 127.0.0.1 until the block ends."""
    provider = Provider(client_id, client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
