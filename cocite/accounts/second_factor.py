"""Administrators and moderators sign in with a second factor (TOTP, allauth.mfa).

allauth asks for the code at every sign-in of an account that has one (password, e-mail link,
FranceConnect…), and the admin's own login page sends to allauth's. What is left to enforce: an
administrator or moderator without a TOTP authenticator sets one up before reaching anything else
(`SecondFactorRequiredMiddleware`), and cannot remove it (`MFAAdapter.can_delete_authenticator`).
"""

from __future__ import annotations

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator

from .permissions import is_administrator, is_moderator
from .viewer import Viewer, is_active_user

TOTP = Authenticator.Type.TOTP


def requires_second_factor(user: Viewer | None) -> bool:
    """Administrators and moderators (not residents, agents or elected officials)."""
    return is_administrator(user) or is_moderator(user)


def has_second_factor(user: Viewer | None) -> bool:
    """Read from the query that loaded the signed-in person (accounts.queries.has_totp_column), else asked."""
    if not is_active_user(user):
        return False
    cached = getattr(user, "_cocite_has_totp", None)
    if cached is not None:
        return bool(cached)
    return bool(get_adapter().is_mfa_enabled(user, [TOTP]))


def must_set_up_second_factor(user: Viewer | None) -> bool:
    return requires_second_factor(user) and not has_second_factor(user)
