"""Reactions to allauth's signals (connected in AccountsConfig.ready)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset, user_logged_in
from django.dispatch import receiver

from cocite.core import ratelimit

from . import oidc
from .adapter import LOGIN_SCOPE, login_account_key


@receiver(password_reset)
def unlock_after_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A reset password proves the mailbox: the account's failed-login lock is lifted."""
    emails = {user.email, *EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True)}
    for email in emails:
        if email:
            ratelimit.reset(LOGIN_SCOPE, login_account_key(email))


@receiver(user_logged_in)
def remember_identity_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A sign-in through an identity provider keeps its ID token in the session, for the provider's
    logout (id_token_hint); any other sign-in forgets a previous one."""
    session = getattr(request, "session", None)
    if session is None:
        return
    pending = session.pop(oidc.PENDING_SESSION_KEY, None)
    sociallogin = kwargs.get("sociallogin")
    if (
        sociallogin is not None
        and isinstance(pending, dict)
        and pending.get("provider_id") == sociallogin.account.provider
    ):
        session[oidc.SIGNED_IN_SESSION_KEY] = pending
    else:
        session.pop(oidc.SIGNED_IN_SESSION_KEY, None)
