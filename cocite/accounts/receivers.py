"""Reactions to allauth's signals (connected in AccountsConfig.ready)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver

from cocite.core import ratelimit

from .adapter import LOGIN_SCOPE, login_account_key


@receiver(password_reset)
def unlock_after_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A reset password proves the mailbox: the account's failed-login lock is lifted."""
    emails = {user.email, *EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True)}
    for email in emails:
        if email:
            ratelimit.reset(LOGIN_SCOPE, login_account_key(email))
