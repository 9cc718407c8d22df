"""Contributions are the first resource of the machinery (cocite/items/registry.py).

What they take part in: routing to the competent department (by their themes), opinions,
decisions in the public log, results and commitments (their supports start the answer deadline),
the debate, follows and notifications.
Every contribution has an item; `item_facts` says what the machinery reads of one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cocite.items.actions import ItemFacts, item_register, items_register_bulk
from cocite.items.models import Item
from cocite.items.registry import Commentable, Decidable, Followable, ResourceSpec, Routable, registry

from . import datasets, permissions, queries
from .models import Contribution, Support
from .status import KIND, status_changed


def item_facts(contribution: Contribution) -> ItemFacts:
    return ItemFacts(
        object_id=contribution.pk,
        demarche_id=contribution.demarche_id,
        title=contribution.title,
        created_at=contribution.created_at,
        rule_version_id=contribution.rule_version_id,
        status=contribution.status,
    )


def register_item(contribution: Contribution) -> Item:
    return item_register(kind=KIND, facts=item_facts(contribution))


def register_items(contributions: Sequence[Contribution]) -> None:
    items_register_bulk(kind=KIND, facts=[item_facts(c) for c in contributions])


def theme_ids(object_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {pk: set() for pk in object_ids}
    links = Contribution.themes.through.objects.filter(contribution_id__in=list(object_ids))
    for contribution_id, theme_id in links.values_list("contribution_id", "theme_id"):
        found[contribution_id].add(theme_id)
    return found


def concerned_people(object_ids: Sequence[int]) -> QuerySet[Any]:
    """Authors and supporters of these contributions (a queryset of user ids)."""
    return (
        get_user_model()
        .objects.filter(
            Q(contributions__in=list(object_ids))
            | Q(pk__in=Support.objects.filter(contribution__in=list(object_ids)).values("user_id"))
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def threshold_reached_at(object_id: int, threshold: int) -> datetime.datetime | None:
    """When the contribution got its `threshold`-th support (its creation for a threshold of 0)."""
    if threshold <= 0:
        return Contribution.objects.filter(pk=object_id).values_list("created_at", flat=True).first()
    return (
        Support.objects.filter(contribution_id=object_id)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)[threshold - 1 : threshold]
        .first()
    )


def register() -> None:
    registry.register(
        ResourceSpec(
            kind=KIND,
            label=_("contribution"),
            label_plural=_("contributions"),
            model="contributions.Contribution",
            url_name="contributions:detail",
            summary_template="contributions/partials/item_summary.html",
            routable=Routable(theme_ids=theme_ids),
            decidable=Decidable(
                status_changed=status_changed,
                concerned_people=concerned_people,
                threshold_reached_at=threshold_reached_at,
            ),
            commentable=Commentable(
                component=permissions.COMPONENT,
                can_comment=permissions.can_comment,
                counter="comment_count",
                dataset=datasets.COMMENTS,
            ),
            followable=Followable(
                get_for=queries.contribution_get_for,
                visible=queries.contributions_visible_among,
                followed_message=_(
                    "Vous suivez cette contribution : vous serez prévenu·e des commentaires, des réponses officielles "
                    "et des changements de statut."
                ),
            ),
            datasets=datasets.datasets,
        )
    )
