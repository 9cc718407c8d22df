"""Who may follow up results and who is asked "Est-ce bien réalisé ?": pure functions."""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import is_administrator, is_elected_official
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.decisions import permissions as decision_permissions


def can_create_result(user: Viewer, department_id: int | None) -> bool:
    """Turn a decision into a followed result: elected officials, administrators, the department's managers."""
    return (
        is_administrator(user)
        or is_elected_official(user)
        or (department_id is not None and decision_permissions.is_manager_of(user, department_id))
        or (department_id is None and decision_permissions.is_any_manager(user))
    )


def can_update_result(user: Viewer, result: Any) -> bool:
    """Progress, milestones and notes: the responsible department's agents, elected officials, administrators."""
    return (
        is_administrator(user)
        or is_elected_official(user)
        or decision_permissions.is_member(user, result.department_id)
    )


def can_mark_done(user: Viewer, result: Any) -> bool:
    return result.status != "realise" and can_create_result(user, result.department_id)


def can_answer_check(user: Viewer, result: Any, concerned: bool, already_answered: bool) -> bool:
    return is_signed_in(user) and result.status == "realise" and concerned and not already_answered
