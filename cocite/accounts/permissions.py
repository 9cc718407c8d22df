"""Roles, as pure functions of the user. Shared by views, templates and the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def is_agent(user: Any) -> bool:
    """An agent is an active person who belongs to at least one department."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_cocite_is_agent", None)
    if cached is None:
        cached = user.department_memberships.exists()
        user._cocite_is_agent = cached
    return bool(cached)


def department_roles(user: Any) -> dict[int, str]:
    """{department id: role} of this person's memberships, read once per request (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_cocite_department_roles", None)
    if cached is None and getattr(user, "_cocite_is_agent", None) is False:
        cached = {}  # the signed-in person was loaded knowing they belong to no department
    if cached is None:
        cached = dict(user.department_memberships.values_list("department_id", "role"))
        user._cocite_department_roles = cached
    return dict(cached)


def is_moderator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and (user.is_moderator or user.is_superuser)
    )


def is_elected_official(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_elected_official)


def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def works_for_the_authority(user: Any) -> bool:
    """Agents, elected officials and administrators: they instruct what residents submit."""
    return is_administrator(user) or is_agent(user) or is_elected_official(user)


def role_labels(user: Any) -> list[str]:
    labels = []
    if is_administrator(user):
        labels.append(_("Administrateur·rice"))
    if is_moderator(user) and not is_administrator(user):
        labels.append(_("Modérateur·rice"))
    if is_elected_official(user):
        labels.append(_("Élu·e"))
    if is_agent(user):
        labels.append(_("Agent·e"))
    if not labels and getattr(user, "is_authenticated", False):
        labels.append(_("Habitant·e"))
    return labels
