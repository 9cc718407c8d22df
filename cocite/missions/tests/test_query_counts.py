"""Every list page costs the same queries with few rows and with many (real renders, caches off)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.missions import actions
from cocite.missions.models import Registration, Skill, Slot
from cocite.territory.tests.factories import QuartierFactory

from .helpers import event, first_slot, mission, organiser

pytestmark = pytest.mark.django_db


def _missions(n: int, by: Any, skills: list[Skill], quartier: Any) -> None:
    lon, lat = quartier.boundary["coordinates"][0][0]
    for index in range(n):
        m = mission(by=by, capacity=1, slots=2, skills=skills, latitude=lat + 0.001, longitude=lon + 0.001)
        actions.registration_create(person=UserFactory(), slot=first_slot(m), consent=True)
        assert index >= 0


@pytest.mark.parametrize("view", ["", "?vue=carte"])
def test_the_mission_list_costs_the_same_with_many_missions(view: str) -> None:
    skills = [Skill.objects.create(name=f"Compétence {i}", slug=f"competence-{i}") for i in range(3)]
    quartier = QuartierFactory()
    by = organiser()
    _missions(2, by, skills, quartier)
    small = real_render_queries(Client(), reverse("missions:list") + view)
    _missions(12, by, skills, quartier)
    large = real_render_queries(Client(), reverse("missions:list") + view)
    assert_same_cost(small, large, at_most=12, what="the missions' list")
    filtered = f"?quartier={quartier.slug}&competence={skills[0].slug}&date=2020-01-01"
    assert len(real_render_queries(Client(), reverse("missions:list") + filtered)) <= 12


@pytest.mark.parametrize("view", ["", "?vue=carte"])
def test_the_event_list_costs_the_same_with_many_events(view: str) -> None:
    by = organiser()
    for _ in range(2):
        event(by=by)
    small = real_render_queries(Client(), reverse("missions:events") + view)
    for _ in range(12):
        event(by=by)
    large = real_render_queries(Client(), reverse("missions:events") + view)
    assert_same_cost(small, large, at_most=12, what="the events' list")


def test_ones_registrations_cost_the_same_with_many() -> None:
    few, many = UserFactory(), UserFactory()
    by = organiser()
    actions.registration_create(person=few, slot=first_slot(mission(by=by)), consent=True)
    for _ in range(10):
        m = mission(by=by, capacity=1)
        actions.registration_create(person=UserFactory(), slot=first_slot(m), consent=True)
        actions.registration_create(person=many, slot=first_slot(m), consent=True)  # waiting
    clients = []
    for person in (few, many):
        client = Client()
        client.force_login(person)
        clients.append(client)
    small = real_render_queries(clients[0], reverse("missions:mine"))
    large = real_render_queries(clients[1], reverse("missions:mine"))
    assert_same_cost(small, large, at_most=12, what="« Mes inscriptions »")


def test_the_organisers_page_costs_the_same_with_many_signups() -> None:
    by = organiser()
    small_mission, large_mission = mission(by=by, capacity=2, slots=2), mission(by=by, capacity=10, slots=2)
    actions.registration_create(person=UserFactory(), slot=first_slot(small_mission), consent=True)
    for slot in large_mission.slots.all():
        for _ in range(12):
            actions.registration_create(person=UserFactory(), slot=slot, consent=True)
    client = Client()
    client.force_login(by)
    small = real_render_queries(client, reverse("missions:mission_manage", kwargs={"pk": small_mission.pk}))
    large = real_render_queries(client, reverse("missions:mission_manage", kwargs={"pk": large_mission.pk}))
    assert_same_cost(small, large, at_most=14, what="the organisers' page")
    detail_small = real_render_queries(client, small_mission.get_absolute_url())
    detail_large = real_render_queries(client, large_mission.get_absolute_url())
    assert_same_cost(detail_small, detail_large, at_most=14, what="a mission's page")


def test_an_events_pages_the_forms_and_the_certificate_cost_the_same_with_more_rows(settings: Any) -> None:
    """The pages the first count left out (audit of issue 19): an event's page and its organisers' page (more
    sign-ups), the publishing forms (more skills and quartiers) and the certificate of hours (more missions)."""
    by = organiser()
    few, many = UserFactory(), UserFactory()
    small_event, large_event = event(by=by, capacity=50), event(by=by, capacity=50)
    actions.registration_create(person=UserFactory(), slot=small_event.slot, consent=True)
    for _ in range(12):
        actions.registration_create(person=UserFactory(), slot=large_event.slot, consent=True)

    def done(person: Any, n: int) -> None:
        for _ in range(n):
            m = mission(by=by, capacity=3)
            registration = actions.registration_create(person=person, slot=first_slot(m), consent=True)
            start = timezone.now() - datetime.timedelta(days=3)
            Slot.objects.filter(pk=registration.slot_id).update(
                starts_at=start, ends_at=start + datetime.timedelta(hours=2)
            )
            Registration.objects.filter(pk=registration.pk).update(attended=True, hours=2)

    done(few, 1)
    done(many, 8)
    organiser_client = Client()
    organiser_client.force_login(by)
    for small_url, large_url, what in (
        (small_event.get_absolute_url(), large_event.get_absolute_url(), "an event's page"),
        (
            reverse("missions:event_manage", kwargs={"pk": small_event.pk}),
            reverse("missions:event_manage", kwargs={"pk": large_event.pk}),
            "an event's organisers' page",
        ),
    ):
        assert_same_cost(
            real_render_queries(organiser_client, small_url),
            real_render_queries(organiser_client, large_url),
            at_most=16,
            what=what,
        )
    forms_small = {
        name: real_render_queries(organiser_client, reverse(name))
        for name in ("missions:create", "missions:event_create")
    }
    for index in range(10):
        Skill.objects.create(name=f"Compétence {index}", slug=f"competence-{index}")
        QuartierFactory()
    forms_large = {name: real_render_queries(organiser_client, reverse(name)) for name in forms_small}
    for name in forms_small:
        assert_same_cost(forms_small[name], forms_large[name], at_most=16, what=name)
    clients = []
    for person in (few, many):
        client = Client()
        client.force_login(person)
        clients.append(client)
    assert_same_cost(
        real_render_queries(clients[0], reverse("missions:certificate")),
        real_render_queries(clients[1], reverse("missions:certificate")),
        at_most=10,
        what="the certificate of hours",
    )
