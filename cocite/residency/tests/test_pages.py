"""The pages: one's own status, the front desk (per role), the public explanation; hostile input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.residency.models import Method, ResidenceVerification
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import franceconnect, streets, verified

pytestmark = pytest.mark.django_db

MINE = "/mon-espace/residence/"
FRONT_DESK = "/accueil/verification-residence/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_urls() -> None:
    assert reverse("residency:mine") == MINE
    assert reverse("residency:front_desk") == FRONT_DESK
    assert reverse("residency:about") == "/habitants-verifies/"


def test_the_public_page_explains_both_ways_to_everyone() -> None:
    body = Client().get(reverse("residency:about")).content.decode()
    assert "FranceConnect" in body
    assert "accueil de la mairie" in body.replace("\n    ", " ")
    assert "jamais affiché publiquement" in body


def test_ones_own_status_not_verified_verified_and_expired() -> None:
    person = UserFactory()
    body = _client(person).get(MINE).content.decode()
    assert "pas encore vérifiée" in body
    assert reverse("socialaccount_connections") in body  # the FranceConnect path
    verified(person, days_left=40)
    response = _client(person).get(MINE)
    assert response["Cache-Control"] == "private, no-store"
    assert "est vérifiée jusqu’au" in response.content.decode()
    verified(person, days_left=-3)
    body = _client(person).get(MINE).content.decode()
    assert "a expiré le" in body
    assert "Renouvelez-la" in body
    assert _client(person).get(reverse("accounts:profile")).content.decode().count("a expiré le") == 1


def test_the_franceconnect_path_through_the_page() -> None:
    streets()
    person = UserFactory()
    franceconnect(person)
    client = _client(person)
    page = client.get(MINE).content.decode()
    assert 'name="address"' in page
    refused = client.post(MINE, {"address": "10 rue de Rivoli"})
    assert refused.status_code == 400
    assert "ne correspond à aucune voie de la commune" in refused.content.decode()
    done = client.post(MINE, {"address": "1, Avenue de la Republique"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.is_residence_verified
    body = client.get(MINE).content.decode()
    assert "Votre résidence est vérifiée" in body
    assert "Avenue de la République" in body  # the history: how, and which street


def test_mine_needs_a_login() -> None:
    response = Client().get(MINE)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("visitor", 302), ("resident", 403), ("moderator", 403), ("elected", 403), ("agent", 200), ("admin", 200)],
)
def test_the_front_desk_page_per_role(role: str, status: int) -> None:
    if role == "visitor":
        client = Client()
    else:
        user = UserFactory(
            is_moderator=role == "moderator",
            is_elected_official=role == "elected",
            is_superuser=role == "admin",
            is_staff=role == "admin",
        )
        if role == "agent":
            DepartmentFactory(members=[user])
        client = _client(user)
    assert client.get(FRONT_DESK).status_code == status
    before = ResidenceVerification.objects.count()
    person = UserFactory()
    client.post(FRONT_DESK, {"person": person.pk, "document_types": ["passeport"]})
    assert ResidenceVerification.objects.count() == before + (1 if status == 200 else 0)


def test_the_front_desk_finds_a_person_and_records_the_documents() -> None:
    agent = UserFactory(display_name="Agente d’accueil")
    DepartmentFactory(members=[agent])
    person = UserFactory(email="lea@exemple.fr", display_name="Léa à vélo", first_name="Léa", last_name="Dubois")
    client = _client(agent)
    by_email = client.get(FRONT_DESK, {"personne": "LEA@exemple.fr"}).content.decode()
    assert "Dubois" in by_email
    assert "Résidence non vérifiée" in by_email
    by_pseudonym = client.get(FRONT_DESK, {"personne": "lea a velo"}).content.decode()
    assert "Dubois" in by_pseudonym
    nobody = client.get(FRONT_DESK, {"personne": "Dub"}).content.decode()
    assert "Aucun compte actif ne correspond" in nobody
    assert "Dubois" not in nobody
    missing = client.post(FRONT_DESK, {"person": person.pk})
    assert missing.status_code == 400
    assert "Cochez au moins une pièce" in missing.content.decode()
    done = client.post(FRONT_DESK, {"person": person.pk, "document_types": ["carte_identite", "justificatif_domicile"]})
    assert done.status_code == 302
    verification = ResidenceVerification.objects.get(person=person)
    assert (verification.method, verification.verified_by) == (Method.FRONT_DESK, agent)
    page = client.get(FRONT_DESK).content.decode()
    assert "Mes dernières vérifications" in page
    assert "Léa à vélo" in page


@pytest.mark.parametrize(
    "data",
    [
        {"person": "9" * 40, "document_types": ["passeport"]},
        {"person": "²", "document_types": ["passeport"]},
        {"person": "-1", "document_types": ["passeport"]},
        {"person": "1", "document_types": ["passeport\x00"]},
        {"person": "1", "document_types": ["<script>alert(1)</script>"]},
        {"person": "", "document_types": []},
        {"person": "99999999", "document_types": ["passeport"]},
    ],
)
def test_hostile_front_desk_forms_get_french_errors(data: dict[str, Any]) -> None:
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    response = _client(agent).post(FRONT_DESK, data)
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
    assert not ResidenceVerification.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["\x00", "a" * 10_000, "‮moc.elpmaxe@a", "%", "' OR 1=1 --", "@", "²"],
)
def test_hostile_front_desk_searches(query: str) -> None:
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    assert _client(agent).get(FRONT_DESK, {"personne": query}).status_code in (200, 400)


@pytest.mark.parametrize("address", ["\x00", "a" * 5_000, "‮ rue", "12", "%%%", "<b>rue</b>"])
def test_hostile_addresses(address: str) -> None:
    streets()
    person = UserFactory()
    franceconnect(person)
    response = _client(person).post(MINE, {"address": address})
    assert response.status_code == 400
    person.refresh_from_db()
    assert not person.is_residence_verified


def test_front_desk_shows_an_expired_status() -> None:
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    person = UserFactory(email="parti@exemple.fr")
    person.residence_verified_at = timezone.now() - datetime.timedelta(days=400)
    person.residence_verified_until = timezone.now() - datetime.timedelta(days=35)
    person.save()
    body = _client(agent).get(FRONT_DESK, {"personne": "parti@exemple.fr"}).content.decode()
    assert "Vérification expirée le" in body
