"""Demo arbitration for Ville de Bellerive: routing, opinions, decisions, a correction, commitments.

Idempotent: rule versions are logged once (the log is keyed by subject), only unrouted
contributions are routed, and the participatory-budget path runs only while that démarche
has no decision yet. Everything goes through the actions, like a real session would.

Demo-only shortcut (documented here): to show answered-on-time, late and overdue
commitments today, a few budget ideas are topped up to the 30 supports of their rules
through `support_set`, then the supports' timestamps are spread back in time so that the
30th support falls on a chosen day. Opinion requests that must look overdue get a past
deadline the same way. Nothing else is backdated: decisions are published now.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.db.models import Q
from django.utils import timezone

from cocite.accounts.models import User
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution, Support
from cocite.demarches.models import Demarche, RuleVersion
from cocite.demarches.queries import rules_in_force_for
from cocite.items.models import Item
from cocite.items.queries import item_for
from cocite.territory.models import Department

from . import actions, queries
from .models import Decision, Opinion, OpinionRequest

DEMO_DOMAIN = "demo.bellerive.example"
BUDGET_SLUG = "budget-participatif-2027"

BIKE_TITLES = (
    "Un abri vélos sécurisé à la gare",
    "Des arceaux vélo devant les commerces de Bois-Joli",
    "Des places larges pour les vélos cargo",
)
TOILETS = "Des toilettes publiques accessibles place de la République"
FOOTBRIDGE = "Une passerelle piétonne sur le canal entre Le Port et La Plaine"
PLAYGROUND = "Une nouvelle aire de jeux au parc du Bois-Joli"
PUMPTRACK = "Une piste de pumptrack près du city stade de La Gare"
GARDEN = "Un jardin partagé sur le terrain en friche de la rue des Vignes"
TREES = "Planter des arbres dans les rues les plus chaudes"

# (title, days ago the rulebook's support threshold was reached). With decisions published
# today and a 45-day deadline: the bicycle shelter is answered late, the playground and the
# toilets on time, the pumptrack and the garden are overdue, the trees still within the deadline.
THRESHOLD_CROSSINGS = (
    (BIKE_TITLES[0], 58),
    (PUMPTRACK, 55),
    (GARDEN, 50),
    (TOILETS, 40),
    (PLAYGROUND, 30),
    (TREES, 10),
)
# The resident kept out of the demo's "not done" answers, so the 10th "non" can be given live.
UNANSWERED_EMAIL = f"camille.martin@{DEMO_DOMAIN}"

BIKES_EXPLANATION = """\
Les trois idées demandent de pouvoir garer son vélo en sécurité : un abri fermé à la gare, des arceaux devant
les commerces de Bois-Joli et des places larges pour les vélos cargo. Elles sont regroupées en un seul
projet, avec l'accord de leurs auteurs, parce qu'elles répondent au même besoin et seront réalisées par le
même service.

