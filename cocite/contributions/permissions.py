"""Who may do what with a contribution: pure functions shared by views, API and actions."""

from __future__ import annotations

import datetime
from typing import Any

from cocite.accounts.permissions import is_agent
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.demarches import permissions as demarche_permissions

from .models import Contribution

COMPONENT = "contributions"


# `on`, where a function takes it: the phase of that day instead of today's (loaders replaying past facts).


def can_submit(user: Viewer, demarche: Any, *, on: datetime.date | None = None) -> bool:
    return demarche_permissions.can(user, "submit", demarche, COMPONENT, on=on)


def can_record_offline(user: Viewer, demarche: Any, *, on: datetime.date | None = None) -> bool:
    """Agents record what they heard at the desk, on the phone or in a meeting."""
    return (
        is_agent(user)
        and demarche_permissions.can_view_demarche(user, demarche)
        and demarche_permissions.phase_allows(demarche, COMPONENT, "submit", on=on)
    )


def can_support(user: Viewer, contribution: Contribution) -> bool:
    if contribution.is_withdrawn or contribution.author_id == getattr(user, "pk", None):
        return False
    return demarche_permissions.can(user, "support", contribution.demarche, COMPONENT)


def can_edit(user: Viewer, contribution: Contribution, *, on: datetime.date | None = None) -> bool:
    """The author may edit until the first support or comment, while the phase allows editing."""
    return (
        is_signed_in(user)
        and contribution.author_id == user.pk
        and not contribution.is_withdrawn
        and contribution.support_count == 0
        and contribution.comment_count == 0
        and demarche_permissions.can(user, "edit", contribution.demarche, COMPONENT, on=on)
    )


def can_withdraw(user: Viewer, contribution: Contribution) -> bool:
    return (
        is_signed_in(user)
        and contribution.author_id == user.pk
        and not contribution.is_withdrawn
        and contribution.status == Contribution.Status.RECEIVED
    )


def can_comment(user: Viewer, contribution: Contribution) -> bool:
    return not contribution.is_withdrawn and demarche_permissions.can(user, "comment", contribution.demarche, COMPONENT)
