"""Who may do what with services' feedback and information pages: pure functions of the viewer."""

from __future__ import annotations

from cocite.accounts.permissions import department_roles, is_administrator
from cocite.accounts.viewer import Viewer, is_active_user

from .models import InformationPage, PublicService


def speaks_for(user: Viewer | None, department_id: int) -> bool:
    """Agents of the department (and administrators) speak for it."""
    return is_administrator(user) or department_id in department_roles(user)


def can_manage_service(user: Viewer | None, service: PublicService) -> bool:
    """Read the free texts, answer recurring points, print the QR code's poster."""
    return speaks_for(user, service.department_id)


def can_give_feedback(service: PublicService) -> bool:
    return service.is_active


def can_edit_page(user: Viewer | None, page: InformationPage) -> bool:
    """Edit, verify, answer questions, promote FAQ entries: the owning department."""
    return speaks_for(user, page.department_id)


def can_ask(user: Viewer | None) -> bool:
    """Any signed-in person (resident or agent) may ask a question or contest a statement."""
    return is_active_user(user)


def counterpoint_departments(user: Viewer | None, page: InformationPage) -> list[int]:
    """The departments, other than the page's owner, this person may give a contradictory opinion for."""
    return sorted(pk for pk in department_roles(user) if pk != page.department_id)
