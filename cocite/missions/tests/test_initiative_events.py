"""An event attached to an initiative of the network (issue 20): offered only with the initiatives the
author runs, refused for any other, shown on the event's page and on the initiative's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import PermissionDenied
from cocite.missions import actions
from cocite.missions.models import Event
from cocite.network.models import ActorMembership, Initiative
from cocite.network.tests.helpers import make_actor, make_initiative

from .helpers import event, organiser, soon

pytestmark = pytest.mark.django_db


def _form(initiative: Initiative | None, **extra: Any) -> dict[str, Any]:
    start, _end = soon()
    data = {
        "title": "Atelier compost du samedi",
        "description": "On monte le composteur ensemble.",
        "address": "Jardin partagé",
        "capacity": 15,
        "day": start.date().isoformat(),
        "start": "10:00",
        "end": "12:00",
        **extra,
    }
    if initiative is not None:
        data["initiative"] = initiative.pk
    return data


def test_a_holder_attaches_an_event_to_their_initiative_and_both_pages_show_it(client_for: Any) -> None:
    agent = organiser()
    mine = make_initiative(agent, title="Composteur de la rue Voltaire")
    theirs = make_initiative(UserFactory(), title="Jardin d'autrui")
    client = client_for(agent)
    form = client.get("/rencontres/nouvelle/").content.decode()
    assert "Composteur de la rue Voltaire" in form
    assert "Jardin d&#x27;autrui" not in form
    department = agent.department_memberships.first().department
    refused = client.post("/rencontres/nouvelle/", _form(theirs, department=department.pk))
    assert refused.status_code == 400
    assert not Event.objects.exists()
    accepted = client.post("/rencontres/nouvelle/", _form(mine, department=department.pk))
    assert accepted.status_code == 302
    created = Event.objects.get()
    assert created.initiative == mine
    visitor = Client()
    event_page = visitor.get(created.get_absolute_url()).content.decode()
    assert "Rencontre de l’initiative" in event_page
    assert f'href="{mine.get_absolute_url()}"' in event_page
    initiative_page = visitor.get(mine.get_absolute_url()).content.decode()
    assert "Atelier compost du samedi" in initiative_page
    assert f'href="{created.get_absolute_url()}"' in initiative_page
    assert "Atelier compost du samedi" not in visitor.get(theirs.get_absolute_url()).content.decode()


def test_the_holders_page_offers_to_publish_a_meeting_only_to_those_who_may(client_for: Any) -> None:
    agent = organiser()
    initiative = make_initiative(agent)
    link = f"/rencontres/nouvelle/?initiative={initiative.pk}"
    assert link in client_for(agent).get(initiative.get_absolute_url()).content.decode()
    assert link not in Client().get(initiative.get_absolute_url()).content.decode()
    # A holder who may publish no event (no agent, member of no actor) is not sent to a refused form.
    resident = UserFactory()
    own = make_initiative(resident)
    assert "/rencontres/nouvelle/" not in client_for(resident).get(own.get_absolute_url()).content.decode()
    # The link preselects the initiative.
    form = client_for(agent).get(link).content.decode()
    assert f'<option value="{initiative.pk}" selected>' in form


def test_the_action_refuses_an_initiative_the_author_does_not_run() -> None:
    agent = organiser()
    other = make_initiative(UserFactory())
    with pytest.raises(PermissionDenied) as refused:
        event(by=agent, initiative=other)
    assert refused.value.code == "not_holder"
    assert not Event.objects.exists()


def test_the_members_of_the_carrying_actor_may_attach_a_meeting() -> None:
    founder = UserFactory()
    actor = make_actor(founder, name="Compost & Co")
    carried = make_initiative(founder, actor=actor)
    member = UserFactory()
    ActorMembership.objects.create(actor=actor, user=member)
    start, end = soon()
    attached = actions.event_publish(
        author=member,
        title="Réunion de l'équipe",
        description="Bilan.",
        department=None,
        actor=actor,
        address="Local",
        starts_at=start,
        ends_at=end,
        capacity=10,
        initiative=carried,
    )
    assert attached.initiative == carried


def test_a_hidden_initiative_is_neither_linked_nor_attachable(client_for: Any) -> None:
    agent = organiser()
    initiative = make_initiative(agent, title="Initiative bientôt masquée")
    attached = event(by=agent, initiative=initiative)
    Initiative.objects.filter(pk=initiative.pk).update(masked_at=timezone.now(), masked_reason="spam")
    page = Client().get(attached.get_absolute_url()).content.decode()
    assert "Initiative bientôt masquée" not in page
    assert "Rencontre de l’initiative" not in page
    assert "Initiative bientôt masquée" not in client_for(agent).get("/rencontres/nouvelle/").content.decode()
    initiative.refresh_from_db()
    with pytest.raises(PermissionDenied):
        event(by=agent, initiative=initiative)
