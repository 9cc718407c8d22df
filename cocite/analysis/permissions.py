"""Who may analyse: pure functions of the user (and démarche), shared by views and actions."""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import is_administrator, is_agent
from cocite.demarches.permissions import can_view_demarche


def is_analyst(user: Any) -> bool:
    """Analysts are agents (members of a department) and administrators."""
    return is_agent(user) or is_administrator(user)


def can_analyse(user: Any, demarche: Any) -> bool:
    """Group themes, merge contributions and write syntheses for a démarche the analyst can see."""
    return is_analyst(user) and can_view_demarche(user, demarche)


def can_regenerate_opendata(user: Any) -> bool:
    return is_administrator(user)
