"""Removing a person in the admin goes through anonymisation: counters stay exact (issue 13, defect 12).

Deleting a user row cascaded their supports and "utile" marks, so `support_count` said 1
where no support row was left. The admin's delete (single and bulk) now anonymises, the
foreign keys counters depend on refuse a raw deletion, and `verify_counters` checks them all.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from cocite.accounts.models import ANONYMISED_DISPLAY_NAME, User
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.debate.actions import comment_post, useful_set
from cocite.debate.models import Comment, UsefulMark

pytestmark = pytest.mark.django_db


def _activity(people: list[Any]) -> tuple[Contribution, Comment]:
    """Each person supports a contribution and marks a comment on it useful (through the actions)."""
    contribution = ContributionFactory()
    comment = comment_post(
        author=UserFactory(), target=contribution, body="Un argument bien étayé, vraiment.", stance="pour"
    )
    for person in people:
        support_set(user=person, contribution=contribution, supported=True)
        useful_set(user=person, comment=comment, useful=True)
    return contribution, comment


def _assert_counters_exact(contribution: Contribution, comment: Comment, expected: int) -> None:
    contribution.refresh_from_db()
    comment.refresh_from_db()
    assert contribution.support_count == Support.objects.filter(contribution=contribution).count() == expected
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count() == expected
    assert contribution.comment_count == 1


def _admin(administrator: Any) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


def test_deleting_a_supporter_in_the_admin_keeps_every_counter_exact(administrator: Any) -> None:
    supporter = UserFactory(display_name="Soutien fidèle")
    contribution, comment = _activity([supporter])
    client = _admin(administrator)
    url = reverse("admin:accounts_user_delete", args=[supporter.pk])

    page = client.get(url).content.decode()
    assert "anonymis" in page
    assert "Compte supprimé" in page

    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    _assert_counters_exact(contribution, comment, expected=1)
    supporter.refresh_from_db()
    assert supporter.display_name == ANONYMISED_DISPLAY_NAME
    assert not supporter.is_active


def test_the_bulk_delete_action_in_the_admin_keeps_every_counter_exact(administrator: Any) -> None:
    people = [UserFactory(), UserFactory()]
    contribution, comment = _activity(people)
    client = _admin(administrator)
    changelist = reverse("admin:accounts_user_changelist")
    selected = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [p.pk for p in people]}

    page = client.post(changelist, selected).content.decode()
    assert "anonymis" in page

    response = client.post(changelist, {**selected, "post": "yes"})
    assert response.status_code == 302
    _assert_counters_exact(contribution, comment, expected=2)
    assert set(User.objects.filter(pk__in=[p.pk for p in people]).values_list("display_name", flat=True)) == {
        ANONYMISED_DISPLAY_NAME
    }


def test_a_raw_deletion_of_someone_counted_fails_loudly() -> None:
    supporter = UserFactory()
    contribution, comment = _activity([supporter])
    with pytest.raises(ProtectedError):
        supporter.delete()
    _assert_counters_exact(contribution, comment, expected=1)
