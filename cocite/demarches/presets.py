"""Démarche templates: a ready-made démarche a person launches in one step.

« Améliorer notre service » (issue 21): agents are users of services too and say how their own work
should evolve. An agents-only démarche, pseudonymous by default (each author appears under an alias of
the démarche: cocite/accounts/pseudonyms.py), run by the department, whose manager answers with the same
decision records as for residents (contributions are routed to the managing department).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import Audience, PhaseKind


@dataclass(frozen=True)
class PhasePlan:
    kind: str
    starts: int  # days from the launch
    ends: int | None
    description: StrOrPromise


@dataclass(frozen=True)
class Preset:
    key: str
    label: StrOrPromise
    # %(department)s: the department's name.
    title: StrOrPromise
    framing_question: StrOrPromise
    context: StrOrPromise
    audience: str
    pseudonymous: bool
    components: tuple[str, ...]
    phases: tuple[PhasePlan, ...]
    rules_text: StrOrPromise
    who_may_take_part: StrOrPromise
    decider: StrOrPromise
    what_happens_to_contributions: StrOrPromise
    answer_deadline_days: int


SERVICE_IMPROVEMENT = Preset(
    key="ameliorer-notre-service",
    label=_("Améliorer notre service"),
    title=_("Améliorer notre service : %(department)s"),
    framing_question=_("Qu’est-ce qui, dans notre travail de tous les jours, pourrait mieux fonctionner ?"),
    context=_(
        "Vous êtes agent·e de la commune : vous connaissez mieux que personne ce qui coince dans votre "
        "travail et dans les services que vous utilisez. Proposez des améliorations, soutenez celles des "
        "collègues, débattez-en.\n\n"
        "**Pseudonyme par défaut** : votre nom et votre pseudonyme n’apparaissent nulle part, ni pour la "
        "hiérarchie ni pour l’administration du site ; chaque contribution est signée d’un nom de code propre "
        "à cette démarche.\n\n"
        "Le·la responsable du service répond à chaque proposition par une décision motivée, publiée au journal "
        "des décisions comme pour les habitant·es."
    ),
    audience=Audience.AGENTS,
    pseudonymous=True,
    components=("contributions",),
    phases=(
        PhasePlan(PhaseKind.COLLECTE, 0, 41, _("Les agents proposent, soutiennent et débattent.")),
        PhasePlan(PhaseKind.ARBITRAGE, 42, 72, _("Le·la responsable du service répond à chaque proposition.")),
        PhasePlan(PhaseKind.MISE_EN_OEUVRE, 73, None, _("Ce qui est retenu est mis en œuvre et suivi.")),
    ),
    rules_text=_(
        "1. Toute personne agent de la commune peut proposer une amélioration de son travail ou d’un service.\n"
        "2. Les contributions sont pseudonymes : personne, ni la hiérarchie ni l’administration du site, ne "
        "voit qui a écrit quoi.\n"
        "3. Le·la responsable du service répond à chaque proposition par une décision motivée.\n"
        "4. On parle du travail et des services, jamais des personnes."
    ),
    who_may_take_part=_("Les agents de la commune"),
    decider=_("Le·la responsable du service, ou la direction générale au-delà de sa délégation"),
    what_happens_to_contributions=_(
        "Chaque proposition reçoit une réponse motivée du·de la responsable du service, publiée au journal des "
        "décisions."
    ),
    answer_deadline_days=60,
)

PRESETS: dict[str, Preset] = {SERVICE_IMPROVEMENT.key: SERVICE_IMPROVEMENT}
