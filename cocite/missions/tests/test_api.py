"""Missions and events in the open API: published, upcoming, with their places left; nothing hidden
by the moderation and nothing personal (registrations, the partner's contact, who published)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.api.models import PERSONAL_SCOPES, ApiToken, Scope
from cocite.api.tests.helpers import api_get, token_for
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.missions import actions
from cocite.missions.models import Event, Mission, Skill, Slot
from cocite.territory.tests.factories import QuartierFactory

from .helpers import event, first_slot, mission, organiser

pytestmark = pytest.mark.django_db


def _hide(obj: Any) -> None:
    type(obj).objects.filter(pk=obj.pk).update(masked_at=timezone.now(), masked_reason="spam")


def test_missions_with_their_upcoming_slots_and_places_left() -> None:
    skill = Skill.objects.create(name="Jardinage", slug="jardinage")
    quartier = QuartierFactory()
    by = organiser()
    lon, lat = quartier.boundary["coordinates"][0][0]
    planted = mission(
        by=by,
        capacity=2,
        slots=2,
        skills=[skill],
        latitude=lat + 0.001,
        longitude=lon + 0.001,
        organisation_name="Les Amis du Parc",
        organisation_contact="asso@exemple.fr",
    )
    other = mission(by=by, title="Repeindre un banc")
    volunteer = UserFactory(display_name="Bénévole Secret")
    actions.registration_create(person=volunteer, slot=first_slot(planted), consent=True)
    client = Client()
    listed = api_get(client, "/missions").json()
    assert {m["id"] for m in listed["items"]} == {planted.pk, other.pk}
    item = next(m for m in listed["items"] if m["id"] == planted.pk)
    assert item["upcoming_slots"] == 2
    assert item["slots_with_places"] == 2
    assert item["skills"] == ["jardinage"]
    assert [m["id"] for m in api_get(client, "/missions?skill=jardinage").json()["items"]] == [planted.pk]
    assert [m["id"] for m in api_get(client, f"/missions?quartier={quartier.slug}").json()["items"]] == [planted.pk]
    assert api_get(client, "/missions?quartier=nulle-part").json()["items"] == []
    detail = api_get(client, f"/missions/{planted.pk}")
    assert detail.status_code == 200
    slots = detail.json()["upcoming_slots"]
    assert [s["places_left"] for s in slots] == [1, 2]
    shown = detail.content.decode() + api_get(client, "/missions").content.decode()
    for secret in ("asso@exemple.fr", volunteer.display_name, volunteer.email, by.email, by.display_name):
        assert secret not in shown
    assert '"registrations"' not in shown


def test_mission_list_pages_by_cursor() -> None:
    by = organiser()
    made = [mission(by=by, title=f"Mission {i}") for i in range(23)]
    client = Client()
    first = api_get(client, "/missions").json()
    assert len(first["items"]) == 20
    second = api_get(client, f"/missions?after={first['next_cursor']}").json()
    assert len(second["items"]) == 3
    assert second["next_cursor"] is None
    assert {m["id"] for m in first["items"] + second["items"]} == {m.pk for m in made}


def test_events_with_places_and_published_notes_only() -> None:
    by = organiser()
    meeting = event(by=by, capacity=5)
    actions.registration_create(person=UserFactory(), slot=first_slot(meeting), consent=True)
    Event.objects.filter(pk=meeting.pk).update(notes="Brouillon du compte rendu")
    client = Client()
    listed = api_get(client, "/missions/rencontres").json()
    assert [e["id"] for e in listed["items"]] == [meeting.pk]
    assert listed["items"][0]["slot"]["places_left"] == 4
    detail = api_get(client, f"/missions/rencontres/{meeting.pk}").json()
    assert detail["notes"] is None
    assert "Brouillon" not in api_get(client, "/missions/rencontres").content.decode()


@pytest.mark.parametrize("who", ["visitor", "person", "application", "moderator", "organiser"])
def test_hidden_activities_never_appear(who: str) -> None:
    by = organiser()
    shown_mission, hidden_mission = mission(by=by), mission(by=by, title="Mission masquée")
    shown_event, hidden_event = event(by=by), event(by=by, title="Rencontre masquée")
    agents_only = DemarcheFactory(audience=Audience.AGENTS)
    restricted_event = event(by=organiser(), title="Rencontre des agents", demarche=agents_only)
    _hide(hidden_mission)
    _hide(hidden_event)
    secret = {
        "visitor": None,
        "person": lambda: token_for(UserFactory(), *PERSONAL_SCOPES),
        "application": lambda: token_for(UserFactory(), Scope.ROUTE, kind=ApiToken.Kind.APPLICATION),
        "moderator": lambda: token_for(UserFactory(is_moderator=True), *PERSONAL_SCOPES),
        "organiser": lambda: token_for(by, *PERSONAL_SCOPES),
    }[who]
    token = secret() if secret else None
    client = Client()
    assert [m["id"] for m in api_get(client, "/missions", token).json()["items"]] == [shown_mission.pk]
    events = [e["id"] for e in api_get(client, "/missions/rencontres", token).json()["items"]]
    assert shown_event.pk in events
    assert hidden_event.pk not in events
    assert api_get(client, f"/missions/{hidden_mission.pk}", token).status_code == 404
    assert api_get(client, f"/missions/rencontres/{hidden_event.pk}", token).status_code == 404
    if who != "organiser":  # an agent sees the agents-only démarches, and their events, as on the site
        assert restricted_event.pk not in events
        assert api_get(client, f"/missions/rencontres/{restricted_event.pk}", token).status_code == 404


def _bulk(n: int, by: Any, skill: Skill, quartier: Any) -> None:
    department = by.department_memberships.first().department
    start = timezone.now() + datetime.timedelta(days=5)
    missions = Mission.objects.bulk_create(
        [Mission(title=f"Mission {i}", what="Aider", why="Parce que", department=department, address="Parc",
                 capacity=3, quartier=quartier if i % 2 else None) for i in range(n)]
    )  # fmt: skip
    for m in missions[::3]:
        m.skills.add(skill)
    events = Event.objects.bulk_create(
        [Event(title=f"Rencontre {i}", description="Échanges", department=department, address="Salle",
               quartier=quartier if i % 2 else None) for i in range(n)]
    )  # fmt: skip
    hour = datetime.timedelta(hours=1)
    slots = [
        Slot(mission=m, starts_at=start + (i + d) * hour, ends_at=start + (i + d + 1) * hour, capacity=3,
             confirmed_count=d)
        for i, m in enumerate(missions) for d in (0, 1)
    ] + [
        Slot(event=e, starts_at=start + datetime.timedelta(hours=i), ends_at=start + datetime.timedelta(hours=i + 2),
             capacity=20)
        for i, e in enumerate(events)
    ]  # fmt: skip
    Slot.objects.bulk_create(slots)


@pytest.mark.parametrize("path", ["/api/v1/missions", "/api/v1/missions/rencontres"])
@pytest.mark.parametrize("with_token", [False, True])
def test_lists_cost_the_same_with_10_and_500(path: str, with_token: bool) -> None:
    by = organiser()
    skill = Skill.objects.create(name="Accueil", slug="accueil")
    quartier = QuartierFactory()
    client = Client()
    if with_token:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(UserFactory(), *PERSONAL_SCOPES)}")
    _bulk(10, by, skill, quartier)
    small = real_render_queries(client, path)
    small_filtered = real_render_queries(client, path, {"quartier": quartier.slug})
    _bulk(490, by, skill, quartier)
    assert_same_cost(small, real_render_queries(client, path), at_most=8, what=path)
    assert_same_cost(
        small_filtered, real_render_queries(client, path, {"quartier": quartier.slug}), at_most=8, what=path
    )
