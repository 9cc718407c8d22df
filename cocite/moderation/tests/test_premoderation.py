"""Pre-moderation per démarche: nothing is public before a moderator approves it, from the queue's
« À valider »; pending items share the hidden items' notion of « not public »; opinion statements
waiting for moderation are decided from the same queue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.queries import listed_contributions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate import actions as debate_actions
from cocite.debate.models import Comment
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.moderation import actions, queries
from cocite.moderation.models import Flag, ModerationAction
from cocite.moderation.reasons import PENDING
from cocite.notifications import actions as notification_actions
from cocite.notifications.models import Notification
from cocite.opinions import actions as opinion_actions
from cocite.opinions.models import Statement
from cocite.opinions.tests.factories import conversation_for, opinion_demarche

pytestmark = pytest.mark.django_db


@pytest.fixture
def premoderated_idea(db: Any) -> Any:
    demarche = DemarcheFactory(premoderation=True)
    return ContributionFactory(demarche=demarche, title="Une idée publique déjà validée")


def _pending_comment(idea: Any, author: Any, body: str = "Commentaire en attente PENDMARK") -> Comment:
    return debate_actions.comment_post(author=author, target=idea, body=body, stance="pour")


def test_a_comment_in_a_premoderated_demarche_waits_and_nothing_fans_out(
    premoderated_idea: Any, resident: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    follower = UserFactory()
    notification_actions.follow_set(user=follower, target=premoderated_idea, following=True)
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = _pending_comment(premoderated_idea, author)
    comment.refresh_from_db()
    premoderated_idea.refresh_from_db()
    assert comment.is_pending
    assert comment.masked_reason == PENDING
    assert premoderated_idea.comment_count == 0
    assert not Notification.objects.filter(recipient=follower).exists()
    # Others see no text; the page says what happens next.
    page = Client().get(premoderated_idea.get_absolute_url()).content.decode()
    assert "PENDMARK" not in page
    assert "En attente de validation par la modération" in page
    # One cannot reply to it, nor flag it, nor contest it.
    assert [e.obj.pk for e in queries.pending_queue(moderator)] == [comment.pk]
    assert queries.pending_queue(resident) == []

    with django_capture_on_commit_callbacks(execute=True):
        done = actions.items_approve(actor=moderator, kind="comment", object_ids=[comment.pk], note="")
    comment.refresh_from_db()
    premoderated_idea.refresh_from_db()
    assert not comment.is_masked
    assert premoderated_idea.comment_count == 1
    assert done[0].action == ModerationAction.Kind.APPROVE
    assert done[0].subject_id == author.pk
    assert Notification.objects.filter(recipient=follower).exists()  # the fan-out came with the approval
    told = Notification.objects.get(recipient=author, kind="moderation_approved")
    assert "maintenant public" in told.text
    assert "PENDMARK" in Client().get(premoderated_idea.get_absolute_url()).content.decode()
    # Approving twice does nothing more.
    assert actions.items_approve(actor=moderator, kind="comment", object_ids=[comment.pk]) == []
    assert queries.pending_queue(moderator) == []


def test_a_contribution_waits_out_of_lists_and_its_author_sees_it_marked(
    client_for: Any, resident: Any, moderator: Any
) -> None:
    demarche = DemarcheFactory(premoderation=True)
    contribution = contribution_actions.contribution_submit(
        author=resident, demarche=demarche, kind="idee", title="Titre en attente PENDTITLE", body="Corps du texte"
    )
    assert contribution.is_pending
    assert contribution not in listed_contributions(demarche)
    own = client_for(resident).get(contribution.get_absolute_url()).content.decode()
    assert "PENDTITLE" in own
    assert "En attente de validation par la modération" in own
    assert "48 heures" in own  # the charter's delay
    other = client_for(UserFactory()).get(contribution.get_absolute_url()).content.decode()
    assert "PENDTITLE" not in other
    assert "Contribution en attente de validation" in other
    assert "PENDTITLE" not in Client().get(reverse("contributions:list", args=[demarche.slug])).content.decode()

    actions.items_approve(actor=moderator, kind="contribution", object_ids=[contribution.pk])
    contribution.refresh_from_db()
    assert not contribution.is_masked
    assert contribution in listed_contributions(demarche)


def test_refusing_needs_a_reason_and_the_author_may_contest(
    premoderated_idea: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    author = UserFactory()
    comment = _pending_comment(premoderated_idea, author)
    with django_capture_on_commit_callbacks(execute=True):
        done = actions.items_refuse(actor=moderator, kind="comment", object_ids=[comment.pk], reason="hors_sujet")
    comment.refresh_from_db()
    premoderated_idea.refresh_from_db()
    assert comment.is_masked
    assert not comment.is_pending
    assert comment.masked_reason == "hors_sujet"
    assert premoderated_idea.comment_count == 0
    assert done[0].action == ModerationAction.Kind.REFUSE
    told = Notification.objects.get(recipient=author, kind="moderation_refused")
    assert "Hors sujet" in told.text
    assert "article 3" in told.text
    appeal = actions.appeal_submit(user=author, kind="comment", object_id=comment.pk, text="C’était pertinent.")
    assert appeal.hide_id == done[0].pk


def test_a_pending_item_cannot_be_contested_and_only_moderators_decide(premoderated_idea: Any, resident: Any) -> None:
    author = UserFactory()
    comment = _pending_comment(premoderated_idea, author)
    with pytest.raises(PermissionDenied):
        actions.appeal_submit(user=author, kind="comment", object_id=comment.pk, text="Pourquoi ?")
    with pytest.raises(PermissionDenied):
        actions.items_approve(actor=resident, kind="comment", object_ids=[comment.pk])
    with pytest.raises(PermissionDenied):
        actions.items_refuse(actor=resident, kind="comment", object_ids=[comment.pk], reason="hors_sujet")


def test_a_demarche_without_premoderation_publishes_at_once(idea: Any, author: Any) -> None:
    comment = debate_actions.comment_post(author=author, target=idea, body="Publié tout de suite", stance="pour")
    assert not comment.is_masked
    submitted = contribution_actions.contribution_submit(
        author=author, demarche=idea.demarche, kind="idee", title="Publiée tout de suite", body="Texte"
    )
    assert not submitted.is_masked


def test_the_queue_page_approves_and_refuses(client_for: Any, premoderated_idea: Any, moderator: Any) -> None:
    first = _pending_comment(premoderated_idea, UserFactory(), "Premier QUEUEMARK")
    second = _pending_comment(premoderated_idea, UserFactory(), "Second QUEUEMARK")
    client = client_for(moderator)
    url = reverse("moderation:queue")
    page = client.get(url).content.decode()
    assert "À valider : 2 contenus en attente" in page
    assert "Premier QUEUEMARK" in page
    response = client.post(url, {"action_valider": f"comment:{first.pk}"})
    assert response.status_code == 302
    missing = client.post(url, {"action_refuser": f"comment:{second.pk}"})
    assert missing.status_code == 400
    assert "Choisissez un motif de la charte pour refuser." in missing.content.decode()
    hostile = client.post(url, {"action_refuser": "comment:abc", "refus-comment:abc": "<script>"})
    assert hostile.status_code == 400
    refused = client.post(
        url, {"action_refuser": f"comment:{second.pk}", f"refus-comment:{second.pk}": "spam_publicite"}
    )
    assert refused.status_code == 302
    assert Comment.objects.get(pk=second.pk).masked_reason == "spam_publicite"
    assert Comment.objects.get(pk=first.pk).masked_at is None
    again = client.post(url, {"action_valider": f"comment:{first.pk}"})
    assert again.status_code == 400
    assert "plus en attente" in again.content.decode()


def test_the_queue_costs_the_same_with_more_pending_items(
    client_for: Any, premoderated_idea: Any, moderator: Any
) -> None:
    client = client_for(moderator)
    url = reverse("moderation:queue")
    for n in range(2):
        _pending_comment(premoderated_idea, UserFactory(), f"Attente {n}")
    small = real_render_queries(client, url)
    for n in range(6):
        _pending_comment(premoderated_idea, UserFactory(), f"Encore {n}")
    large = real_render_queries(client, url)
    assert_same_cost(small, large, at_most=25, what="the moderation queue with items to validate")


def test_pending_opinion_statements_are_decided_from_the_same_queue(moderator: Any) -> None:
    demarche = opinion_demarche(moderation="pre")
    conversation = conversation_for(demarche)
    author = UserFactory()
    statement = opinion_actions.statement_submit(
        author=author, conversation=conversation, text="Il faudrait plus d’arbres en ville"
    )
    assert statement.status == Statement.Status.PENDING
    entries = queries.pending_queue(moderator)
    assert [(e.spec.kind, e.obj.pk) for e in entries] == [("statement", statement.pk)]
    actions.items_approve(actor=moderator, kind="statement", object_ids=[statement.pk])
    statement.refresh_from_db()
    assert statement.status == Statement.Status.ACCEPTED
    other = opinion_actions.statement_submit(author=author, conversation=conversation, text="Une autre proposition")
    actions.items_refuse(actor=moderator, kind="statement", object_ids=[other.pk], reason="hors_sujet")
    other.refresh_from_db()
    assert other.status == Statement.Status.REJECTED
    assert queries.pending_queue(moderator) == []


def test_a_contribution_pending_is_not_in_its_demarche_counter(resident: Any) -> None:
    demarche = DemarcheFactory(premoderation=True)
    contribution_actions.contribution_submit(
        author=resident, demarche=demarche, kind="idee", title="Un titre assez long", body="Le corps du texte"
    )
    assert Contribution.objects.filter(demarche=demarche, masked_at__isnull=True).count() == 0
    assert listed_contributions(demarche).count() == 0


def test_the_commitments_dashboard_measures_the_charters_delay(
    premoderated_idea: Any, moderator: Any, resident: Any, settings: Any
) -> None:
    settings.COCITE_MODERATION_DELAY_HOURS = 48
    now = timezone.now()
    quick = _pending_comment(premoderated_idea, UserFactory(), "Vite validé")
    slow = _pending_comment(premoderated_idea, UserFactory(), "Lentement validé")
    waiting = _pending_comment(premoderated_idea, UserFactory(), "Attend encore")
    Comment.objects.filter(pk=quick.pk).update(masked_at=now - datetime.timedelta(hours=2))
    Comment.objects.filter(pk=slow.pk).update(masked_at=now - datetime.timedelta(hours=100))
    Comment.objects.filter(pk=waiting.pk).update(masked_at=now - datetime.timedelta(hours=60))
    actions.items_approve(actor=moderator, kind="comment", object_ids=[quick.pk, slow.pk])
    flagged = debate_actions.comment_post(
        author=UserFactory(), target=ContributionFactory(), body="Un commentaire signalé", stance="pour"
    )
    flag = actions.flag_submit(user=resident, kind="comment", object_id=flagged.pk, reason="spam_publicite")
    Flag.objects.filter(pk=flag.pk).update(created_at=now - datetime.timedelta(hours=50))
    delay = queries.moderation_delay()
    flags, pending = delay.rows
    assert delay.delay_hours == 48
    assert (pending.handled, pending.within, pending.share_within, pending.waiting_beyond) == (2, 1, 50, 1)
    assert pending.median_hours is not None
    assert 50 < pending.median_hours < 52  # the median of about 2 and 100 hours
    assert (flags.handled, flags.waiting_beyond) == (0, 1)
    assert delay.total.waiting_beyond == 2
    page = Client().get(reverse("decisions:commitments")).content.decode()
    assert "Délai de la modération" in page
    assert "sous 48 heures" in page
    assert "50&nbsp;%" in page
    publish_version(RulebookFactory(title="Charte de la participation"))
    charter = Client().get(reverse("demarches:charter")).content.decode()
    assert 'id="delai-moderation"' in charter
    assert "sous 48 heures" in charter


@pytest.mark.parametrize("state", ["pending", "hidden"])
def test_nobody_supports_or_comments_a_contribution_that_is_not_public(
    state: str, resident: Any, moderator: Any, client_for: Any
) -> None:
    demarche = DemarcheFactory(premoderation=state == "pending")
    publish_version(RulebookFactory(demarche=demarche), 1)
    contribution = contribution_actions.contribution_submit(
        author=UserFactory(), demarche=demarche, kind="idee", title="Une idée à examiner", body="Le texte."
    )
    if state == "hidden":
        actions.items_hide(actor=moderator, kind="contribution", object_ids=[contribution.pk], reason="spam_publicite")
        contribution.refresh_from_db()
    assert contribution.is_masked
    with pytest.raises(PermissionDenied):
        contribution_actions.support_set(user=resident, contribution=contribution, supported=True)
    with pytest.raises(PermissionDenied):
        debate_actions.comment_post(author=resident, target=contribution, body="Un avis.", stance="pour")
    contribution.refresh_from_db()
    assert (contribution.support_count, contribution.comment_count) == (0, 0)
    # The page offers no button that would fail.
    page = client_for(resident).get(contribution.get_absolute_url()).content.decode()
    assert 'id="soutien-bouton"' not in page


def test_a_refusal_before_publication_counts_as_a_hidden_item_in_the_public_report(
    premoderated_idea: Any, moderator: Any
) -> None:
    comment = _pending_comment(premoderated_idea, UserFactory())
    actions.items_refuse(actor=moderator, kind="comment", object_ids=[comment.pk], reason="hors_sujet")
    report = queries.public_report()
    assert report.months[0].hidden == 1
    assert report.hidden_by_reason == [("Hors sujet", 1)]
    page = Client().get(reverse("moderation:report")).content.decode()
    assert "Hors sujet" in page
