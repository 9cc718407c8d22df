"""Moderation's rules, enforced in the actions: one flag per person, hiding with a tombstone,
counters, sanctions that stop writing, appeals decided by another moderator, notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.queries import listed_contributions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.debate import actions as debate_actions
from cocite.debate.models import Comment
from cocite.moderation import actions, queries
from cocite.moderation.models import Appeal, Flag, ModerationAction, Sanction
from cocite.moderation.sanctions import write_block
from cocite.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_one_flag_per_person_and_item_said_in_french(comment: Any, resident: Any) -> None:
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="propos_injurieux")
    with pytest.raises(Conflict) as error:
        actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="spam_publicite")
    assert "déjà signalé" in error.value.message
    assert Flag.objects.filter(kind="comment", object_id=comment.pk).count() == 1


def test_the_database_refuses_a_second_flag_of_the_same_person(comment: Any, resident: Any) -> None:
    Flag.objects.create(kind="comment", object_id=comment.pk, reporter=resident, reason="spam_publicite")
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(kind="comment", object_id=comment.pk, reporter=resident, reason="spam_publicite")


def test_one_cannot_flag_ones_own_item_and_other_needs_a_text(comment: Any, author: Any, resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.flag_submit(user=author, kind="comment", object_id=comment.pk, reason="spam_publicite")
    with pytest.raises(ActionError) as error:
        actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="autre_motif", text="  ")
    assert error.value.code == "text_required"
    with pytest.raises(ActionError):
        actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="<script>")


def test_flags_are_rate_limited(settings: Any, idea: Any, author: Any, resident: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": "2/h"}
    comments = [
        debate_actions.comment_post(author=author, target=idea, body=f"Argument {n}", stance="pour") for n in range(3)
    ]
    for comment in comments[:2]:
        actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="spam_publicite")
    with pytest.raises(ActionError) as error:
        actions.flag_submit(user=resident, kind="comment", object_id=comments[2].pk, reason="spam_publicite")
    assert error.value.code == "rate_limited"


def test_only_moderators_hide(comment: Any, resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.items_hide(actor=resident, kind="comment", object_ids=[comment.pk], reason="propos_injurieux")
    comment.refresh_from_db()
    assert comment.masked_at is None


def test_hiding_a_comment_leaves_a_tombstone_moves_the_counter_and_tells_the_author(
    django_capture_on_commit_callbacks: Any, comment: Any, idea: Any, moderator: Any, resident: Any
) -> None:
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="propos_injurieux")
    idea.refresh_from_db()
    assert idea.comment_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        [action] = actions.items_hide(
            actor=moderator, kind="comment", object_ids=[comment.pk], reason="propos_injurieux", note="Insulte."
        )
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.masked_at is not None
    assert comment.masked_reason == "propos_injurieux"
    assert comment.body  # never deleted: moderators still read it
    assert idea.comment_count == 0
    assert action.first_flagged_at is not None
    assert action.subject_id == comment.author_id
    assert Flag.objects.get().state == Flag.State.HIDDEN
    notification = Notification.objects.get(recipient=comment.author)
    assert "Propos injurieux" in notification.text
    assert "article 1" in notification.text
    assert resident.display_name not in notification.text  # never who flagged
    # Deleting it afterwards does not take the counter down twice.
    debate_actions.comment_delete(user=comment.author, comment=comment)
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_a_hidden_contribution_leaves_lists_and_search(moderator: Any) -> None:
    contribution = ContributionFactory(title="Une contribution à masquer VOLTMARK", body="Texte")
    assert contribution in listed_contributions(contribution.demarche)
    actions.items_hide(actor=moderator, kind="contribution", object_ids=[contribution.pk], reason="spam_publicite")
    assert contribution not in listed_contributions(contribution.demarche)
    assert Contribution.objects.get(pk=contribution.pk).masked_reason == "spam_publicite"


def test_bulk_keep_dismisses_the_flags(comment: Any, idea: Any, author: Any, moderator: Any, resident: Any) -> None:
    other = debate_actions.comment_post(author=author, target=idea, body="Un autre argument.", stance="pour")
    for target in (comment, other):
        actions.flag_submit(user=resident, kind="comment", object_id=target.pk, reason="hors_sujet")
    done = actions.items_keep(actor=moderator, kind="comment", object_ids=[comment.pk, other.pk])
    assert len(done) == 2
    assert set(Flag.objects.values_list("state", flat=True)) == {Flag.State.KEPT}
    assert queries.queue(moderator) == []


def test_redaction_keeps_the_original_for_moderators(comment: Any, moderator: Any) -> None:
    action = actions.item_redact(
        actor=moderator, kind="comment", object_id=comment.pk, texts={"body": "Texte corrigé [retiré]."}
    )
    comment.refresh_from_db()
    assert comment.body == "Texte corrigé [retiré]."
    assert "ZORGLUBMARK" in action.original["body"]
    with pytest.raises(ActionError):
        actions.item_redact(actor=moderator, kind="comment", object_id=comment.pk, texts={"body": " "})


def test_the_log_is_append_only(comment: Any, moderator: Any) -> None:
    [action] = actions.items_keep(actor=moderator, kind="comment", object_ids=[comment.pk])
    action.note = "réécrit"
    with pytest.raises(ValueError, match="append-only"):
        action.save()
    with pytest.raises(ValueError, match="append-only"):
        action.delete()


def test_a_suspended_person_cannot_write_and_is_told_until_when(
    comment: Any, idea: Any, author: Any, moderator: Any
) -> None:
    actions.person_sanction(
        actor=moderator, user=author, kind=Sanction.Kind.SUSPENSION, reason="propos_injurieux", days=7
    )
    fresh = type(author).objects.get(pk=author.pk)
    block = write_block(fresh)
    assert block is not None
    assert "suspendu" in block.message
    assert "jusqu’au" in block.message
    with pytest.raises(PermissionDenied) as error:
        debate_actions.comment_post(author=fresh, target=idea, body="Encore moi.", stance="pour")
    assert "suspendu" in error.value.message


def test_a_banned_person_cannot_write_and_a_warning_does_not_block(idea: Any, moderator: Any) -> None:
    warned, banned = UserFactory(), UserFactory()
    actions.person_sanction(actor=moderator, user=warned, kind=Sanction.Kind.WARNING, reason="hors_sujet")
    actions.person_sanction(actor=moderator, user=banned, kind=Sanction.Kind.BAN, reason="contenu_illegal")
    assert write_block(type(warned).objects.get(pk=warned.pk)) is None
    assert write_block(type(banned).objects.get(pk=banned.pk)) is not None
    with pytest.raises(PermissionDenied):
        debate_actions.comment_post(
            author=type(banned).objects.get(pk=banned.pk), target=idea, body="Bonjour.", stance="pour"
        )


def test_a_suspension_needs_a_duration_and_moderators_cannot_suspend_each_other(
    author: Any, moderator: Any, second_moderator: Any
) -> None:
    with pytest.raises(ActionError):
        actions.person_sanction(actor=moderator, user=author, kind=Sanction.Kind.SUSPENSION, reason="spam_publicite")
    with pytest.raises(PermissionDenied):
        actions.person_sanction(actor=moderator, user=second_moderator, kind=Sanction.Kind.BAN, reason="spam_publicite")


def test_the_appeal_is_decided_by_another_moderator_once(
    django_capture_on_commit_callbacks: Any, comment: Any, idea: Any, author: Any, moderator: Any, second_moderator: Any
) -> None:
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="propos_injurieux")
    with pytest.raises(PermissionDenied):
        actions.appeal_submit(user=moderator, kind="comment", object_id=comment.pk, text="Pas moi.")
    appeal = actions.appeal_submit(user=author, kind="comment", object_id=comment.pk, text="C'était une citation.")
    with pytest.raises(Conflict):
        actions.appeal_submit(user=author, kind="comment", object_id=comment.pk, text="Encore.")
    with pytest.raises(PermissionDenied) as error:
        actions.appeal_decide(actor=moderator, appeal_id=appeal.pk, restore=True, note="Je me déjuge.")
    assert error.value.code == "same_moderator"
    with django_capture_on_commit_callbacks(execute=True):
        actions.appeal_decide(actor=second_moderator, appeal_id=appeal.pk, restore=True, note="Citation admise.")
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.masked_at is None
    assert idea.comment_count == 1
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.RESTORED
    assert appeal.decided_by == second_moderator
    assert list(
        ModerationAction.objects.filter(kind="comment", object_id=comment.pk)
        .order_by("pk")
        .values_list("action", "actor_id")
    ) == [("action_masquer", moderator.pk), ("recours_accepte", second_moderator.pk)]
    told = Notification.objects.get(recipient=author, kind="moderation_appeal")
    assert "rétabli" in told.text
    assert "Citation admise." in told.text
    with pytest.raises(Conflict):
        actions.appeal_decide(actor=second_moderator, appeal_id=appeal.pk, restore=False, note="Non.")


def test_the_public_report_counts_without_people(comment: Any, moderator: Any, resident: Any) -> None:
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="propos_injurieux")
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="propos_injurieux")
    report = queries.public_report()
    assert report.months[0].flags == 1
    assert report.months[0].hidden == 1
    assert report.hidden_by_reason == [("Propos injurieux", 1)]
    assert report.decisions_timed == 1
    assert report.median_delay_hours is not None


def test_comment_counters_verify_after_hides(comment: Any, moderator: Any) -> None:
    from cocite.core.counters import Counter  # noqa: F401 — the counters' declaration is what is checked
    from cocite.debate.models import counters

    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="spam_publicite")
    for counter in counters():
        if counter.field == "comment_count":
            model = counter.model
            for obj in model._default_manager.all():
                expected = counter.counted.filter(**{counter.link: obj.pk}).count()
                assert getattr(obj, counter.field) == expected
    assert Comment.objects.get(pk=comment.pk).is_masked


def test_a_statement_is_flagged_and_hidden_through_the_opinions_own_decision(
    moderator: Any, second_moderator: Any, resident: Any
) -> None:
    from cocite.opinions import actions as opinion_actions
    from cocite.opinions.models import ModerationDecision, Statement
    from cocite.opinions.tests.factories import conversation_for, opinion_demarche

    author = UserFactory()
    conversation = conversation_for(opinion_demarche())
    statement = opinion_actions.statement_submit(
        author=author, conversation=conversation, text="Une proposition pour la commune, assez longue"
    )
    actions.flag_submit(user=resident, kind="statement", object_id=statement.pk, reason="spam_publicite")
    actions.items_hide(actor=moderator, kind="statement", object_ids=[statement.pk], reason="spam_publicite")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.REJECTED
    decision = ModerationDecision.objects.get(statement=statement)
    assert decision.reason == "spam_publicite"
    assert decision.moderator == moderator
    appeal = actions.appeal_submit(user=author, kind="statement", object_id=statement.pk, text="Ce n'est pas du spam.")
    actions.appeal_decide(actor=second_moderator, appeal_id=appeal.pk, restore=True, note="Accepté.")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.ACCEPTED
