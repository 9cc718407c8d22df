"""Who may analyse: pure functions of the user (and démarche), shared by views and actions."""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import is_administrator, is_agent, is_elected_official
from cocite.accounts.viewer import Viewer
from cocite.demarches.permissions import can_view_demarche, is_in_charge


def is_analyst(user: Viewer) -> bool:
    """Who may reach the analysis workspace at all: agents, elected officials (a démarche's team may
    name them) and administrators. What they may analyse is `can_analyse`."""
    return is_agent(user) or is_elected_official(user) or is_administrator(user)


def can_analyse(user: Viewer, demarche: Any) -> bool:
    """Group themes, merge contributions and write syntheses: those who run the démarche (its managing
    department's agents and its team) and administrators — not every agent of the commune."""
    if is_administrator(user):
        return True
    return can_view_demarche(user, demarche) and is_in_charge(user, demarche)
