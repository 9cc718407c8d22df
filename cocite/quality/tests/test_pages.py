"""The pages: who may open and post what, French errors and no 500 on bad input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.quality import actions
from cocite.quality.models import Feedback, PageQuestion, Respondent
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import answers, page, service

pytestmark = pytest.mark.django_db

FORM = {"satisfaction": "2", "ease": "1", "clarity": "2", "help": "desk", "comment": "Très bien"}


def test_the_short_link_leads_to_the_form_and_a_visitor_answers(client: Client) -> None:
    target = service(DepartmentFactory(), short_code="cantine")
    response = client.get("/qualite/q/cantine/")
    assert response.status_code == 302
    assert response["Location"] == f"/qualite/{target.slug}/avis/"
    form = client.get(response["Location"])
    assert "Je donne mon avis" in form.content.decode()
    done = client.post(f"/qualite/{target.slug}/avis/", FORM)
    assert done.status_code == 302
    row = Feedback.objects.get()
    assert (row.respondent_id, row.respondent_kind, row.comment) == (None, Respondent.RESIDENT, "Très bien")
    assert client.get("/qualite/q/inconnu/").status_code == 404


def test_a_second_answer_the_same_day_is_refused_in_french(client_for: Any, resident: Any) -> None:
    target = service(DepartmentFactory())
    client = client_for(resident)
    assert client.post(f"/qualite/{target.slug}/avis/", FORM).status_code == 302
    again = client.post(f"/qualite/{target.slug}/avis/", FORM)
    assert again.status_code == 409
    assert "déjà donné votre avis" in again.content.decode()


def test_bad_answers_get_the_form_again(client: Client) -> None:
    target = service(DepartmentFactory())
    response = client.post(f"/qualite/{target.slug}/avis/", {"satisfaction": "9", "help": "\x00"})
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_the_service_page_shows_indicators_apart_and_a_table(client: Client) -> None:
    target = service(DepartmentFactory())
    answers(target, 4)
    answers(target, 2, kind=Respondent.AGENT, satisfaction=0)
    html = client.get(f"/qualite/{target.slug}/").content.decode()
    assert "L’avis des usager·ères" in html
    assert "L’avis des agent·es de la commune" in html
    assert "<table" in html
    assert 'role="img"' in html
    assert "10,0" in html or "10.0" in html


def test_the_qr_code_is_an_svg_of_the_short_link(client: Client) -> None:
    target = service(DepartmentFactory(), short_code="etatcivil")
    response = client.get(f"/qualite/{target.slug}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_only_the_department_reads_the_free_texts(client_for: Any, agent: Any, resident: Any) -> None:
    target = service(agent.departments.get())
    answers(target, 2)
    assert client_for(resident).get(f"/qualite/{target.slug}/avis-recus/").status_code == 403
    other = UserFactory()
    DepartmentFactory(members=[other])
    assert client_for(other).get(f"/qualite/{target.slug}/avis-recus/").status_code == 403
    html = client_for(agent).get(f"/qualite/{target.slug}/avis-recus/").content.decode()
    assert "Commentaire 0" in html
    posted = client_for(agent).post(f"/qualite/{target.slug}/avis-recus/", {"point": "Délais", "answer": "Le samedi."})
    assert posted.status_code == 302
    assert "Le samedi." in Client().get(f"/qualite/{target.slug}/").content.decode()


def test_a_visitor_is_asked_to_sign_in_to_ask(client: Client) -> None:
    info = page(DepartmentFactory())
    html = client.get(f"/informations/{info.slug}/").content.decode()
    assert "Connectez-vous pour poser une question" in html
    assert client.post(f"/informations/{info.slug}/questions/", {"kind": "question", "body": "?"}).status_code == 302
    assert PageQuestion.objects.count() == 0


def test_a_contestation_without_source_is_refused_in_the_form(client_for: Any, resident: Any) -> None:
    info = page(DepartmentFactory())
    response = client_for(resident).post(
        f"/informations/{info.slug}/questions/", {"kind": "contestation", "statement": "1 200", "body": "Faux"}
    )
    assert response.status_code == 400
    assert "indiquez votre source" in response.content.decode()


def test_review_overdue_shows_a_to_recheck_notice(client: Client) -> None:
    info = page(DepartmentFactory(), review_by=timezone.localdate() - datetime.timedelta(days=1))
    assert "à revérifier" in client.get(f"/informations/{info.slug}/").content.decode()
    assert "à revérifier" in client.get("/informations/").content.decode()


def test_only_the_owner_edits_verifies_answers_and_promotes(client_for: Any, agent: Any, resident: Any) -> None:
    info = page(agent.departments.get())
    question = actions.question_ask(author=resident, page=info, kind="question", body="?")
    other = UserFactory()
    DepartmentFactory(members=[other])
    for url in (f"/informations/{info.slug}/modifier/", f"/informations/{info.slug}/faq/",
                f"/informations/{info.slug}/questions/{question.pk}/repondre/"):  # fmt: skip
        assert client_for(other).get(url).status_code == 403
        assert client_for(agent).get(url).status_code == 200
    assert client_for(resident).get(f"/informations/{info.slug}/questions/{question.pk}/avis/").status_code == 403
    assert client_for(agent).get(f"/informations/{info.slug}/questions/{question.pk}/avis/").status_code == 403
    assert client_for(other).get(f"/informations/{info.slug}/questions/{question.pk}/avis/").status_code == 200
    later = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    assert client_for(other).post(f"/informations/{info.slug}/verifier/", {"review_by": later}).status_code == 403
    assert client_for(agent).post(f"/informations/{info.slug}/verifier/", {"review_by": later}).status_code == 302
    info.refresh_from_db()
    assert info.review_by.isoformat() == later


def test_an_edit_makes_a_version_and_the_diff_is_readable(client_for: Any, agent: Any) -> None:
    info = page(agent.departments.get())
    client = client_for(agent)
    response = client.post(
        f"/informations/{info.slug}/modifier/", {"title": info.title, "body": "Nouveau texte.", "note": "Réécrit"}
    )
    assert response.status_code == 302
    html = Client().get(f"/informations/{info.slug}/versions/?de=1&a=2").content.decode()
    assert "diff__line--added" in html
    assert "Nouveau texte." in html
    assert "Réécrit" in html
    bad = Client().get(f"/informations/{info.slug}/versions/?de=1&a=99")
    assert bad.status_code == 400
    assert "Choisissez deux versions" in bad.content.decode()
    unchanged = client.post(
        f"/informations/{info.slug}/modifier/", {"title": info.title, "body": "Nouveau texte.", "note": "x"}
    )
    assert unchanged.status_code == 400
    assert "pas changé" in unchanged.content.decode()


def test_a_question_is_flagged_and_a_hidden_one_leaves_a_tombstone(client_for: Any, resident: Any) -> None:
    from cocite.moderation import actions as moderation_actions

    info = page(DepartmentFactory())
    question = actions.question_ask(author=resident, page=info, kind="question", body="Un texte insultant ?")
    html = Client().get(f"/informations/{info.slug}/").content.decode()
    assert f"/moderation/signaler/page_question/{question.pk}/" in html or "Signaler" in html
    moderator = UserFactory(is_moderator=True)
    moderation_actions.items_hide(
        actor=moderator, kind="page_question", object_ids=[question.pk], reason="spam_publicite"
    )
    html = Client().get(f"/informations/{info.slug}/").content.decode()
    assert "Un texte insultant" not in html
    assert "Cette question a été masquée par la modération" in html
