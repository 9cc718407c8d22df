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
from .models import ActivityStatus, Event, Mission, Organised


def _organiser(activity: Organised) -> str:
    actor = activity.actor if activity.actor_id is not None else None
    if actor is not None and actor.masked_at is None:
        return actor.name
    if activity.organisation_name:
        return activity.organisation_name
    return activity.department.name if activity.department_id and activity.department is not None else ""


def _common(activity: Mission | Event) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "url": activity.get_absolute_url(),
        "title": activity.title,
        "organiser": _organiser(activity),
        "department": activity.department.name if activity.department_id and activity.department is not None else None,
        "address": activity.address,
        "latitude": activity.latitude,
        "longitude": activity.longitude,
        "quartier": activity.quartier.slug if activity.quartier_id and activity.quartier is not None else None,
        "accessibility": activity.accessibility,
    }


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
            **_common(public),
            "what": public.what,
            "schedule": public.schedule,
            "skills": sorted(s.slug for s in public.skills.all()),
            "capacity": public.capacity,
            "minimum_age": public.minimum_age,
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
        {
            **_common(public),
            "description": public.description,
            "demarche": public.demarche.slug if public.demarche_id and public.demarche is not None else None,
            "starts_at": public.slot.starts_at,
            "ends_at": public.slot.ends_at,
            "capacity": public.slot.capacity,
        },
    )


def connect() -> None:
    uid = "cocite.missions.webhooks"
    signals.mission_published.connect(on_mission_published, dispatch_uid=f"{uid}.mission")
    signals.event_published.connect(on_event_published, dispatch_uid=f"{uid}.event")
