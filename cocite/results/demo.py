"""Demo follow-up: the bicycle project in progress, the public toilets declared done and contested.

Idempotent: runs only while no result exists. Nine concerned people say the toilets are not
done (the rules reopen the follow-up at ten), so the tenth "non" can be given in the browser.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.decisions import demo as decisions_demo
from cocite.decisions.queries import current_decision_for
from cocite.items.models import Item
from cocite.territory.models import Department

from . import actions, queries
from .models import Result

DEMO_DOMAIN = decisions_demo.DEMO_DOMAIN
NOT_DONE_COMMENTS = (
    "La porte accessible est en panne depuis une semaine, on ne peut pas entrer en fauteuil.",
    "Fermées le dimanche, jour de marché : ce n'est pas ce qui était annoncé.",
    "",
    "La cabine est souvent hors service.",
    "",
    "Pas de table à langer, contrairement à ce qui était prévu.",
    "",
    "",
    "Toujours fermées le soir après 19 h.",
)
DONE_COMMENTS = ("Enfin ! Propres et bien placées.", "", "Très utile les jours de marché.")


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _decision_of(title: str) -> object | None:
    item = Item.objects.filter(kind="contribution", demarche__slug=decisions_demo.BUDGET_SLUG, title=title).first()
    return current_decision_for(item.pk) if item else None


def seed(stdout: TextIO) -> None:
    if Result.objects.exists():
        stdout.write(f"  résultats : {Result.objects.count()} résultats déjà suivis, rien d'ajouté")
        return
    perrin, faure = _user("n.perrin"), _user("s.faure")
    bikes = _decision_of(decisions_demo.BIKE_TITLES[0])
    toilets = _decision_of(decisions_demo.TOILETS)
    if perrin is None or faure is None or bikes is None or toilets is None:
        stdout.write("  résultats : décisions de démonstration absentes, rien d'ajouté")
        return
    today = timezone.localdate()
    bikes_result = actions.result_create(
        actor=perrin,
        title="Stationnement vélo : abri sécurisé à la gare et arceaux à Bois-Joli",
        description=(
            "Un abri fermé de 40 places (dont 6 pour les vélos cargo) sur le parvis nord de la gare et "
            "24 arceaux rue des Commerces à Bois-Joli."
        ),
        department=Department.objects.get(slug="voirie"),
        decisions=[bikes],  # type: ignore[list-item]
        budget="68000",
        milestones=[
            ("Choix des emplacements avec les commerçants", today - datetime.timedelta(days=20)),
            ("Commande du mobilier", today + datetime.timedelta(days=30)),
            ("Pose de l'abri et des arceaux", today + datetime.timedelta(days=90)),
        ],
    )
    first = bikes_result.milestones.order_by("due_on").first()
    if first is not None:
        actions.milestone_set_done(actor=perrin, milestone=first, done=True)
    actions.result_update_progress(
        actor=perrin,
        result=bikes_result,
        progress=40,
        note=(
            "Emplacements validés avec l'association des commerçants de Bois-Joli ; "
            "consultation des fournisseurs en cours."
        ),
    )

    toilets_result = actions.result_create(
        actor=faure,
        title="Toilettes publiques accessibles place de la République",
        description=(
            "Une cabine automatique accessible en fauteuil, ouverte de 7 h à 21 h, nettoyée après chaque usage."
        ),
        department=Department.objects.get(slug="proprete"),
        decisions=[toilets],  # type: ignore[list-item]
        budget="85000",
        progress=80,
        milestones=[("Pose de la cabine", today - datetime.timedelta(days=40))],
    )
    for milestone in toilets_result.milestones.all():
        actions.milestone_set_done(actor=faure, milestone=milestone, done=True)
    actions.result_mark_done(
        actor=faure, result=toilets_result, note="Cabine posée et raccordée ; ouverture au public le 15 octobre."
    )
    concerned = list(
        User.objects.filter(pk__in=queries.concerned_user_ids(toilets_result))
        .exclude(email=decisions_demo.UNANSWERED_EMAIL)
        .order_by("pk")
    )
    for person, comment in zip(concerned, NOT_DONE_COMMENTS, strict=False):
        actions.completion_check_answer(user=person, result=toilets_result, done=False, comment=comment)
    for person, comment in zip(concerned[len(NOT_DONE_COMMENTS) :], DONE_COMMENTS, strict=False):
        actions.completion_check_answer(user=person, result=toilets_result, done=True, comment=comment)
    stdout.write("  résultats : 2 résultats suivis (un en cours, un déclaré réalisé et contesté)")
