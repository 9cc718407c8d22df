"""Who is calling: a bearer token (personal or application), else the session, else a visitor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from cocite.accounts.viewer import Viewer, is_active_user

from .actions import token_touch
from .models import ApiToken
from .permissions import token_reader
from .queries import token_for_secret


class InvalidToken(Exception):
    """An Authorization header with a token that is unknown, expired or revoked."""


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def request_token(request: HttpRequest) -> ApiToken | None:
    """The request's token, read once (InvalidToken when one is given and refused)."""
    if hasattr(request, "_cocite_api_token"):
        cached: ApiToken | None = request._cocite_api_token
        return cached
    secret = _bearer(request)
    token = None
    if secret is not None:
        token = token_for_secret(secret)
        if token is None:
            raise InvalidToken
        token_touch(token)
    request._cocite_api_token = token  # type: ignore[attr-defined]
    return token


def reader(request: HttpRequest) -> Viewer:
    """As whom the request reads: its token's reader, else the signed-in person, else a visitor."""
    token = request_token(request)
    if token is not None:
        return token_reader(token)
    user: Any = getattr(request, "user", None)
    return user if is_active_user(user) else AnonymousUser()


class TokenAuth(HttpBearer):
    """Writes: a usable token only (never the session, so no CSRF question arises)."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        try:
            return request_token(request)
        except InvalidToken:
            return None
