"""A démarche exploring now, with its team (the managing department's agents), for the exploration tests."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from PIL import Image

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.models import Demarche, DemarcheComponent
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.exploration import actions
from cocite.exploration.models import FieldNote, Finding, Journey
from cocite.territory.models import Department, DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory


@dataclass
class Setting:
    demarche: Demarche
    department: Department
    manager: User
    agent: User
    outsider_agent: User
    resident: User


def exploring(phase: str = "exploration", **demarche: Any) -> Setting:
    manager, agent, outsider = UserFactory(), UserFactory(), UserFactory()
    department = DepartmentFactory(members=[agent])
    DepartmentMembership.objects.create(department=department, user=manager, role=DepartmentMembership.Role.MANAGER)
    DepartmentFactory(members=[outsider])
    made = DemarcheFactory(phase=phase, managing_department=department, **demarche)
    DemarcheComponent.objects.create(demarche=made, name="exploration", position=1)
    publish_version(RulebookFactory(demarche=made), 1)
    return Setting(made, department, manager, agent, outsider, UserFactory())


def png(color: str = "red") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def note(setting: Setting, title: str = "Une matinée au guichet", **overrides: Any) -> FieldNote:
    values: dict[str, Any] = {
        "author": setting.agent,
        "demarche": setting.demarche,
        "kind": FieldNote.Kind.OBSERVATION,
        "title": title,
        "happened_on": timezone.localdate(),
        "place": "Guichet de la mairie",
        "participants_count": 6,
        "participant_profiles": "Quatre parents, deux agentes",
        "notes": "Les familles attendent longtemps.",
        "learned": "La liste des pièces n'est connue qu'au guichet.",
        "rate_limited": False,
    }
    values.update(overrides)
    return actions.field_note_record(**values)


def journey(setting: Setting, steps: int = 2, irritants: int = 1) -> Journey:
    made = actions.journey_create(
        author=setting.agent,
        demarche=setting.demarche,
        title="Inscrire son enfant",
        case="persona",
        who="Mère seule, horaires décalés",
        goal="Inscrire sa fille à l'école",
        rate_limited=False,
    )
    for n in range(steps):
        step = actions.journey_step_add(
            author=setting.agent,
            journey=made,
            title=f"Étape {n}",
            channel="guichet",
            feeling="negatif",
            minutes=10,
            rate_limited=False,
        )
        for m in range(irritants):
            actions.irritant_add(
                author=setting.agent,
                step=step,
                text=f"Irritant {n}.{m}",
                raised_in=[ContributionFactory(demarche=setting.demarche)],
                rate_limited=False,
            )
    return made


def finding(setting: Setting, *, published: bool = True, sources: int = 1) -> Finding:
    notes = [note(setting, title=f"Note {n}") for n in range(sources)]
    contributions: list[Contribution] = [ContributionFactory(demarche=setting.demarche) for _ in range(sources)]
    return actions.finding_record(
        author=setting.agent,
        demarche=setting.demarche,
        title="Les familles reviennent pour une pièce",
        summary="Près d'une famille sur deux repart sans avoir fini.",
        published=published,
        field_notes=notes,
        contributions=contributions,
        rate_limited=False,
    )
