"""Acceptance (issue 17, point 3): a « verified residents » démarche refuses an unverified person with a
clear French message saying why and how to get verified, and accepts a verified one — page and action."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import PermissionDenied
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.residency import actions as residency_actions
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import verified

pytestmark = pytest.mark.django_db

IDEA = {"kind": "idee", "title": "Un composteur partagé au square des Tilleuls", "body": "Pour les voisins."}


@pytest.fixture
def budget() -> Any:
    demarche = DemarcheFactory(audience=Audience.VERIFIED, title="Budget participatif, vote des habitant·es")
    publish_version(RulebookFactory(demarche=demarche), 1)
    return demarche


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_an_unverified_person_is_told_why_and_how_never_a_dead_end(budget: Any) -> None:
    person = UserFactory()
    client = _client(person)
    submit = reverse("contributions:submit", kwargs={"slug": budget.slug})
    page = client.get(submit)
    assert page.status_code == 403
    text = _text(page)
    assert "Cette démarche est réservée aux habitant·es dont la résidence est vérifiée." in text
    assert "FranceConnect" in text
    assert "accueil de la mairie" in text
    body = page.content.decode()
    assert reverse("residency:mine") in body
    assert reverse("residency:about") in body
    for link in (reverse("residency:mine"), reverse("residency:about")):
        assert client.get(link).status_code == 200
    # The action refuses too, with the same sentence, and writes nothing.
    refused = client.post(submit, IDEA)
    assert refused.status_code == 403
    assert not Contribution.objects.filter(demarche=budget).exists()
    with pytest.raises(PermissionDenied) as error:
        contribution_actions.contribution_submit(author=person, demarche=budget, **IDEA)
    assert "résidence est vérifiée" in error.value.message
    # The démarche's own page says it too, with the links.
    detail = client.get(budget.get_absolute_url())
    assert detail.status_code == 200
    assert "résidence est vérifiée" in _text(detail)
    assert reverse("residency:mine") in detail.content.decode()


def test_a_verified_person_takes_part(budget: Any) -> None:
    agent, person = UserFactory(), UserFactory()
    DepartmentFactory(members=[agent])
    residency_actions.front_desk_verify(agent=agent, person=person, document_types=["carte_identite"])
    client = _client(person)
    submit = reverse("contributions:submit", kwargs={"slug": budget.slug})
    assert client.get(submit).status_code == 200
    response = client.post(submit, IDEA)
    assert response.status_code == 302
    assert Contribution.objects.filter(demarche=budget, author=person).count() == 1
    # Supporting someone else's idea is open to them, not to an unverified neighbour.
    other = ContributionFactory(demarche=budget)
    support = reverse("contributions:support", kwargs={"pk": other.pk})
    assert client.post(support, {"supported": "1"}).status_code == 302
    other.refresh_from_db()
    assert other.support_count == 1
    refused = _client(UserFactory()).post(support, {"supported": "1"}, follow=True)
    assert "résidence est vérifiée" in _text(refused)
    other.refresh_from_db()
    assert other.support_count == 1


def test_an_expired_verification_is_refused_with_its_date_and_how_to_renew(budget: Any) -> None:
    person = verified(UserFactory(), days_left=-2)
    page = _client(person).get(reverse("contributions:submit", kwargs={"slug": budget.slug}))
    assert page.status_code == 403
    text = _text(page)
    assert "Votre vérification de résidence a expiré le" in text
    assert "FranceConnect" in text
    assert reverse("residency:mine") in page.content.decode()


def test_a_visitor_sees_the_demarche_and_is_asked_to_log_in_first(budget: Any) -> None:
    assert Client().get(budget.get_absolute_url()).status_code == 200
    response = Client().get(reverse("contributions:submit", kwargs={"slug": budget.slug}))
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]
