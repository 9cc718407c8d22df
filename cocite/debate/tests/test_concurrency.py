"""Counters under real concurrency: many connections at the same instant, every write counted once."""

from __future__ import annotations

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import run_at_once
from cocite.debate import actions
from cocite.debate.models import Comment, Stance, UsefulMark

pytestmark = pytest.mark.django_db(transaction=True)


def _argument(contribution: Contribution) -> Comment:
    return actions.comment_post(author=UserFactory(), target=contribution, stance=Stance.FOR, body="Un argument.")


def test_concurrent_useful_marks_from_many_people_all_count_once() -> None:
    comment = _argument(ContributionFactory())
    people = [UserFactory() for _ in range(16)]
    errors = run_at_once([lambda u=u: actions.useful_set(user=u, comment=comment, useful=True) for u in people])
    assert errors == []
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count() == 16


def test_the_same_person_marking_useful_six_times_at_once_counts_once() -> None:
    comment = _argument(ContributionFactory())
    person = UserFactory()
    errors = run_at_once([lambda: actions.useful_set(user=person, comment=comment, useful=True) for _ in range(6)])
    assert errors == []
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count() == 1


def test_concurrent_marks_and_unmarks_keep_the_counter_exact() -> None:
    comment = _argument(ContributionFactory())
    people = [UserFactory() for _ in range(12)]
    for person in people[:6]:
        actions.useful_set(user=person, comment=comment, useful=True)
    calls = [lambda u=u: actions.useful_set(user=u, comment=comment, useful=False) for u in people[:6]]
    calls += [lambda u=u: actions.useful_set(user=u, comment=comment, useful=True) for u in people[6:]]
    assert run_at_once(calls) == []
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count() == 6


def test_concurrent_comments_and_replies_keep_comment_count_and_reply_count_exact() -> None:
    contribution = ContributionFactory()
    root = _argument(contribution)
    people = [UserFactory() for _ in range(16)]
    calls = [
        lambda u=u: actions.comment_post(author=u, target=contribution, stance=Stance.AGAINST, body="Contre.")
        for u in people[:8]
    ]
    calls += [lambda u=u: actions.comment_post(author=u, parent=root, body="Une réponse.") for u in people[8:]]
    assert run_at_once(calls) == []
    contribution.refresh_from_db()
    root.refresh_from_db()
    assert contribution.comment_count == Comment.objects.filter(object_id=contribution.pk).count() == 17
    assert root.reply_count == Comment.objects.filter(root=root).count() == 8


def test_deleting_at_once_with_posting_keeps_the_counter_exact() -> None:
    contribution = ContributionFactory()
    authors = [UserFactory() for _ in range(6)]
    mine = [actions.comment_post(author=a, target=contribution, stance=Stance.NUANCED, body="Nuance.") for a in authors]
    # Each author deletes twice at once (a double click), while others post.
    calls = [lambda c=c: actions.comment_delete(user=c.author, comment=c) for c in mine for _twice in range(2)]
    calls += [
        lambda: actions.comment_post(author=UserFactory(), target=contribution, stance=Stance.FOR, body="Pour.")
        for _ in range(4)
    ]
    assert run_at_once(calls) == []
    contribution.refresh_from_db()
    live = Comment.objects.filter(object_id=contribution.pk, deleted_at__isnull=True).count()
    assert contribution.comment_count == live == 4
