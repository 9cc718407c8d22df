"""A prepared query returns exactly what the ORM returns, without recompiling (cocite.core.prepared)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.core.prepared import PreparedQuery
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
    prepared = PreparedQuery(_with_role)
    for person in (resident, agent):
        expected = _with_role(person.pk).first()
        found = prepared.first(person.pk)
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
    assert prepared.first(resident.pk).quartier == quartier  # a full model instance: relations work


def test_a_missing_row_is_none_and_each_lookup_is_one_query() -> None:
    person = UserFactory()
    prepared = PreparedQuery(_with_role)
    assert prepared.first(person.pk) is not None  # compiled here
    with CaptureQueriesContext(connection) as captured:
        assert prepared.first(person.pk + 1000) is None
        assert prepared.first(person.pk).email == person.email
    assert len(captured.captured_queries) == 2


def test_a_saved_instance_updates_its_row() -> None:
    person = UserFactory(display_name="Avant")
    found = PreparedQuery(lambda pk: User.objects.filter(pk=pk)).first(person.pk)
    assert found is not None
    found.display_name = "Après"
    found.save(update_fields=["display_name"])
    person.refresh_from_db()
    assert person.display_name == "Après"


def test_shapes_it_cannot_prepare_are_refused() -> None:
    person = UserFactory()
    with pytest.raises(ValueError, match="exactly once"):
        PreparedQuery(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(quartier_id=pk)).first(person.pk)
    with pytest.raises(ValueError, match="exactly once"):
        PreparedQuery(lambda pk: User.objects.all()).first(person.pk)
    with pytest.raises(ValueError, match="select_related"):
        PreparedQuery(lambda pk: User.objects.select_related("quartier").filter(pk=pk)).first(person.pk)


def test_exists_and_column_with_several_values() -> None:
    alice, bob = UserFactory(), UserFactory()
    quartier = QuartierFactory()
    carol = UserFactory(quartier=quartier)
    by_quartier_and_email = PreparedQuery(
        lambda quartier_id, email: User.objects.filter(quartier_id=quartier_id, email=email).values_list(
            "display_name", flat=True
        )
    )
    assert by_quartier_and_email.column(quartier.pk, carol.email) == [carol.display_name]
    assert by_quartier_and_email.column(quartier.pk, alice.email) == []
    named = PreparedQuery(lambda pk, email: User.objects.filter(pk=pk, email=email))
    assert named.exists(alice.pk, alice.email) is True
    assert named.exists(alice.pk, bob.email) is False
    with pytest.raises(TypeError):
        named.exists(alice.pk, None)  # only integers and strings go to the database as they are
    dates = PreparedQuery(lambda pk: User.objects.filter(pk=pk).values_list("date_joined", flat=True))
    assert dates.column(bob.pk) == [bob.date_joined]  # converted (aware) on SQLite too


def test_values_of_every_integer_column_type() -> None:
    from cocite.notifications.models import Follow

    person = UserFactory()
    content_type = ContentType.objects.get_for_model(User)
    follows = PreparedQuery(
        lambda user_id, content_type_id, object_id: Follow.objects.filter(
            user_id=user_id,
            content_type_id=content_type_id,
            object_id=object_id,  # a positive big integer
        )
    )
    assert follows.exists(person.pk, content_type.pk, 12) is False
    Follow.objects.create(user=person, content_type=content_type, object_id=12)
    assert follows.exists(person.pk, content_type.pk, 12) is True
