"""Building blocks of the network's tests: actors, initiatives and a competent department."""

from __future__ import annotations

from typing import Any

from cocite.accounts.tests.factories import UserFactory
from cocite.network import actions
from cocite.network.models import Actor, Initiative
from cocite.territory.models import DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

# 732829320: a SIREN with a valid Luhn key.
VALID_SIREN = "732829320"


def make_actor(admin: Any = None, **fields: Any) -> Actor:
    admin = admin or UserFactory()
    values: dict[str, Any] = {
        "kind": "association",
        "name": "Les Amis du parc",
        "description": "Une association qui entretient le parc avec les habitant·es.",
        "rate_limited": False,
    }
    values.update(fields)
    return actions.actor_create(user=admin, **values)


def make_initiative(holder: Any = None, **fields: Any) -> Initiative:
    holder = holder or UserFactory()
    values: dict[str, Any] = {
        "title": "Un composteur de quartier",
        "need": "Les biodéchets partent à l'incinération.",
        "solution": "Un composteur partagé, entretenu par des volontaires.",
        "rate_limited": False,
    }
    values.update(fields)
    return actions.initiative_create(user=holder, **values)


def manager_of(theme: Any) -> tuple[Any, Any]:
    """A department competent for `theme`, and its manager."""
    manager = UserFactory()
    department = DepartmentFactory(themes=[theme])
    DepartmentMembership.objects.create(
        department=department, user=manager, role=DepartmentMembership.Role.MANAGER, job_title="Responsable"
    )
    return department, manager


def theme_and_quartier() -> tuple[Any, Any]:
    return ThemeFactory(name="Solidarité", slug="solidarite"), QuartierFactory()


EXPLANATION = (
    "Le service accorde une subvention de deux mille euros et un local pendant six mois, parce que "
    "l'initiative répond au besoin d'accès à l'alimentation relevé dans l'analyse des besoins sociaux. "
    "Un bilan sera présenté à la fin de la période."
)
