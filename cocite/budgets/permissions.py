"""Who runs the participatory budget of a démarche, who keys paper ballots, who may vote."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.permissions import is_agent
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.demarches.models import Demarche
from cocite.demarches.permissions import can_view_demarche, is_in_charge
from cocite.moderation.sanctions import write_block

from .models import BudgetRules


def can_manage_budget(user: Viewer, demarche: Demarche) -> bool:
    """Make projects, count, turn winners into results: the people in charge of the démarche."""
    return is_in_charge(user, demarche)


def can_key_paper(user: Viewer, demarche: Demarche) -> bool:
    """Agents of the commune key the paper ballots of the polling stations."""
    return is_active_user(user) and is_agent(user) and can_view_demarche(user, demarche)


def vote_denial(user: Viewer, demarche: Demarche, rules: BudgetRules | None) -> str:
    """Why this person may not vote now ("" when they may)."""
    if rules is None:
        return _("Ce budget participatif n'a pas encore de règles de vote.")
    now = timezone.now()
    if now < rules.opens_at:
        return _("Le vote n'est pas encore ouvert.")
    if now >= rules.closes_at:
        return _("Le vote est clos.")
    if not is_active_user(user):
        return _("Connectez-vous pour voter.")
    if not can_view_demarche(user, demarche):
        return _("Cette démarche ne vous est pas ouverte.")
    if (block := write_block(user)) is not None:
        return block.message
    if rules.verified_only and not user.is_residence_verified:
        return _("Le vote est réservé aux habitant·es dont la résidence est vérifiée.")
    if not rules.agents_may_vote and is_agent(user):
        return _("Le règlement ne permet pas aux agent·es de la commune de voter.")
    return ""