Le projet est retenu avec une modification : les places pour vélos cargo sont intégrées à l'abri de la gare
et aux arceaux de Bois-Joli, au lieu d'être réparties dans chaque rue, car l'avis du service des finances
montre que des emplacements dispersés coûteraient deux fois plus cher à entretenir. L'abri de 40 places
(dont 6 pour les vélos cargo) et 24 arceaux sont réalisés en 2027, pour 68 000 € au total.
"""

TOILETS_EXPLANATION = """\
Des toilettes publiques accessibles place de la République étaient déjà inscrites au programme de travaux
2026 de la propreté urbaine, voté par le conseil municipal en décembre 2025, à la suite des demandes des
commerçants du marché et du conseil des seniors. Elles ne relèvent donc pas du budget participatif : les
500 000 € restent disponibles pour d'autres projets. Le chantier a eu lieu en octobre ; la cabine est
accessible en fauteuil et ouverte de 7 h à 21 h. Le suivi de la réalisation est publié sur la plateforme.
"""

FOOTBRIDGE_FIRST = """\
Le canal entre Le Port et La Plaine-Saint-Martin appartient au domaine public fluvial géré par Voies
navigables de France. Toute construction au-dessus du canal relève de cet établissement public et non de
la commune : le projet de passerelle est donc hors de la compétence du budget participatif de Bellerive.
La demande est transmise à Voies navigables de France et au Département pour le plan vélo.
"""

FOOTBRIDGE_CORRECTION = """\
La décision précédente indiquait à tort que la passerelle était hors de la compétence de la commune. Une
commune peut construire un ouvrage au-dessus du canal avec une convention d'occupation de Voies navigables
de France. En revanche, l'avis du service voirie estime le coût d'une passerelle accessible à 1,2 million
d'euros, bien au-delà du plafond de 150 000 € par projet fixé par le règlement du budget participatif :
le projet n'est pas retenu au budget participatif. Il est transmis au schéma cyclable intercommunal, où la
commune le défendra pour 2028.
"""

PLAYGROUND_EXPLANATION = """\
L'aire de jeux du parc du Bois-Joli a plus de trente ans et ne répond plus aux normes de sécurité. Le
projet relève de la commune, c'est une dépense d'investissement et son coût estimé par le service enfance,
environ 95 000 € pour des jeux de 2 à 12 ans accessibles aux enfants en fauteuil, reste sous le plafond de
150 000 €. Il est donc retenu et sera soumis au vote des habitants au printemps, avec les autres projets
réalisables.
"""


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _contribution(demarche: Demarche, title: str) -> Contribution | None:
    return Contribution.objects.filter(demarche=demarche, title=title).first()


def _item(contribution: Contribution) -> Item:
    item = item_for(contribution)
    if item is None:
        raise LookupError(f"contribution {contribution.pk} has no item")
    return item


def _criteria(demarche: Demarche, *needles: str) -> list[str]:
    choices = queries.criteria_choices(rules_in_force_for(demarche))
    return [c for c in choices if any(n.lower() in c.lower() for n in needles)]


def _reach_threshold(contribution: Contribution, reached_days_ago: int, people: list[User]) -> None:
    """Top up to the threshold of the contribution's rules, then spread the supports so the N-th lands then."""
    version = contribution.rule_version
    if version is None or version.support_threshold is None:
        return
    threshold = version.support_threshold
    existing = set(Support.objects.filter(contribution=contribution).values_list("user_id", flat=True))
    missing = max(0, threshold - len(existing))
    for person in [p for p in people if p.pk not in existing and p.pk != contribution.author_id][:missing]:
        support_set(user=person, contribution=contribution, supported=True)
    now = timezone.now()
    start = contribution.created_at + datetime.timedelta(hours=2)
    reached = max(now - datetime.timedelta(days=reached_days_ago), start + datetime.timedelta(days=1))
    supports = list(Support.objects.filter(contribution=contribution).order_by("created_at", "pk"))
    after = max(1, len(supports) - threshold + 1)
    for index, support in enumerate(supports):
        if index < threshold:
            moment = start + (reached - start) * (index + 1) / threshold
        else:
            moment = reached + (now - reached) * (index - threshold + 1) / (after + 1)
        Support.objects.filter(pk=support.pk).update(created_at=moment)


def _answer(request: OpinionRequest, author: User | None, **fields: Any) -> Opinion | None:
    if author is None:
        return None
    return actions.opinion_give(actor=author, request=request, **fields)


