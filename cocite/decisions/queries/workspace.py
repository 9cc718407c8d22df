"""The instruction workspace of one item: its routing, opinions asked and given, decisions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404

from cocite.accounts.viewer import Viewer
from cocite.items.models import Item

from .. import permissions
from ..models import Decision, Opinion, OpinionRequest, Routing, RoutingEvent


@dataclass
class Workspace:
    item: Item
    routing: Routing | None
    events: list[RoutingEvent]
    requests: list[OpinionRequest]
    decisions: list[Any]
    current_decision_id: int | None
    readable_notes: set[int] = field(default_factory=set)
    # Pending requests this person may answer (the others show who is expected to).
    answerable: set[int] = field(default_factory=set)


def workspace_for(user: Viewer, item: Item) -> Workspace:
    routing = Routing.objects.filter(item=item).select_related("department").first()
    events = list(RoutingEvent.objects.filter(item=item).select_related("from_department", "to_department", "actor"))
    requests = list(
        OpinionRequest.objects.filter(item=item)
        .select_related("department", "requested_by", "opinion", "opinion__internal_note", "opinion__author")
        .order_by("created_at", "pk")
    )
    decisions = list(
        Decision.objects.filter(item_links__item=item)
        .select_related("supersedes")
        .annotate(
            is_superseded=Exists(Decision.objects.filter(supersedes=OuterRef("pk"))),
            replaced_by_id=Subquery(Decision.objects.filter(supersedes=OuterRef("pk")).values("pk")[:1]),
        )
        .order_by("-published_at", "-pk")
    )
    current = next((d.pk for d in decisions if not getattr(d, "is_superseded", False)), None)
    routed_department = routing.department_id if routing else None
    readable = {r.pk for r in requests if permissions.can_read_internal_note(user, r, routed_department)}
    answerable = {r.pk for r in requests if permissions.can_answer_opinion(user, r)}
    return Workspace(item, routing, events, requests, decisions, current, readable, answerable)


def opinion_request_get(pk: int) -> OpinionRequest:
    request = (
        OpinionRequest.objects.filter(pk=pk)
        .select_related("item", "item__demarche", "department", "requested_by")
        .first()
    )
    if request is None:
        raise Http404
    return request


def answered_opinions(item_ids: Iterable[int]) -> list[Opinion]:
    return list(
        Opinion.objects.filter(request__item__in=list(item_ids))
        .select_related("request", "request__department", "request__item")
        .order_by("created_at", "pk")
    )
