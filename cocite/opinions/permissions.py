"""Who may see and do what in an opinion map: pure functions shared by views, commands and actions.

A conversation inside a démarche follows the démarche's audience and phase rules
(``cocite.demarches.permissions``); a standalone conversation (an imported Pol.is export)
is an analysis artefact: agents, moderators and administrators may read it, nobody votes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cocite.accounts.permissions import is_administrator, is_agent, is_moderator
from cocite.accounts.viewer import Viewer
from cocite.demarches import permissions as demarche_permissions

from .models import COMPONENT_NAME, Conversation


def can_view(user: Viewer, conversation: Conversation) -> bool:
    if conversation.demarche is not None:
        return demarche_permissions.can_view_demarche(user, conversation.demarche)
    return is_agent(user) or is_moderator(user) or is_administrator(user)


def can_vote(user: Viewer, conversation: Conversation) -> bool:
    if conversation.demarche is None:
        return False
    return demarche_permissions.can(user, "vote", conversation.demarche, COMPONENT_NAME)


def can_submit(user: Viewer, conversation: Conversation) -> bool:
    if conversation.demarche is None:
        return False
    return demarche_permissions.can(user, "submit", conversation.demarche, COMPONENT_NAME)


def can_moderate(user: Viewer, conversation: Conversation) -> bool:
    """Moderators and administrators, on conversations they may see."""
    return is_moderator(user) and can_view(user, conversation)


def can_request_recompute(user: Viewer, conversation: Conversation) -> bool:
    return can_moderate(user, conversation) or (is_agent(user) and can_view(user, conversation))


def denial_reason(user: Viewer, action: str, conversation: Conversation) -> str:
    if conversation.demarche is None:
        return _("Cette carte des opinions est importée : elle se consulte, on n'y vote pas.")
    return demarche_permissions.denial_reason(user, action, conversation.demarche, COMPONENT_NAME)
