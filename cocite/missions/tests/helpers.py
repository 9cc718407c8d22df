from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.missions import actions
from cocite.missions.models import Event, Mission, Slot
from cocite.territory.tests.factories import DepartmentFactory


def organiser() -> Any:
    user = UserFactory()
    DepartmentFactory(members=[user])
    return user


def soon(days: int = 3, hours: int = 2) -> tuple[datetime.datetime, datetime.datetime]:
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return start, start + datetime.timedelta(hours=hours)


def mission(*, by: Any = None, capacity: int = 2, slots: int = 1, **extra: Any) -> Mission:
    by = by or organiser()
    department = by.department_memberships.first().department
    return actions.mission_publish(
        author=by,
        title=extra.pop("title", "Planter une haie au parc"),
        what="Planter, arroser.",
        why="Pour les oiseaux.",
        department=department,
        address="Parc des Tilleuls",
        capacity=capacity,
        slots=[soon(days=3 + i) for i in range(slots)],
        **extra,
    )


def event(*, by: Any = None, capacity: int = 10, **extra: Any) -> Event:
    by = by or organiser()
    start, end = soon()
    return actions.event_publish(
        author=by,
        title=extra.pop("title", "Réunion publique du quartier"),
        description="Échanges.",
        department=by.department_memberships.first().department,
        address="Salle des fêtes",
        starts_at=start,
        ends_at=end,
        capacity=capacity,
        **extra,
    )


def first_slot(activity: Mission | Event) -> Slot:
    if isinstance(activity, Mission):
        slot = activity.slots.order_by("starts_at").first()
        assert slot is not None
        return slot
    return Slot.objects.get(event=activity)
