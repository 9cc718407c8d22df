"""Who may flag, moderate, appeal and decide an appeal: pure functions of the viewer and the object."""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import is_administrator, is_moderator
from cocite.accounts.viewer import Viewer, is_active_user, is_signed_in

from .registry import Moderated


def can_moderate(user: Viewer | None) -> bool:
    return is_moderator(user)


def can_read_the_log(user: Viewer | None) -> bool:
    """The log of moderation actions (who, when, what, why) is for administrators."""
    return is_administrator(user)


def is_author(user: Viewer | None, spec: Moderated, obj: Any) -> bool:
    return is_signed_in(user) and spec.author_id(obj) == user.pk


def can_flag(user: Viewer, spec: Moderated, obj: Any) -> bool:
    """A signed-in person may flag what they see, not their own item nor a hidden one."""
    return is_active_user(user) and not is_author(user, spec, obj) and not spec.hidden(obj) and spec.can_view(user, obj)


def can_appeal(user: Viewer, spec: Moderated, obj: Any) -> bool:
    """The author of a hidden object contests it (once: the action checks there is no appeal yet)."""
    return is_active_user(user) and spec.hidden(obj) and not spec.pending(obj) and is_author(user, spec, obj)


def can_decide_appeal(user: Viewer, hide_actor_id: int | None) -> bool:
    """A different moderator: never the one who hid the object."""
    return can_moderate(user) and is_signed_in(user) and user.pk != hide_actor_id
