"""The demo debates: seeded through the actions, counters exact, idempotent."""

from __future__ import annotations

from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.db.models import Count, Q

from cocite.contributions.models import Contribution
from cocite.debate import demo
from cocite.debate.models import Comment, CommentRevision, UsefulMark

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db: Any) -> str:
    """The demo territory, people, démarches and contributions, then the debates.

    Only the contributions component seeds here, so other components' demos stay out of this test.
    """
    from cocite.accounts import demo as accounts_demo
    from cocite.demarches import demo as demarches_demo
    from cocite.demarches.registry import registry
    from cocite.territory import demo as territory_demo

    out = StringIO()
    territory_demo.seed(out)
    accounts_demo.seed(out)
    contributions = registry.get("contributions")
    with mock.patch.object(registry, "all", return_value=[contributions]):
        demarches_demo.seed(out)
    demo.seed(out)
    return out.getvalue()


def test_demo_debates_are_realistic_exact_and_idempotent(seeded: str) -> None:
    """One test, one (slow) seeding: content, counters, competent departments, idempotence."""
    assert "débat : " in seeded
    content = demo.load_content()
    debated = Contribution.objects.filter(comment_count__gt=0)
    assert debated.count() == len(content.debates) == 12
    assert set(debated.values_list("demarche__slug", flat=True)) == set(content.demarches)
    # comment_count: the comments not deleted, replies and official answers included.
    live = Count("pk", filter=Q(deleted_at__isnull=True))
    by_target = dict(Comment.objects.values("object_id").annotate(n=live).values_list("object_id", "n"))
    assert {c.pk: c.comment_count for c in Contribution.objects.filter(comment_count__gt=0)} == by_target
    for root in Comment.objects.filter(depth=0):
        assert root.reply_count == Comment.objects.filter(root=root, deleted_at__isnull=True).count()
    for comment in Comment.objects.all():
        assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count()
    assert set(Comment.objects.filter(depth=0, is_official=False).values_list("stance", flat=True)) == {
        "pour",
        "contre",
        "nuance",
    }
    assert Comment.objects.filter(is_official=True).count() >= 8
    assert Comment.objects.filter(depth__gt=3).exists()  # shown flat, "en réponse à …"
    assert Comment.objects.filter(deleted_at__isnull=False).exists()  # a tombstone
    assert CommentRevision.objects.exists()  # an edited comment
    # Dates follow creation order and stay after the contribution.
    for contribution in debated:
        dates = list(
            Comment.objects.filter(object_id=contribution.pk).order_by("pk").values_list("created_at", flat=True)
        )
        assert dates == sorted(dates)
        assert dates[0] > contribution.created_at

    _official_answers_come_from_the_competent_department()
    _seeding_twice_adds_nothing()


def _official_answers_come_from_the_competent_department() -> None:
    for answer in Comment.objects.filter(is_official=True).select_related("department", "author"):
        contribution = Contribution.objects.get(pk=answer.object_id)
        themes = set(contribution.themes.values_list("pk", flat=True)) or set(
            contribution.demarche.themes.values_list("pk", flat=True)
        )
        assert themes & set(answer.department.themes.values_list("pk", flat=True))
        assert answer.author.department_memberships.filter(department=answer.department).exists()


def _seeding_twice_adds_nothing() -> None:
    before = Comment.objects.count()
    counts = dict(Contribution.objects.values_list("pk", "comment_count"))
    out = StringIO()
    demo.seed(out)
    assert Comment.objects.count() == before
    assert dict(Contribution.objects.values_list("pk", "comment_count")) == counts
    assert "déjà commentées" in out.getvalue()
