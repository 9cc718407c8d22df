"""Reads of the API app: a token from its secret, a person's tokens, the webhooks due."""

from __future__ import annotations

import datetime
import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from cocite.accounts.models import User

from .models import ApiToken, WebhookDelivery, WebhookSubscription

TOKEN_PREFIX = "cct_"  # noqa: S105 — a prefix, not a secret


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_for_secret(secret: str, *, now: datetime.datetime | None = None) -> ApiToken | None:
    """The usable token behind a secret (one query, with its account), or None: unknown,
    revoked, expired, or its account deactivated."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=token_digest(secret)).first()
    if token is None or not token.is_usable(now or timezone.now()) or not token.user.is_active:
        return None
    return token


def personal_tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user, kind=ApiToken.Kind.PERSONAL).order_by("-created_at", "-pk")[:100])


def personal_token_of(user: User, pk: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, kind=ApiToken.Kind.PERSONAL, pk=pk).first()


def subscriptions_for(event: str) -> list[WebhookSubscription]:
    """Active subscriptions to an event (JSON lists are filtered in Python: there are a handful)."""
    return [s for s in WebhookSubscription.objects.filter(active=True) if event in (s.events or [])]


def deliveries_due(now: datetime.datetime, limit: int = 100) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("subscription")
        .order_by("next_attempt_at", "pk")[:limit]
    )


def delivery_get(pk: int) -> WebhookDelivery | None:
    return WebhookDelivery.objects.select_related("subscription").filter(pk=pk).first()
