"""Who may do what with a contribution: pure functions shared by views, API and actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.permissions import department_roles, is_administrator, is_agent
from cocite.accounts.viewer import Viewer, is_active_user, is_signed_in
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.queries import rules_in_force_for
from cocite.moderation.sanctions import write_block

from .models import Contribution

COMPONENT = "contributions"


# `on`, where a function takes it: the phase of that day instead of today's (loaders replaying past facts).


def can_submit(user: Viewer, demarche: Any, *, on: datetime.date | None = None) -> bool:
    return demarche_permissions.can(user, "submit", demarche, COMPONENT, on=on)


def can_record_offline(user: Viewer, demarche: Any, *, on: datetime.date | None = None) -> bool:
    """Agents record what they heard at the desk, on the phone or in a meeting."""
    return (
        is_agent(user)
        and demarche_permissions.can_view_demarche(user, demarche)
        and demarche_permissions.phase_allows(demarche, COMPONENT, "submit", on=on)
    )


def can_record_observed(user: Viewer, demarche: Any) -> bool:
    """The team running a published démarche enters what it saw or heard in the field (an irritant of a
    user journey, cocite.exploration): its managing department's agents, its team, administrators."""
    return (
        is_active_user(user)
        and demarche.status == demarche.Status.PUBLISHED
        and (is_administrator(user) or demarche_permissions.is_in_charge(user, demarche))
        and write_block(user) is None
    )


def _collection_passed(demarche: Any, collected_on: datetime.date | None) -> bool:
    """The day given (or, without one, some day already past) was in a phase allowing contributions."""
    today = timezone.localdate()
    days = [collected_on] if collected_on is not None else [phase.starts_on for phase in demarche.ordered_phases()]
    return any(
        day <= today and demarche_permissions.phase_allows(demarche, COMPONENT, "submit", on=day) for day in days
    )


def _owning_agent(user: Viewer, demarche: Any) -> bool:
    return bool(
        is_active_user(user)
        and demarche.managing_department_id is not None
        and demarche.managing_department_id in department_roles(user)
    )


def late_paper_allowed_by_rules(demarche: Any) -> bool:
    rules = rules_in_force_for(demarche)
    return bool(rules is not None and rules.late_paper_entries)


def can_record_late_paper(user: Viewer, demarche: Any, *, collected_on: datetime.date | None = None) -> bool:
    """After the collection closed, an agent of the department running the démarche enters a paper
    contribution collected while it was open — when the démarche's rules say such entries count."""
    return (
        _owning_agent(user, demarche)
        and not demarche_permissions.phase_allows(demarche, COMPONENT, "submit")
        and _collection_passed(demarche, collected_on)
        and late_paper_allowed_by_rules(demarche)
    )


def late_paper_refusal(user: Viewer, demarche: Any) -> str:
    """For the agents who would enter paper contributions: why they cannot, when the rules say no."""
    if (
        not _owning_agent(user, demarche)
        or demarche_permissions.phase_allows(demarche, COMPONENT, "submit")
        or not _collection_passed(demarche, None)
        or late_paper_allowed_by_rules(demarche)
    ):
        return ""
    return _(
        "Les règles de cette démarche ne comptent pas les contributions papier saisies après la fin de la collecte : "
        "elles ne peuvent plus être enregistrées."
    )


def submission_entry(user: Viewer, demarche: Any) -> dict[str, Any]:
    """What the démarche's pages offer: `open` (the form, or logging in first), `late_paper` (the
    form for a paper contribution collected before the phase closed), `closed` (what is closed,
    why and when it opens) and `late_paper_refused` (for the agents, when the rules say no)."""
    if is_signed_in(user):
        allowed = can_submit(user, demarche) or can_record_offline(user, demarche)
    else:  # the form asks to log in first: offered while the phase allows contributing
        allowed = demarche_permissions.phase_allows(demarche, COMPONENT, "submit")
    if allowed:
        return {"open": True, "verify": False, "late_paper": False, "closed": "", "late_paper_refused": ""}
    if is_signed_in(user):
        closed = demarche_permissions.denial_reason(user, "submit", demarche, COMPONENT)
    else:
        closed = demarche_permissions.phase_closure("submit", demarche, COMPONENT)
    return {
        "open": False,
        # Kept out for want of a residence verification: the page says how to get one.
        "verify": demarche_permissions.needs_residence_verification(user, demarche),
        "late_paper": can_record_late_paper(user, demarche),
        "closed": closed,
        "late_paper_refused": late_paper_refusal(user, demarche),
    }


def can_support(user: Viewer, contribution: Contribution) -> bool:
    # A hidden or not yet approved contribution is not public: nobody gathers supports on it.
    if contribution.is_withdrawn or contribution.is_masked or contribution.author_id == getattr(user, "pk", None):
        return False
    return demarche_permissions.can(user, "support", contribution.demarche, COMPONENT)


def support_denial_reason(user: Viewer, contribution: Contribution) -> str:
    """Why the support button is not shown, in a sentence that names what is refused."""
    if contribution.author_id == getattr(user, "pk", None):
        return _("Vous ne pouvez pas soutenir votre propre contribution.")
    if contribution.is_pending:
        return _("Cette contribution attend la validation de la modération : on pourra la soutenir une fois publiée.")
    if contribution.is_masked:
        return _("Cette contribution a été masquée par la modération : on ne peut plus la soutenir.")
    return demarche_permissions.denial_reason(user, "support", contribution.demarche, COMPONENT)


def can_edit(user: Viewer, contribution: Contribution, *, on: datetime.date | None = None) -> bool:
    """The author may edit until the first support or comment, while the phase allows editing."""
    return (
        is_signed_in(user)
        and contribution.author_id == user.pk
        and not contribution.is_withdrawn
        and contribution.support_count == 0
        and contribution.comment_count == 0
        and demarche_permissions.can(user, "edit", contribution.demarche, COMPONENT, on=on)
    )


def can_withdraw(user: Viewer, contribution: Contribution) -> bool:
    return (
        is_signed_in(user)
        and contribution.author_id == user.pk
        and not contribution.is_withdrawn
        and contribution.status == Contribution.Status.RECEIVED
    )


def can_comment(user: Viewer, contribution: Contribution) -> bool:
    if contribution.is_withdrawn or contribution.is_masked:
        return False
    return demarche_permissions.can(user, "comment", contribution.demarche, COMPONENT)
