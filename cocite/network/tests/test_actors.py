"""Actors: profiles with checked identifiers, members and invitations, verification, contact."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.network import actions, queries
from cocite.network.models import ActorMembership, ActorMessage

from .helpers import VALID_SIREN, make_actor

pytestmark = pytest.mark.django_db


def test_creating_an_actor_makes_its_creator_administrator_and_indexes_it() -> None:
    admin = UserFactory()
    actor = make_actor(admin, offers=[("propose", "locaux", "une salle le soir")], siren=VALID_SIREN)
    assert ActorMembership.objects.get(actor=actor, user=admin).role == "admin"
    found, _cursor = queries.directory(UserFactory(), queries.DirectoryFilters(q="salles"), None)
    assert [a.pk for a in found] == [actor.pk]
    found, _cursor = queries.directory(UserFactory(), queries.DirectoryFilters(offers="locaux"), None)
    assert [a.pk for a in found] == [actor.pk]
    found, _cursor = queries.directory(UserFactory(), queries.DirectoryFilters(seeks="locaux"), None)
    assert found == []


@pytest.mark.parametrize(
    ("siren", "rna", "code"),
    [
        ("732829321", "", "siren_invalid"),
        ("12345678", "", "siren_invalid"),
        ("", "W12345", "rna_invalid"),
        ("", "X123456789", "rna_invalid"),
    ],
)
def test_siren_and_rna_are_checked(siren: str, rna: str, code: str) -> None:
    with pytest.raises(ActionError) as caught:
        make_actor(siren=siren, rna=rna)
    assert caught.value.code == code


def test_french_search_folds_accents_and_stems() -> None:
    actor = make_actor(name="Vélo-École", description="Apprendre à réparer les vélos dans les écoles.")
    for query in ("velo", "ecoles", "réparation"):
        found, _cursor = queries.directory(UserFactory(), queries.DirectoryFilters(q=query), None)
        assert [a.pk for a in found] == [actor.pk], query


def test_invitation_by_signed_link_then_leaving_but_not_the_last_administrator(
    django_capture_on_commit_callbacks: Any,
) -> None:
    admin = UserFactory()
    actor = make_actor(admin)
    invited = UserFactory(email="invitee@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.invitation_create(user=admin, actor=actor, email="Invitee@exemple.fr", role="membre")
    assert mail.outbox[-1].to == ["invitee@exemple.fr"]
    token = mail.outbox[-1].body.split("/acteurs/invitation/")[1].split("/")[0]
    assert actions.invitation_from_token(token) == invitation
    with pytest.raises(PermissionDenied):
        actions.invitation_accept(user=UserFactory(), token=token)
    with pytest.raises(ActionError):
        actions.invitation_accept(user=invited, token=token + "x")
    actions.invitation_accept(user=invited, token=token)
    assert ActorMembership.objects.get(actor=actor, user=invited).role == "membre"
    with pytest.raises(Conflict):
        actions.invitation_accept(user=invited, token=token)
    with pytest.raises(Conflict) as caught:
        actions.membership_leave(user=admin, actor=actor)
    assert caught.value.code == "last_admin"
    actions.membership_leave(user=invited, actor=actor)
    assert not ActorMembership.objects.filter(actor=actor, user=invited).exists()


def test_the_invitation_page_shows_the_form_only_to_who_may_accept() -> None:
    admin = UserFactory()
    actor = make_actor(admin)
    invitation = actions.invitation_create(user=admin, actor=actor, email="invitee@exemple.fr", role="membre")
    url = f"/acteurs/invitation/{actions.invitation_token(invitation)}/"
    client = Client()
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert "autre adresse" in page
    assert "Accepter l’invitation" not in page
    client.force_login(admin)
    admin.email = "invitee@exemple.fr"
    admin.save()
    page = client.get(url).content.decode()
    assert "déjà membre" in page
    assert "Accepter l’invitation" not in page
    invited = UserFactory(email="Invitee@exemple.fr")
    client.force_login(invited)
    assert "Accepter l’invitation" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    page = client.get(url).content.decode()
    assert "déjà été acceptée" in page
    assert "Accepter l’invitation" not in page


def test_only_administrators_invite_and_edit() -> None:
    actor = make_actor()
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        actions.invitation_create(user=stranger, actor=actor, email="x@exemple.fr", role="membre")
    with pytest.raises(PermissionDenied):
        actions.actor_update(user=stranger, actor=actor, kind="association", name="Pirate", description="Pris")


def test_only_agents_verify_and_an_actor_without_identifier_cannot_be(agent: Any) -> None:
    actor = make_actor(rna="W921000123")
    with pytest.raises(PermissionDenied):
        actions.actor_verify(agent=UserFactory(), actor=actor, verified=True)
    assert actions.actor_verify(agent=agent, actor=actor, verified=True).is_verified
    with pytest.raises(ActionError):
        actions.actor_verify(agent=agent, actor=make_actor(name="Sans numéro"), verified=True)


def test_new_identifiers_drop_the_badge(agent: Any) -> None:
    admin = UserFactory()
    actor = make_actor(admin, rna="W921000123")
    actions.actor_verify(agent=agent, actor=actor, verified=True)
    actor = actions.actor_update(
        user=admin, actor=actor, kind="association", name=actor.name, description=actor.description, rna="W921000124"
    )
    assert not actor.is_verified


def test_a_message_reaches_the_administrators_without_showing_an_address(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = UserFactory(email="secret-admin@exemple.fr")
    actor = make_actor(admin)
    sender = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sender).post(
            f"/acteurs/{actor.pk}/contact/", {"body": "Bonjour, pouvons-nous nous rencontrer ?"}
        )
    assert response.status_code == 302
    assert ActorMessage.objects.filter(actor=actor, sender=sender).count() == 1
    assert mail.outbox[-1].to == ["secret-admin@exemple.fr"]
    page = client_for(UserFactory()).get(f"/acteurs/{actor.pk}/").content.decode()
    assert "secret-admin@exemple.fr" not in page
    assert "Bonjour, pouvons-nous" not in page
    assert "Bonjour, pouvons-nous" in client_for(admin).get(f"/acteurs/{actor.pk}/").content.decode()


def test_forms_refuse_bad_input_in_french_without_a_500(client_for: Any) -> None:
    client = client_for(UserFactory())
    response = client.post(
        "/acteurs/nouveau/", {"kind": "association", "name": "X", "description": "Y", "siren": "123456789"}
    )
    assert response.status_code == 400
    assert "clé de contrôle" in response.content.decode()
    response = client.post(
        "/acteurs/nouveau/", {"kind": "association", "name": "X", "description": "Y"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 302


def test_a_logo_goes_through_the_image_checks(client_for: Any) -> None:

    client = client_for(UserFactory())
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post("/acteurs/nouveau/", {"kind": "association", "name": "X", "description": "Y", "logo": bad})
    assert response.status_code == 400
    assert "image" in response.content.decode()


def test_edit_page_is_for_administrators(client_for: Any) -> None:
    actor = make_actor()
    assert client_for(UserFactory()).get(f"/acteurs/{actor.pk}/modifier/").status_code == 403


def test_personal_data_and_forgetting() -> None:
    person = UserFactory()
    actions.skills_set(user=person, categories=["competences"], skills="menuiserie", themes=[], suggest_me=True)
    make_actor(person)
    data = queries.personal_data(person)
    assert data["skills"][0]["skills"] == "menuiserie"
    assert data["actor_memberships"][0]["role"] == "admin"
    actions.forget_person(person)
    assert queries.skills_of(person) is None
