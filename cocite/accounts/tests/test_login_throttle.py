"""Login throttling behind a reverse proxy: per client address and per account, through the real form.

The client address comes from `cocite.core.network.client_ip` (TRUSTED_PROXY_COUNT proxies
append to X-Forwarded-For; 0 means REMOTE_ADDR). allauth's own limits read it through the
adapter's `get_client_ip`, so both agree.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.adapter import get_adapter
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from cocite.accounts.tests.factories import PASSWORD, UserFactory
from cocite.core.network import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
LOCKED = "Trop de tentatives de connexion échouées"


def _login(email: str, password: str, *, via: str | None = None, remote: str = PROXY, host: str = "") -> str:
    """Post the real login form, as if relayed by the proxy for the client `via`; return the page."""
    headers: dict[str, Any] = {"REMOTE_ADDR": remote}
    if via is not None:
        headers["HTTP_X_FORWARDED_FOR"] = via
    if host:
        headers["HTTP_HOST"] = host
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": password}, **headers)
    if response.status_code == 302:
        assert client.session.get("_auth_user_id")
        return "CONNECTÉ"
    assert response.status_code in (200, 429), response.status_code
    return response.content.decode()


@pytest.fixture
def one_proxy(settings: Any) -> None:
    # The project's setting only (from the environment): allauth must follow it.
    settings.TRUSTED_PROXY_COUNT = 1


def test_behind_one_proxy_failures_of_client_a_block_a_but_not_client_b(one_proxy: None) -> None:
    bob = UserFactory(email="bob@exemple.fr")
    for n in range(5):
        page = _login(f"inconnu{n}@exemple.fr", "mauvais", via="203.0.113.10")
        assert LOCKED not in page
    # A is throttled (even on an account A never tried)...
    assert LOCKED in _login("autre@exemple.fr", "mauvais", via="203.0.113.10")
    # ...but B, behind the same proxy (same REMOTE_ADDR), signs in.
    assert _login(bob.email, PASSWORD, via="198.51.100.7") == "CONNECTÉ"


def test_with_one_proxy_prepended_entries_do_not_change_the_address(one_proxy: None) -> None:
    for n in range(5):
        # The client forges the first entries; the proxy appends the address it really saw.
        _login(f"inconnu{n}@exemple.fr", "mauvais", via=f"192.0.2.{n}, 203.0.113.10")
    assert LOCKED in _login("autre@exemple.fr", "mauvais", via="192.0.2.99, 198.51.100.99, 203.0.113.10")


def test_without_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    for n in range(5):
        _login(f"inconnu{n}@exemple.fr", "mauvais", via=f"192.0.2.{n}", remote="203.0.113.10")
    page = _login(user.email, PASSWORD, via="198.51.100.1", remote="203.0.113.10")
    assert LOCKED in page


def test_failures_on_one_account_from_many_addresses_lock_that_account(one_proxy: None) -> None:
    target = UserFactory(email="cible@exemple.fr")
    other = UserFactory(email="voisine@exemple.fr")
    for n in range(5):
        # Each failure from another address, and another Host port (allauth's own per-"key"
        # limit is keyed on the Host header as well as the e-mail address).
        page = _login("Cible@Exemple.fr", "mauvais", via=f"203.0.113.{n + 1}", host=f"testserver:{8000 + n}")
        assert LOCKED not in page
    # Even the right password, from a fresh address, is refused, and the page says until when.
    page = _login(target.email, PASSWORD, via="198.51.100.50")
    assert LOCKED in page
    assert "ce compte" in page
    assert re.search(r"bloqué jusqu(&#x27;|')à [^<]*\d{1,2}:\d{2}", page), page
    # The other accounts of the commune, from that same address, are not locked.
    assert _login(other.email, PASSWORD, via="198.51.100.50") == "CONNECTÉ"


def test_a_password_reset_unlocks_the_account(one_proxy: None) -> None:
    target = UserFactory(email="cible@exemple.fr")
    for n in range(5):
        _login(target.email, "mauvais", via=f"203.0.113.{n + 1}")
    assert LOCKED in _login(target.email, PASSWORD, via="198.51.100.50")
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.50")
    client.post(reverse("account_reset_password"), {"email": target.email})
    link = re.search(r"https?://testserver(/comptes/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link
    page = client.get(link.group(1), follow=True)
    action = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    done = client.post(action, {"password1": "nouveau-mot-de-passe-42", "password2": "nouveau-mot-de-passe-42"})
    assert done.status_code == 302
    assert _login(target.email, "nouveau-mot-de-passe-42", via="198.51.100.51") == "CONNECTÉ"


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.1", None, "203.0.113.1"),
        (0, "203.0.113.1", "198.51.100.1", "203.0.113.1"),
        (1, PROXY, "198.51.100.1", "198.51.100.1"),
        (1, PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (1, PROXY, " 2001:db8::1 ", "2001:db8::1"),
        (2, PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        # A request that did not come through every proxy, or a mangled header: the peer's address.
        (2, "203.0.113.1", "198.51.100.1", "203.0.113.1"),
        (1, PROXY, "", PROXY),
        (1, PROXY, "pas-une-adresse", PROXY),
    ],
)
def test_client_ip_and_allauth_agree(
    settings: Any, count: int, remote: str, forwarded: str | None, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **extra)
    assert client_ip(request) == expected
    assert get_adapter(request).get_client_ip(request) == expected
