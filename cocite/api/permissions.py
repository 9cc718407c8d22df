"""Who may do what through the API: pure functions of a token (and its holder)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from cocite.accounts.permissions import is_administrator
from cocite.accounts.viewer import Viewer, is_active_user

from .models import ApiToken, Scope


def token_reader(token: ApiToken | None) -> Viewer:
    """As whom a request reads: a personal token reads as its person; an application token reads
    as a visitor unless it has the scope « read_agents » (then as its service account)."""
    if token is None:
        return AnonymousUser()
    if token.kind == ApiToken.Kind.APPLICATION and not token.allows(Scope.READ_AGENTS):
        return AnonymousUser()
    user = token.user
    return user if is_active_user(user) else AnonymousUser()


def can_write(token: ApiToken | None, scope: str) -> bool:
    return token is not None and token.allows(scope) and is_active_user(token.user)


def can_manage_tokens(user: Viewer) -> bool:
    """Personal tokens: any signed-in, active person, for themselves."""
    return is_active_user(user)


def can_manage_application_tokens(user: Viewer) -> bool:
    return is_administrator(user)
