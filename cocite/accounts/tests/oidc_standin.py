"""A small OpenID Connect provider for the tests, speaking FranceConnect v2's dialect.

It runs on 127.0.0.1 (a thread, a free port) and serves discovery, JWKS, an authorization endpoint
that consents at once, a token endpoint checking the code, the client secret and PKCE (S256), a
userinfo endpoint answering a signed JWT (``application/jwt``, as FranceConnect v2 does), and an
end-session endpoint. Its ID tokens carry the ``nonce`` and the ``acr`` asked for, unless a *fault*
is set, to see the client refuse what a broken or hostile provider would send:

- ``"signature"``: the ID token is signed by another key under the published key id;
- ``"nonce"``: the ID token replays the nonce of an earlier authorization request;
- ``"audience"``: the ID token is issued to another client;
- ``"expired"``: the ID token expired an hour ago;
- ``"acr"``: the ID token says eidas1 while eidas2 was asked for (with ``acr="eidas1"``).

oidc-provider-mock (a third-party provider, pinned in requirements-dev) serves the plain journeys;
this one serves what it cannot produce: JWT userinfo, acr, and the faults.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "cocite-test-key"


def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Identity:
    sub: str
    email: str
    given_name: str = "Camille"
    family_name: str = "Martin"
    email_verified: bool = True


@dataclass
class StandinProvider:
    client_id: str
    client_secret: str
    identity: Identity
    url: str = ""
    acr: str | None = None  # None: the acr asked for (acr_values)
    fault: str | None = None
    key: rsa.RSAPrivateKey = field(default_factory=_private_key)
    other_key: rsa.RSAPrivateKey = field(default_factory=_private_key)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    access_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    nonces_seen: list[str] = field(default_factory=list)
    authorization_requests: list[dict[str, str]] = field(default_factory=list)
    end_session_requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.url

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "end_session_endpoint": f"{self.url}/session/end",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "userinfo_signing_alg_values_supported": ["RS256", "ES256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["eidas1", "eidas2", "eidas3"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}

    def _sign(self, claims: dict[str, Any], *, key: rsa.RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KID})

    def authorize(self, query: dict[str, str]) -> str:
        """The redirect back to the client (consent is immediate), or raises ValueError."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            raise ValueError("bad client or response_type")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            raise ValueError("PKCE is required")
        self.authorization_requests.append(query)
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        request = self.codes.pop(form.get("code", ""), None)
        if request is None or form.get("redirect_uri") != request["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != request["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        nonce = request.get("nonce", "")
        if self.fault == "nonce" and self.nonces_seen:
            nonce = self.nonces_seen[0]
        self.nonces_seen.append(request.get("nonce", ""))
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": self.identity.sub,
            "aud": "another-client" if self.fault == "audience" else self.client_id,
            "iat": now - 3600 if self.fault == "expired" else now,
            "exp": now - 1800 if self.fault == "expired" else now + 60,
            "nonce": nonce,
            "acr": self.acr or request.get("acr_values", "eidas1").split()[0],
            "amr": ["pwd"],
        }
        id_token = self._sign(claims, key=self.other_key if self.fault == "signature" else None)
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = request
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": id_token}

    def userinfo(self, authorization: str) -> tuple[int, str]:
        if authorization.removeprefix("Bearer ") not in self.access_tokens:
            return 401, ""
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": self.identity.sub,
            "email": self.identity.email,
            "email_verified": self.identity.email_verified,
            "given_name": self.identity.given_name,
            "family_name": self.identity.family_name,
        }
        return 200, self._sign(claims)


def _handler(provider: StandinProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def _send(self, status: int, body: str, content_type: str = "application/json", location: str = "") -> None:
            payload = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._send(200, json.dumps(provider.discovery()))
            elif parts.path == "/jwks":
                self._send(200, json.dumps(provider.jwks()))
            elif parts.path == "/authorize":
                try:
                    self._send(302, "", "text/plain", location=provider.authorize(query))
                except ValueError as error:
                    self._send(400, json.dumps({"error": "invalid_request", "error_description": str(error)}))
            elif parts.path == "/userinfo":
                status, body = provider.userinfo(self.headers.get("Authorization", ""))
                self._send(status, body, "application/jwt; charset=utf-8")
            elif parts.path == "/session/end":
                provider.end_session_requests.append(query)
                back = f"{query['post_logout_redirect_uri']}?{urlencode({'state': query.get('state', '')})}"
                self._send(302, "", "text/plain", location=back)
            else:
                self._send(404, "{}")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path == "/token":
                status, body = provider.token(form, self.headers.get("Authorization", ""))
                self._send(status, json.dumps(body))
            else:
                self._send(404, "{}")

    return Handler


@contextmanager
def running(provider: StandinProvider) -> Iterator[StandinProvider]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)
