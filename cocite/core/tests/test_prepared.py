"""A prepared lookup returns exactly what `.first()` returns, without recompiling (cocite.core.prepared)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.core.prepared import PreparedLookup
from cocite.territory.models import DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory

pytestmark = pytest.mark.django_db


def _with_role(pk: Any) -> Any:
    return User.objects.annotate(is_agent=Exists(DepartmentMembership.objects.filter(user_id=OuterRef("pk")))).filter(
        pk=pk
    )


def test_the_instance_is_the_one_first_returns_with_converted_values() -> None:
    quartier = QuartierFactory()
    resident, agent = UserFactory(quartier=quartier), UserFactory()
    DepartmentFactory(members=[agent])
    lookup = PreparedLookup(_with_role)
    for person in (resident, agent):
        expected = _with_role(person.pk).first()
        found = lookup.lookup(person.pk)
        assert found is not None
        assert expected is not None
        assert found.pk == expected.pk
        assert found._state.adding is False
        assert found._state.db == "default"
        for field in User._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
        # Converted as the ORM does, on SQLite too: a real bool and an aware datetime.
        assert found.is_agent is expected.is_agent is (person == agent)
        assert found.date_joined.tzinfo is not None
    assert lookup.lookup(resident.pk).quartier == quartier  # a full model instance: relations work


def test_a_missing_row_is_none_and_each_lookup_is_one_query() -> None:
    person = UserFactory()
    lookup = PreparedLookup(_with_role)
    assert lookup.lookup(person.pk) is not None  # compiled here
    with CaptureQueriesContext(connection) as captured:
        assert lookup.lookup(person.pk + 1000) is None
        assert lookup.lookup(person.pk).email == person.email
    assert len(captured.captured_queries) == 2


def test_a_saved_instance_updates_its_row() -> None:
    person = UserFactory(display_name="Avant")
    found = PreparedLookup(lambda pk: User.objects.filter(pk=pk)).lookup(person.pk)
    assert found is not None
    found.display_name = "Après"
    found.save(update_fields=["display_name"])
    person.refresh_from_db()
    assert person.display_name == "Après"


def test_shapes_it_cannot_prepare_are_refused() -> None:
    person = UserFactory()
    with pytest.raises(ValueError, match="exactly once"):
        PreparedLookup(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(quartier_id=pk)).lookup(person.pk)
    with pytest.raises(ValueError, match="exactly once"):
        PreparedLookup(lambda pk: User.objects.all()).lookup(person.pk)
    with pytest.raises(ValueError, match="select_related"):
        PreparedLookup(lambda pk: User.objects.select_related("quartier").filter(pk=pk)).lookup(person.pk)
