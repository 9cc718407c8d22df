"""What missions and events tell webhook subscribers (cocite/api), connected from MissionsConfig.ready().

This app's API module imports cocite.api, so the API cannot listen to this app's signals itself
(a cycle between apps): the app sends its own events, through `webhook_emit`.

Subscribers are outside the commune: only what the public pages show a visitor, read again when
the signal arrives (after the commit). A mission or an event hidden by the moderation or cancelled
sends nothing, nor does an event of a démarche a visitor cannot see; no payload names who published
it or who registered, nor carries the partner organisation's contact; an actor hidden by the
moderation is not named.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocite.api.actions import webhook_emit
from cocite.api.models import WebhookEvent

from . import queries, signals
from .api import event_representation, mission_representation
from .models import ActivityStatus, Event, Mission


def on_mission_published(sender: Any, mission: Mission, **kwargs: Any) -> None:
    public = (
        queries.visible_missions(AnonymousUser())
        .filter(pk=mission.pk, status=ActivityStatus.PUBLISHED)
        .select_related("actor", "department", "quartier")
        .prefetch_related("skills", "slots")
        .first()
    )
    if public is None:
        return
    webhook_emit(
        WebhookEvent.MISSION_PUBLISHED,
        {
            **mission_representation(public),
            "slots": [{"starts_at": s.starts_at, "ends_at": s.ends_at} for s in public.slots.all()],
        },
    )


def on_event_published(sender: Any, event: Event, **kwargs: Any) -> None:
    public = (
        queries.visible_events(AnonymousUser())
        .filter(pk=event.pk, status=ActivityStatus.PUBLISHED)
        .select_related("actor", "department", "quartier", "demarche", "slot")
        .first()
    )
    if public is None:
        return
    webhook_emit(
        WebhookEvent.EVENT_PUBLISHED,
        {**event_representation(public), "starts_at": public.slot.starts_at, "ends_at": public.slot.ends_at},
    )


def connect() -> None:
    uid = "cocite.missions.webhooks"
    signals.mission_published.connect(on_mission_published, dispatch_uid=f"{uid}.mission")
    signals.event_published.connect(on_event_published, dispatch_uid=f"{uid}.event")
