"""Two people take the last place at the same moment: one gets it, the other waits (PostgreSQL, threads)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from cocite.accounts.tests.factories import UserFactory
from cocite.missions import actions
from cocite.missions.models import Registration, Slot

from .helpers import first_slot, mission

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _race(slot: Slot, people: list[Any], action: Any) -> list[BaseException]:
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def run(person: Any) -> None:
        try:
            barrier.wait()
            action(person)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_people_taking_the_last_place_at_once_one_gets_it_the_other_waits() -> None:
    for _round in range(5):
        slot = first_slot(mission(capacity=2))
        actions.registration_create(person=UserFactory(), slot=slot, consent=True)
        people = [UserFactory(), UserFactory()]
        errors = _race(slot, people, lambda p, s=slot: actions.registration_create(person=p, slot=s, consent=True))
        assert errors == []
        statuses = sorted(Registration.objects.filter(slot=slot, person__in=people).values_list("status", flat=True))
        assert statuses == ["attente", "confirmee"]
        slot.refresh_from_db()
        assert slot.confirmed_count == 2


def test_many_at_once_never_overbook_and_cancellations_promote_in_order() -> None:
    slot = first_slot(mission(capacity=3))
    people = [UserFactory() for _ in range(8)]
    errors = _race(slot, people, lambda p: actions.registration_create(person=p, slot=slot, consent=True))
    assert errors == []
    assert Registration.objects.filter(slot=slot, status="confirmee").count() == 3
    assert Registration.objects.filter(slot=slot, status="attente").count() == 5
    confirmed = list(Registration.objects.filter(slot=slot, status="confirmee").select_related("person"))
    waiting = list(Registration.objects.filter(slot=slot, status="attente").order_by("waiting_since", "pk"))
    errors = _race(
        slot,
        [r.person for r in confirmed],
        lambda p: actions.registration_cancel(person=p, registration=Registration.objects.get(slot=slot, person=p)),
    )
    assert errors == []
    promoted = set(Registration.objects.filter(slot=slot, status="confirmee").values_list("pk", flat=True))
    assert promoted == {r.pk for r in waiting[:3]}
    slot.refresh_from_db()
    assert slot.confirmed_count == 3
