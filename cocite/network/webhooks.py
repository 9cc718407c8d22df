"""What the network tells webhook subscribers (cocite/api), connected from NetworkConfig.ready().

This app's API module imports cocite.api, so the API cannot listen to this app's signals itself
(a cycle between apps): the app sends its own events, through `webhook_emit`.

Subscribers are outside the commune: only what the public pages show a visitor, read again when
the signal arrives (after the commit). An initiative hidden by the moderation sends nothing (nor
do its calls); no payload names a person (holder, team, members, who answered a call), and an
actor hidden by the moderation is not named either.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocite.api.actions import webhook_emit
from cocite.api.models import WebhookEvent

from . import queries, signals
from .models import CallForHelp, Initiative


def _public_initiative(initiative_id: int) -> Initiative | None:
    return (
        queries.visible_initiatives(AnonymousUser())
        .select_related("actor")
        .prefetch_related("themes", "quartiers")
        .filter(pk=initiative_id)
        .first()
    )


def initiative_payload(initiative: Initiative) -> dict[str, Any]:
    actor = initiative.actor if initiative.actor_id and initiative.actor is not None else None
    shown = actor is not None and actor.masked_at is None
    return {
        "id": initiative.pk,
        "url": initiative.get_absolute_url(),
        "title": initiative.title,
        "stage": initiative.stage,
        "actor": actor.pk if shown and actor is not None else None,
        "actor_name": actor.name if shown and actor is not None else None,
        "themes": sorted(t.slug for t in initiative.themes.all()),
        "quartiers": sorted(q.slug for q in initiative.quartiers.all()),
        "created_at": initiative.created_at,
    }


def on_initiative_published(sender: Any, initiative: Initiative, **kwargs: Any) -> None:
    public = _public_initiative(initiative.pk)
    if public is not None:
        webhook_emit(WebhookEvent.INITIATIVE_PUBLISHED, initiative_payload(public))


def on_call_opened(sender: Any, call: CallForHelp, **kwargs: Any) -> None:
    fresh = CallForHelp.objects.filter(pk=call.pk, closed_at__isnull=True).first()
    initiative = _public_initiative(call.initiative_id) if fresh is not None else None
    if fresh is None or initiative is None:
        return
    webhook_emit(
        WebhookEvent.HELP_CALL_OPENED,
        {
            "id": fresh.pk,
            "url": f"{initiative.get_absolute_url()}#appel-{fresh.pk}",
            "kind": fresh.kind,
            "what": fresh.what,
            "when": fresh.when,
            "created_at": fresh.created_at,
            "initiative": {"id": initiative.pk, "url": initiative.get_absolute_url(), "title": initiative.title},
        },
    )


def connect() -> None:
    uid = "cocite.network.webhooks"
    signals.initiative_published.connect(on_initiative_published, dispatch_uid=f"{uid}.initiative")
    signals.call_opened.connect(on_call_opened, dispatch_uid=f"{uid}.call")
