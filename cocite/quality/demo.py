"""Demo: eight services with a year of feedback (a fixed random seed), six information pages (one
past its review date) and a contestation answered with a correction and another department's
opinion. Through the actions where people act; bulk rows for the year of answers. Idempotent."""

from __future__ import annotations

import datetime
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.territory.models import Department

from . import actions
from .models import Feedback, Help, InformationPage, PageQuestion, PublicService, Respondent, Source

SERVICES = [
    ("Inscription à la cantine", "inscription-cantine", "enfance", "cantine", 0.62),
    ("Demande d’acte d’état civil", "acte-etat-civil", "accueil", "etatcivil", 0.78),
    ("Prise de rendez-vous passeport et carte d’identité", "rendez-vous-passeport", "accueil", "passeport", 0.48),
    ("Déchetterie", "dechetterie", "proprete", "decheterie", 0.70),
    ("Accueil de la mairie", "accueil-mairie", "accueil", "accueil", 0.82),
    ("Inscription aux activités sportives", "inscription-sport", "sport", "sport", 0.66),
    ("Demande de permis de construire", "permis-de-construire", "urbanisme", "permis", 0.44),
    ("Aide sociale facultative", "aide-sociale", "ccas", "ccas", 0.72),
]

HELPS = [
    Help.NOT_NEEDED,
    Help.NOT_NEEDED,
    Help.NOT_NEEDED,
    Help.DESK,
    Help.PHONE,
    Help.RELATIVE,
    Help.ONLINE,
    Help.NONE,
]
COMMENTS = [
    "Le formulaire en ligne demande deux fois les mêmes informations.",
    "Accueil très aimable, merci.",
    "Je n’ai pas compris quelles pièces apporter.",
    "Les horaires ne sont pas adaptés quand on travaille.",
    "Rapide et clair.",
]

PAGES = [
    (
        "Comment est calculé le quotient familial",
        "quotient-familial",
        "ccas",
        "Le **quotient familial** détermine le tarif de la cantine et des activités.\n\n"
        "Il se calcule ainsi : revenus mensuels du foyer divisés par le nombre de parts.\n\n"
        "- 2 parts pour un couple, 1 part pour une personne seule ;\n"
        "- 0,5 part par enfant à charge, 1 part à partir du troisième.\n\n"
        "Le tarif le plus bas s’applique en dessous de 450 € par part.",
        "Responsable du CCAS",
        300,
    ),
    (
        "Horaires et accès de la déchetterie",
        "horaires-dechetterie",
        "proprete",
        "La déchetterie est ouverte du **mardi au samedi**, de 9 h à 12 h et de 14 h à 18 h.\n\n"
        "L’accès est gratuit pour les particuliers, sur présentation d’un justificatif de domicile.\n\n"
        "Les professionnels sont accueillis le mardi matin seulement.",
        "Responsable de la propreté urbaine",
        -20,  # past its review date: « à revérifier »
    ),
    (
        "Le plan de circulation du centre-ville",
        "plan-circulation-centre-ville",
        "urbanisme",
        "Depuis le 1er septembre, la rue de la République est en **sens unique** vers la gare.\n\n"
        "La vitesse est limitée à 30 km/h dans tout le centre-ville.\n\n"
        "Le plan fait baisser le trafic de transit de 1 200 véhicules par jour.",
        "Responsable de l’urbanisme",
        200,
    ),
    (
        "Inscrire son enfant à l’école",
        "inscription-ecole",
        "enfance",
        "L’inscription se fait en mairie ou en ligne, de janvier à mars pour la rentrée suivante.\n\n"
        "Pièces : livret de famille, justificatif de domicile, carnet de vaccination.",
        "Responsable enfance et éducation",
        250,
    ),
    (
        "Obtenir un acte de naissance",
        "acte-de-naissance",
        "accueil",
        "Un acte de naissance se demande en ligne, par courrier ou au guichet, gratuitement.\n\n"
        "Il est envoyé sous 5 jours ouvrés.",
        "Responsable de l’état civil",
        330,
    ),
    (
        "Les tarifs des équipements sportifs",
        "tarifs-equipements-sportifs",
        "sport",
        "Les associations de la commune utilisent gratuitement les gymnases.\n\n"
        "Les particuliers paient 5 € l’entrée à la piscine, 3 € pour les moins de 18 ans.",
        "Responsable des sports",
        150,
    ),
]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _feedback(today: datetime.date) -> int:
    rng = random.Random(2026)
    agents = list(User.objects.filter(department_memberships__isnull=False).distinct().order_by("pk")[:6])
    rows = []
    for _name, slug, _department, _code, quality in SERVICES:
        service = PublicService.objects.get(slug=slug)
        for days_ago in range(365, 0, -1):
            day = today - datetime.timedelta(days=days_ago)
            # The service improves over the year: later answers are a little better.
            level = quality + 0.15 * (365 - days_ago) / 365 - 0.07
            for _index in range(rng.choice([0, 0, 1, 1, 2])):

                def draw(level: float = level) -> int:
                    roll = rng.random()
                    return 2 if roll < level else (1 if roll < level + (1 - level) / 2 else 0)

                is_agent = rng.random() < 0.15
                rows.append(
                    Feedback(
                        service=service,
                        respondent=rng.choice(agents) if is_agent and agents and rng.random() < 0.5 else None,
                        respondent_kind=Respondent.AGENT if is_agent else Respondent.RESIDENT,
                        satisfaction=draw(),
                        ease=draw(),
                        clarity=draw(),
                        help=rng.choice(HELPS),
                        comment=rng.choice(COMMENTS) if rng.random() < 0.1 else "",
                        day=day,
                    )
                )
    # One signed-in agent's answer per service and day at most (the unique constraint).
    seen: set[tuple[int, int | None, datetime.date]] = set()
    kept = []
    for row in rows:
        key = (row.service_id, row.respondent_id, row.day)
        if row.respondent_id is not None and key in seen:
            row.respondent = None
        seen.add(key)
        kept.append(row)
    Feedback.objects.bulk_create(kept, batch_size=500)
    return len(kept)


