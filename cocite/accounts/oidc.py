"""Sign-in with OpenID Connect providers: FranceConnect, ProConnect, a generic one (e.g. Publik).

Built on allauth's OpenID Connect provider, through its extension points only: the provider class
(``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]``) and its OAuth2 adapter. What
allauth leaves out, and this module adds:

- a ``nonce`` in every authorization request, kept in the session under the request's ``state``
  and used once: the ID token must carry it (a replayed token carries another one);
- the ID token's signature checked against the provider's JWKS on every login (allauth skips it
  when the token came straight from the token endpoint), with the issuer, the audience, the
  expiry and the asymmetric algorithms the provider announces;
- userinfo read as a signed JWT when the provider serves ``application/jwt`` (FranceConnect v2,
  ProConnect), verified like the ID token, its ``sub`` equal to the ID token's;
- ``acr_values`` asked for and the answer's ``acr`` checked and recorded: it is kept in
  ``SocialAccount.extra_data["acr"]`` (updated at each sign-in) — see ``identity_level``;
- logout through the provider's ``end_session_endpoint`` (``id_token_hint``,
  ``post_logout_redirect_uri``, a signed ``state``).

Each refusal raises ``IdentityRefused`` with a code; ``refusal_message`` says it in French.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FRANCECONNECT = "franceconnect"
PROCONNECT = "proconnect"

# Session keys: the nonces of the authorization requests under way (state → nonce), the ID token
# of a sign-in not yet completed, and the one of the signed-in person (for the provider's logout).
NONCES_SESSION_KEY = "cocite_oidc_nonces"
PENDING_SESSION_KEY = "cocite_oidc_pending"
SIGNED_IN_SESSION_KEY = "cocite_oidc_signed_in"
# At most this many sign-ins under way in one session (tabs): the oldest nonces are dropped.
MAX_PENDING_NONCES = 5

# Asymmetric algorithms only: never "none", never HS* (the client secret is not a signing key here).
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# Clock skew tolerated on exp/iat/nbf, in seconds.
LEEWAY = 30

# How long a provider's discovery document is kept (its endpoints and keys' address rarely change;
# the keys themselves are fetched at each sign-in).
DISCOVERY_CACHE_SECONDS = 3600

LOGOUT_STATE_SALT = "cocite.accounts.oidc.logout"
LOGOUT_STATE_MAX_AGE = 3600

REFUSALS: dict[str, Any] = {
    "signature": _(
        "La signature du jeton d’identité ne correspond pas aux clés du fournisseur : "
        "connexion refusée. Recommencez depuis la page de connexion."
    ),
    "nonce": _(
        "Ce jeton d’identité a déjà servi ou ne répond pas à votre demande de connexion : "
        "connexion refusée. Recommencez depuis la page de connexion."
    ),
    "audience": _("Ce jeton d’identité n’était pas destiné à Cocité : connexion refusée."),
    "expired": _("Le jeton d’identité a expiré : connexion refusée. Recommencez depuis la page de connexion."),
    "issuer": _("Ce jeton d’identité ne vient pas du fournisseur attendu : connexion refusée."),
    "acr": _("Le niveau de garantie de votre identité (eIDAS) est inférieur à celui demandé : connexion refusée."),
    "state": _(
        "Cette demande de connexion a expiré ou a été commencée dans un autre navigateur. "
        "Recommencez depuis la page de connexion."
    ),
    "cancelled": _("Vous avez annulé la connexion : aucun compte n’a été créé ni ouvert."),
    "provider_error": _(
        "Le fournisseur d’identité a refusé la connexion ou n’a pas renvoyé de code : aucun compte n’a été "
        "créé ni ouvert. Recommencez depuis la page de connexion."
    ),
    "unavailable": _("Le fournisseur d’identité ne répond pas. Réessayez dans quelques minutes."),
    "invalid": _("La réponse du fournisseur d’identité n’est pas valide : connexion refusée."),
}


class IdentityRefused(OAuth2Error):  # type: ignore[misc]  # allauth ships no type hints
    """A sign-in refused by our checks; allauth's callback renders it as an authentication error."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code if code in REFUSALS else "invalid"


def refusal_message(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["invalid"]))


def render_message(request: HttpRequest, message: str, *, code: str = "refused", status: int = 400) -> HttpResponse:
    """The French page of a refused or failed sign-in (nobody is signed in, no account is created)."""
    return render(request, "accounts/oidc_refused.html", {"message": message, "code": code}, status=status)


def render_refusal(request: HttpRequest, code: str) -> HttpResponse:
    return render_message(request, refusal_message(code), code=code, status=503 if code == "unavailable" else 400)


def eidas_rank(acr: str) -> int | None:
    """eidas1 → 1 … eidas3 → 3 (FranceConnect, ProConnect); None for any other value."""
    if acr.startswith("eidas") and acr[5:].isdigit():
        return int(acr[5:])
    return None


