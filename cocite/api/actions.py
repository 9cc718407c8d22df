"""Every write of the API app: tokens, webhook subscriptions, events and their deliveries."""

from __future__ import annotations

import datetime
import functools
import json
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.taskqueue import task_named

from . import permissions, webhooks
from .models import APPLICATION_SCOPES, PERSONAL_SCOPES, ApiToken, WebhookDelivery, WebhookSubscription
from .queries import TOKEN_PREFIX, deliveries_due, delivery_get, subscriptions_for, token_digest

MAX_TOKEN_DAYS = 366
MAX_TOKENS_PER_PERSON = 20
# Retries: 30 s, 1 min, 2 min, 4 min… capped at 6 h; given up after MAX_ATTEMPTS attempts.
BACKOFF_BASE = 30
BACKOFF_MAX = 6 * 3600
MAX_ATTEMPTS = 8


def _new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    scopes: Iterable[str],
    days: int,
    kind: str = ApiToken.Kind.PERSONAL,
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret (shown once; only its hash is kept)."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ActionError(_("Donnez un nom au jeton (80 caractères au plus)."), code="name_invalid", field="name")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ActionError(
            _("La durée de validité va de 1 à %(max)s jours.") % {"max": MAX_TOKEN_DAYS},
            code="expiry_invalid",
            field="days",
        )
    allowed = PERSONAL_SCOPES if kind == ApiToken.Kind.PERSONAL else APPLICATION_SCOPES
    chosen = sorted({str(s) for s in scopes})
    if any(s not in allowed for s in chosen):
        raise ActionError(_("Ce droit n'existe pas pour ce type de jeton."), code="scope_invalid", field="scopes")
    if kind == ApiToken.Kind.PERSONAL:
        if not permissions.can_manage_tokens(user):
            raise PermissionDenied(_("Connectez-vous pour créer un jeton."), code="token_forbidden")
        User.objects.select_for_update().filter(pk=user.pk).first()  # one creation at a time per person
        live = ApiToken.objects.filter(user=user, kind=kind, revoked_at__isnull=True, expires_at__gt=timezone.now())
        if live.count() >= MAX_TOKENS_PER_PERSON:
            raise ActionError(
                _("Vous avez déjà %(n)s jetons actifs : révoquez-en un d'abord.") % {"n": MAX_TOKENS_PER_PERSON},
                code="too_many_tokens",
            )
    elif created_by is None or not permissions.can_manage_application_tokens(created_by):
        raise PermissionDenied(_("Seul un administrateur crée un jeton d'application."), code="token_forbidden")
    secret = _new_secret()
    token = ApiToken.objects.create(
        kind=kind,
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=token_digest(secret),
        scopes=chosen,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk and not permissions.can_manage_application_tokens(user):
        raise PermissionDenied(_("Ce jeton n'est pas le vôtre."), code="token_forbidden")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def token_touch(token: ApiToken, *, now: datetime.datetime | None = None) -> None:
    """Note when a token was last used (at most once a minute, a single UPDATE)."""
    moment = now or timezone.now()
    if token.last_used_at is None or moment - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment


# ---------------------------------------------------------------------------
# Webhooks
# ---------------------------------------------------------------------------


def subscription_create(*, name: str, url: str, events: Iterable[str], created_by: User | None) -> WebhookSubscription:
    if created_by is not None and not permissions.can_manage_application_tokens(created_by):
        raise PermissionDenied(_("Seul un administrateur crée un abonnement."), code="webhook_forbidden")
    try:
        webhooks.check_address(url)
    except webhooks.UnsafeAddress as error:
        raise ActionError(
            _("Cette adresse n'est pas joignable depuis le serveur (réseau privé ou adresse invalide)."),
            code="webhook_url_refused",
            field="url",
        ) from error
    return WebhookSubscription.objects.create(
        name=name,
        url=url,
        secret=new_webhook_secret(),
        events=sorted(set(events)),
        created_by=created_by,
    )


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def webhook_emit(event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Record one delivery per subscription to `event` and queue each (on commit)."""
    subscriptions = subscriptions_for(event)
    if not subscriptions:
        return []
    now = timezone.now()
    deliveries = []
    for subscription in subscriptions:
        message_id = "msg_" + uuid.uuid4().hex
        body = json.dumps(
            {"type": event, "timestamp": now.isoformat(), "data": data},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        deliveries.append(
            WebhookDelivery.objects.create(
                subscription=subscription, message_id=message_id, event=event, payload=body, next_attempt_at=now
            )
        )
    for delivery in deliveries:
        transaction.on_commit(functools.partial(_queue, delivery.pk))
    return deliveries


def _queue(delivery_id: int, run_after: datetime.datetime | None = None) -> None:
    task = task_named("api.deliver_webhook")
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # `manage.py webhooks_retry` (or deliveries_retry_due) sends it when due
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


def delivery_attempt(delivery_id: int, *, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """One attempt at a pending delivery: delivered, or the next attempt scheduled with backoff."""
    moment = now or timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return delivery
        # Claimed: another worker finding it now sees it scheduled later.
        delivery.attempts += 1
        delivery.next_attempt_at = moment + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    subscription = WebhookSubscription.objects.get(pk=delivery.subscription_id)
    result = webhooks.send(
        url=subscription.url,
        secret=subscription.secret,
        message_id=delivery.message_id,
        timestamp=int(moment.timestamp()),
        body=delivery.payload.encode(),
    )
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error[:300]
    if result.ok:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "last_status_code", "last_error"])
    if delivery.status == WebhookDelivery.Status.PENDING and delivery.next_attempt_at is not None:
        transaction.on_commit(lambda: _queue(delivery.pk, run_after=delivery.next_attempt_at))
    return delivery


def deliveries_retry_due(*, now: datetime.datetime | None = None) -> int:
    """Attempt every pending delivery whose time has come (the sweep behind `manage.py webhooks_retry`)."""
    moment = now or timezone.now()
    ids = list(deliveries_due(moment).values_list("pk", flat=True))
    for pk in ids:
        delivery_attempt(pk, now=moment)
    return len(ids)


@transaction.atomic
def delivery_replay(*, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again from the admin: the same message (same id, so receivers deduplicate)."""
    delivery = delivery_get(delivery_id)
    if delivery is None:
        raise ActionError(_("Cette livraison n'existe plus."), code="delivery_missing")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _queue(delivery.pk))
    delivery.refresh_from_db()
    return delivery
