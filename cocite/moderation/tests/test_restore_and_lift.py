"""A moderator restores a hidden item outside an appeal, and lifts a suspension or a ban early: with
a reason, logged, and the person concerned is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.moderation import actions
from cocite.moderation.models import Appeal, ModerationAction, Sanction
from cocite.moderation.sanctions import write_block
from cocite.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_moderator_restores_a_hidden_comment_with_a_reason(
    comment: Any, idea: Any, moderator: Any, second_moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="propos_injurieux")
    appeal = actions.appeal_submit(user=comment.author, kind="comment", object_id=comment.pk, text="Ce n’est pas ça.")
    with pytest.raises(ActionError) as error:
        actions.item_restore(actor=second_moderator, kind="comment", object_id=comment.pk, note="  ")
    assert error.value.code == "note_required"
    with django_capture_on_commit_callbacks(execute=True):
        action = actions.item_restore(
            actor=second_moderator, kind="comment", object_id=comment.pk, note="Ironie mal comprise"
        )
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.masked_at is None
    assert idea.comment_count == 1
    assert action.action == ModerationAction.Kind.RESTORE
    assert action.reason == "propos_injurieux"
    assert Appeal.objects.get(pk=appeal.pk).outcome == Appeal.Outcome.RESTORED
    told = Notification.objects.get(recipient=comment.author, kind="moderation_restored")
    assert "rétabli" in told.text
    assert "Ironie mal comprise" in told.text
    with pytest.raises(Conflict):
        actions.item_restore(actor=moderator, kind="comment", object_id=comment.pk, note="Encore")


def test_only_moderators_restore_and_lift(comment: Any, resident: Any, author: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.item_restore(actor=resident, kind="comment", object_id=comment.pk, note="Non")
    with pytest.raises(PermissionDenied):
        actions.sanction_lift(actor=resident, user=author, note="Non")


def test_lifting_a_suspension_and_a_ban_lets_the_person_write_again(
    author: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(Conflict):
        actions.sanction_lift(actor=moderator, user=author, note="Rien à lever")
    actions.person_sanction(actor=moderator, user=author, kind="sanction_suspension", reason="spam_publicite", days=7)
    actions.person_sanction(actor=moderator, user=author, kind="sanction_exclusion", reason="spam_publicite")
    assert write_block(author) is not None
    with django_capture_on_commit_callbacks(execute=True):
        action = actions.sanction_lift(actor=moderator, user=author, note="Erreur de personne")
    assert write_block(author) is None
    assert action.action == ModerationAction.Kind.LIFT
    assert Sanction.objects.filter(user=author, lifted_at__isnull=False).count() == 2
    told = Notification.objects.get(recipient=author, kind="moderation_lifted")
    assert "Erreur de personne" in told.text
    with pytest.raises(Conflict):
        actions.sanction_lift(actor=moderator, user=author, note="Deux fois")


def test_the_pages_restore_and_lift(client_for: Any, comment: Any, moderator: Any, author: Any, resident: Any) -> None:
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="spam_publicite")
    actions.person_sanction(actor=moderator, user=author, kind="sanction_exclusion", reason="spam_publicite")
    client = client_for(moderator)
    restore_url = reverse("moderation:restore", kwargs={"kind": "comment", "pk": comment.pk})
    lift_url = reverse("moderation:lift", kwargs={"pk": author.pk})
    assert client_for(resident).get(restore_url).status_code == 403
    assert client_for(resident).get(lift_url).status_code == 403
    page = client.get(restore_url).content.decode()
    assert "Spam ou publicité" in page
    empty = client.post(restore_url, {"note": ""})
    assert empty.status_code == 400
    assert "Expliquez votre décision." in empty.content.decode()
    assert client.post(restore_url, {"note": "Pas du spam"}).status_code == 302
    assert "rien à rétablir" in client.get(restore_url).content.decode()
    assert "Lever la sanction" in client.get(reverse("moderation:sanction", kwargs={"pk": author.pk})).content.decode()
    assert "Exclusion" in client.get(lift_url).content.decode()
    assert client.post(lift_url, {"note": "x" * 3000}).status_code == 400
    assert client.post(lift_url, {"note": "Erreur"}).status_code == 302
    assert "ni suspension en cours ni exclusion" in client.get(lift_url).content.decode()
