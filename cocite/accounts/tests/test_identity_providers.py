"""Sign-in through OpenID Connect providers (cocite/accounts/oidc.py) against a real provider on
127.0.0.1 (oidc_standin.py, FranceConnect's dialect): the whole exchange goes over HTTP, only the
browser is the Django test client (the journeys in a real browser: core/tests/browser/
test_identity_journeys.py)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

import config.settings.base as base
from cocite.accounts import actions, oidc, queries
from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.accounts.tests.identity_fixtures import configure_providers, provider_app
from cocite.accounts.tests.oidc_standin import Identity, StandinProvider, running

pytestmark = pytest.mark.django_db

EMAIL = "dominique.fc@example.org"


@pytest.fixture
def franceconnect(settings: Any) -> Iterator[StandinProvider]:
    provider = StandinProvider(
        client_id="cocite-fc", client_secret="fc-secret", identity=Identity(sub="fc-sub-1", email=EMAIL)
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


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def start(client: Client, provider_id: str = "franceconnect") -> str:
    """Press « S’identifier avec … »: the provider's authorization URL Cocité sends the browser to."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider_id}))
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def come_back(client: Client, authorize_url: str) -> Any:
    """The provider consents and sends the browser back to Cocité's callback."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return client.get(_path(answer.headers["Location"]))


def sign_in(client: Client, provider_id: str = "franceconnect") -> Any:
    return come_back(client, start(client, provider_id))


def signed_in_user(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def sign_up(client: Client, display_name: str = "Dominique FC") -> Any:
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    form = client.get(reverse("socialaccount_signup"))
    assert form.status_code == 200
    assert EMAIL in form.content.decode()
    return client.post(reverse("socialaccount_signup"), {"email": EMAIL, "display_name": display_name})


def test_the_authorization_request_asks_for_pkce_a_nonce_a_state_and_the_eidas_level(
    franceconnect: StandinProvider,
) -> None:
    query = parse_qs(urlsplit(start(Client())).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["cocite-fc"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0]
    assert len(query["nonce"][0]) >= 32
    assert len(query["state"][0]) >= 20
    assert query["acr_values"] == ["eidas1"]
    assert sorted(query["scope"][0].split()) == ["email", "family_name", "given_name", "openid"]
    assert query["redirect_uri"] == ["http://testserver/comptes/oidc/franceconnect/login/callback/"]


def test_parameters_of_the_login_url_cannot_lower_the_eidas_level(franceconnect: StandinProvider) -> None:
    url = reverse("openid_connect_login", kwargs={"provider_id": "franceconnect"})
    response = Client().post(f"{url}?auth_params=acr_values%3Deidas0%26prompt%3Dnone&scope=phone")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["acr_values"] == ["eidas1"]
    assert "prompt" not in query
    assert "phone" not in query["scope"][0]


def test_sign_up_with_franceconnect_then_sign_in_again_records_the_acr(franceconnect: StandinProvider) -> None:
    client = Client()
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert signed_in_user(client) == user.pk
    assert user.display_name == "Dominique FC"
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    assert not user.has_usable_password()
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("franceconnect", "fc-sub-1")
    assert account.extra_data["acr"] == "eidas1"
    assert oidc.identity_level(account) == "eidas1"
    # The userinfo came as a signed JWT and was read; the provider said the address is verified.
    assert account.extra_data["userinfo"]["email"] == EMAIL
    assert EmailAddress.objects.get(user=user, email=EMAIL).verified

    again = Client()
    response = sign_in(again)
    assert response.status_code == 302
    assert response["Location"] == reverse(django_settings.LOGIN_REDIRECT_URL)
    assert signed_in_user(again) == user.pk
    assert User.objects.filter(email=EMAIL).count() == 1
    assert SocialAccount.objects.filter(provider="franceconnect").count() == 1


def test_a_higher_eidas_level_is_accepted_and_recorded(franceconnect: StandinProvider) -> None:
    franceconnect.acr = "eidas2"
    client = Client()
    sign_up(client)
    assert oidc.identity_level(SocialAccount.objects.get(provider="franceconnect")) == "eidas2"


def test_logout_goes_through_the_providers_end_session_endpoint(franceconnect: StandinProvider) -> None:
    client = Client()
    sign_up(client)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{franceconnect.url}/session/end?")
    assert signed_in_user(client) is None
    answer = requests.get(location, allow_redirects=False, timeout=5)
    hint = franceconnect.end_session_requests[-1]
    assert hint["post_logout_redirect_uri"] == "http://testserver/comptes/oidc/deconnexion/"
    assert hint["id_token_hint"].count(".") == 2
    assert hint["state"]
    back = client.get(_path(answer.headers["Location"]))
    assert back.status_code == 200
    assert "Vous êtes déconnecté·e de Cocité et de FranceConnect." in back.content.decode()


def test_a_forged_logout_return_is_told_apart() -> None:
    response = Client().get(reverse("accounts:oidc_logged_out"), {"state": "forged"})
    assert response.status_code == 400
    assert "n’a pas été reconnu" in response.content.decode()


def test_a_password_login_logs_out_locally(franceconnect: StandinProvider) -> None:
    user = UserFactory(email="local@example.org")
    client = Client()
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response["Location"] == "/"


def _refused(response: Any, fragment: str) -> None:
    assert response.status_code == 400, response.content.decode()[:300]
    text = response.content.decode()
    assert "Connexion refusée" in text
    assert fragment in text


@pytest.mark.parametrize(
    ("fault", "fragment"),
    [
        ("signature", "La signature du jeton d’identité ne correspond pas aux clés du fournisseur"),
        ("audience", "Ce jeton d’identité n’était pas destiné à Cocité"),
        ("expired", "Le jeton d’identité a expiré"),
    ],
)
def test_a_bad_id_token_is_refused_and_nobody_is_signed_in(
    franceconnect: StandinProvider, fault: str, fragment: str
) -> None:
    franceconnect.fault = fault
    client = Client()
    _refused(sign_in(client), fragment)
    assert signed_in_user(client) is None
    assert not User.objects.filter(email=EMAIL).exists()
    assert not SocialAccount.objects.exists()
    assert client.get(reverse("socialaccount_signup")).status_code == 302  # no sign-up pending


def test_a_replayed_nonce_is_refused(franceconnect: StandinProvider) -> None:
    first = Client()
    sign_up(first)
    first.post(reverse("account_logout"))
    # The provider now answers with the nonce of that first sign-in.
    franceconnect.fault = "nonce"
    client = Client()
    _refused(sign_in(client), "Ce jeton d’identité a déjà servi")
    assert signed_in_user(client) is None
    assert User.objects.filter(email=EMAIL).count() == 1


def test_an_eidas_level_below_the_one_asked_for_is_refused(franceconnect: StandinProvider, settings: Any) -> None:
    configure_providers(
        settings,
        provider_app(
            "franceconnect",
            "FranceConnect",
            url=franceconnect.url,
            client_id=franceconnect.client_id,
            secret=franceconnect.client_secret,
            acr_values="eidas2",
        ),
    )
    franceconnect.acr = "eidas1"
    client = Client()
    _refused(sign_in(client), "Le niveau de garantie de votre identité (eIDAS) est inférieur")
    assert not User.objects.filter(email=EMAIL).exists()


def test_the_same_callback_twice_is_refused(franceconnect: StandinProvider) -> None:
    client = Client()
    answer = requests.get(start(client), allow_redirects=False, timeout=5)
    callback = _path(answer.headers["Location"])
    client.get(callback)
    replay = Client().get(callback)
    _refused(replay, "Cette demande de connexion a expiré")


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"state": "inconnu", "code": "x"}, "Cette demande de connexion a expiré"),
        ({}, "Cette demande de connexion a expiré"),
        ({"error": "access_denied"}, "Cette demande de connexion a expiré"),
    ],
)
def test_hostile_callbacks_without_a_known_state_get_a_french_refusal(
    franceconnect: StandinProvider, query: dict[str, str], fragment: str
) -> None:
    response = Client().get(reverse("openid_connect_callback", kwargs={"provider_id": "franceconnect"}), query)
    _refused(response, fragment)


def test_a_cancelled_or_failed_return_with_a_known_state_is_explained(franceconnect: StandinProvider) -> None:
    client = Client()
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "franceconnect"})
    _refused(client.get(callback, {"state": state, "error": "access_denied"}), "Vous avez annulé la connexion")
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    _refused(client.get(callback, {"state": state}), "n’a pas renvoyé de code")
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    _refused(client.get(callback, {"state": state, "code": "not-a-code"}), "n’est pas valide")
    assert signed_in_user(client) is None


def test_an_unknown_provider_is_not_found(franceconnect: StandinProvider) -> None:
    assert Client().post(reverse("openid_connect_login", kwargs={"provider_id": "inconnu"})).status_code == 404
    assert Client().get(reverse("openid_connect_callback", kwargs={"provider_id": "inconnu"})).status_code == 404


def test_a_provider_that_does_not_answer_gets_a_french_message(settings: Any) -> None:
    configure_providers(
        settings, provider_app("franceconnect", "FranceConnect", url="http://127.0.0.1:9", client_id="x", secret="y")
    )
    response = Client().post(reverse("openid_connect_login", kwargs={"provider_id": "franceconnect"}))
    assert response.status_code == 503
    assert "Le fournisseur d’identité ne répond pas" in response.content.decode()


# --- Linking to an existing account: verified e-mail addresses only ----------------------------


def _existing(verified: bool) -> User:
    user = UserFactory(email=EMAIL, display_name="Compte existant", verified_email=False)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=verified, primary=True)
    return user


def test_an_identity_is_linked_to_the_account_whose_address_both_sides_verified(
    franceconnect: StandinProvider,
) -> None:
    user = _existing(verified=True)
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert signed_in_user(client) == user.pk
    assert SocialAccount.objects.get(provider="franceconnect").user == user


def test_an_account_whose_address_is_not_confirmed_is_never_linked(franceconnect: StandinProvider) -> None:
    user = _existing(verified=False)
    client = Client()
    _refused(sign_in(client), "ne relie une identité à un compte existant que si cette adresse est vérifiée")
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert list(User.objects.filter(email__iexact=EMAIL)) == [user]


def test_an_address_the_provider_does_not_vouch_for_is_never_linked(franceconnect: StandinProvider) -> None:
    franceconnect.identity.email_verified = False
    _existing(verified=True)
    client = Client()
    _refused(sign_in(client), "vérifiée des deux côtés")
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


# --- The buttons ------------------------------------------------------------------------------


def test_the_login_page_shows_the_configured_providers_buttons(franceconnect: StandinProvider, settings: Any) -> None:
    configure_providers(
        settings,
        provider_app(
            "franceconnect", "FranceConnect", url=franceconnect.url, client_id="a", secret="b", acr_values="eidas1"
        ),
        provider_app("proconnect", "ProConnect", url=franceconnect.url, client_id="c", secret="d"),
    )
    page = Client().get(reverse("account_login")).content.decode()
    assert "S’identifier avec" in page
    assert "FranceConnect" in page
    assert "ProConnect" in page
    assert "Qu’est-ce que FranceConnect ?" in page
    assert "Qu’est-ce que ProConnect ?" in page
    assert 'action="/comptes/oidc/franceconnect/login/?process=login"' in page


def test_no_provider_is_offered_without_settings(settings: Any) -> None:
    configure_providers(settings)
    page = Client().get(reverse("account_login")).content.decode()
    assert "S’identifier avec" not in page
    response = Client().post(reverse("openid_connect_login", kwargs={"provider_id": "franceconnect"}))
    assert response.status_code == 404


def test_a_provider_is_offered_only_when_its_client_id_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """config/settings/base.py builds the providers from the environment."""
    monkeypatch.setenv("FRANCECONNECT_CLIENT_ID", "abc")
    monkeypatch.setenv("FRANCECONNECT_SECRET", "s3cret")
    monkeypatch.setenv("FRANCECONNECT_SERVER_URL", "https://fcp-low.integ01.dev-franceconnect.fr/api/v2")
    monkeypatch.delenv("PROCONNECT_CLIENT_ID", raising=False)
    monkeypatch.delenv("OIDC_CLIENT_ID", raising=False)
    try:
        reloaded = importlib.reload(base)
        apps = reloaded.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
        assert [app["provider_id"] for app in apps] == ["franceconnect"]
        assert apps[0]["settings"]["acr_values"] == "eidas1"
        assert "https://fcp-low.integ01.dev-franceconnect.fr" in reloaded.SECURE_CSP["form-action"]
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_the_identity_is_in_the_persons_data_and_erased_with_the_account(franceconnect: StandinProvider) -> None:
    client = Client()
    sign_up(client)
    user = User.objects.get(email=EMAIL)
    identities = queries.personal_data(user)["identities"]
    assert [(i["provider"], i["uid"], i["data"]["acr"]) for i in identities] == [
        ("franceconnect", "fc-sub-1", "eidas1")
    ]
    actions.account_anonymise(user)
    assert not SocialAccount.objects.filter(uid="fc-sub-1").exists()


def test_a_session_gone_from_the_database_still_leads_to_the_provider() -> None:
    """The session engine keeps sessions in the cache and the database (cached_db); allauth saves the one it
    stashes the state in itself. A session the cache still holds but the database lost (here deleted; in
    the dead-end sweep, created by a POST that was rolled back) used to make that save fail: a 500."""
    from django.contrib.sessions.models import Session

    client = Client()
    session = client.session
    session["déjà"] = "venu"
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    Session.objects.filter(session_key=session.session_key).delete()
    response = client.post("/comptes/oidc/franceconnect/login/?process=login&next=%2Faccessibilite%2F")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{django_settings.TEST_IDENTITY_PROVIDER_URL}/authorize?")
    assert client.session.session_key != session.session_key
    assert client.session["déjà"] == "venu"  # the same data, under a new key
