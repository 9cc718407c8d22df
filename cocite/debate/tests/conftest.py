"""Fixtures of the debate tests: an idea in a démarche open for comments, competent and other departments."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.models import DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory, ThemeFactory


@pytest.fixture
def voirie_theme(db: Any) -> Any:
    return ThemeFactory(slug="voirie", name="Voirie")


@pytest.fixture
def demarche(db: Any, voirie_theme: Any) -> Any:
    demarche = DemarcheFactory()
    demarche.themes.add(voirie_theme)
    return demarche


@pytest.fixture
def idea(demarche: Any, voirie_theme: Any) -> Any:
    contribution = ContributionFactory(
        demarche=demarche, kind="idee", title="Fermer la rue des Écoles aux voitures le matin"
    )
    contribution.themes.add(voirie_theme)
    return contribution


@pytest.fixture
def voirie_agent(db: Any, voirie_theme: Any) -> Any:
    user = UserFactory(display_name="Nathalie_P", first_name="Nathalie", last_name="Perrin-Secret")
    department = DepartmentFactory(name="Voirie et déplacements", themes=[voirie_theme])
    DepartmentMembership.objects.create(department=department, user=user, job_title="Responsable de la voirie")
    return user


@pytest.fixture
def culture_agent(db: Any) -> Any:
    user = UserFactory(display_name="David_G")
    DepartmentFactory(name="Culture et patrimoine", members=[user], themes=[ThemeFactory(slug="culture")])
    return user