def acr_accepted(requested: str, returned: str | None) -> bool:
    """The returned acr is one asked for, or an eIDAS level at least as high as the lowest asked for."""
    wanted = requested.split()
    if not wanted:
        return True
    if not returned:
        return False
    if returned in wanted:
        return True
    rank = eidas_rank(returned)
    ranks = [r for r in (eidas_rank(w) for w in wanted) if r is not None]
    return rank is not None and bool(ranks) and rank >= min(ranks)


def _key_for(token: str, jwks: dict[str, Any], allowed: list[str]) -> tuple[Any, str]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise IdentityRefused("invalid") from error
    alg = header.get("alg")
    if alg not in allowed:
        raise IdentityRefused("signature")
    kid = header.get("kid")
    try:
        keys = jwt.PyJWKSet.from_dict(jwks).keys
    except jwt.PyJWTError as error:
        raise IdentityRefused("signature") from error
    candidates = [key for key in keys if (kid is None or key.key_id == kid) and key.public_key_use in (None, "sig")]
    if not candidates:
        raise IdentityRefused("signature")
    return candidates[0].key, alg


def decode_signed(
    token: str, *, jwks: dict[str, Any], allowed: list[str], issuer: str, audience: str, require: list[str]
) -> dict[str, Any]:
    """The claims of a signed JWT from the provider, or IdentityRefused with what was wrong."""
    key, alg = _key_for(token, jwks, allowed)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=[alg],
            audience=audience,
            issuer=issuer,
            leeway=LEEWAY,
            options={"require": require},
        )
    except jwt.InvalidSignatureError as error:
        raise IdentityRefused("signature") from error
    except jwt.ExpiredSignatureError as error:
        raise IdentityRefused("expired") from error
    except jwt.InvalidAudienceError as error:
        raise IdentityRefused("audience") from error
    except jwt.InvalidIssuerError as error:
        raise IdentityRefused("issuer") from error
    except jwt.PyJWTError as error:
        raise IdentityRefused("invalid") from error
    return claims


def remember_nonce(request: HttpRequest, state_id: str, nonce: str) -> None:
    nonces: dict[str, str] = dict(request.session.get(NONCES_SESSION_KEY, {}))
    nonces[state_id] = nonce
    request.session[NONCES_SESSION_KEY] = dict(list(nonces.items())[-MAX_PENDING_NONCES:])


def take_nonce(request: HttpRequest, state_id: str) -> str | None:
    """The nonce sent with this state, removed from the session: each one serves once."""
    nonces: dict[str, str] = dict(request.session.get(NONCES_SESSION_KEY, {}))
    nonce = nonces.pop(state_id, None)
    request.session[NONCES_SESSION_KEY] = nonces
    return nonce


class CociteOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):  # type: ignore[misc]
    """allauth's OpenID Connect adapter, with every check of the module docstring."""

    @property
    def openid_config(self) -> dict[str, Any]:
        """The provider's discovery document, kept DISCOVERY_CACHE_SECONDS in the cache (allauth
        fetched it on every request of a sign-in), or given whole in the app's settings
        ("openid_configuration": for a provider without discovery, and the tests' offline one)."""
        config: dict[str, Any] | None = getattr(self, "_cocite_openid_config", None)
        if config is None:
            provider = self.get_provider()
            static = provider.app.settings.get("openid_configuration")
            if static:
                config = dict(static)
            else:
                key = "cocite:oidc:discovery:" + hashlib.sha256(provider.server_url.encode()).hexdigest()
                config = cache.get(key)
                if config is None:
                    with get_social_adapter().get_requests_session() as session:
                        response = session.get(provider.server_url)
                        response.raise_for_status()
                        config = response.json()
                    if not isinstance(config, dict):
                        raise IdentityRefused("invalid")
                    cache.set(key, config, DISCOVERY_CACHE_SECONDS)
            config = {**config, **provider.app.settings.get("openid_configuration_overrides", {})}
            self._cocite_openid_config = config
        return config

    def _jwks(self) -> dict[str, Any]:
        with get_social_adapter().get_requests_session() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            keys: dict[str, Any] = response.json()
        return keys

    def _allowed_algorithms(self) -> list[str]:
        announced = self.openid_config.get("id_token_signing_alg_values_supported") or ["RS256"]
        return [alg for alg in announced if alg in ALLOWED_ALGORITHMS]

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> Any:
        id_token = (kwargs.get("response") or {}).get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise IdentityRefused("invalid")
        expected_nonce = take_nonce(request, request.GET.get("state", ""))
        jwks = self._jwks()
        allowed = self._allowed_algorithms()
        issuer = self.openid_config["issuer"]
        claims = decode_signed(
            id_token,
            jwks=jwks,
            allowed=allowed,
            issuer=issuer,
            audience=app.client_id,
            require=["iss", "sub", "aud", "exp", "iat", "nonce"],
        )
        if not expected_nonce or not hmac.compare_digest(str(claims["nonce"]), expected_nonce):
            raise IdentityRefused("nonce")
        azp = claims.get("azp")
        if azp is not None and azp != app.client_id:
            raise IdentityRefused("audience")
        acr = claims.get("acr")
        if not acr_accepted(str(app.settings.get("acr_values", "")), acr):
            raise IdentityRefused("acr")
        data: dict[str, Any] = {"id_token": claims, "acr": acr}
        if app.settings.get("fetch_userinfo", True) and self.openid_config.get("userinfo_endpoint"):
            userinfo = self._userinfo(token.token, jwks=jwks, allowed=allowed, issuer=issuer, client_id=app.client_id)
            if str(userinfo.get("sub")) != str(claims["sub"]):
                raise IdentityRefused("invalid")
            data["userinfo"] = userinfo
        login = self.get_provider().sociallogin_from_response(request, data)
        # Kept for the provider's logout once the sign-in completes (receivers.remember_identity_login).
        request.session[PENDING_SESSION_KEY] = {"provider_id": self.provider_id, "id_token": id_token}
        return login

    def _userinfo(
        self, access_token: str, *, jwks: dict[str, Any], allowed: list[str], issuer: str, client_id: str
    ) -> dict[str, Any]:
        with get_social_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type == "application/jwt":
            return decode_signed(
                response.text.strip(), jwks=jwks, allowed=allowed, issuer=issuer, audience=client_id, require=["sub"]
            )
        try:
            info = response.json()
        except ValueError as error:
            raise IdentityRefused("invalid") from error
        if not isinstance(info, dict):
            raise IdentityRefused("invalid")
        return info


