"""Roles, as pure functions of the viewer. Shared by views, templates and the API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .viewer import Viewer, is_active_user, is_signed_in


def is_agent(user: Viewer | None) -> bool:
    """An agent is an active person who belongs to at least one department."""
    if not is_active_user(user):
        return False
    cached = getattr(user, "_cocite_is_agent", None)
    if cached is None:
        cached = user.department_memberships.exists()
        user._cocite_is_agent = cached
    return bool(cached)


def department_roles(user: Viewer | None) -> dict[int, str]:
    """{department id: role} of this person's memberships, read once per request (cached on the user)."""
    if not is_active_user(user):
        return {}
    cached = getattr(user, "_cocite_department_roles", None)
    if cached is None and getattr(user, "_cocite_is_agent", None) is False:
        cached = {}  # the signed-in person was loaded knowing they belong to no department
    if cached is None:
        cached = dict(user.department_memberships.values_list("department_id", "role"))
        user._cocite_department_roles = cached
    return dict(cached)


def is_moderator(user: Viewer | None) -> bool:
    return is_active_user(user) and (user.is_moderator or user.is_superuser)


def is_elected_official(user: Viewer | None) -> bool:
    return is_active_user(user) and user.is_elected_official


def is_administrator(user: Viewer | None) -> bool:
    return is_active_user(user) and user.is_superuser


def works_for_the_authority(user: Viewer | None) -> bool:
    """Agents, elected officials and administrators: they instruct what residents submit."""
    return is_administrator(user) or is_agent(user) or is_elected_official(user)


def role_labels(user: Viewer | None) -> list[str]:
    labels = []
    if is_administrator(user):
        labels.append(_("Administrateur·rice"))
    if is_moderator(user) and not is_administrator(user):
        labels.append(_("Modérateur·rice"))
    if is_elected_official(user):
        labels.append(_("Élu·e"))
    if is_agent(user):
        labels.append(_("Agent·e"))
    if not labels and is_signed_in(user):
        labels.append(_("Habitant·e"))
    return labels
