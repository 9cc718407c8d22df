"""One flag per person even when the same person sends it several times at once; one appeal per item."""

from __future__ import annotations

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import Conflict
from cocite.core.testing import run_at_once
from cocite.debate import actions as debate_actions
from cocite.moderation import actions
from cocite.moderation.models import Appeal, Flag

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_person_flagging_six_times_at_once_flags_once() -> None:
    comment = debate_actions.comment_post(
        author=UserFactory(), target=ContributionFactory(), body="Un argument.", stance="pour"
    )
    person = UserFactory()
    calls = [
        lambda: actions.flag_submit(user=person, kind="comment", object_id=comment.pk, reason="spam_publicite")
        for _ in range(6)
    ]
    errors = run_at_once(calls)
    assert Flag.objects.filter(kind="comment", object_id=comment.pk).count() == 1
    assert len(errors) == 5
    assert all(isinstance(error, Conflict) for error in errors)


def test_an_author_appealing_four_times_at_once_appeals_once() -> None:
    author, moderator = UserFactory(), UserFactory(is_moderator=True)
    comment = debate_actions.comment_post(author=author, target=ContributionFactory(), body="Un mot.", stance="pour")
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="spam_publicite")
    calls = [
        lambda: actions.appeal_submit(user=author, kind="comment", object_id=comment.pk, text="Je conteste.")
        for _ in range(4)
    ]
    errors = run_at_once(calls)
    assert Appeal.objects.filter(kind="comment", object_id=comment.pk).count() == 1
    assert len(errors) == 3
    assert all(isinstance(error, Conflict) for error in errors)