class CociteOpenIDConnectProvider(OpenIDConnectProvider):  # type: ignore[misc]
    """allauth's OpenID Connect provider: PKCE on, a nonce, acr_values, no parameters from the URL."""

    oauth2_adapter_class = CociteOpenIDConnectAdapter
    pkce_enabled_default = True
    # allauth.urls includes the URLs of each provider's package: ours name allauth's routes
    # (openid_connect_login, openid_connect_callback) and serve them with our views.
    package = "cocite.accounts.identity"

    def get_auth_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_auth_params()
        acr_values = str(self.app.settings.get("acr_values", ""))
        if acr_values:
            params["acr_values"] = acr_values
        return params

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict[str, Any]:
        # allauth lets the login URL add any parameter (?auth_params=…): not here, so nobody can
        # lower the acr_values or add a prompt through a link.
        return self.get_auth_params()

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return list(self.get_scope())

    def redirect(
        self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None, **kwargs: Any
    ) -> Any:
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        nonce = secrets.token_urlsafe(32)
        state_id = secrets.token_urlsafe(24)
        auth_params = {**auth_params, "nonce": nonce}
        remember_nonce(request, state_id, nonce)
        try:
            return super().redirect(
                request, process, next_url, data, auth_params=auth_params, state_id=state_id, **kwargs
            )
        except (requests.RequestException, ValueError, KeyError):
            # Discovery failed (provider down, not JSON, no authorization_endpoint).
            take_nonce(request, state_id)
            return render_refusal(request, "unavailable")

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = super().extract_common_fields(data)
        info = data.get("userinfo") or data.get("id_token") or {}
        # ProConnect names the family name "usual_name".
        if not fields.get("last_name") and info.get("usual_name"):
            fields["last_name"] = info["usual_name"]
        return fields


def identity_level(account: SocialAccount) -> str | None:
    """The acr (eIDAS level, e.g. "eidas1") of the identity's last sign-in."""
    acr = (account.extra_data or {}).get("acr")
    return str(acr) if acr else None


def end_session_url(request: HttpRequest, signed_in: dict[str, Any]) -> str | None:
    """Where to send the browser to end the provider's session too, or None (no endpoint, provider gone)."""
    provider_id = signed_in.get("provider_id")
    id_token = signed_in.get("id_token")
    if not isinstance(provider_id, str) or not isinstance(id_token, str):
        return None
    try:
        provider = get_social_adapter().get_provider(request, provider_id)
        adapter = provider.get_oauth2_adapter(request)
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError, KeyError):
        return None
    if not endpoint:
        return None
    state = signing.dumps({"p": provider_id, "r": secrets.token_urlsafe(8)}, salt=LOGOUT_STATE_SALT)
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:oidc_logged_out")),
            "state": state,
        }
    )
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{query}"


def logout_state_provider(state: str) -> str | None:
    """The provider id a post-logout return's state was signed for, or None (forged, too old)."""
    try:
        value = signing.loads(state, salt=LOGOUT_STATE_SALT, max_age=LOGOUT_STATE_MAX_AGE)
    except signing.BadSignature:
        return None
    provider = value.get("p") if isinstance(value, dict) else None
    return provider if isinstance(provider, str) else None


def provider_name(request: HttpRequest, provider_id: str) -> str:
    try:
        return str(get_social_adapter().get_provider(request, provider_id).name)
    except SocialApp.DoesNotExist:
        return gettext("le fournisseur d’identité")


__all__ = [
    "FRANCECONNECT",
    "PROCONNECT",
    "CociteOpenIDConnectAdapter",
    "CociteOpenIDConnectProvider",
    "IdentityRefused",
    "acr_accepted",
    "end_session_url",
    "identity_level",
]
