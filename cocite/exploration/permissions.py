"""Who may do what in a démarche's exploration: pure functions of (viewer, démarche, phase).

The field work (notes, photos, journeys, draft findings, the volunteers' list) is the team's working
material: seen and written by those who run the démarche (its managing department's agents and its
team: `demarches.permissions.is_in_charge`) and administrators. Published findings are seen by
whoever sees the démarche.
"""

from __future__ import annotations

import datetime

from cocite.accounts.permissions import is_administrator
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.models import Demarche
from cocite.moderation.sanctions import write_block

COMPONENT = "exploration"


def is_team(user: Viewer, demarche: Demarche) -> bool:
    # Within the démarche's audience: a draft is the administrators' until it is published, its
    # managing department's agents included (found by the shared leak sweep).
    return (
        is_active_user(user)
        and demarche_permissions.can_view_demarche(user, demarche)
        and (is_administrator(user) or demarche_permissions.is_in_charge(user, demarche))
    )


def can_see_field_work(user: Viewer, demarche: Demarche) -> bool:
    return is_team(user, demarche)


def can_record(user: Viewer, demarche: Demarche, *, on: datetime.date | None = None) -> bool:
    """Write field notes, journeys and findings: the team, while the phase allows it (exploration, arbitration)."""
    return (
        is_team(user, demarche)
        and demarche_permissions.phase_allows(demarche, COMPONENT, "record", on=on)
        and write_block(user) is None
    )


def can_see_findings(user: Viewer, demarche: Demarche) -> bool:
    return demarche_permissions.can_view_demarche(user, demarche)


def can_volunteer(user: Viewer, demarche: Demarche) -> bool:
    return demarche_permissions.can(user, "volunteer", demarche, COMPONENT)
