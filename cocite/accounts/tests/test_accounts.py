"""Sign-up with email verification, login, logout, password reset, profile, rate limit, privacy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cocite.accounts.models import User
from cocite.accounts.tests.factories import PASSWORD, UserFactory
from cocite.territory.tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db


def _link_in_last_mail(pattern: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^\s]+" + pattern + r"[^\s]*", body)
    assert match, body
    return match.group(0).split("testserver", 1)[-1]


def test_signup_requires_email_verification_then_logs_in(client: Client) -> None:
    quartier = QuartierFactory(name="Les Tilleuls")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Camille@Exemple.fr",
            "password1": "velo-et-tilleuls-2026",
            "password2": "velo-et-tilleuls-2026",
            "display_name": "Camille des Tilleuls",
            "quartier": quartier.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="camille@exemple.fr")
    assert user.display_name == "Camille des Tilleuls"
    assert user.quartier == quartier
    # Not logged in before verification.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert len(mail.outbox) == 1
    confirm_path = _link_in_last_mail("/comptes/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_rejects_taken_display_name_in_french(client: Client) -> None:
    UserFactory(display_name="Léa à vélo")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "autre@exemple.fr",
            "password1": "velo-et-tilleuls-2026",
            "password2": "velo-et-tilleuls-2026",
            "display_name": "léa À vélo",
        },
    )
    assert response.status_code == 200
    assert "Ce nom affiché est déjà pris" in response.content.decode()
    assert not User.objects.filter(email="autre@exemple.fr").exists()


def test_signup_rejects_email_as_display_name(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@exemple.fr",
            "password1": "velo-et-tilleuls-2026",
            "password2": "velo-et-tilleuls-2026",
            "display_name": "x@exemple.fr",
        },
    )
    assert "N&#x27;utilisez pas d&#x27;adresse électronique" in response.content.decode()
    assert not User.objects.filter(email="x@exemple.fr").exists()


def test_login_and_logout(client: Client) -> None:
    user = UserFactory(email="yanis@exemple.fr")
    response = client.post(reverse("account_login"), {"login": "yanis@exemple.fr", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client: Client) -> None:
    UserFactory(email="cible@exemple.fr")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "cible@exemple.fr", "password": "mauvais"})
        assert response.status_code == 200
        assert "Trop de tentatives" not in response.content.decode()
    # After five failures even the right password is refused, with an explanation.
    response = client.post(reverse("account_login"), {"login": "cible@exemple.fr", "password": PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_journey(client: Client) -> None:
    UserFactory(email="oubli@exemple.fr")
    response = client.post(reverse("account_reset_password"), {"email": "oubli@exemple.fr"})
    assert response.status_code == 302
    reset_path = _link_in_last_mail("/comptes/password/reset/key/")
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path
    done = client.post(action, {"password1": "nouveau-mot-de-passe-42", "password2": "nouveau-mot-de-passe-42"})
    assert done.status_code == 302
    fresh = Client()
    assert fresh.login(username="oubli@exemple.fr", password="nouveau-mot-de-passe-42")


def test_profile_sets_pseudonym_and_quartier(client_for: Any) -> None:
    user = UserFactory()
    quartier = QuartierFactory(name="Le Port")
    client = client_for(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Tom du Port", "quartier": quartier.pk, "first_name": "Thomas", "last_name": "Roux"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.quartier, user.first_name) == ("Tom du Port", quartier, "Thomas")


def test_profile_bad_input_keeps_record_intact(client_for: Any) -> None:
    user = UserFactory(display_name="Avant")
    response = client_for(user).post(reverse("accounts:profile"), {"display_name": "ab", "quartier": "999999"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "au moins 3 caractères" in body
    assert 'aria-invalid="true"' in body
    user.refresh_from_db()
    assert user.display_name == "Avant"


def test_profile_requires_login(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_real_name_is_never_shown_in_the_layout(client_for: Any) -> None:
    user = UserFactory(first_name="Dominique", last_name="Confidentiel", display_name="Dom")
    body = client_for(user).get(reverse("home")).content.decode()
    assert "Confidentiel" not in body
    assert str(user) == "Dom"