@transaction.atomic
def seed(stdout: TextIO) -> None:
    if PublicService.objects.exists():
        stdout.write("  qualité : déjà en place")
        return
    today = timezone.localdate()
    departments = {d.slug: d for d in Department.objects.all()}
    for name, slug, department, code, _quality in SERVICES:
        PublicService.objects.create(
            name=name,
            slug=slug,
            department=departments[department],
            short_code=code,
            description=f"Donnez votre avis sur « {name} » après l’avoir utilisée.",
        )
    answers = _feedback(today)
    actions.recurring_point_answer(
        author=_user("e.chevalier"),
        service=PublicService.objects.get(slug="rendez-vous-passeport"),
        point="Les délais de rendez-vous sont trop longs",
        answer="Nous ouvrons des créneaux le samedi matin depuis mars, et publions chaque lundi les créneaux libérés.",
    )
    for title, slug, department, body, role, review_in in PAGES:
        page = actions.page_create(
            author=None,
            department=departments[department],
            title=title,
            slug=slug,
            body=body,
            verified_role=role,
            verified_on=today - datetime.timedelta(days=max(30, 365 - review_in)),
            review_by=today + datetime.timedelta(days=review_in),
        )
        Source.objects.create(
            page=page,
            kind=Source.Kind.SOURCE,
            label="Délibération du conseil municipal",
            url="https://www.example.org/deliberations",
        )
    circulation = InformationPage.objects.get(slug="plan-circulation-centre-ville")
    Source.objects.create(
        page=circulation,
        kind=Source.Kind.DATA,
        label="Comptages routiers 2025 (CSV)",
        url="https://www.example.org/comptages.csv",
    )
    contest = actions.question_ask(
        author=_user("camille.martin"),
        page=circulation,
        kind=PageQuestion.Kind.CONTESTATION,
        statement="Le plan fait baisser le trafic de transit de 1 200 véhicules par jour.",
        body="Les comptages publiés montrent une baisse de 800 véhicules par jour, pas 1 200.",
        source_url="https://www.example.org/comptages.csv",
    )
    finances = departments.get("finances")
    if finances is not None:
        actions.counterpoint_add(
            author=_user("l.garnier"),
            question=contest,
            department_id=finances.pk,
            body="Le chiffre de 1 200 inclut les poids lourds déviés par la rocade, comptés à part dans le fichier.",
        )
    actions.question_answer(
        author=_user("c.masson"),
        question=contest,
        answer=(
            "Vous avez raison : 1 200 additionnait deux comptages. "
            "Le chiffre juste est 800 véhicules par jour ; la page est corrigée."
        ),
        corrected_body=circulation.body.replace("1 200 véhicules", "800 véhicules"),
        note="Chiffre du trafic de transit corrigé",
    )
    actions.question_ask(
        author=_user("yanis.benali"),
        page=InformationPage.objects.get(slug="quotient-familial"),
        kind=PageQuestion.Kind.QUESTION,
        body="Les allocations familiales comptent-elles dans les revenus ?",
    )
    stdout.write(f"  qualité : {len(SERVICES)} prestations, {answers} avis sur un an, {len(PAGES)} pages d’information")
