"""A refused sign-in or sign-up is announced: its errors come first, in a role="alert" block."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _alert(html: str) -> str:
    start = html.index('<div class="form-errors" role="alert"')
    return html[start : html.index("</div>", start)]


def test_a_wrong_password_is_announced_before_the_fields(client: Client) -> None:
    person = UserFactory()
    response = client.post(reverse("account_login"), {"login": person.email, "password": "pas le bon"})
    assert response.status_code == 200
    html = response.content.decode()
    alert = _alert(html)
    assert "mot de passe" in alert
    assert html.index('role="alert"') < html.index('name="password"')
    assert html.count("errorlist nonfield") == 1  # said once, in the alert


def test_field_errors_are_summarised_and_kept_beside_their_field(client: Client) -> None:
    response = client.post(reverse("account_signup"), {"email": "pas-une-adresse"})
    html = response.content.decode()
    assert "corrigez les champs signalés" in _alert(html)
    assert 'name="email"' in html
    assert html.count('class="errorlist') >= 1


def test_a_clean_form_has_no_alert(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()
    assert 'role="alert"' not in html
    assert 'name="login"' in html
    assert 'name="password"' in html
