"""The debate's plain-SQL reads (PostgreSQL) give the ORM's comments, in the ORM's order, with the same related rows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import field_values
from cocite.debate import queries
from cocite.debate.models import Comment
from cocite.debate.permissions import comment_target
from cocite.territory.tests.factories import DepartmentFactory

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def _same(fast: list[Comment], orm: list[Comment]) -> None:
    assert [c.pk for c in fast] == [c.pk for c in orm]
    for one, other in zip(fast, orm, strict=True):
        assert field_values(one) == field_values(other)
        assert field_values(one.author) == field_values(other.author)
        assert field_values(one.department) == field_values(other.department)
        assert one._state.adding is False
        assert one._state.db == "default"


@pytest.mark.postgres_only  # the plain SQL is PostgreSQL's (other databases run the ORM's queryset)
def test_top_level_comments_and_official_answers_are_the_orms() -> None:
    contribution = ContributionFactory.create()
    department = DepartmentFactory.create()
    for n in range(25):
        CommentFactory.create(on=contribution, useful_count=n % 4, reply_count=1 if n == 3 else 0)
    CommentFactory.create(on=contribution, author=None, useful_count=9)  # an author gone: no related row
    CommentFactory.create(on=contribution, deleted_at=timezone.now())  # deleted, no replies: not shown
    CommentFactory.create(on=contribution, deleted_at=timezone.now(), reply_count=2, useful_count=5)  # a tombstone
    for _ in range(3):
        CommentFactory.create(on=contribution, is_official=True, department=department, stance="")
    target = comment_target(contribution)
    assert target is not None
    for sort in queries.SORTS:
        first_sql, first_orm = (
            queries._roots_and_officials_sql(target, sort, None),
            queries._roots_and_officials_orm(target, sort, None),
        )
        for fast, orm in zip(first_sql, first_orm, strict=True):
            _same(fast, orm)
        assert len(first_sql[0]) == queries.PAGE_SIZE + 1
        assert len(first_sql[1]) == 3
        cursor = queries.decode_cursor(sort, queries.encode_cursor(sort, first_sql[0][queries.PAGE_SIZE - 1]))
        later_sql, later_orm = (
            queries._roots_and_officials_sql(target, sort, cursor),
            queries._roots_and_officials_orm(target, sort, cursor),
        )
        assert later_sql[1] == later_orm[1] == []
        _same(later_sql[0], later_orm[0])
        assert later_sql[0]


def test_the_debate_view_reads_the_same_balance_and_replies_on_every_database() -> None:
    contribution = ContributionFactory.create()
    root = CommentFactory.create(on=contribution, useful_count=2)
    CommentFactory.create(on=contribution, stance="contre")
    reply = CommentFactory.create(parent=root, author=UserFactory.create())
    Comment.objects.filter(pk=root.pk).update(reply_count=1)
    target = comment_target(contribution)
    assert target is not None
    view = queries.debate_view(user=UserFactory.create(), target=target)
    (thread,) = [t for t in view.threads if t.root.comment.pk == root.pk]
    (child,) = thread.root.children
    assert child.comment.pk == reply.pk
    assert child.comment.parent is thread.root.comment
    assert child.comment.author == reply.author
    sides = {side.stance: side for side in view.balance.sides}
    assert sides["pour"].count == 1
    assert sides["pour"].best is not None
    assert sides["pour"].best.pk == root.pk
    assert sides["pour"].best.author == root.author
    assert sides["contre"].count == 1
    assert sides["contre"].best is None
