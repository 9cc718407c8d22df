"""Who may see and do what in a démarche: pure functions of (user, démarche, phase).

Views, the API and actions all call these; templates only reflect them.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocite.accounts.models import User
from cocite.accounts.permissions import department_roles, is_administrator, is_agent
from cocite.accounts.viewer import Viewer, is_active_user, is_signed_in
from cocite.moderation.sanctions import write_block
from cocite.territory.models import DepartmentMembership

from .models import Audience, Demarche, DemarcheComponent, Phase
from .registry import registry


def can_view_demarche(user: Viewer, demarche: Demarche) -> bool:
    """The audience rule. An invitation-only démarche is seen by those it names: the people invited,
    its team, the agents of its managing and associated departments (not every agent)."""
    if is_administrator(user):
        return True
    if demarche.status == Demarche.Status.DRAFT:
        return False
    if demarche.audience == Audience.AGENTS:
        return is_agent(user) or is_in_charge(user, demarche)
    if demarche.audience == Audience.INVITED:
        return is_invited(user, demarche) or is_in_charge(user, demarche) or is_associated(user, demarche)
    return True


def is_invited(user: Viewer, demarche: Demarche) -> bool:
    if not is_signed_in(user):
        return False
    return demarche.pk in _named_in(user)["invited"]


def is_in_charge(user: Viewer, demarche: Demarche) -> bool:
    """Runs the démarche: an agent of its managing department or a person of its team."""
    if not is_active_user(user):
        return False
    if demarche.managing_department_id is not None and demarche.managing_department_id in department_roles(user):
        return True
    return demarche.pk in _named_in(user)["team"]


def is_associated(user: Viewer, demarche: Demarche) -> bool:
    """An agent of one of the departments associated with the démarche."""
    if not is_active_user(user):
        return False
    departments = department_roles(user)
    return bool(departments) and demarche.pk in _named_in(user)["associated"]


def _named_in(user: User) -> dict[str, set[int]]:
    """The démarches naming this person (invited, team) or their departments (associated), read once per request."""
    cached = getattr(user, "_cocite_named_in", None)
    if cached is None:
        departments = list(department_roles(user))
        cached = {
            "invited": set(
                Demarche.invited.through.objects.filter(user_id=user.pk).values_list("demarche_id", flat=True)
            ),
            "team": set(Demarche.team.through.objects.filter(user_id=user.pk).values_list("demarche_id", flat=True)),
            "associated": set(
                Demarche.associated_departments.through.objects.filter(department_id__in=departments).values_list(
                    "demarche_id", flat=True
                )
            )
            if departments
            else set(),
        }
        user._cocite_named_in = cached
    return cached


def can_take_part(user: Viewer, demarche: Demarche) -> bool:
    """The audience rule: may this person contribute at all (whatever the phase)?"""
    if not is_active_user(user):
        return False
    if not can_view_demarche(user, demarche):
        return False
    if is_administrator(user):
        return True
    if demarche.audience == Audience.VERIFIED:
        return bool(user.is_residence_verified) or is_agent(user)
    if demarche.audience == Audience.AGENTS:
        return is_agent(user)
    if demarche.audience == Audience.INVITED:
        return is_invited(user, demarche)
    return True


def needs_residence_verification(user: Viewer, demarche: Demarche) -> bool:
    """A signed-in person kept out of a « verified residents » démarche only for want of a verification
    in force: the pages then say how to get verified (front desk, FranceConnect)."""
    return (
        demarche.audience == Audience.VERIFIED
        and is_active_user(user)
        and can_view_demarche(user, demarche)
        and not can_take_part(user, demarche)
    )


def residence_denial(user: User) -> str:
    """Why a verified-residents démarche refuses this person, and how to get verified, in French."""
    how = _(
        "Faites vérifier votre résidence depuis « Mon espace » avec FranceConnect et votre adresse, "
        "ou à l’accueil de la mairie avec une pièce d’identité et un justificatif de domicile."
    )
    if user.residence_verified_until is not None and not user.is_residence_verified:
        expired = _("Votre vérification de résidence a expiré le %(date)s.") % {
            "date": date_format(timezone.localtime(user.residence_verified_until), "DATE_FORMAT")
        }
        return " ".join(
            [_("Cette démarche est réservée aux habitant·es dont la résidence est vérifiée."), expired, how]
        )
    return " ".join([_("Cette démarche est réservée aux habitant·es dont la résidence est vérifiée."), how])


def phase_allows(demarche: Demarche, component: str, action: str, *, on: datetime.date | None = None) -> bool:
    """Whether the démarche's current phase allows `action` in `component`.

    `on`: the phase of that day instead of today's, for loaders replaying past facts (the demo).
    """
    if demarche.status != Demarche.Status.PUBLISHED:
        return False
    phase = demarche.current_phase(on)
    if phase is None:
        return False
    return action in _phase_actions(demarche, component, phase.kind)


def _phase_actions(demarche: Demarche, component: str, kind: str) -> set[str] | frozenset[str]:
    spec = registry.get(component)
    if spec is None:
        return frozenset()
    config = _component_config(demarche, component)
    if config is None:
        return frozenset()
    override = (config.settings or {}).get("phase_actions", {})
    if kind in override:
        return set(override[kind])
    allowed: set[str] | frozenset[str] = spec.phase_actions.get(kind, frozenset())
    return allowed


def next_phase_allowing(demarche: Demarche, component: str, action: str) -> Phase | None:
    """The first phase still to come whose rules allow `action` (None: none will)."""
    if demarche.status == Demarche.Status.CLOSED:
        return None
    today = timezone.localdate()
    upcoming = sorted((p for p in demarche.ordered_phases() if p.starts_on > today), key=lambda p: p.starts_on)
    return next((p for p in upcoming if action in _phase_actions(demarche, component, p.kind)), None)


ACTION_NAMES = {
    "submit": gettext_lazy("Contribuer"),
    "support": gettext_lazy("Soutenir"),
    "comment": gettext_lazy("Commenter"),
    "edit": gettext_lazy("Modifier une contribution"),
    "vote": gettext_lazy("Voter"),
    "answer": gettext_lazy("Répondre à un questionnaire"),
}


def _component_config(demarche: Demarche, component: str) -> DemarcheComponent | None:
    if demarche.components_were_read():
        return next((c for c in demarche.enabled_components() if c.name == component), None)
    return demarche.components.filter(name=component).first()


def can(user: Viewer, action: str, demarche: Demarche, component: str, *, on: datetime.date | None = None) -> bool:
    # Every action here writes (ACTION_NAMES): a person the moderation suspended or banned may not.
    return (
        can_take_part(user, demarche) and phase_allows(demarche, component, action, on=on) and write_block(user) is None
    )


def denial_reason(user: Viewer, action: str, demarche: Demarche, component: str) -> str:
    """A French sentence explaining why `action` is not possible, for the person."""
    if not is_signed_in(user):
        return _("Connectez-vous pour participer.")
    if (block := write_block(user)) is not None:
        return block.message
    if not can_take_part(user, demarche):
        if demarche.audience == Audience.VERIFIED and is_active_user(user):
            return residence_denial(user)
        if demarche.audience == Audience.AGENTS:
            return _("Cette démarche est réservée aux agents de la collectivité.")
        if demarche.audience == Audience.INVITED:
            return _("Cette démarche est réservée aux personnes invitées.")
        return _("Vous ne pouvez pas participer à cette démarche.")
    if demarche.status == Demarche.Status.CLOSED:
        return _("Cette démarche est clôturée.")
    return phase_closure(action, demarche, component)


def phase_closure(action: str, demarche: Demarche, component: str) -> str:
    """What is closed, why (the phase) and when it opens, or that it will not."""
    name = ACTION_NAMES.get(action, action)
    phase = demarche.current_phase()
    if phase is None:
        why = _("« %(action)s » n'est pas possible : aucune phase n'est ouverte en ce moment.") % {"action": name}
    else:
        why = _("« %(action)s » n'est pas possible pendant la phase « %(phase)s ».") % {
            "action": name,
            "phase": phase.get_kind_display(),
        }
    opening = next_phase_allowing(demarche, component, action)
    if opening is None:
        return why + " " + _("Aucune phase à venir de cette démarche ne le permet.")
    return (
        why
        + " "
        + _("Ce sera possible à partir du %(date)s (phase « %(phase)s »).")
        % {"date": date_format(opening.starts_on, "DATE_FORMAT"), "phase": opening.get_kind_display()}
    )


def can_manage_demarche(user: Viewer, demarche: Demarche | None = None) -> bool:
    return is_administrator(user)


def can_launch_service_improvement(user: Viewer, department_id: int) -> bool:
    """« Améliorer notre service »: launched for a department by its manager, or by an administrator."""
    return is_administrator(user) or (
        is_active_user(user) and department_roles(user).get(department_id) == DepartmentMembership.Role.MANAGER
    )


def can_draft_for_department(user: Viewer, department_id: int | None) -> bool:
    """A draft démarche run by a department (e.g. out of recurring reports): its agents, or an administrator."""
    if is_administrator(user):
        return True
    return is_active_user(user) and department_id is not None and department_id in department_roles(user)


def departments_for_service_improvement(user: Viewer) -> set[int] | None:
    """The departments this person may launch « améliorer notre service » for (None: every one, an administrator)."""
    if is_administrator(user):
        return None
    return {pk for pk, role in department_roles(user).items() if role == DepartmentMembership.Role.MANAGER}
