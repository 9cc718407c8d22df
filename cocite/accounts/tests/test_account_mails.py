"""allauth's mails name the platform (« Cocité — <commune> »), in French, never the request's host (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.tasks import TaskResult, TaskResultStatus
from django.tasks.signals import task_finished
from django.test import Client, override_settings
from django.urls import reverse

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.territory.tests.factories import OrganisationFactory, QuartierFactory

pytestmark = pytest.mark.django_db


def _sign_up(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "camille@exemple.fr",
            "password1": "velo-et-tilleuls-2026",
            "password2": "velo-et-tilleuls-2026",
            "display_name": "Camille des Tilleuls",
            "quartier": QuartierFactory().pk,
        },
        HTTP_HOST="127.0.0.1:8123",
    )
    assert response.status_code == 302


def test_the_verification_mail_names_the_platform_not_the_host(settings: object) -> None:
    OrganisationFactory(name="Ville de Bellerive", short_name="Bellerive")
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://participer.bellerive.example"  # type: ignore[attr-defined]
    _sign_up(Client())
    [message] = mail.outbox
    assert message.subject == "[Cocité — Bellerive] Confirmez votre adresse électronique"
    assert message.body.startswith("Bonjour,\n")
    assert "Cette adresse a été donnée pour un compte sur Cocité — Bellerive." in message.body
    assert "L'équipe de Cocité — Bellerive\nhttps://participer.bellerive.example" in message.body
    assert "/comptes/confirm-email/" in message.body
    # The link is the page the person signed up on; no other line names the host.
    assert not [line for line in message.body.splitlines() if "127.0.0.1" in line and "/confirm-email/" not in line]
    assert "Hello" not in message.body
    assert "c'est" not in message.body


def test_before_setup_the_mails_say_cocite(client: Client) -> None:
    _sign_up(client)
    assert mail.outbox[0].subject.startswith("[Cocité] ")
    assert "L'équipe de Cocité\n" in mail.outbox[0].body


def test_the_password_reset_mail_is_named_too(client: Client) -> None:
    OrganisationFactory(name="Ville de Bellerive", short_name="")
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    assert message.subject.startswith("[Cocité — Ville de Bellerive] ")
    assert message.body.startswith("Bonjour,\n")
    assert "testserver" not in message.body.split("\n")[0]


def test_a_mail_server_that_cannot_be_reached_fails_no_page() -> None:
    """Nothing listens on the discard port: signing up, asking for a password reset and adding an address
    still answer as usual (the mails are a task's work, and that task is the one that fails)."""
    failed: list[str] = []

    def on_finished(sender: object, task_result: TaskResult[Any], **kwargs: object) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(task_result.task.name)

    task_finished.connect(on_finished)
    unreachable = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    try:
        with override_settings(MAILERS=unreachable):
            client = Client(raise_request_exception=False)
            _sign_up(client)
            assert User.objects.filter(email="camille@exemple.fr").exists()
            UserFactory(email="oubli@exemple.fr")
            reset = client.post(reverse("account_reset_password"), {"email": "oubli@exemple.fr"})
            assert reset.status_code == 302
            signed_in = Client(raise_request_exception=False)
            signed_in.force_login(UserFactory(email="deux@exemple.fr"))
            added = signed_in.post(reverse("account_email"), {"action_add": "", "email": "autre@exemple.fr"})
            assert added.status_code in (200, 302)
            assert EmailAddress.objects.filter(email="autre@exemple.fr").exists()
    finally:
        task_finished.disconnect(on_finished)
    assert mail.outbox == []
    assert failed == ["send_account_mail"] * 3
