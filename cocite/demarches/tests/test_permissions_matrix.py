"""The permission matrix: role × phase × audience, for every contribution action, plus visibility."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import permissions as contribution_permissions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches import permissions
from cocite.demarches.models import Audience, Demarche, PhaseKind
from cocite.demarches.queries import visible_demarches
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

# "pilot" is an agent of the démarche's managing department, "team" a non-agent the démarche names.
# "verified" has a residence verification in force, "expired" had one that expired (cocite.residency).
ROLES = [
    "anonymous",
    "resident",
    "verified",
    "expired",
    "invited",
    "agent",
    "pilot",
    "team",
    "moderator",
    "administrator",
]

# What each phase allows for the contributions component (the spec's defaults).
PHASE_ALLOWS = {
    PhaseKind.COLLECTE: {"submit", "support", "comment", "edit"},
    PhaseKind.EXPLORATION: {"support", "comment"},
    PhaseKind.ARBITRAGE: {"comment"},
    PhaseKind.MISE_EN_OEUVRE: {"comment"},
}

# Who may take part, by audience (before the phase is considered).
TAKES_PART = {
    Audience.EVERYONE: {
        "resident",
        "verified",
        "expired",
        "invited",
        "agent",
        "pilot",
        "team",
        "moderator",
        "administrator",
    },
    Audience.VERIFIED: {"verified", "agent", "pilot", "administrator"},
    Audience.AGENTS: {"agent", "pilot", "administrator"},
    Audience.INVITED: {"invited", "administrator"},
}

# Invitation-only: those it names, not every agent (issue 13, defect 13).
SEES = {
    Audience.EVERYONE: set(ROLES),
    Audience.VERIFIED: set(ROLES),
    Audience.AGENTS: {"agent", "pilot", "team", "administrator"},
    Audience.INVITED: {"invited", "pilot", "team", "administrator"},
}


def make_user(role: str, demarche: Demarche) -> Any:
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    user = UserFactory(
        is_moderator=role == "moderator",
        is_superuser=role == "administrator",
        is_staff=role == "administrator",
    )
    now = timezone.now()
    if role == "verified":
        user.residence_verified_at, user.residence_verified_until = now, now + datetime.timedelta(days=365)
    if role == "expired":
        user.residence_verified_at = now - datetime.timedelta(days=400)
        user.residence_verified_until = now - datetime.timedelta(days=35)
    user.save()
    if role == "agent":
        DepartmentFactory(members=[user])
    if role == "pilot":
        assert demarche.managing_department is not None
        demarche.managing_department.memberships.create(user=user)
    if role == "team":
        demarche.team.add(user)
    if role == "invited":
        demarche.invited.add(user)
    return user


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("phase", list(PhaseKind))
def test_matrix(audience: Audience, phase: PhaseKind) -> None:
    demarche = DemarcheFactory(audience=audience, phase=phase, managing_department=DepartmentFactory())
    for role in ROLES:
        user = make_user(role, demarche)
        assert permissions.can_view_demarche(user, demarche) == (role in SEES[audience]), (role, audience)
        for action in ("submit", "support", "comment", "edit"):
            expected = role in TAKES_PART[audience] and action in PHASE_ALLOWS[phase]
            assert permissions.can(user, action, demarche, "contributions") == expected, (role, action, phase, audience)


def test_the_set_based_twin_agrees_for_verified_and_expired_residents() -> None:
    """visible_demarches (lists) and can_view_demarche (one object) agree for every role, the residence
    status included: a « verified residents » démarche is seen by all, only taking part needs it."""
    department = DepartmentFactory()
    demarches = [
        DemarcheFactory(audience=audience, status=status, managing_department=department)
        for audience in Audience.values
        for status in Demarche.Status.values
    ]
    for role in ROLES:
        user = make_user(role, demarches[0])
        for demarche in demarches[1:]:
            if role == "pilot":
                demarche.managing_department.memberships.get_or_create(user=user)
            if role == "team":
                demarche.team.add(user)
            if role == "invited":
                demarche.invited.add(user)
        for attribute in ("_cocite_named_in", "_cocite_department_roles", "_cocite_is_agent"):
            getattr(user, "__dict__", {}).pop(attribute, None)
        listed = set(visible_demarches(user).values_list("pk", flat=True))
        one_by_one = {d.pk for d in demarches if permissions.can_view_demarche(user, d)}
        assert listed == one_by_one, role


def test_closed_and_draft_demarches_allow_nothing() -> None:
    resident = UserFactory()
    closed = DemarcheFactory(status=Demarche.Status.CLOSED)
    draft = DemarcheFactory(status=Demarche.Status.DRAFT)
    assert not permissions.can(resident, "submit", closed, "contributions")
    assert permissions.can_view_demarche(resident, closed)
    assert not permissions.can_view_demarche(resident, draft)
    assert permissions.can_view_demarche(UserFactory(is_superuser=True), draft)


def test_per_demarche_phase_override_is_enforced() -> None:
    demarche = DemarcheFactory(phase=PhaseKind.EXPLORATION)
    component = demarche.components.get(name="contributions")
    component.settings = {"phase_actions": {"exploration": ["submit", "support"]}}
    component.save()
    resident = UserFactory()
    assert permissions.can(resident, "submit", demarche, "contributions")
    assert not permissions.can(resident, "comment", demarche, "contributions")


def test_phase_override_by_administrator_with_reason() -> None:
    demarche = DemarcheFactory(phase=PhaseKind.COLLECTE)
    arbitrage = demarche.phases.get(kind=PhaseKind.ARBITRAGE)
    demarche.phase_override = arbitrage
    demarche.phase_override_reason = ""
    with pytest.raises(Exception, match="motif"):
        demarche.full_clean()
    demarche.phase_override_reason = "Le conseil municipal avance l'arbitrage."
    demarche.full_clean()
    demarche.save()
    assert demarche.current_phase() == arbitrage
    assert not permissions.can(UserFactory(), "submit", demarche, "contributions")
    body = Client().get(demarche.get_absolute_url()).content.decode()
    assert "Le conseil municipal avance l&#x27;arbitrage." in body


def test_agents_only_demarche_is_invisible_to_others() -> None:
    hidden = DemarcheFactory(audience=Audience.AGENTS, title="Accueil interne")
    public = DemarcheFactory(title="Budget participatif")
    contribution = ContributionFactory(demarche=hidden, title="Une idée interne sur l'accueil")
    resident = UserFactory()
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    assert list(visible_demarches(resident)) == [public]
    client = Client()
    client.force_login(resident)
    for url in (hidden.get_absolute_url(), f"/demarches/{hidden.slug}/contributions/", contribution.get_absolute_url(),
                f"/demarches/{hidden.slug}/regles/", f"/demarches/{hidden.slug}/contribuer/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert "Accueil interne" not in client.get("/demarches/").content.decode()
    assert "Accueil interne" not in Client().get("/").content.decode()
    agent_client = Client()
    agent_client.force_login(agent)
    assert agent_client.get(contribution.get_absolute_url()).status_code == 200
    assert "Accueil interne" in agent_client.get("/demarches/").content.decode()
    assert contribution_permissions.can_support(agent, contribution)
