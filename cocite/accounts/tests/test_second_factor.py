"""Administrators and moderators sign in with a second factor (TOTP, allauth.mfa); residents do not have to.

Through allauth's own pages, as a person would: the password, then the code of their authenticator app
(computed here from the secret, as the app does: cocite.accounts.totp).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocite.accounts import totp
from cocite.accounts.demo import DEMO_TOTP_SECRET, _demo_second_factor
from cocite.accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory
from cocite.core.admin_site import CociteAdminSite
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

MINE = "/mon-espace/"
SETUP = "/comptes/2fa/totp/activate/"


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _password_login(client: Client, user: Any, next_url: str = "") -> Any:
    data = {"login": user.email, "password": PASSWORD}
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


@pytest.mark.parametrize("role", ["administrator", "moderator"])
def test_administrators_and_moderators_without_a_second_factor_are_sent_to_set_it_up(role: str) -> None:
    user = UserFactory(is_superuser=role == "administrator", is_staff=role == "administrator",
                       is_moderator=role == "moderator", second_factor=False)  # fmt: skip
    client = _logged_in(user)
    for path in (MINE, "/", "/demarches/", reverse("residency:mine")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SETUP
    assert client.get("/admin/").status_code == 302
    # What they need to set it up stays open.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    json = client.get(MINE, headers={"Accept": "application/json"})
    assert json.status_code == 403
    assert json.json()["code"] == "second_factor_required"


@pytest.mark.parametrize("role", ["resident", "agent", "elected"])
def test_residents_agents_and_elected_officials_are_not_asked(role: str) -> None:
    user = UserFactory(is_elected_official=role == "elected")
    if role == "agent":
        DepartmentFactory(members=[user])
    assert _logged_in(user).get(MINE).status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


def test_with_a_second_factor_they_reach_everything(administrator: Any, moderator: Any) -> None:
    assert _logged_in(administrator).get(MINE).status_code == 200
    assert _logged_in(administrator).get("/admin/").status_code == 200
    assert _logged_in(moderator).get(MINE).status_code == 200


def test_the_admin_site_requires_the_second_factor() -> None:
    staff = UserFactory(is_superuser=True, is_staff=True, second_factor=False)
    request = type("Request", (), {"user": staff})()
    assert not CociteAdminSite().has_permission(request)  # type: ignore[arg-type]
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    assert CociteAdminSite().has_permission(request)  # type: ignore[arg-type]


def test_the_admin_login_page_sends_to_allauths_which_asks_for_the_code(administrator: Any) -> None:
    response = Client().get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # Django's own admin login form cannot be used to skip the second factor.
    client = Client()
    posted = client.post("/admin/login/", {"username": administrator.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/comptes/login/")
    assert client.get("/admin/").status_code == 302
    assert Client().get("/admin/login/?next=//evil.example/").headers["Location"] == "/comptes/login/?next=%2Fadmin%2F"


def test_signing_in_asks_for_the_code_and_refuses_a_wrong_one(administrator: Any) -> None:
    client = Client()
    response = _password_login(client, administrator, "/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if totp.code(TOTP_SECRET) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302
    right = client.post(reverse("mfa_authenticate"), {"code": totp.code(TOTP_SECRET)})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_moderator_sets_up_the_second_factor_and_gets_recovery_codes() -> None:
    moderator = UserFactory(is_moderator=True, second_factor=False)
    client = Client()
    response = _password_login(client, moderator)
    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert sent.status_code == 302
    assert sent["Location"] == SETUP
    # allauth asks for the password again before a second factor is added (MFA_REAUTHENTICATION_REQUIRED).
    confirm = client.get(SETUP)
    assert confirm.status_code == 302
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    asked = client.get(confirm["Location"])
    assert "double authentification" in asked.content.decode()  # our message, in French
    assert client.post(confirm["Location"], {"password": PASSWORD})["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    secret = re.search(r'value="([A-Z2-7]{16,})"', body)
    assert secret is not None, body
    done = client.post(SETUP, {"code": totp.code(secret.group(1))})
    assert done.status_code == 302
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(done["Location"])
    assert codes.status_code == 200
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(MINE).status_code == 200


def test_administrators_cannot_remove_their_second_factor(administrator: Any) -> None:
    client = Client()
    _password_login(client, administrator)
    client.post(reverse("mfa_authenticate"), {"code": totp.code(TOTP_SECRET)})
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=administrator, type=Authenticator.Type.TOTP).exists()
    assert client.get(MINE).status_code == 200


def test_the_demo_second_factor_is_documented_and_printed() -> None:
    admin = UserFactory(is_superuser=True, is_staff=True, second_factor=False, email="admin@demo.bellerive.example")
    _demo_second_factor(admin)
    _demo_second_factor(admin)  # idempotent
    assert Authenticator.objects.filter(user=admin).count() == 1
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    code = re.search(r"\b(\d{6})\b", out.getvalue())
    assert code is not None
    assert "admin@demo.bellerive.example" in out.getvalue()
    client = Client()
    _password_login(client, admin)
    assert client.post(reverse("mfa_authenticate"), {"code": totp.code(DEMO_TOTP_SECRET)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    logins = io.StringIO()
    call_command("demo_logins", stdout=logins)
    assert DEMO_TOTP_SECRET in logins.getvalue()
    assert "demo_totp" in logins.getvalue()


def test_the_totp_codes_are_allauths() -> None:
    from allauth.mfa.totp.internal.auth import validate_totp_code

    assert validate_totp_code(TOTP_SECRET, totp.code(TOTP_SECRET))
