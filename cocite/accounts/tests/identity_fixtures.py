"""Settings pointing Cocité at local OpenID Connect providers (the stand-in, oidc-provider-mock)."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.utils.csp import CSP


def configure_providers(settings: Any, *apps: dict[str, Any]) -> None:
    """SOCIALACCOUNT_PROVIDERS as config/settings/base.py builds it from the environment, and the
    providers' origins in the CSP's form-action (the sign-in and logout forms redirect there)."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **django_settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": list(apps),
        }
    }
    origins = sorted({app["settings"]["server_url"] for app in apps})
    settings.SECURE_CSP = {**django_settings.SECURE_CSP, "form-action": [CSP.SELF, *origins]}


def provider_app(
    provider_id: str, name: str, *, url: str, client_id: str, secret: str, acr_values: str = "", scope: str = ""
) -> dict[str, Any]:
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": url,
            "scope": (scope or "openid email given_name family_name").split(),
            "acr_values": acr_values,
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
        },
    }
