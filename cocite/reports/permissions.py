"""Who may do what with reports: pure functions of the viewer and the report."""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import department_roles, is_administrator, is_agent, is_moderator
from cocite.accounts.viewer import Viewer, is_active_user


def can_submit(viewer: Viewer | None) -> bool:
    return is_active_user(viewer)


def can_file_on_behalf(viewer: Viewer | None) -> bool:
    """An agent at the front desk (or on the phone) files for someone, with the channel."""
    return is_agent(viewer)


def handles(viewer: Viewer | None, department_id: int | None) -> bool:
    """The department's agents (and administrators) work its queue."""
    if is_administrator(viewer):
        return True
    return department_id is not None and department_id in department_roles(viewer)


def can_handle(viewer: Viewer | None, report: Any) -> bool:
    return handles(viewer, report.department_id)


def can_see_masked(viewer: Viewer | None, report: Any) -> bool:
    return is_moderator(viewer) or can_handle(viewer, report)


def can_see_patterns(viewer: Viewer | None) -> bool:
    return is_agent(viewer) or is_administrator(viewer)


def can_confirm(viewer: Viewer | None, report: Any) -> bool:
    """« Le problème est-il réglé ? » is asked of the person who reported it."""
    return is_active_user(viewer) and report.author_id is not None and report.author_id == viewer.pk
