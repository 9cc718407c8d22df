"""Demo: the « Budget participatif 2027 » goes to the vote.

Run by the component's seed after the démarches, contributions and decisions exist. Through the
decisions app's actions, departments give a costed opinion on some ideas and the council retains
them; the team turns them into projects; a new rule version carries the budget rules (vote open
now, for three weeks); a few verified residents vote. Deterministic; does nothing twice.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.utils import timezone

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.core.errors import ActionError
from cocite.decisions import actions as decision_actions
from cocite.decisions.models import Decision, Opinion
from cocite.demarches.actions import rule_version_publish
from cocite.demarches.models import Demarche, DemarcheComponent, Rulebook
from cocite.items.models import Item
from cocite.territory.models import Department, Quartier, Theme

from . import actions
from .models import BudgetRules, Method, Project

DEMARCHE_SLUG = "budget-participatif-2027"
MANAGER = "n.perrin"  # in the démarche's team, manager of the roads department
DECIDER = "admin"

# title of the idea -> (department slug, estimated cost, project title, quartier slug, theme slug, description)
IDEAS: list[tuple[str, str, int, str, str | None, str, str]] = [
    (
        "Un jardin partagé sur le terrain en friche de la rue des Vignes",
        "espaces-verts",
        42000,
        "Un jardin partagé rue des Vignes",
        "les-coteaux",
        "espaces-verts",
        "Clôture, bacs de culture accessibles, récupérateur d'eau de pluie et cabane à outils sur la friche de la "
        "rue des Vignes, confiée à une association d'habitant·es.",
    ),
    (
        "Un city stade à La Plaine-Saint-Martin",
        "sport",
        135000,
        "Un city stade à La Plaine-Saint-Martin",
        "plaine-saint-martin",
        "sport",
        "Terrain multisport clos de 12 m sur 24 m, sol souple, paniers et buts, éclairage jusqu'à 22 h, près du "
        "groupe scolaire.",
    ),
    (
        "Végétaliser la cour de l'école des Tilleuls",
        "enfance",
        98000,
        "Une cour d'école végétalisée aux Tilleuls",
        "les-tilleuls",
        "environnement",
        "Désimperméabiliser la moitié de la cour, planter des arbres et créer un coin potager, avec les enfants "
        "et les enseignant·es ; la cour ouvre au quartier le samedi.",
    ),
    (
        "Une boîte à livres sur le quai des Mariniers",
        "culture",
        4500,
        "Une boîte à livres sur le quai des Mariniers",
        "le-port",
        "culture",
        "Une boîte à livres abritée, fabriquée par le lycée professionnel, entretenue avec la médiathèque.",
    ),
    (
        "Des fontaines d'eau potable dans le centre et les parcs",
        "espaces-verts",
        64000,
        "Des fontaines d'eau potable dans toute la commune",
        None,
        "environnement",
        "Huit fontaines accessibles en fauteuil, dans le centre-ville et les parcs, raccordées au réseau et "
        "fermées l'hiver.",
    ),
    (
        "Un skatepark sur la friche du port",
        "sport",
        148000,
        "Un skatepark sur la friche du port",
        "le-port",
        "jeunesse",
        "Un skatepark en béton de 600 m² pour débutant·es et confirmé·es, dessiné avec les jeunes du quartier.",
    ),
    (
        "Remettre en état le parcours sportif du bois",
        "sport",
        26000,
        "Le parcours sportif du bois remis en état",
        "bois-joli",
        "sport",
        "Remplacer les douze agrès, refaire le balisage et ajouter deux agrès accessibles.",
    ),
]

# Who votes (verified residents of the demo), and for which projects (indexes into IDEAS).
BALLOTS: list[tuple[str, list[int]]] = [
    ("camille.martin", [0, 2, 3, 6]),
    ("mamadou.diallo", [1, 3, 4, 6]),
    ("ines.garcia", [2, 4, 3]),
    ("thomas.roux", [1, 5, 3]),
    ("julie.girard", [0, 2, 4, 6]),
    ("aicha.traore", [5, 1, 6]),
]


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _retain(demarche: Demarche, admin: User, item: Item, department: Department, cost: int) -> Opinion | None:
    """A costed opinion of the department, then a decision retaining the idea and citing it."""
    today = timezone.localdate()
    made, _skipped = decision_actions.opinions_request(
        actor=admin,
        items=[item],
        departments=[department],
        aspects=["faisabilite", "cout"],
        deadline=today + datetime.timedelta(days=14),
        question="Faisabilité et coût d'investissement pour le vote du budget participatif.",
    )
    if not made:
        return None
    opinion = decision_actions.opinion_give(
        actor=admin,
        request=made[0],
        feasibility="faisable",
        recommendation="favorable",
        estimated_cost=str(cost),
        text="Réalisable sur le domaine communal ; coût d'investissement estimé sur devis comparables.",
    )
    decision_actions.decision_publish(
        actor=admin,
        items=[item],
        outcome=Decision.Outcome.ACCEPTED,
        explanation=(
            "Le projet relève des compétences de la commune, c'est une dépense d'investissement et son coût estimé "
            "reste sous le plafond de 150 000 € fixé par le règlement. Il est donc retenu et sera soumis au vote des "
            "habitant·es avec les autres projets réalisables ; les lauréats seront inscrits au budget."
        ),
        body=Decision.Body.COMMITTEE,
        decided_on=today,
        opinions=[opinion],
    )
    opinion.refresh_from_db()
    return opinion


def seed(stdout: TextIO) -> None:
    demarche = Demarche.objects.filter(slug=DEMARCHE_SLUG).first()
    admin = _user(DECIDER)
    manager = _user(MANAGER)
    if demarche is None or admin is None or manager is None:
        stdout.write("  budget participatif : démarche ou comptes de démonstration absents, ignoré")
        return
    if Project.objects.filter(demarche=demarche).exists():
        return
    DemarcheComponent.objects.get_or_create(demarche=demarche, name="budgets", defaults={"position": 5})
    departments = {d.slug: d for d in Department.objects.all()}
    quartiers = {q.slug: q for q in Quartier.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    made: list[Project | None] = []
    for idea, department_slug, cost, title, quartier, theme, description in IDEAS:
        item = Item.objects.filter(demarche=demarche, title=idea).first()
        department = departments.get(department_slug) or demarche.managing_department
        if item is None or department is None:
            made.append(None)
            continue
        try:
            opinion = _retain(demarche, admin, item, department, cost)
            if opinion is None:
                made.append(None)
                continue
            made.append(
                actions.project_create(
                    actor=manager,
                    demarche=demarche,
                    title=title,
                    description=description,
                    items=[item],
                    cost_opinion=opinion,
                    quartier=quartiers.get(quartier) if quartier else None,
                    theme=themes.get(theme),
                )
            )
        except ActionError as error:
            stdout.write(f"  budget participatif : « {idea} » ignorée ({error.message})")
            made.append(None)
    rules = _rules(demarche, manager, quartiers)
    cast = 0
    for local, indexes in BALLOTS:
        voter = _user(local)
        chosen = [made[i] for i in indexes if i < len(made) and made[i] is not None]
        if voter is None or not voter.is_residence_verified or not chosen or rules is None:
            continue
        try:
            actions.ballot_cast(
                voter=voter, demarche=demarche, project_ids=[p.pk for p in chosen if p], age_confirmed=True
            )
            cast += 1
        except ActionError:
            continue
    stdout.write(
        f"  budget participatif : {sum(1 for p in made if p)} projets, règles de vote publiées, {cast} bulletins"
    )


def _rules(demarche: Demarche, manager: User, quartiers: dict[str, Any]) -> BudgetRules | None:
    rulebook = Rulebook.objects.filter(demarche=demarche).first()
    if rulebook is None:
        return None
    now = timezone.now()
    version = rule_version_publish(
        rulebook=rulebook,
        text=(
            "## Règlement du budget participatif 2027 — le vote\n\n"
            "**Enveloppe** : 500 000 €, dont 150 000 € réservés aux projets du quartier de La Plaine-Saint-Martin.\n\n"
            "**Qui vote** : les habitant·es de Bellerive dont la résidence est vérifiée, dès 16 ans, agents de la "
            "commune compris ; une voix par personne, en ligne ou sur papier dans les mairies de quartier.\n\n"
            "**Comment** : chaque votant·e remplit un panier de projets sans dépasser 500 000 €, et peut changer "
            "son vote jusqu'à la clôture.\n\n"
            "**Dépouillement** : méthode des parts égales, complétée par ordre de voix.\n"
        ),
        change_note="Règles du vote : panier dans la limite du budget, parts égales, vote modifiable.",
        who_may_take_part="Les habitantes et habitants vérifiés de Bellerive, dès 16 ans.",
        decider="Le vote des habitant·es ; le conseil municipal inscrit les lauréats au budget.",
        effective_at=now - datetime.timedelta(days=3),
        author=manager,
    )
    envelopes = [(quartiers["plaine-saint-martin"], 150000)] if "plaine-saint-martin" in quartiers else []
    return actions.budget_rules_publish(
        rule_version=version,
        total_budget=500000,
        method=Method.APPROVAL_BUDGET,
        counting_rule="mes",
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=21),
        minimum_age=16,
        envelopes=envelopes,
    )
