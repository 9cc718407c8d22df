"""Who may do what with residence verifications: pure functions of the viewer."""

from __future__ import annotations

from cocite.accounts.permissions import is_administrator, is_agent
from cocite.accounts.viewer import Viewer, is_active_user


def can_verify_at_front_desk(user: Viewer) -> bool:
    """Agents of the commune (they receive residents at the front desk) and administrators."""
    return is_agent(user) or is_administrator(user)


def can_check_own_residence(user: Viewer) -> bool:
    """Any signed-in person may ask for their own status, and renew it."""
    return is_active_user(user)
