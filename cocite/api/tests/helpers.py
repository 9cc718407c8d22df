from __future__ import annotations

from typing import Any

from django.test import Client

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.api import actions
from cocite.api.models import ApiToken


def token_for(user: User, *scopes: str, days: int = 30, kind: str = ApiToken.Kind.PERSONAL) -> str:
    creator = None
    if kind == ApiToken.Kind.APPLICATION:
        creator = User.objects.filter(is_superuser=True).first()
        if creator is None:
            creator = UserFactory(is_superuser=True, is_staff=True)
    _token, secret = actions.token_create(
        user=user, name="essai", scopes=scopes, days=days, kind=kind, created_by=creator
    )
    return secret


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def api_get(client: Client, path: str, secret: str | None = None, **extra: Any) -> Any:
    headers = bearer(secret) if secret else {}
    return client.get(f"/api/v1{path}", **headers, **extra)


def api_post(client: Client, path: str, data: dict[str, Any], secret: str | None = None) -> Any:
    headers = bearer(secret) if secret else {}
    return client.post(f"/api/v1{path}", data, content_type="application/json", **headers)
