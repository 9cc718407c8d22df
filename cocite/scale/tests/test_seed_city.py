"""seed_city at a small size: realistic rows, exact counters, searchable, idempotent sizes from flags."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from cocite.accounts.models import User
from cocite.contributions.models import Contribution, Support
from cocite.contributions.queries import ContributionFilters, contribution_page
from cocite.debate.bench import comment_counters_exact
from cocite.debate.models import Comment

pytestmark = pytest.mark.django_db


def test_small_city_has_exact_counters() -> None:
    users_before = User.objects.count()
    call_command("seed_city", users=300, contributions=200, demarches=3, supports=2000, comments=600, stdout=StringIO())
    assert User.objects.count() - users_before == 300
    assert Contribution.objects.filter(demarche__slug__startswith="ville-").count() == 200
    assert Support.objects.count() == 2000
    assert Comment.objects.count() == 600
    mismatched = Contribution.objects.annotate(n=Count("supports")).exclude(support_count=F("n")).count()
    assert mismatched == 0
    assert comment_counters_exact()
    for root in Comment.objects.filter(depth=0)[:50]:
        assert root.reply_count == Comment.objects.filter(root=root).count()
    demarche = Contribution.objects.filter(demarche__slug__startswith="ville-").first().demarche
    found = contribution_page(demarche=demarche, filters=ContributionFilters(q="arbres")).items
    assert all("arbre" in (c.title + c.body).lower() for c in found)


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_city", users=0, stdout=StringIO())
    with pytest.raises(CommandError, match="cannot exceed"):
        call_command("seed_city", users=2, contributions=2, supports=5, comments=0, stdout=StringIO())
