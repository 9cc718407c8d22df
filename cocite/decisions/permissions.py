"""Who may route, ask for and give opinions, and record decisions: pure functions of the user and objects.

- An *agent* is a member of a department (cocite.accounts.permissions.is_agent); a *manager*
  is a member with the role "manager"; administrators may do everything.
- Agents see their own department's inbox and answer the opinions asked of it.
- Managers route and reassign (with a reason), ask for opinions and record decisions for the
  contributions routed to their department; any manager may route a contribution nobody handles.
- Elected officials and administrators may record any decision.
"""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import department_roles, is_administrator, is_elected_official, works_for_the_authority
from cocite.accounts.viewer import Viewer
from cocite.territory.models import DepartmentMembership

MANAGER = DepartmentMembership.Role.MANAGER


def memberships(user: Viewer) -> dict[int, str]:
    """{department id: role} for this person, cached on the user object for the request."""
    return department_roles(user)


def is_member(user: Viewer, department_id: int | None) -> bool:
    return department_id is not None and department_id in memberships(user)


def is_manager_of(user: Viewer, department_id: int | None) -> bool:
    return department_id is not None and memberships(user).get(department_id) == MANAGER


def is_any_manager(user: Viewer) -> bool:
    return is_administrator(user) or MANAGER in memberships(user).values()


def can_view_inbox(user: Viewer, department_id: int) -> bool:
    return is_administrator(user) or is_member(user, department_id)


def can_view_my_inbox(user: Viewer) -> bool:
    """« Mon service »: the inboxes of one's departments (every department for administrators)."""
    return is_administrator(user) or bool(memberships(user))


def can_view_unrouted(user: Viewer) -> bool:
    return is_any_manager(user)


def can_view_workspace(user: Viewer) -> bool:
    """The instruction page of an item (routing history, opinions, internal notes) is for agents."""
    return works_for_the_authority(user)


def can_route(user: Viewer, current_department_id: int | None) -> bool:
    if is_administrator(user):
        return True
    if current_department_id is None:
        return is_any_manager(user)
    return is_manager_of(user, current_department_id)


def can_mark_under_review(user: Viewer, department_id: int | None) -> bool:
    return is_administrator(user) or is_member(user, department_id)


def can_request_opinions(user: Viewer, routed_department_id: int | None) -> bool:
    return is_administrator(user) or is_manager_of(user, routed_department_id)


def can_answer_opinion(user: Viewer, request: Any) -> bool:
    return request.status == "en_attente" and (is_administrator(user) or is_member(user, request.department_id))


def can_read_internal_note(user: Viewer, request: Any, routed_department_id: int | None) -> bool:
    """The internal note stays within the administration: the asked and the handling departments."""
    return (
        is_administrator(user)
        or is_elected_official(user)
        or is_member(user, request.department_id)
        or is_member(user, routed_department_id)
    )


def can_decide(user: Viewer, routed_department_ids: list[int | None]) -> bool:
    """Record a decision (or a correction) covering contributions routed to these departments."""
    if is_administrator(user) or is_elected_official(user):
        return True
    return bool(routed_department_ids) and all(is_manager_of(user, d) for d in routed_department_ids)


def can_decide_anything(user: Viewer) -> bool:
    return is_administrator(user) or is_elected_official(user) or is_any_manager(user)
