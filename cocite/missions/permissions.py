"""Who may do what with missions and events: pure functions of the viewer and the object.

- Publishing: agents (for one of their departments, or for a partner organisation) and administrators;
  a member of an actor of the network, in that actor's name (`actor_ids`: network.queries.actor_roles).
- Running one (its sign-ups, their export, messages, attendance and hours, an event's notes): the
  agents of its department, the person who published it, administrators; in an actor's name, the
  actor's administrators too, and its author only while a member of the actor.
- Seeing one: everyone, unless it is masked by the moderation (moderators and those who run it
  still see it) or it is an event of a démarche the viewer may not see.
- Registering: any active signed-in person, on a published slot that has not started.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from types import MappingProxyType

from cocite.accounts.permissions import department_roles, is_administrator, is_agent, is_moderator
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.demarches.permissions import can_view_demarche
from cocite.network.permissions import is_actor_admin, is_actor_member

from .models import Event, Mission, Organised, Registration, Slot

NO_ROLES: Mapping[int, str] = MappingProxyType({})


def can_publish(user: Viewer, actor_ids: Collection[int] = ()) -> bool:
    """Agents and administrators; anyone active who is a member of an actor (`actor_ids`), in its name."""
    return is_agent(user) or is_administrator(user) or (is_active_user(user) and bool(actor_ids))


def may_publish_as(actor_ids: Collection[int], actor_id: int | None) -> bool:
    """In an actor's name only as one of its members (administrators of the site included: no exception)."""
    return actor_id is None or actor_id in actor_ids


def may_publish_for(user: Viewer, department_id: int | None, actor_id: int | None = None) -> bool:
    """An agent publishes for one of their departments (or none: a partner organisation's); someone
    else only in an actor's name (whose membership `may_publish_as` checks), with no department."""
    if is_administrator(user):
        return True
    if not is_agent(user):
        return actor_id is not None and department_id is None
    return department_id is None or department_id in department_roles(user)


def can_manage(user: Viewer, activity: Organised, actor_roles: Mapping[int, str] = NO_ROLES) -> bool:
    """Running it: administrators, the agents of its department; published in an actor's name, the
    actor's administrators and its author while still a member (`actor_roles`: the person's {actor id:
    role}, network.queries.actor_roles; leaving the actor ends it); otherwise its author."""
    if not is_active_user(user):
        return False
    if is_administrator(user):
        return True
    if activity.department_id is not None and activity.department_id in department_roles(user):
        return True
    is_author = activity.created_by_id is not None and activity.created_by_id == user.pk
    if activity.actor_id is not None:
        return is_actor_admin(user, dict(actor_roles), activity.actor_id) or (
            is_author and is_actor_member(dict(actor_roles), activity.actor_id)
        )
    return is_author


def can_view(user: Viewer, activity: Organised) -> bool:
    """Its page: everyone, unless it is an event of a démarche this person may not see (a masked one
    shows its tombstone, see `can_read`)."""
    if isinstance(activity, Event) and activity.demarche_id is not None:
        assert activity.demarche is not None
        return can_view_demarche(user, activity.demarche)
    return True


def can_read(user: Viewer, activity: Organised, actor_roles: Mapping[int, str] = NO_ROLES) -> bool:
    """Its texts: hidden by the moderation from all but moderators and those who run it."""
    if not can_view(user, activity):
        return False
    return activity.masked_at is None or is_moderator(user) or can_manage(user, activity, actor_roles)


def can_register(user: Viewer, slot: Slot, *, now: datetime.datetime) -> bool:
    activity = slot.activity
    return is_active_user(user) and not activity.is_cancelled and activity.masked_at is None and slot.starts_at > now


def can_cancel(user: Viewer, registration: Registration, *, now: datetime.datetime) -> bool:
    return (
        is_active_user(user)
        and registration.person_id == user.pk
        and registration.is_active
        and registration.slot.starts_at > now
    )


def can_confirm_attendance(
    user: Viewer, slot: Slot, *, now: datetime.datetime, actor_roles: Mapping[int, str] = NO_ROLES
) -> bool:
    """After the slot has begun, those who run it confirm who came (and, for a mission, the hours)."""
    return can_manage(user, slot.activity, actor_roles) and slot.starts_at <= now


def is_mission(activity: Organised) -> bool:
    return isinstance(activity, Mission)
