"""The network in the open API (`/api/v1/reseau`): the directory of actors and the initiatives with
their calls for help, as the site's public pages show them.

Never an actor or an initiative hidden by the moderation (to a token either); nothing about people:
no members, invitations (their emails), messages, holders or team, nor who answered a call.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.params.functions import Query

from cocite.api.auth import reader
from cocite.api.endpoints import ERRORS
from cocite.core import cursors
from cocite.core.params import MAX_ID
from cocite.territory.queries import quartier_list, theme_list

from . import queries
from .models import Actor, ActorKind, CallForHelp, Initiative, Stage

router = Router(tags=["Réseau des acteurs"])
prefix = "/reseau"

FILTER = r"^[-a-zA-Z0-9_]*$"
Pk = Annotated[int, Path(ge=1, le=MAX_ID)]
KINDS = "|".join(ActorKind.values)
STAGES = "|".join(Stage.values)


class OfferOut(Schema):
    direction: str
    category: str
    details: str


class ActorOut(Schema):
    id: int
    url: str
    kind: str
    kind_label: str
    name: str
    description: str
    logo: str | None
    themes: list[str]
    quartiers: list[str]
    address: str
    latitude: float | None
    longitude: float | None
    website: str
    other_link: str
    siren: str
    rna: str
    verified: bool
    offers: list[OfferOut]


class ActorPageOut(Schema):
    items: list[ActorOut]
    next_cursor: str | None


class ActorDetailOut(ActorOut):
    initiatives: list[int]


class InitiativeOut(Schema):
    id: int
    url: str
    title: str
    need: str
    solution: str
    stage: str
    stage_label: str
    actor: int | None
    actor_name: str | None
    themes: list[str]
    quartiers: list[str]
    created_at: datetime.datetime


class InitiativeListItem(InitiativeOut):
    open_calls: int


class InitiativePageOut(Schema):
    items: list[InitiativeListItem]
    next_cursor: str | None


class CallOut(Schema):
    id: int
    kind: str
    kind_label: str
    what: str
    when: str
    open: bool
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    accepted_answers: int


class NewsOut(Schema):
    body: str
    created_at: datetime.datetime


class InitiativeDetailOut(InitiativeOut):
    calls: list[CallOut]
    news: list[NewsOut]


def _actor(a: Actor) -> dict[str, Any]:
    return {
        "id": a.pk,
        "url": a.get_absolute_url(),
        "kind": a.kind,
        "kind_label": str(a.get_kind_display()),
        "name": a.name,
        "description": a.description,
        "logo": a.logo.url if a.logo else None,
        "themes": [t.slug for t in a.themes.all()],
        "quartiers": [q.slug for q in a.quartiers.all()],
        "address": a.address,
        "latitude": a.latitude,
        "longitude": a.longitude,
        "website": a.website,
        "other_link": a.other_link,
        "siren": a.siren,
        "rna": a.rna,
        "verified": a.verified_at is not None,
        "offers": [{"direction": o.direction, "category": o.category, "details": o.details} for o in a.offers.all()],
    }


def _initiative(i: Initiative) -> dict[str, Any]:
    return {
        "id": i.pk,
        "url": i.get_absolute_url(),
        "title": i.title,
        "need": i.need,
        "solution": i.solution,
        "stage": i.stage,
        "stage_label": str(i.get_stage_display()),
        "actor": i.actor_id,
        "actor_name": i.actor.name if i.actor_id and i.actor is not None and i.actor.masked_at is None else None,
        "themes": [t.slug for t in i.themes.all()],
        "quartiers": [q.slug for q in i.quartiers.all()],
        "created_at": i.created_at,
    }


def _call(c: CallForHelp) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": str(c.get_kind_display()),
        "what": c.what,
        "when": c.when,
        "open": c.closed_at is None,
        "created_at": c.created_at,
        "closed_at": c.closed_at,
        # The page's answers for everyone but the holders are the accepted ones: counted, never named.
        "accepted_answers": sum(1 for a in c.answers.all() if a.status == a.Status.ACCEPTED),
    }


def _ids(theme: str, quartier: str) -> tuple[int | None, int | None] | None:
    """Ids of the filters' slugs; None when a slug names nothing (the list is then empty)."""
    theme_id = quartier_id = None
    if theme:
        theme_id = next((t.pk for t in theme_list() if t.slug == theme), None)
        if theme_id is None:
            return None
    if quartier:
        quartier_id = next((q.pk for q in quartier_list() if q.slug == quartier), None)
        if quartier_id is None:
            return None
    return theme_id, quartier_id


@router.get(
    "/acteurs", response={200: ActorPageOut, **ERRORS}, summary="Annuaire des acteurs (filtres, pagination par curseur)"
)
def actor_list(
    request: HttpRequest,
    type: str = Query("", pattern=rf"^({KINDS})?$"),
    theme: str = Query("", max_length=100, pattern=FILTER),
    quartier: str = Query("", max_length=100, pattern=FILTER),
    after: str = Query("", max_length=200, pattern=cursors.CURSOR),
) -> dict[str, Any]:
    viewer = reader(request)
    ids = _ids(theme, quartier)
    if ids is None:
        return {"items": [], "next_cursor": None}
    filters = queries.DirectoryFilters(kind=type, theme=ids[0], quartier=ids[1])
    actors, next_pk = queries.directory(viewer, filters, cursors.decode_id(after))
    return {
        "items": [_actor(a) for a in actors],
        "next_cursor": cursors.encode_id(next_pk) if next_pk is not None else None,
    }


@router.get("/acteurs/{pk}", response={200: ActorDetailOut, **ERRORS}, summary="Un acteur")
def actor_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    page = queries.actor_page(reader(request), pk)
    if page.hidden:
        raise Http404
    return {**_actor(page.actor), "initiatives": [i.pk for i in page.initiatives]}


@router.get("/initiatives", response={200: InitiativePageOut, **ERRORS}, summary="Initiatives citoyennes")
def initiative_list(
    request: HttpRequest,
    stage: str = Query("", pattern=rf"^({STAGES})?$"),
    theme: str = Query("", max_length=100, pattern=FILTER),
    quartier: str = Query("", max_length=100, pattern=FILTER),
    after: str = Query("", max_length=200, pattern=cursors.CURSOR),
) -> dict[str, Any]:
    viewer = reader(request)
    ids = _ids(theme, quartier)
    if ids is None:
        return {"items": [], "next_cursor": None}
    filters = queries.InitiativeFilters(stage=stage, theme=ids[0], quartier=ids[1])
    initiatives, next_pk = queries.initiative_list(viewer, filters, cursors.decode_id(after))
    return {
        "items": [{**_initiative(i), "open_calls": i.open_calls} for i in initiatives],
        "next_cursor": cursors.encode_id(next_pk) if next_pk is not None else None,
    }


@router.get(
    "/initiatives/{pk}", response={200: InitiativeDetailOut, **ERRORS}, summary="Une initiative et ses appels à l'aide"
)
def initiative_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    viewer = reader(request)
    initiative = queries.initiative_get(viewer, pk)
    if initiative.masked_at is not None:
        raise Http404
    page = queries.initiative_page(viewer, pk)
    return {
        **_initiative(page.initiative),
        "calls": [_call(c) for c in page.calls],
        "news": [{"body": n.body, "created_at": n.created_at} for n in page.news],
    }
