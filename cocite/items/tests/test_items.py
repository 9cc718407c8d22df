"""Items: the machinery's reference to resources' objects, kept in step with them."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.tests.demo import load_demo
from cocite.items.actions import items_set_status
from cocite.items.models import Item, ItemStatus
from cocite.items.registry import registry

pytestmark = pytest.mark.django_db


def _item(contribution: Contribution) -> Item:
    return Item.objects.get(kind="contribution", object_id=contribution.pk)


def test_a_status_moves_on_the_item_and_the_contribution_follows(django_capture_on_commit_callbacks: Any) -> None:
    first, second = ContributionFactory(), ContributionFactory()
    withdrawn = ContributionFactory()
    contribution_actions.contribution_withdraw(user=withdrawn.author, contribution=withdrawn)
    items = [_item(first), _item(second), _item(withdrawn)]
    with django_capture_on_commit_callbacks(execute=True):
        changed = items_set_status(items=items, status=ItemStatus.ROUTED, only_from=[ItemStatus.RECEIVED])
    assert {i.object_id for i in changed} == {first.pk, second.pk}  # a withdrawn item never moves
    assert set(Contribution.objects.values_list("pk", "status")) == {
        (first.pk, "orientee"),
        (second.pk, "orientee"),
        (withdrawn.pk, "retiree"),
    }
    assert items_set_status(items=items, status=ItemStatus.ROUTED) == []  # already so: nothing changes
    assert items_set_status(items=items, status=ItemStatus.ACCEPTED, only_from=[ItemStatus.RECEIVED]) == []


def test_edits_withdrawals_and_merges_reach_the_item() -> None:
    contribution = ContributionFactory(title="Un titre de départ assez long")
    contribution_actions.contribution_edit(
        user=contribution.author, contribution=contribution, title="Un titre corrigé assez long", body="Texte."
    )
    assert _item(contribution).title == "Un titre corrigé assez long"
    contribution_actions.contribution_withdraw(user=contribution.author, contribution=contribution)
    assert _item(contribution).status == ItemStatus.WITHDRAWN


def test_an_unknown_status_or_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown item status"):
        items_set_status(items=[_item(ContributionFactory())], status="perdue")
    with pytest.raises(LookupError):
        registry.spec("inconnu")


def test_the_demo_gives_every_contribution_its_item_in_step() -> None:
    load_demo()
    contributions = {
        pk: (demarche, title, status)
        for pk, demarche, title, status in Contribution.objects.values_list("pk", "demarche_id", "title", "status")
    }
    items = {
        object_id: (demarche, title, status)
        for object_id, demarche, title, status in Item.objects.filter(kind="contribution").values_list(
            "object_id", "demarche_id", "title", "status"
        )
    }
    assert contributions
    assert items == contributions
