"""`visible_demarches_of_the_loaded_person` says what `visible_demarches` says, for every kind of person
and of démarche: it is the same rule written as a subquery of the query that loads the signed-in person
(the bell counts with it, cocite.notifications)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import connection

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.queries import visible_demarches, visible_demarches_of_the_loaded_person
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.models import DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _seen_through_the_subquery(person: User) -> set[int]:
    users = connection.ops.quote_name(User._meta.db_table)
    subquery = visible_demarches_of_the_loaded_person(f"{users}.{connection.ops.quote_name('id')}")
    sql, params = subquery.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id FROM {connection.ops.quote_name(Demarche._meta.db_table)} d, {users} "  # noqa: S608 — names
            f"WHERE {users}.id = %s AND d.id IN ({sql})",
            [person.pk, *params],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_subquery_sees_what_visible_demarches_sees() -> None:
    managing, associated, other = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    people: dict[str, Any] = {
        "resident": UserFactory(),
        "inactive resident": UserFactory(is_active=False),
        "agent of the managing department": UserFactory(),
        "manager of the managing department": UserFactory(),
        "agent of an associated department": UserFactory(),
        "agent of another department": UserFactory(),
        "inactive agent": UserFactory(is_active=False),
        "team member": UserFactory(),
        "invited": UserFactory(),
        "administrator": UserFactory(is_superuser=True),
        "inactive administrator": UserFactory(is_superuser=True, is_active=False),
    }
    DepartmentMembership.objects.create(department=managing, user=people["agent of the managing department"])
    DepartmentMembership.objects.create(
        department=managing, user=people["manager of the managing department"], role=DepartmentMembership.Role.MANAGER
    )
    DepartmentMembership.objects.create(department=associated, user=people["agent of an associated department"])
    DepartmentMembership.objects.create(department=other, user=people["agent of another department"])
    DepartmentMembership.objects.create(department=managing, user=people["inactive agent"])
    for audience, status, managed, with_people in itertools.product(
        Audience, Demarche.Status, (True, False), (True, False)
    ):
        demarche = DemarcheFactory(audience=audience)
        Demarche.objects.filter(pk=demarche.pk).update(status=status, managing_department=managing if managed else None)
        if with_people:
            demarche.team.add(people["team member"])
            demarche.invited.add(people["invited"])
            demarche.associated_departments.add(associated)
    for name, person in people.items():
        fresh = User.objects.get(pk=person.pk)
        expected = set(visible_demarches(fresh).values_list("pk", flat=True))
        assert _seen_through_the_subquery(fresh) == expected, name
    # The comparison covers every branch: someone sees a draft, someone sees only by invitation…
    seen = {name: _seen_through_the_subquery(person) for name, person in people.items()}
    assert seen["administrator"] == set(Demarche.objects.values_list("pk", flat=True))
    assert seen["resident"] < seen["invited"]
    assert seen["resident"] < seen["team member"]
    assert seen["resident"] < seen["agent of another department"] < seen["agent of the managing department"]
    assert seen["inactive agent"] == seen["inactive resident"] == seen["inactive administrator"]
