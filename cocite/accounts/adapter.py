from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocite.core import ratelimit
from cocite.core.network import client_ip

# Failed logins per account (the e-mail address typed, case-folded), wherever they come from.
LOGIN_SCOPE = "login_account"


def login_account_key(email: str) -> str:
    return email.strip().lower()


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    # allauth's French catalogue lacks this message; ours is translated both ways. Since the
    # per-account count is ours (below), allauth's "login_failed" limit is the per-address one.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": gettext_lazy(
            "Trop de tentatives de connexion échouées depuis votre adresse. Réessayez dans quelques "
            "minutes ou réinitialisez votre mot de passe."
        ),
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits key on the address our one helper computes (TRUSTED_PROXY_COUNT)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email")
        if email:
            until = ratelimit.blocked_until(LOGIN_SCOPE, login_account_key(email))
            if until is not None:
                raise ValidationError(
                    _(
                        "Trop de tentatives de connexion échouées sur ce compte : il est bloqué jusqu'à "
                        "%(moment)s. Vous pouvez aussi réinitialiser votre mot de passe."
                    )
                    % {"moment": ratelimit.moment_text(until)},
                    code="account_locked",
                )
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email")
        if email:
            ratelimit.hit(LOGIN_SCOPE, login_account_key(email))
        super().authentication_failed(request, **credentials)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Copy the public pseudonym and quartier before the first save: the
        # database requires a unique display name.
        data = form.cleaned_data
        user.display_name = data.get("display_name", "")
        user.quartier = data.get("quartier")
        return super().save_user(request, user, form, commit=commit)
