"""Who may do what in the network: pure functions of the viewer and what queries loaded."""

from __future__ import annotations

from cocite.accounts.permissions import is_administrator, is_agent, is_elected_official, is_moderator
from cocite.accounts.viewer import Viewer, is_signed_in


def can_create(viewer: Viewer) -> bool:
    return is_signed_in(viewer) and viewer.is_active


def is_actor_admin(viewer: Viewer, roles: dict[int, str], actor_id: int) -> bool:
    """`roles`: the viewer's {actor id: role} (queries.actor_roles)."""
    return is_administrator(viewer) or roles.get(actor_id) == "admin"


def is_actor_member(roles: dict[int, str], actor_id: int) -> bool:
    return actor_id in roles


def can_verify_actor(viewer: Viewer) -> bool:
    """Agents of the commune and administrators confirm SIREN/RNA and give the verified badge."""
    return is_agent(viewer) or is_administrator(viewer)


def can_see_hidden(viewer: Viewer) -> bool:
    return is_moderator(viewer) or is_administrator(viewer)


def is_holder(viewer: Viewer, holder_ids: set[int]) -> bool:
    """`holder_ids`: queries.holder_ids(initiative) — holder, team, members of the carrying actor."""
    return is_signed_in(viewer) and (viewer.pk in holder_ids or is_administrator(viewer))


def can_name_referent(viewer: Viewer) -> bool:
    return is_agent(viewer) or is_elected_official(viewer) or is_administrator(viewer)
