"""Demo: the report categories (who handles what, how fast) and fifteen reports in varied statuses,
written through the actions (routing, timeline, followers), then dated back. Idempotent."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.territory.models import Department

from . import actions
from .models import Category, Report, ReportEvent, Status

CATEGORIES = [
    # slug, name, department slug, answer delay (days)
    ("eclairage-public", "Éclairage public", "voirie", 10),
    ("voirie-trottoir", "Voirie et trottoir", "voirie", 15),
    ("depot-sauvage", "Dépôt sauvage", "proprete", 5),
    ("proprete", "Propreté", "proprete", 7),
    ("espaces-verts", "Espaces verts", "espaces-verts", 15),
    ("mobilier-urbain", "Mobilier urbain", "voirie", 20),
]
AGENTS = {"voirie": "n.perrin", "proprete": "s.faure", "espaces-verts": "m.brun"}
RESIDENTS = ["camille.martin", "yanis.benali"]
# category, latitude, longitude, address, description, days ago, final status, message
REPORTS = [
    (
        "eclairage-public",
        47.8301,
        1.9302,
        "",
        "Le lampadaire devant l'école ne s'allume plus depuis une semaine.",
        3,
        "recu",
        "",
    ),
    (
        "eclairage-public",
        47.8412,
        1.9255,
        "",
        "Trois lampadaires éteints le long du parc, la rue est très sombre.",
        12,
        "pris_en_charge",
        "Une équipe passe cette semaine.",
    ),
    (
        "voirie-trottoir",
        47.8350,
        1.9510,
        "",
        "Nid-de-poule profond au milieu de la chaussée, dangereux pour les vélos.",
        20,
        "planifie",
        "Réfection prévue avec le programme de voirie.",
    ),
    (
        "voirie-trottoir",
        None,
        None,
        "Rue des Écoles, devant le n° 12",
        "Dalle du trottoir soulevée, une poussette ne passe plus.",
        40,
        "resolu",
        "Dalle remplacée.",
    ),
    ("depot-sauvage", 47.8320, 1.9655, "", "Dépôt de gravats et d'un matelas au pied des conteneurs.", 2, "recu", ""),
    (
        "depot-sauvage",
        47.8440,
        1.9712,
        "",
        "Sacs d'ordures abandonnés près de l'arrêt de bus.",
        35,
        "resolu",
        "Enlevés le lendemain.",
    ),
    (
        "proprete",
        47.8290,
        1.9420,
        "",
        "Tags sur le mur de la salle des fêtes.",
        9,
        "pris_en_charge",
        "Nettoyage demandé au prestataire.",
    ),
    (
        "proprete",
        47.8371,
        1.9105,
        "",
        "Corbeilles qui débordent chaque week-end sur la place.",
        60,
        "non_retenu",
        "Le rythme de collecte est déjà renforcé le week-end ; nous surveillons.",
    ),
    (
        "espaces-verts",
        47.8388,
        1.9222,
        "",
        "Branche cassée qui menace de tomber sur le chemin piéton.",
        6,
        "planifie",
        "Élagage prévu.",
    ),
    (
        "espaces-verts",
        47.8460,
        1.9560,
        "",
        "Pelouse du square jamais tondue depuis le printemps.",
        50,
        "resolu",
        "Tonte faite.",
    ),
    ("mobilier-urbain", 47.8333, 1.9377, "", "Banc arraché près de la fontaine.", 15, "recu", ""),
    (
        "mobilier-urbain",
        47.8402,
        1.9701,
        "",
        "Abribus vandalisé, vitre brisée.",
        25,
        "hors_competence",
        "L'abribus relève de l'intercommunalité, à qui nous avons transmis.",
    ),
    (
        "voirie-trottoir",
        47.8316,
        1.9588,
        "",
        "Marquage du passage piéton effacé devant le collège.",
        8,
        "pris_en_charge",
        "",
    ),
    ("eclairage-public", 47.8302, 1.9303, "", "Lampadaire éteint devant l'école, côté parking.", 1, "recu", ""),
    (
        "depot-sauvage",
        None,
        None,
        "Chemin de la Plaine, près du pont",
        "Pneus abandonnés dans le fossé.",
        70,
        "resolu",
        "Pneus enlevés.",
    ),
]


def seed(stdout: TextIO) -> None:
    departments = {d.slug: d for d in Department.objects.filter(slug__in={c[2] for c in CATEGORIES})}
    categories: dict[str, Category] = {}
    for slug, name, department_slug, delay in CATEGORIES:
        if department_slug not in departments:
            continue
        categories[slug], _created = Category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "department": departments[department_slug], "answer_delay_days": delay},
        )
    if Report.objects.exists() or not categories:
        stdout.write("reports: already seeded\n")
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    residents = [people[r] for r in RESIDENTS if r in people]
    if not residents:
        return
    now = timezone.now()
    for index, (slug, lat, lon, address, text, days, status, message) in enumerate(REPORTS):
        category = categories.get(slug)
        if category is None:
            continue
        report = actions.report_submit(
            user=residents[index % len(residents)],
            category=category,
            description=text,
            latitude=lat,
            longitude=lon,
            address=address,
            rate_limited=False,
        )
        agent = people.get(AGENTS[category.department.slug])
        if status != Status.RECEIVED and agent is not None:
            actions.report_set_status(
                agent=agent,
                report=report,
                status=status,
                message=message,
                planned_for=(now + datetime.timedelta(days=10)).date() if status == Status.PLANNED else None,
                competent_body="Communauté de communes" if status == Status.NOT_OURS else "",
            )
        # Dated back: the demo shows reports of the past weeks (created, answered, resolved then).
        created = now - datetime.timedelta(days=days)
        answered = created + datetime.timedelta(days=min(days, 2)) if status != Status.RECEIVED else None
        Report.objects.filter(pk=report.pk).update(
            created_at=created,
            due_at=created + datetime.timedelta(days=category.answer_delay_days),
            answered_at=answered,
            resolved_at=answered if status == Status.RESOLVED else None,
        )
        events = list(ReportEvent.objects.filter(report=report).order_by("pk").values_list("pk", flat=True))
        ReportEvent.objects.filter(pk=events[0]).update(created_at=created)
        if len(events) > 1 and answered is not None:
            ReportEvent.objects.filter(pk__in=events[1:]).update(created_at=answered)
    stdout.write(f"reports: {len(CATEGORIES)} categories, {Report.objects.count()} reports\n")
