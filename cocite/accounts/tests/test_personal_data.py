"""RGPD: « Télécharger mes données », « Supprimer mon compte », anonymising unused accounts."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.actions import account_anonymise
from cocite.accounts.forms import clean_display_name_value
from cocite.accounts.models import User
from cocite.accounts.tests.factories import PASSWORD, UserFactory
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate.models import Comment, UsefulMark
from cocite.debate.tests.factories import CommentFactory
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications.models import Follow, Notification, NotificationPreference
from cocite.territory.tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db


def _person_with_activity(pseudonym: str, email: str) -> dict[str, Any]:
    person = UserFactory(
        display_name=pseudonym, email=email, first_name="Camille", last_name="Durand", quartier=QuartierFactory()
    )
    demarche = DemarcheFactory()
    own = ContributionFactory(
        demarche=demarche, author=person, title=f"Un banc public place {len(pseudonym)} du marché"
    )
    other = ContributionFactory(demarche=demarche, title="Une piste cyclable rue des Lilas")
    support_set(user=person, contribution=other, supported=True)
    comment = CommentFactory(on=other, author=person, body=f"Argument numéro {len(pseudonym)} pour la piste")
    UsefulMark.objects.create(comment=CommentFactory(on=own), user=person)
    Notification.objects.create(
        recipient=person,
        kind=Notification.Kind.COMMENT,
        target_type=ContentType.objects.get_for_model(Contribution),
        target_id=own.pk,
        url=own.get_absolute_url(),
        event_key=f"comment:{own.pk}:{pseudonym}",
        payload={"title": own.title},
    )
    NotificationPreference.objects.create(user=person, email_frequency=NotificationPreference.EmailFrequency.WEEKLY)
    return {"person": person, "demarche": demarche, "own": own, "other": other, "comment": comment}


def _download(client: Client) -> Any:
    response = client.post(reverse("accounts:personal_data"))
    assert response.status_code == 200
    return response


def test_download_contains_the_persons_data_and_nothing_of_anyone_else(client_for: Any) -> None:
    mine = _person_with_activity("Camille du Parc", "camille@exemple.fr")
    theirs = _person_with_activity("Dominique des Halles", "dominique@exemple.fr")
    response = _download(client_for(mine["person"]))

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="cocite-mes-donnees-{today}.json"'
    assert response["Content-Type"] == "application/json; charset=utf-8"
    text = response.content.decode("utf-8")
    assert "\n  " in text  # indented
    assert "Camille du Parc" in text  # UTF-8, not \u escapes
    data = json.loads(text)

    account = data["account"]
    assert account["email"] == "camille@exemple.fr"
    assert account["display_name"] == "Camille du Parc"
    assert (account["first_name"], account["last_name"]) == ("Camille", "Durand")
    assert account["quartier"] == mine["person"].quartier.name
    assert account["roles"] == ["Habitant·e"]
    assert datetime.datetime.fromisoformat(account["date_joined"])
    assert data["email_addresses"] == [{"email": "camille@exemple.fr", "verified": True, "primary": True}]

    assert [c["title"] for c in data["contributions"]["contributions"]] == [mine["own"].title]
    assert [s["contribution_id"] for s in data["contributions"]["supports"]] == [mine["other"].pk]
    assert [c["id"] for c in data["debate"]["comments"]] == [mine["comment"].pk]
    assert data["debate"]["comments"][0]["stance"] == "pour"
    assert len(data["debate"]["useful_marks"]) == 1
    follows = data["notifications"]["follows"]  # the support followed the contribution
    assert [(f["target_model"], f["object_id"]) for f in follows] == [("contribution", mine["other"].pk)]
    assert len(data["notifications"]["notifications"]) == 1
    assert data["notifications"]["email_preference"]["email_frequency"] == "weekly"
    assert data["territory"] == {"department_memberships": []}

    for secret in ("dominique@exemple.fr", "Dominique des Halles", theirs["own"].title, theirs["comment"].body):
        assert secret not in text


def test_download_query_count_does_not_grow_with_the_data(client_for: Any) -> None:
    person = UserFactory()
    client = client_for(person)
    demarche = DemarcheFactory()
    ContributionFactory(demarche=demarche, author=person)
    _download(client)  # warm the caches of the layout and content types
    with CaptureQueriesContext(connection) as one:
        _download(client)
    for _ in range(19):
        ContributionFactory(demarche=demarche, author=person)
        elsewhere = ContributionFactory(demarche=demarche)
        support_set(user=person, contribution=elsewhere, supported=True)
        CommentFactory(on=elsewhere, author=person)
    with CaptureQueriesContext(connection) as twenty:
        data = json.loads(_download(client).content)
    assert len(data["contributions"]["contributions"]) == 20
    assert len(data["debate"]["comments"]) == 19
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_download_needs_login_and_post(client: Client, client_for: Any) -> None:
    response = client.post(reverse("accounts:personal_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client_for(UserFactory()).get(reverse("accounts:personal_data")).status_code == 405


def test_profile_offers_download_and_deletion(client_for: Any) -> None:
    page = client_for(UserFactory()).get(reverse("accounts:profile")).content.decode()
    assert "Télécharger mes données" in page
    assert f'action="{reverse("accounts:personal_data")}"' in page
    assert f'href="{reverse("accounts:delete")}"' in page


def test_delete_page_explains_and_requires_login(client: Client, client_for: Any) -> None:
    assert client.get(reverse("accounts:delete")).status_code == 302
    page = client_for(UserFactory()).get(reverse("accounts:delete")).content.decode()
    assert "<h1>Supprimer mon compte</h1>" in page
    assert "Compte supprimé" in page
    assert "définitive" in page
    assert 'autocomplete="current-password"' in page


def test_delete_page_query_count_does_not_grow_with_the_data(client_for: Any) -> None:
    person = UserFactory()
    client = client_for(person)
    demarche = DemarcheFactory()

    def write(count: int) -> None:
        Contribution.objects.bulk_create(
            [Contribution(demarche=demarche, author=person, kind="idee", title=f"Idée {i}", body="x")
             for i in range(count)]
        )  # fmt: skip

    write(10)
    few = real_render_queries(client, reverse("accounts:delete"))
    write(490)
    assert_same_cost(few, real_render_queries(client, reverse("accounts:delete")), at_most=2, what="the delete page")


def test_delete_with_a_wrong_password_changes_nothing(client_for: Any) -> None:
    setup = _person_with_activity("Camille du Parc", "camille@exemple.fr")
    person = setup["person"]
    client = client_for(person)
    response = client.post(reverse("accounts:delete"), {"password": "pas-le-bon"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Ce mot de passe est incorrect." in page
    person.refresh_from_db()
    assert person.is_active
    assert person.email == "camille@exemple.fr"
    assert person.display_name == "Camille du Parc"
    assert person.check_password(PASSWORD)
    assert Follow.objects.filter(user=person).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200
    empty = client.post(reverse("accounts:delete"), {})
    assert empty.status_code == 200
    assert "Ce champ est obligatoire." in empty.content.decode()


def test_delete_with_the_right_password_anonymises_and_keeps_the_debate(client_for: Any) -> None:
    setup = _person_with_activity("Camille du Parc", "camille@exemple.fr")
    person, own, other = setup["person"], setup["own"], setup["other"]
    other_device = client_for(person)
    client = client_for(person)
    supports_before = Contribution.objects.get(pk=other.pk).support_count
    assert supports_before == 1

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Votre compte a été supprimé." in response.content.decode()

    person.refresh_from_db()
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.email == f"supprime-{person.pk}@invalid.invalid"
    assert (person.first_name, person.last_name, person.quartier_id) == ("", "", None)
    assert person.display_name == "Compte supprimé"
    assert person.is_anonymised
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Client().login(email="camille@exemple.fr", password=PASSWORD)

    # Logged out here and on every other device.
    for device in (client, other_device):
        assert device.get(reverse("accounts:profile")).status_code == 302

    # Only-personal data is gone; the debate stays, counted and attributed to « Compte supprimé ».
    assert not Follow.objects.filter(user=person).exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert not NotificationPreference.objects.filter(user=person).exists()
    assert Contribution.objects.get(pk=other.pk).support_count == supports_before
    assert Support.objects.filter(user=person, contribution=other).exists()
    assert Comment.objects.filter(pk=setup["comment"].pk, author=person).exists()
    assert UsefulMark.objects.filter(user=person).count() == 1

    listing = Client().get(reverse("contributions:list", kwargs={"slug": setup["demarche"].slug})).content.decode()
    assert own.title in listing
    assert "Compte supprimé" in listing
    assert "Camille du Parc" not in listing
    detail = Client().get(own.get_absolute_url()).content.decode()
    assert "Compte supprimé" in detail
    assert "Camille du Parc" not in detail
    thread = Client().get(other.get_absolute_url()).content.decode()
    assert setup["comment"].body in thread
    assert "Camille du Parc" not in thread


def test_anonymised_names_never_collide_and_cannot_be_chosen() -> None:
    first, second = UserFactory(), UserFactory()
    account_anonymise(first)
    account_anonymise(second)
    assert User.objects.filter(display_name="Compte supprimé").count() == 2
    for name in ("Compte supprimé", "compte SUPPRIME #12", "Compte  supprimé bis"):
        with pytest.raises(ValidationError, match="réservé"):
            clean_display_name_value(name)


def test_freed_email_can_sign_up_again(client_for: Any, client: Client) -> None:
    person = UserFactory(email="camille@exemple.fr", display_name="Camille du Parc")
    client_for(person).post(reverse("accounts:delete"), {"password": PASSWORD})
    response = client.post(
        reverse("account_signup"),
        {
            "email": "camille@exemple.fr",
            "password1": "velo-et-tilleuls-2026",
            "password2": "velo-et-tilleuls-2026",
            "display_name": "Camille du Parc",
        },
    )
    assert response.status_code == 302
    newcomer = User.objects.get(email="camille@exemple.fr")
    assert newcomer.pk != person.pk
    assert newcomer.display_name == "Camille du Parc"


def _idle_for(user: User, days: int, *, logged_in: bool = True) -> None:
    moment = timezone.now() - datetime.timedelta(days=days)
    User.objects.filter(pk=user.pk).update(date_joined=moment, last_login=moment if logged_in else None)


def test_inactive_command_anonymises_only_long_idle_residents() -> None:
    idle = UserFactory(email="idle@exemple.fr")
    never_logged_in = UserFactory()
    recent = UserFactory(email="recent@exemple.fr")
    idle_admin = UserFactory(is_staff=True, is_superuser=True)
    deactivated = UserFactory(is_active=False)
    _idle_for(idle, 4 * 365)
    _idle_for(never_logged_in, 4 * 365, logged_in=False)
    _idle_for(recent, 30)
    _idle_for(idle_admin, 4 * 365)
    _idle_for(deactivated, 4 * 365)
    Follow.objects.create(
        user=idle, content_type=ContentType.objects.get_for_model(Contribution), object_id=ContributionFactory().pk
    )

    out = StringIO()
    call_command("anonymise_inactive_accounts", stdout=out)
    assert out.getvalue().startswith("3 compte(s)")
    idle.refresh_from_db()
    never_logged_in.refresh_from_db()
    assert idle.is_anonymised
    assert never_logged_in.is_anonymised
    assert User.objects.get(pk=deactivated.pk).is_anonymised
    assert not Follow.objects.filter(user=idle).exists()
    assert User.objects.get(pk=recent.pk).email == "recent@exemple.fr"
    assert User.objects.get(pk=idle_admin.pk).is_active

    again = StringIO()
    call_command("anonymise_inactive_accounts", stdout=again)
    assert again.getvalue().startswith("0 compte(s)")

    shorter = StringIO()
    call_command("anonymise_inactive_accounts", "--days", "20", stdout=shorter)
    assert shorter.getvalue().startswith("1 compte(s)")
    assert User.objects.get(pk=recent.pk).is_anonymised


def test_download_and_deletion_cover_the_other_apps(client_for: Any) -> None:
    from cocite.opinions.models import Participant, Vote
    from cocite.opinions.tests.factories import StatementFactory
    from cocite.territory.tests.factories import DepartmentFactory

    person, someone = UserFactory(), UserFactory()
    statement = StatementFactory(text="Plus de bancs à l'ombre")
    for voter in (person, someone):
        participant = Participant.objects.create(conversation=statement.conversation, user=voter)
        Vote.objects.create(conversation=statement.conversation, statement=statement, participant=participant, value=1)
    StatementFactory(conversation=statement.conversation, author=person, text="Des fontaines dans les parcs")
    DepartmentFactory(name="Voirie", members=[person])
    restricted = DemarcheFactory(title="Démarche sur invitation")
    restricted.invited.add(person)

    data = json.loads(_download(client_for(person)).content)
    assert [v["statement"] for v in data["opinions"]["votes"]] == ["Plus de bancs à l'ombre"]
    assert [s["text"] for s in data["opinions"]["statements"]] == ["Des fontaines dans les parcs"]
    assert [m["department"] for m in data["territory"]["department_memberships"]] == ["Voirie"]
    assert [i["demarche"] for i in data["demarches"]["invitations"]] == ["Démarche sur invitation"]
    assert data["account"]["roles"] == ["Agent·e"]

    told = Notification.objects.create(
        recipient=someone,
        actor=person,
        kind=Notification.Kind.NEW_CONTRIBUTION,
        target_type=ContentType.objects.get_for_model(Contribution),
        target_id=1,
        url="/",
        event_key="new:1",
        payload={"actor_name": person.display_name, "title": "Un banc"},
    )

    account_anonymise(person)
    told.refresh_from_db()
    assert told.payload == {"actor_name": "Compte supprimé", "title": "Un banc"}
    assert Vote.objects.filter(statement=statement).count() == 2  # votes stay counted
    assert not person.department_memberships.exists()
    assert not restricted.invited.filter(pk=person.pk).exists()
