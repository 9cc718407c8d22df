"""The demo moderation: a hidden comment with its tombstone, a pending appeal, an open flag; idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from cocite.debate.models import Comment
from cocite.moderation.models import Appeal, Flag, ModerationAction

pytestmark = pytest.mark.django_db


def test_the_demo_hides_a_comment_with_a_pending_appeal_and_runs_twice() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Flag.objects.count(), ModerationAction.objects.count(), Appeal.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Flag.objects.count(), ModerationAction.objects.count(), Appeal.objects.count()) == counts
    appeal = Appeal.objects.get()
    assert appeal.outcome == Appeal.Outcome.PENDING
    hidden = Comment.objects.get(pk=appeal.object_id)
    assert hidden.is_masked
    page = Client().get(hidden.get_absolute_url()).content.decode()
    assert "Ce commentaire a été masqué par la modération" in page
    assert "Hors sujet" in page
    assert Flag.objects.filter(state=Flag.State.OPEN).exists()
