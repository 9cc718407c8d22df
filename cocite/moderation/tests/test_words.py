"""The commune's list of words held back for moderation: accent and case aside, whole words only; an
item containing one waits in « À valider », even in a démarche without pre-moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.debate import actions as debate_actions
from cocite.moderation import actions as moderation_actions
from cocite.moderation import queries
from cocite.moderation.models import HeldBackWord
from cocite.moderation.registry import registry
from cocite.moderation.words import held_back_words
from cocite.quality import actions as quality_actions
from cocite.quality.models import PageQuestion
from cocite.quality.tests import helpers as quality_helpers
from cocite.reports import actions as report_actions
from cocite.reports.models import Report
from cocite.reports.tests import helpers as report_helpers
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def words(db: Any) -> None:
    HeldBackWord.objects.create(expression="connard")
    HeldBackWord.objects.create(expression="Élu  pourri")


def test_matching_ignores_accents_and_case_on_whole_words(words: None) -> None:
    assert held_back_words(["Quel CONNARD !"]) == ["connard"]
    assert held_back_words(["c’est un connard."]) == ["connard"]
    assert held_back_words(["cônnârd"]) == ["connard"]
    assert held_back_words(["la connardise n’est pas un mot"]) == []
    assert held_back_words(["unconnard"]) == []
    assert held_back_words(["cet elu\npourri"]) == ["Élu pourri"]
    assert held_back_words(["un élu pourrissant"]) == []
    assert held_back_words(["rien à signaler"]) == []


def test_the_list_is_unique_without_accents_nor_case(words: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        HeldBackWord.objects.create(expression="CONNÀRD")


def test_a_comment_with_a_word_waits_even_without_premoderation(idea: Any, author: Any, moderator: Any) -> None:
    HeldBackWord.objects.create(expression="connard")
    held = debate_actions.comment_post(author=author, target=idea, body="Le maire est un Connard.", stance="contre")
    fine = debate_actions.comment_post(author=author, target=idea, body="Le maire a raison.", stance="pour")
    idea.refresh_from_db()
    assert held.is_pending
    assert not fine.is_masked
    assert idea.comment_count == 1
    entries = queries.pending_queue(moderator)
    assert [(e.obj.pk, e.triggers) for e in entries] == [(held.pk, ["connard"])]


def test_an_agent_entering_a_paper_contribution_goes_through_the_filter(idea: Any, agent: Any) -> None:
    HeldBackWord.objects.create(expression="connard")
    submitted = contribution_actions.contribution_submit(
        channel=Contribution.Channel.PAPER,
        offline_author_name="Mme Martin",
        author=agent,
        demarche=idea.demarche,
        kind="idee",
        title="Un titre sans problème",
        body="Quel connard, ce voisin",
    )
    assert submitted.is_pending
    assert Contribution.objects.get(pk=submitted.pk).masked_reason == "en_attente_validation"


def test_an_edit_bringing_a_word_sends_it_back_to_validation(idea: Any, author: Any) -> None:
    HeldBackWord.objects.create(expression="connard")
    comment = debate_actions.comment_post(author=author, target=idea, body="Texte correct", stance="pour")
    idea.refresh_from_db()
    assert idea.comment_count == 1
    debate_actions.comment_edit(user=author, comment=comment, body="Texte de connard")
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.is_pending
    assert idea.comment_count == 0


def test_the_queue_shows_the_word_and_the_admin_edits_the_list(
    client_for: Any, idea: Any, author: Any, moderator: Any, admin_client: Any
) -> None:
    HeldBackWord.objects.create(expression="connard")
    debate_actions.comment_post(author=author, target=idea, body="Un connard de plus", stance="contre")
    page = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "Retenu par la liste de mots" in page
    assert '<mark class="user-text">connard</mark>' in page
    add = reverse("admin:moderation_heldbackword_add")
    assert admin_client.post(add, {"expression": "  Abruti  "}).status_code == 302
    assert HeldBackWord.objects.filter(normalized="abruti").exists()
    again = admin_client.post(add, {"expression": "ABRUTÌ"})
    assert again.status_code == 200
    assert "déjà dans la liste" in again.content.decode()


def test_a_report_holding_a_word_of_the_list_waits_for_a_moderator(words: None) -> None:
    """Reports are public text outside any démarche: the commune's list holds them back too."""
    author, moderator = UserFactory(), UserFactory(is_moderator=True)
    category = report_helpers.category(slug="mots-retenus")
    report = report_actions.report_submit(
        user=author, category=category, description="Le voisin du 12, quel CONNARD.", address="Rue de la Gare"
    )
    clean = report_actions.report_submit(
        user=author, category=category, description="Un lampadaire éteint.", address="Rue de la Gare"
    )
    spec = registry.get("report")
    assert spec is not None
    assert spec.pending(Report.objects.get(pk=report.pk))
    assert not Report.objects.get(pk=clean.pk).is_masked
    visitor = Client()
    assert "CONNARD" not in visitor.get(report.get_absolute_url()).content.decode()
    assert report.get_absolute_url() not in visitor.get(reverse("reports:list")).content.decode()
    author_client = Client()
    author_client.force_login(author)
    assert "En attente de validation par la modération" in author_client.get(report.get_absolute_url()).content.decode()
    waiting = queries.pending_queue(moderator)
    assert [(entry.spec.kind, entry.obj.pk) for entry in waiting] == [("report", report.pk)]
    assert waiting[0].triggers == ["connard"]
    moderation_actions.items_approve(actor=moderator, kind="report", object_ids=[report.pk])
    assert not Report.objects.get(pk=report.pk).is_masked
    assert "CONNARD" in visitor.get(report.get_absolute_url()).content.decode()


def test_a_question_on_an_information_page_holding_a_word_of_the_list_waits(words: None) -> None:
    author, moderator = UserFactory(), UserFactory(is_moderator=True)
    info = quality_helpers.page(DepartmentFactory())
    question = quality_actions.question_ask(author=author, page=info, kind="question", body="Le maire est un connard ?")
    spec = registry.get("page_question")
    assert spec is not None
    assert spec.pending(PageQuestion.objects.get(pk=question.pk))
    visitor = Client()
    assert "Le maire est un" not in visitor.get(info.get_absolute_url()).content.decode()
    waiting = queries.pending_queue(moderator)
    assert [(entry.spec.kind, entry.obj.pk) for entry in waiting] == [("page_question", question.pk)]
    moderation_actions.items_approve(actor=moderator, kind="page_question", object_ids=[question.pk])
    assert "Le maire est un" in visitor.get(info.get_absolute_url()).content.decode()
