"""Demo: skills, six missions (one full with a waiting list, one past with hours confirmed for
Camille Martin) and five events (one a public meeting of a démarche, one past with its notes),
through the actions. Idempotent; dates relative to the day of seeding, at fixed hours."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone
from django.utils.text import slugify

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.demarches.models import Audience, Demarche
from cocite.items.models import Item, ItemStatus
from cocite.network.models import Actor
from cocite.territory.models import Department

from . import actions
from .models import Mission, Registration, Skill, Slot
from .schedule import aware

SKILLS = [
    "Accueil et orientation",
    "Bricolage",
    "Jardinage",
    "Cuisine",
    "Animation",
    "Informatique",
    "Langues étrangères",
]
RESIDENT = "camille.martin"
OTHERS = ["yanis.benali", "lea.dubois", "mamadou.diallo", "sophie.lefebvre", "hugo.moreau"]

MISSIONS: list[dict[str, Any]] = [
    {
        "key": "full",
        "by": "m.brun",
        "department": "espaces-verts",
        "title": "Plantation de la haie du parc des Tilleuls",
        "what": "Planter 200 mètres de haie champêtre avec l’équipe des espaces verts : outils et gants fournis.",
        "why": "La haie abritera les oiseaux et protégera l’aire de jeux du vent.",
        "address": "Parc des Tilleuls, entrée rue des Lilas",
        "point": (47.8405, 1.9545),
        "skills": ["Jardinage"],
        "capacity": 2,
        "days": [12],
        "hours": (9, 12),
        "accessibility": "Terrain en herbe, accès en fauteuil par l’allée principale ; toilettes adaptées au local.",
        "minimum_age": 12,
    },
    {
        "key": "past",
        "by": "s.faure",
        "department": "proprete",
        "title": "Grand nettoyage des berges",
        "what": "Ramasser les déchets le long des berges, trier ce qui est recyclable.",
        "why": "Avant la saison des crues, pour que les déchets ne partent pas à la rivière.",
        "address": "Quai du Port, devant la capitainerie",
        "point": (47.8305, 1.9705),
        "skills": ["Accueil et orientation"],
        "capacity": 15,
        "days": [-20],
        "hours": (9, 12),
        "accessibility": "Berges en pente douce ; un poste d’accueil assis pour qui ne peut pas marcher longtemps.",
    },
    {
        "key": "weekly",
        "by": "a.roche",
        "department": "enfance",
        "title": "Aide aux devoirs à la médiathèque",
        "what": "Accompagner des écoliers dans leurs devoirs, une heure et demie chaque mercredi.",
        "why": "Les familles de la Gare ont demandé un soutien scolaire près de chez elles.",
        "address": "Médiathèque de la Gare, 3 place de la Gare",
        "point": (47.8455, 1.9305),
        "skills": ["Animation", "Langues étrangères"],
        "capacity": 4,
        "weekly": (5, 61),
        "hours": (14, 16),
        "minimum_age": 18,
        "accessibility": "Rez-de-chaussée accessible, boucle magnétique à l’accueil.",
    },
    {
        "key": "slots",
        "by": "d.gauthier",
        "department": "culture",
        "organisation_name": "Association Les Amis du Festival",
        "organisation_contact": "Présidente : Mme Lemoine, 06 00 00 00 00",
        "title": "Accueil du public au festival de quartier",
        "what": "Orienter le public, tenir le stand d’information, aider au montage.",
        "why": "Le festival repose sur ses bénévoles depuis sa création.",
        "address": "Place du Marché",
        "point": (47.8305, 1.9305),
        "skills": ["Accueil et orientation", "Animation"],
        "capacity": 6,
        "days": [26, 27],
        "hours": (10, 18),
    },
    {
        "key": "repair",
        # Published by a member of an actor of the network (cocite/network/demo/network.yaml), in its name.
        "by": "yanis.benali",
        "department": "",
        "actor": "Repair Café de la Gare",
        "fallback": ("d.gauthier", "culture"),  # when the network's demo is not seeded
        "title": "Atelier de réparation de vélos",
        "what": "Aider les habitants à réparer leur vélo : freins, crevaisons, éclairage.",
        "why": "Un atelier demandé dans les contributions sur les mobilités douces.",
        "address": "Local associatif, 8 rue du Moulin",
        "point": None,
        "skills": ["Bricolage"],
        "capacity": 3,
        "days": [9],
        "hours": (14, 17),
        "source": True,
    },
    {
        "key": "digital",
        "by": "e.chevalier",
        "department": "accueil",
        "title": "Permanence d’aide aux démarches en ligne",
        "what": "Aider les personnes peu à l’aise avec Internet à faire leurs démarches en ligne, avec un agent.",
        "why": "Les demandes de rendez-vous en ligne laissent de côté une partie des habitants.",
        "address": "Hôtel de ville, salle du rez-de-chaussée",
        "point": (47.8355, 1.9305),
        "skills": ["Informatique", "Accueil et orientation"],
        "capacity": 2,
        "days": [4],
        "hours": (9, 11),
    },
]

EVENTS: list[dict[str, Any]] = [
    {
        "by": "adjointe.participation",
        "department": "urbanisme",
        "title": "Réunion publique sur les abords des écoles",
        "description": "Présentation des contributions reçues et échanges avec les habitants.",
        "address": "Salle des fêtes, 1 avenue de la République",
        "point": (47.8355, 1.9255),
        "day": 15,
        "hours": (18, 20),
        "capacity": 120,
        "demarche": True,
    },
    {
        "by": "m.brun",
        "department": "espaces-verts",
        "title": "Balade découverte des arbres remarquables",
        "description": "Une promenade commentée par un jardinier de la commune.",
        "address": "Départ devant le kiosque du parc",
        "point": (47.8405, 1.9505),
        "day": 8,
        "hours": (10, 12),
        "capacity": 25,
    },
    {
        "by": "chloe.fournier",
        "department": "",
        "actor": "Compagnie Les Tréteaux",
        "fallback": ("d.gauthier", "culture"),
        "title": "Atelier d’écriture intergénérationnel",
        "description": "Écrire ensemble les souvenirs du quartier, de 8 à 88 ans.",
        "address": "Maison de quartier du Bois-Joli",
        "point": None,
        "day": 19,
        "hours": (15, 17),
        "capacity": 12,
    },
    {
        "by": "a.roche",
        "department": "enfance",
        "title": "Café des parents",
        "description": "Un moment d’échange entre parents, avec une éducatrice de jeunes enfants.",
        "address": "École des Coteaux, salle polyvalente",
        "point": (47.8205, 1.9405),
        "day": 6,
        "hours": (8, 10),
        "capacity": 2,
    },
    {
        "by": "n.perrin",
        "department": "voirie",
        "title": "Présentation du plan de circulation du centre",
        "description": "Le service voirie présente le projet de plan de circulation.",
        "address": "Hôtel de ville, salle du conseil",
        "point": (47.8355, 1.9305),
        "day": -10,
        "hours": (18, 20),
        "capacity": 80,
        "notes": "Quarante-deux personnes présentes. Les questions ont porté sur les livraisons et le stationnement "
        "des riverains ; le service publiera une version révisée du plan avant l’été.",
        "attendance": 42,
    },
]


def _user(name: str) -> User:
    return User.objects.get(email=f"{name}@{DEMO_DOMAIN}")


def _actor(entry: dict[str, Any]) -> Actor | None:
    """The network's demo actor of that name (seeded before the missions: INSTALLED_APPS order). Without
    it (the network's demo not seeded), the entry falls back to a department's agent."""
    actor = Actor.objects.filter(name=entry["actor"]).first() if entry.get("actor") else None
    if actor is None and "fallback" in entry:
        entry["by"], entry["department"] = entry.pop("fallback")
    return actor


def _slot(today: datetime.date, offset: int, hours: tuple[int, int]) -> tuple[datetime.datetime, datetime.datetime]:
    day = today + datetime.timedelta(days=offset)
    return aware(day, datetime.time(hours[0])), aware(day, datetime.time(hours[1]))


def seed(stdout: TextIO) -> None:
    if Mission.objects.exists():
        stdout.write(f"  missions : {Mission.objects.count()} missions déjà publiées, rien d’ajouté")
        return
    for name in SKILLS:
        Skill.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    skills = {skill.name: skill for skill in Skill.objects.all()}
    departments = {d.slug: d for d in Department.objects.all()}
    today = timezone.localdate()
    source = Item.objects.filter(status__in=[ItemStatus.ACCEPTED, ItemStatus.ACCEPTED_MODIFIED]).order_by("pk").first()
    resident = _user(RESIDENT)
    others = [_user(name) for name in OTHERS]
    for entry in (dict(e) for e in MISSIONS):
        actor = _actor(entry)
        if "weekly" in entry:
            first, last = entry["weekly"]
            slots = [_slot(today, offset, entry["hours"]) for offset in range(first, last + 1, 7)]
            schedule = Mission.Schedule.WEEKLY
        else:
            slots = [_slot(today, offset, entry["hours"]) for offset in entry["days"]]
            schedule = Mission.Schedule.SLOTS if len(slots) > 1 else Mission.Schedule.ONCE
        past = slots[0][0] < timezone.now()
        published_at = slots[0][0] - datetime.timedelta(days=10) if past else None
        point = entry.get("point")
        mission = actions.mission_publish(
            author=_user(entry["by"]),
            title=entry["title"],
            what=entry["what"],
            why=entry["why"],
            department=departments.get(entry["department"]),
            actor=actor,
            organisation_name=entry.get("organisation_name", ""),
            organisation_contact=entry.get("organisation_contact", ""),
            address=entry["address"],
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            accessibility=entry.get("accessibility", ""),
            skills=[skills[name] for name in entry["skills"]],
            capacity=entry["capacity"],
            minimum_age=entry.get("minimum_age"),
            schedule=schedule,
            slots=slots,
            source_item=source if entry.get("source") else None,
            now=published_at,
        )
        first_slot = Slot.objects.filter(mission=mission).order_by("starts_at").first()
        assert first_slot is not None
        if entry["key"] == "full":
            for person in [*others[:2], others[2]]:  # two places, the third person waits
                actions.registration_create(person=person, slot=first_slot, consent=True, age_confirmed=True)
        elif entry["key"] == "past":
            before = first_slot.starts_at - datetime.timedelta(days=5)
            registered = [
                actions.registration_create(person=person, slot=first_slot, consent=True, now=before)
                for person in [resident, *others[3:5]]
            ]
            hours: dict[int, tuple[bool, Decimal | None]] = {r.pk: (True, Decimal("3")) for r in registered}
            hours[registered[-1].pk] = (False, None)
            actions.attendance_confirm(
                organiser=_user(entry["by"]), slot=first_slot, entries=hours, now=first_slot.ends_at
            )
        elif entry["key"] == "slots":
            actions.registration_create(person=resident, slot=first_slot, consent=True)
    public = (
        Demarche.objects.filter(status=Demarche.Status.PUBLISHED, audience=Audience.EVERYONE).order_by("pk").first()
    )
    for entry in (dict(e) for e in EVENTS):
        actor = _actor(entry)
        start, end = _slot(today, entry["day"], entry["hours"])
        past = start < timezone.now()
        point = entry.get("point")
        event = actions.event_publish(
            author=_user(entry["by"]) if not entry["by"].startswith("adjointe") else _user("n.perrin"),
            title=f"{entry['title']} : {public.title}"[:140] if entry.get("demarche") and public else entry["title"],
            description=entry["description"],
            department=departments.get(entry["department"]) if not entry.get("demarche") else departments.get("voirie"),
            actor=actor,
            organisation_name=entry.get("organisation_name", ""),
            address=entry["address"],
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            starts_at=start,
            ends_at=end,
            capacity=entry["capacity"],
            demarche=public if entry.get("demarche") else None,
            now=start - datetime.timedelta(days=20) if past else None,
        )
        slot = Slot.objects.get(event=event)
        if entry["capacity"] == 2:
            for person in others[:3]:
                actions.registration_create(person=person, slot=slot, consent=True)
        if past:
            before = start - datetime.timedelta(days=3)
            registrations = [
                actions.registration_create(person=person, slot=slot, consent=True, now=before)
                for person in [resident, others[0]]
            ]
            actions.attendance_confirm(
                organiser=_user(entry["by"]),
                slot=slot,
                entries={r.pk: (True, None) for r in registrations},
                now=end,
            )
            actions.event_notes_publish(
                organiser=_user(entry["by"]),
                event=event,
                notes=entry["notes"],
                attendance_count=entry["attendance"],
                now=end,
            )
    stdout.write(
        f"  missions : {Mission.objects.count()} missions, {len(EVENTS)} rencontres, "
        f"{Registration.objects.count()} inscriptions (une mission complète avec liste d’attente, "
        "des heures confirmées pour Camille Martin)"
    )
