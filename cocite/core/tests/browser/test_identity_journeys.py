"""Signing up, in and out with FranceConnect in a real browser, against a real OpenID Connect
provider on 127.0.0.1: oidc-provider-mock (a third-party provider built on Authlib, pinned in
requirements-dev), and the stand-in of cocite/accounts/tests/oidc_standin.py for what the mock
cannot produce (userinfo as a signed JWT, the acr, a forged token)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from typing import Any

import oidc_provider_mock
import pytest
import werkzeug.serving
from allauth.socialaccount.models import SocialAccount
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cocite.accounts import oidc
from cocite.accounts.models import User
from cocite.accounts.tests.identity_fixtures import configure_providers, provider_app
from cocite.accounts.tests.oidc_standin import Identity, StandinProvider, running

from .header import open_menu
from .test_accessibility import AXE_OPTIONS

_axe = Axe()


def expect_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page shown (as test_accessibility checks
    every route sample; the pages of a sign-in in progress have no sample)."""
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations]


pytestmark = pytest.mark.browser

MOCK_SUB = "fc-dominique"
MOCK_EMAIL = "dominique.franceconnect@example.org"


@pytest.fixture
def mock_provider(settings: Any) -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1, as Cocité's FranceConnect (nonce required)."""
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP on the loopback
    user = oidc_provider_mock.User(
        sub=MOCK_SUB,
        claims={"email": MOCK_EMAIL, "email_verified": True, "given_name": "Dominique", "family_name": "Lefort"},
    )
    app = oidc_provider_mock.app(require_nonce=True, user_claims=[user])
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    configure_providers(
        settings, provider_app("franceconnect", "FranceConnect", url=url, client_id="cocite", secret="secret")
    )
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


def press_franceconnect(page: Page) -> None:
    page.goto("/comptes/login/")
    expect(page.get_by_role("link", name="Qu’est-ce que FranceConnect ?")).to_be_visible()
    expect_accessible(page)
    page.get_by_role("button", name="S’identifier avec FranceConnect").click()


def test_sign_up_with_franceconnect_sign_in_again_and_log_out_through_the_provider(
    page: Page, mock_provider: str
) -> None:
    # Sign up: the provider asks who we are, then Cocité asks for a pseudonym.
    press_franceconnect(page)
    expect(page).to_have_url(re.compile(rf"^{re.escape(mock_provider)}/oauth2/authorize"))
    page.get_by_role("button", name=f"Authorize as {MOCK_SUB}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer votre compte")
    expect(page.get_by_label("Courriel")).to_have_value(MOCK_EMAIL)
    expect_accessible(page)
    page.get_by_label("Nom affiché (pseudonyme public)").fill("Dominique du Port")
    page.get_by_role("button", name="Créer mon compte").click()
    menu = open_menu(page)
    expect(menu.get_by_role("button", name="Se déconnecter")).to_be_visible()
    user = User.objects.get(email=MOCK_EMAIL)
    assert user.display_name == "Dominique du Port"
    assert SocialAccount.objects.get(user=user).provider == "franceconnect"

    # Log out: through the provider's end-session page, then back to Cocité.
    menu.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(mock_provider)}/oauth2/end_session\?"))
    assert "id_token_hint=" in page.url
    assert "post_logout_redirect_uri=" in page.url
    assert "state=" in page.url
    page.get_by_role("button", name="End session").click()
    expect(
        page.get_by_role("status").filter(has_text="Vous êtes déconnecté·e de Cocité et de FranceConnect.")
    ).to_be_visible()
    expect(open_menu(page).get_by_role("link", name="Se connecter")).to_be_visible()

    # Sign in again: no form this time, straight to « Mon espace ».
    press_franceconnect(page)
    page.get_by_role("button", name=f"Authorize as {MOCK_SUB}").click()
    expect(open_menu(page).get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert page.url.rstrip("/").endswith("/mon-espace")
    assert User.objects.filter(email=MOCK_EMAIL).count() == 1


@pytest.fixture
def standin(settings: Any) -> Iterator[StandinProvider]:
    provider = StandinProvider(
        client_id="cocite-fc", client_secret="fc-secret", identity=Identity(sub="fc-alix", email="alix.fc@example.org")
    )
    with running(provider):
        configure_providers(
            settings,
            provider_app(
                "franceconnect",
                "FranceConnect",
                url=provider.url,
                client_id=provider.client_id,
                secret=provider.client_secret,
                acr_values="eidas1",
            ),
        )
        yield provider


def test_franceconnect_v2_jwt_userinfo_and_eidas_level_in_a_browser(page: Page, standin: StandinProvider) -> None:
    press_franceconnect(page)
    expect(page.get_by_label("Courriel")).to_have_value("alix.fc@example.org")
    page.get_by_label("Nom affiché (pseudonyme public)").fill("Alix des Quais")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(open_menu(page).get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert oidc.identity_level(SocialAccount.objects.get(uid="fc-alix", provider="franceconnect")) == "eidas1"


def test_a_forged_id_token_is_refused_in_french_in_a_browser(page: Page, standin: StandinProvider) -> None:
    standin.fault = "signature"
    standin.identity = Identity(sub="fc-forged", email="forged.fc@example.org")
    press_franceconnect(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion refusée")
    expect(page.get_by_role("alert")).to_contain_text("La signature du jeton d’identité ne correspond pas")
    expect_accessible(page)
    expect(open_menu(page).get_by_role("link", name="Se connecter")).to_be_visible()
    assert not User.objects.filter(email="forged.fc@example.org").exists()
    assert not SocialAccount.objects.filter(uid="fc-forged").exists()
