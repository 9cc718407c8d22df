from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocite.core import ratelimit
from cocite.core.network import client_ip
from cocite.territory.queries import site_name

from . import oidc
from .models import User
from .second_factor import TOTP, requires_second_factor
from .tasks import mail_parts, send_account_mail


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's mails call `current_site`: without django.contrib.sites allauth took the
    request's host, and the verification mail began « Bonjour, c'est 127.0.0.1:8123 ! »."""

    name: str
    domain: str


def site_identity() -> SiteIdentity:
    url = urlsplit(str(settings.SITE_URL))
    return SiteIdentity(name=site_name(), domain=url.netloc or url.path)


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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's mails name the platform (« Cocité — <commune> ») and link to SITE_URL, not the request's host.

        Written here, sent by a task worker: a mail server that is slow or cannot be reached never makes
        the page (a password reset, a sign-up) fail or wait; the task's row is part of the request's
        transaction, so a request that fails sends nothing.
        """
        context = {
            "request": self.request,
            "email": email,
            "current_site": site_identity(),
            "site_url": str(settings.SITE_URL).rstrip("/"),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        send_account_mail.enqueue(**mail_parts(message))

    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name()}] {subject}"

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits key on the address our one helper computes (TRUSTED_PROXY_COUNT)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """After a sign-in through an identity provider, logging out ends the provider's session too."""
        signed_in = request.session.get(oidc.SIGNED_IN_SESSION_KEY) if hasattr(request, "session") else None
        if isinstance(signed_in, dict):
            url = oidc.end_session_url(request, signed_in)
            if url:
                return url
        return str(super().get_logout_redirect_url(request))

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


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth ships no type hints
    """allauth.mfa: the authenticator app shows « Cocité — <commune> »; administrators and moderators
    keep their TOTP (the second factor is required of them, cocite.accounts.second_factor)."""

    def get_totp_issuer(self) -> str:
        return str(settings.MFA_TOTP_ISSUER) or site_name()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == TOTP and requires_second_factor(authenticator.user):
            return False
        return bool(super().can_delete_authenticator(authenticator))


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    """Sign-in through identity providers (cocite/accounts/oidc.py): French refusals, and an existing
    account reached through its e-mail address only when the address is verified on both sides."""

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        context = extra_context or {}
        if isinstance(exception, oidc.IdentityRefused):
            code = exception.code
        elif isinstance(exception, requests.RequestException):
            code = "unavailable"
        elif exception is not None:
            code = "invalid"
        elif error == AuthError.CANCELLED:
            code = "cancelled"
        elif "state" not in context:
            code = "state"  # unknown, replayed or expired state
        else:
            code = "provider_error"  # ?error=… other than access_denied, or no code
        raise ImmediateHttpResponse(oidc.render_refusal(request, code))

    def can_authenticate_by_email(self, login: Any, email: str) -> bool:
        """allauth already requires the provider to say the address is verified (email_verified);
        Cocité also requires the account's own address to be confirmed: otherwise whoever created an
        account with someone else's address would receive their identity."""
        if not super().can_authenticate_by_email(login, email):
            return False
        return bool(EmailAddress.objects.filter(email__iexact=email, verified=True).exists())

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """An identity whose address belongs to an account it may not reach (unverified on either
        side) is refused with a French explanation: never linked, and no second account is created."""
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        emails = {address.email for address in sociallogin.email_addresses if address.email}
        user = sociallogin.user
        if user is not None and user.email:
            emails.add(user.email)
        for email in emails:
            if EmailAddress.objects.filter(email__iexact=email).exists() or _user_with_email_exists(email):
                raise ImmediateHttpResponse(
                    oidc.render_message(
                        request,
                        _(
                            "Un compte Cocité utilise déjà l’adresse électronique que %(provider)s nous a transmise. "
                            "Par sécurité, Cocité ne relie une identité à un compte existant que si cette adresse "
                            "est vérifiée des deux côtés (par le fournisseur d’identité et par Cocité), ce qui "
                            "n’est pas le cas ici : aucun compte n’a été relié ni créé. Connectez-vous avec votre "
                            "mot de passe, ou confirmez d’abord votre adresse."
                        )
                        % {"provider": sociallogin.provider.name},
                    )
                )


def _user_with_email_exists(email: str) -> bool:
    return bool(User.objects.filter(email__iexact=email).exists())
