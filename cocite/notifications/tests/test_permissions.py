"""The set-based audience filter agrees with the démarche permission rule, case by case."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cocite.accounts.models import User
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications.permissions import viewers_of
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import person

pytestmark = pytest.mark.django_db


def test_viewers_of_matches_can_view_demarche() -> None:
    resident, agent, invited, admin = person(), person(), person(), person(is_superuser=True)
    pilot, associated, team = person(), person(), person()
    inactive_admin, inactive_agent = person(is_superuser=True, is_active=False), person(is_active=False)
    DepartmentFactory(members=[agent, inactive_agent])
    pilot_department, associated_department = (
        DepartmentFactory(members=[pilot]),
        DepartmentFactory(members=[associated]),
    )
    # Residents whose residence verification is in force or expired (cocite.residency): seeing a
    # « verified residents » démarche does not depend on it, only taking part.
    now = timezone.now()
    verified = person(residence_verified_at=now, residence_verified_until=now + datetime.timedelta(days=30))
    expired = person(
        residence_verified_at=now - datetime.timedelta(days=400),
        residence_verified_until=now - datetime.timedelta(days=35),
    )
    people = [
        resident,
        agent,
        invited,
        admin,
        pilot,
        associated,
        team,
        inactive_admin,
        inactive_agent,
        verified,
        expired,
    ]
    for audience in Audience.values:
        for status in Demarche.Status.values:
            demarche = DemarcheFactory(audience=audience, status=status, managing_department=pilot_department)
            demarche.invited.add(invited)
            demarche.team.add(team)
            demarche.associated_departments.add(associated_department)
            expected = {u.pk for u in people if u.is_active and can_view_demarche(User.objects.get(pk=u.pk), demarche)}
            actual = set(
                User.objects.filter(viewers_of(demarche), pk__in=[u.pk for u in people]).values_list("pk", flat=True)
            )
            assert actual == expected, (audience, status)