def _budget_path(demarche: Demarche, stdout: TextIO) -> None:
    voirie = Department.objects.get(slug="voirie")
    finances = Department.objects.get(slug="finances")
    juridique = Department.objects.get(slug="juridique")
    proprete = Department.objects.get(slug="proprete")
    perrin, garnier, faure, roche = _user("n.perrin"), _user("l.garnier"), _user("s.faure"), _user("a.roche")
    nicolas, mayor = _user("h.nicolas"), _user("maire")
    bikes = [c for c in (_contribution(demarche, t) for t in BIKE_TITLES) if c is not None]
    toilets, footbridge = _contribution(demarche, TOILETS), _contribution(demarche, FOOTBRIDGE)
    playground = _contribution(demarche, PLAYGROUND)
    if len(bikes) < 3 or None in (toilets, footbridge, playground, perrin, garnier, faure, roche, nicolas, mayor):
        stdout.write("  décisions : contributions ou comptes de démonstration absents, parcours ignoré")
        return
    assert toilets is not None
    assert footbridge is not None
    assert playground is not None
    assert perrin is not None
    assert faure is not None
    assert roche is not None
    assert nicolas is not None

    # Commitments: some ideas reached the 30 supports of their rules weeks ago.
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .filter(~Q(email=f"admin@{DEMO_DOMAIN}"))
        .order_by("pk")
    )
    unanswered = _user("camille.martin")
    if unanswered is not None and toilets.author_id != unanswered.pk:
        support_set(user=unanswered, contribution=toilets, supported=True)
    for title, days in THRESHOLD_CROSSINGS:
        contribution = _contribution(demarche, title)
        if contribution is not None:
            _reach_threshold(contribution, days, people)

    # Toilets went to the CCAS (tie on themes, first by name): the CCAS manager reassigns them.
    actions.routing_reassign(
        actor=nicolas,
        item=_item(toilets),
        department=proprete,
        reason="Les sanitaires publics relèvent de la propreté urbaine, pas de l'action sociale.",
    )

    # Opinions from two departments, in parallel, on three similar ideas.
    today = timezone.localdate()
    requests, _skipped = actions.opinions_request(
        actor=perrin,
        items=[_item(c) for c in bikes],
        departments=[voirie, finances],
        aspects=[OpinionRequest.Aspect.FEASIBILITY, OpinionRequest.Aspect.COST],
        deadline=today + datetime.timedelta(days=14),
        question="Emplacements possibles, coût d'investissement et coût d'entretien annuel.",
    )
    for request in requests:
        if request.department_id == voirie.pk:
            _answer(
                request,
                perrin,
                feasibility=Opinion.Feasibility.FEASIBLE,
                recommendation=Opinion.Recommendation.FAVOURABLE,
                estimated_cost="38000",
                text=(
                    "Réalisable sur le domaine public communal : l'abri se place sur le parvis nord de la gare "
                    "(accord SNCF non nécessaire), les arceaux sur les trottoirs de la rue des Commerces. "
                    "Les places pour vélos cargo demandent 2,5 mètres de profondeur."
                ),
                internal_note="Prévoir de voir avec la police municipale pour les vols constatés en 2025.",
            )
        else:
            _answer(
                request,
                garnier,
                feasibility=Opinion.Feasibility.CONDITIONAL,
                recommendation=Opinion.Recommendation.RESERVED,
                estimated_cost="30000",
                legal_points="Marché à procédure adaptée (moins de 90 000 € HT).",
                text=(
                    "Investissement éligible au budget participatif. Des emplacements pour vélos cargo dispersés "
                    "dans chaque rue doubleraient le coût d'entretien annuel ; regroupés à la gare et à Bois-Joli, "
                    "ils restent dans le budget de fonctionnement de la voirie."
                ),
            )
    relied = list(Opinion.objects.filter(request__item__in=[_item(c) for c in bikes]))
    bikes_decision = actions.decision_publish(
        actor=perrin,
        items=[_item(c) for c in bikes],
        outcome=Decision.Outcome.ACCEPTED_MODIFIED,
        explanation=BIKES_EXPLANATION,
        body=Decision.Body.COUNCIL,
        official=mayor,
        deliberation_ref="DCM 2026-045",
        decided_on=today,
        criteria=_criteria(
            demarche, "compétences de la commune", "dépense d'investissement", "frais de fonctionnement"
        ),
        criteria_notes="Regroupement de trois idées proches, avec l'accord de leurs auteurs (règlement, version 2).",
        opinions=relied,
    )

    # A legal opinion asked for the footbridge, never given: overdue and escalated.
    legal, _skipped = actions.opinions_request(
        actor=perrin,
        items=[_item(footbridge)],
        departments=[juridique],
        aspects=[OpinionRequest.Aspect.LEGAL],
        deadline=today,
        question="Une convention avec Voies navigables de France est-elle possible pour une passerelle ?",
    )
    OpinionRequest.objects.filter(pk__in=[r.pk for r in legal]).update(deadline=today - datetime.timedelta(days=6))
    actions.opinions_escalate_overdue()
    voirie_footbridge, _skipped = actions.opinions_request(
        actor=perrin,
        items=[_item(footbridge)],
        departments=[voirie],
        aspects=[OpinionRequest.Aspect.FEASIBILITY, OpinionRequest.Aspect.COST],
        deadline=today + datetime.timedelta(days=10),
    )
    _answer(
        voirie_footbridge[0],
        perrin,
        feasibility=Opinion.Feasibility.CONDITIONAL,
        recommendation=Opinion.Recommendation.UNFAVOURABLE,
        estimated_cost="1200000",
        text=(
            "Une passerelle accessible de 45 mètres coûterait environ 1,2 million d'euros, études comprises, "
            "et demande une convention d'occupation du domaine fluvial."
        ),
    )
    first = actions.decision_publish(
        actor=perrin,
        items=[_item(footbridge)],
        outcome=Decision.Outcome.OUT_OF_SCOPE,
        explanation=FOOTBRIDGE_FIRST,
        body=Decision.Body.DEPUTY,
        official=_user("adjointe.participation"),
        decided_on=today,
        criteria=_criteria(demarche, "compétences de la commune"),
    )
    actions.decision_correct(
        actor=perrin,
        original=first,
        correction_reason=(
            "La passerelle n'est pas hors compétence : une convention avec Voies navigables de France est possible. "
            "Le motif de refus est le coût."
        ),
        outcome=Decision.Outcome.REJECTED,
        explanation=FOOTBRIDGE_CORRECTION,
        body=Decision.Body.DEPUTY,
        official=_user("adjointe.participation"),
        decided_on=today,
        criteria=_criteria(demarche, "150 000", "compétences de la commune"),
        opinions=list(Opinion.objects.filter(request__item=_item(footbridge))),
    )

    # Toilets: already planned (answered late), playground: retained (answered on time).
    actions.decision_publish(
        actor=faure,
        items=[_item(toilets)],
        outcome=Decision.Outcome.ALREADY_PLANNED,
        explanation=TOILETS_EXPLANATION,
        body=Decision.Body.COUNCIL,
        official=mayor,
        deliberation_ref="DCM 2025-118",
        decided_on=today,
        criteria=_criteria(demarche, "compétences de la commune"),
    )
    actions.decision_publish(
        actor=roche,
        items=[_item(playground)],
        outcome=Decision.Outcome.ACCEPTED,
        explanation=PLAYGROUND_EXPLANATION,
        body=Decision.Body.DEPUTY,
        official=_user("adjointe.participation"),
        decided_on=today,
        criteria=_criteria(demarche, "compétences de la commune", "dépense d'investissement", "précis"),
    )
    stdout.write(
        f"  décisions : parcours du budget participatif (avis, décision n° {bikes_decision.pk} sur 3 idées, "
        "une correction)"
    )


def seed(stdout: TextIO) -> None:
    for version in RuleVersion.objects.select_related("rulebook").order_by("created_at", "pk"):
        actions.log_rule_version(version)
    routed = actions.route_unrouted()
    demarche = Demarche.objects.filter(slug=BUDGET_SLUG).first()
    if demarche is not None and not Decision.objects.filter(demarche=demarche).exists():
        _budget_path(demarche, stdout)
    started = actions.commitments_backfill()
    stdout.write(
        f"  décisions : {routed} contributions orientées, {started} engagements de réponse ouverts, "
        f"{Decision.objects.count()} décisions publiées"
    )
