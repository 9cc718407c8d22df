"""Initiatives are a resource of the machinery (cocite/items/registry.py): an incubation request is
an item routed by theme to the competent department, whose answer is a decision of the public log;
initiatives can be followed (notifications' follows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.items.registry import Decidable, Followable, ResourceSpec, Routable, StatusChange, registry

from . import actions, queries
from .models import Initiative


def status_changed(changes: Sequence[StatusChange], actor: Any) -> None:
    by_status: dict[str, list[int]] = {}
    for change in changes:
        by_status.setdefault(change.new, []).append(change.object_id)
    for status, ids in by_status.items():
        actions.status_changed_mirror(ids, status)


def concerned_people(object_ids: Sequence[int]) -> QuerySet[Any]:
    return Initiative.objects.filter(pk__in=list(object_ids)).values_list("holder_id", flat=True)


def visible(viewer: Viewer, object_ids: Sequence[int]) -> QuerySet[Initiative]:
    return queries.visible_initiatives(viewer).filter(pk__in=list(object_ids)).select_related("demarche")


def get_for(viewer: Viewer, object_id: int) -> Initiative:
    found = visible(viewer, [object_id]).first()
    if found is None:
        raise Http404
    return found


def register() -> None:
    registry.register(
        ResourceSpec(
            kind=actions.RESOURCE_KIND,
            label=_("initiative"),
            label_plural=_("initiatives"),
            model="network.Initiative",
            url_name="network:initiative",
            summary_template="network/partials/initiative_summary.html",
            routable=Routable(theme_ids=queries.initiative_themes),
            decidable=Decidable(status_changed=status_changed, concerned_people=concerned_people),
            followable=Followable(
                get_for=get_for, visible=visible, followed_message=_("Vous suivez cette initiative et ses nouvelles.")
            ),
        )
    )
