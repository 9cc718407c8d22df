"""The toy resource registers itself the way any resource app does (cf. cocite/contributions/resource.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import visible_demarches
from cocite.items.registry import Decidable, Followable, ResourceSpec, Routable, StatusChange, registry

from .models import Proposal

KIND = "toy_proposal"


def theme_ids(object_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {pk: set() for pk in object_ids}
    for proposal_id, theme_id in Proposal.themes.through.objects.filter(proposal_id__in=list(object_ids)).values_list(
        "proposal_id", "theme_id"
    ):
        found[proposal_id].add(theme_id)
    return found


def status_changed(changes: Sequence[StatusChange], actor: Any) -> None:
    for change in changes:
        Proposal.objects.filter(pk=change.object_id).update(status=change.new)


def concerned_people(object_ids: Sequence[int]) -> QuerySet[Any]:
    return Proposal.backers.through.objects.filter(proposal_id__in=list(object_ids)).values_list("user_id", flat=True)


def visible(viewer: Viewer, object_ids: Sequence[int]) -> QuerySet[Proposal]:
    return Proposal.objects.filter(pk__in=list(object_ids), demarche__in=visible_demarches(viewer)).select_related(
        "demarche"
    )


def get_for(viewer: Viewer, object_id: int) -> Proposal:
    proposal = visible(viewer, [object_id]).first()
    if proposal is None:
        raise Http404
    return proposal


def register() -> None:
    registry.register(
        ResourceSpec(
            kind=KIND,
            label="proposition jouet",
            label_plural="propositions jouets",
            model="toy.Proposal",
            url_name="toy:detail",
            summary_template="toy/summary.html",
            routable=Routable(theme_ids=theme_ids),
            decidable=Decidable(status_changed=status_changed, concerned_people=concerned_people),
            followable=Followable(get_for=get_for, visible=visible, followed_message="Vous suivez cette proposition."),
        )
    )
