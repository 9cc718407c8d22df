"""The link with the item or decision a mission comes from (both ways), events of restricted démarches,
moderation (hidden from lists, a tombstone on the page), personal data and forgetting a person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.items.models import Item, ItemStatus
from cocite.missions import actions, queries
from cocite.missions.models import Registration
from cocite.moderation.registry import registry

from .helpers import event, first_slot, mission, organiser

pytestmark = pytest.mark.django_db


def test_a_mission_from_a_kept_contribution_is_linked_both_ways(client_for: Any) -> None:
    contribution = ContributionFactory(title="Planter des haies dans le parc")
    item = Item.objects.get(kind="contribution", object_id=contribution.pk)
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ACCEPTED)
    agent = organiser()
    # The agent sees « publish a related mission » on the kept contribution's page.
    page = client_for(agent).get(contribution.get_absolute_url()).content.decode()
    assert f"{reverse('missions:create')}?contribution={item.pk}" in page
    form = client_for(agent).get(f"{reverse('missions:create')}?contribution={item.pk}").content.decode()
    assert "Planter des haies dans le parc" in form
    m = mission(by=agent, title="Plantation de haies", source_item=item)
    visitor = Client()
    assert "Plantation de haies" in visitor.get(contribution.get_absolute_url()).content.decode()
    assert "Nous cherchons des bénévoles" in visitor.get(contribution.get_absolute_url()).content.decode()
    assert contribution.get_absolute_url() in visitor.get(m.get_absolute_url()).content.decode()
    # A resident is offered no link to publish.
    assert "?contribution=" not in client_for(UserFactory()).get(contribution.get_absolute_url()).content.decode()


def test_an_event_of_an_agents_only_demarche_is_seen_by_those_who_see_the_demarche(client_for: Any) -> None:
    agent = organiser()
    internal = DemarcheFactory(audience=Audience.AGENTS)
    e = event(by=agent, title="Réunion interne des services", demarche=internal)
    resident = UserFactory()
    assert "Réunion interne des services" not in Client().get(reverse("missions:events")).content.decode()
    assert client_for(resident).get(e.get_absolute_url()).status_code == 404
    assert "Réunion interne des services" in client_for(agent).get(reverse("missions:events")).content.decode()
    assert client_for(organiser()).get(e.get_absolute_url()).status_code == 200
    with pytest.raises(Exception):  # noqa: B017, PT011 - the slot of an event one may not see is a 404
        queries.slot_get_for(resident, first_slot(e).pk)


def test_a_hidden_mission_leaves_the_lists_and_keeps_a_tombstone(client_for: Any) -> None:
    m = mission(title="Mission à masquer ici")
    spec = registry.for_model("missions.Mission")
    assert spec is not None
    spec.hide(m, "propos_injurieux", UserFactory(is_moderator=True))
    visitor = Client()
    assert "Mission à masquer ici" not in visitor.get(reverse("missions:list")).content.decode()
    page = visitor.get(m.get_absolute_url()).content.decode()
    assert "Mission à masquer ici" not in page
    assert "masquée par la modération" in page
    assert "Mission à masquer ici" in client_for(m.created_by).get(m.get_absolute_url()).content.decode()
    spec.restore(m, None)
    assert "Mission à masquer ici" in visitor.get(reverse("missions:list")).content.decode()


def test_personal_data_and_forgetting_a_person_gives_their_place_to_the_next() -> None:
    slot = first_slot(mission(capacity=1))
    person, next_person = UserFactory(), UserFactory()
    actions.registration_create(person=person, slot=slot, consent=True)
    waiting = actions.registration_create(person=next_person, slot=slot, consent=True)
    data = queries.personal_data(person)
    assert data["volunteering_registrations"][0]["status"] == "Confirmée"
    actions.registrations_forget(person=person)
    assert not Registration.objects.filter(person=person).exists()
    waiting.refresh_from_db()
    assert waiting.status == "confirmee"
    slot.refresh_from_db()
    assert slot.confirmed_count == 1
