"""Missions and events in the open API (`/api/v1/missions`, `/api/v1/missions/rencontres`).

Published activities as the site lists them (with a date still to come), each with its upcoming
slots and the places left; never one hidden by the moderation (to a token either), never who
registered, nor the partner organisation's contact, nor who published it.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema
from ninja.params.functions import Query

from cocite.api.auth import reader
from cocite.api.endpoints import ERRORS
from cocite.core import cursors
from cocite.core.params import MAX_ID
from cocite.territory.queries import quartier_list

from . import queries
from .models import Event, Mission, Organised, Slot

router = Router(tags=["Missions et rencontres"])
prefix = "/missions"

FILTER = r"^[-a-zA-Z0-9_]*$"
Pk = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE_SIZE = queries.PAGE_SIZE
Since = Annotated[datetime.date | None, Query(description="À partir de cette date (un créneau à venir)")]


class SlotOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    places_left: int


class ActivityOut(Schema):
    id: int
    url: str
    title: str
    status: str
    organiser: str
    department: str | None
    address: str
    latitude: float | None
    longitude: float | None
    quartier: str | None
    accessibility: str


class MissionOut(ActivityOut):
    what: str
    why: str
    schedule: str
    skills: list[str]
    capacity: int
    minimum_age: int | None


class MissionListItem(MissionOut):
    next_start: datetime.datetime
    upcoming_slots: int
    slots_with_places: int


class MissionDetailOut(MissionOut):
    upcoming_slots: list[SlotOut]


class MissionPageOut(Schema):
    items: list[MissionListItem]
    next_cursor: str | None


class EventOut(ActivityOut):
    description: str
    demarche: str | None
    slot: SlotOut
    notes: str | None
    attendance_count: int | None
    notes_published_at: datetime.datetime | None


class EventPageOut(Schema):
    items: list[EventOut]
    next_cursor: str | None


def _slot(s: Slot) -> dict[str, Any]:
    return {
        "id": s.pk,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "capacity": s.capacity,
        "places_left": s.places_left,
    }


def _activity(a: Organised) -> dict[str, Any]:
    return {
        "id": a.pk,
        "url": a.get_absolute_url(),  # type: ignore[attr-defined]
        "title": a.title,
        "status": a.status,
        "organiser": a.organiser_name,
        "department": a.department.name if a.department_id and a.department is not None else None,
        "address": a.address,
        "latitude": a.latitude,
        "longitude": a.longitude,
        "quartier": a.quartier.slug if a.quartier_id and a.quartier is not None else None,
        "accessibility": a.accessibility,
    }


def mission_representation(m: Mission) -> dict[str, Any]:
    """A mission as the API shows it (its webhook sends the same, with its slots)."""
    return {
        **_activity(m),
        "what": m.what,
        "why": m.why,
        "schedule": m.schedule,
        "skills": [s.slug for s in m.skills.all()],
        "capacity": m.capacity,
        "minimum_age": m.minimum_age,
    }


def event_representation(e: Event) -> dict[str, Any]:
    """An event as the API shows it (its webhook sends the same, its times also at the top)."""
    published = e.notes_published_at is not None
    return {
        **_activity(e),
        "description": e.description,
        "demarche": e.demarche.slug if e.demarche_id and e.demarche is not None else None,
        "slot": _slot(e.slot),
        "notes": e.notes if published else None,
        "attendance_count": e.attendance_count if published else None,
        "notes_published_at": e.notes_published_at,
    }


def _filters(quartier: str, skill: str, since: datetime.date | None) -> queries.Filters | None:
    """The site's filters from slugs; None when a slug names nothing (the list is then empty)."""
    filters = queries.Filters(since=since)
    if quartier:
        filters.quartier = next((q for q in quartier_list() if q.slug == quartier), None)
        if filters.quartier is None:
            return None
    if skill:
        filters.skill = next((s for s in queries.skill_list() if s.slug == skill), None)
        if filters.skill is None:
            return None
    return filters


def _keyset(qs: QuerySet[Any], field: str, after: str) -> tuple[list[Any], str | None]:
    key = cursors.decode(after)
    if key is not None:
        since, pk = key
        qs = qs.filter(Q(**{f"{field}__gt": since}) | Q(**{field: since, "pk__gt": pk}))
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if not (rows and more):
        return rows, None
    last = rows[-1]
    moment: datetime.datetime = last.next_start if field == "next_start" else last.slot.starts_at
    return rows, cursors.encode(moment, last.pk)


@router.get("", response={200: MissionPageOut, **ERRORS}, summary="Missions bénévoles publiées, à venir")
def mission_list(
    request: HttpRequest,
    quartier: str = Query("", max_length=100, pattern=FILTER),
    skill: str = Query("", max_length=80, pattern=FILTER),
    since: Since = None,
    after: str = Query("", max_length=200, pattern=cursors.CURSOR),
) -> dict[str, Any]:
    viewer = reader(request)
    filters = _filters(quartier, skill, since)
    if filters is None:
        return {"items": [], "next_cursor": None}
    rows = queries.mission_rows(viewer, filters).filter(masked_at__isnull=True)
    missions, next_cursor = _keyset(rows, "next_start", after)
    return {
        "items": [
            {
                **mission_representation(m),
                "next_start": m.next_start,
                "upcoming_slots": m.slot_total,
                "slots_with_places": m.free_total,
            }
            for m in missions
        ],
        "next_cursor": next_cursor,
    }


@router.get("/rencontres", response={200: EventPageOut, **ERRORS}, summary="Rencontres publiées, à venir")
def event_list(
    request: HttpRequest,
    quartier: str = Query("", max_length=100, pattern=FILTER),
    since: Since = None,
    after: str = Query("", max_length=200, pattern=cursors.CURSOR),
) -> dict[str, Any]:
    viewer = reader(request)
    filters = _filters(quartier, "", since)
    if filters is None:
        return {"items": [], "next_cursor": None}
    rows = queries.event_rows(viewer, filters).filter(masked_at__isnull=True)
    events, next_cursor = _keyset(rows, "slot__starts_at", after)
    return {"items": [event_representation(e) for e in events], "next_cursor": next_cursor}


@router.get("/rencontres/{pk}", response={200: EventOut, **ERRORS}, summary="Une rencontre")
def event_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    event = queries.event_get_for(reader(request), pk)
    if event.is_masked:
        raise Http404
    return event_representation(event)


@router.get("/{pk}", response={200: MissionDetailOut, **ERRORS}, summary="Une mission et ses créneaux à venir")
def mission_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    mission = queries.mission_get_for(reader(request), pk)
    if mission.is_masked:
        raise Http404
    now = timezone.now()
    upcoming = [_slot(s) for s in mission.slots.all() if s.starts_at >= now]
    return {**mission_representation(mission), "upcoming_slots": upcoming}
