"""Webhooks of the newer apps (reports, network, missions, budgets, information pages): a signed
delivery to a real receiver on 127.0.0.1 when the thing happens publicly, nothing when a visitor
could not see it (hidden by the moderation, cancelled, of a démarche closed to the public), and
never anything about a person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.api import actions
from cocite.api.models import ApiToken, Scope, WebhookDelivery, WebhookEvent, WebhookSubscription
from cocite.budgets import actions as budget_actions
from cocite.budgets.tests.helpers import after_close, budget_setup, verified
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.missions import actions as mission_actions
from cocite.missions.tests import helpers as mission_helpers
from cocite.moderation.registry import registry
from cocite.network import actions as network_actions
from cocite.network.tests.helpers import make_actor, make_initiative
from cocite.quality import actions as quality_actions
from cocite.quality.tests.helpers import page as information_page
from cocite.reports import actions as report_actions
from cocite.reports.models import Channel, Status
from cocite.reports.tests.helpers import category, report
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import Receiver, api_post, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.COCITE_WEBHOOKS_ALLOW_PRIVATE = True
    with Receiver(failures=0) as running:
        subscription = actions.subscription_create(
            name="GRC", url=running.url, events=list(WebhookEvent.values), created_by=None
        )
        running.secret = subscription.secret
        yield running


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """`with commit():` runs what the block left for the commit (signals, then deliveries)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def received(receiver: Receiver, event: str) -> list[dict[str, Any]]:
    """The events of this type the receiver got, each checked signed with the subscription's secret."""
    found = [r for r in receiver.requests if r["body"]["type"] == event]
    assert all(r["verified"] for r in found)
    assert all(r["headers"]["webhook-signature"].startswith("v1,") for r in found)
    return [r["body"]["data"] for r in found]


def sent_types(receiver: Receiver) -> list[str]:
    return [r["body"]["type"] for r in receiver.requests]


def hide(kind: str, obj: Any) -> None:
    """What a moderator's « masquer » does."""
    spec = registry.get(kind)
    assert spec is not None
    spec.hide(obj, "Propos injurieux", UserFactory(is_staff=True))


def assert_names_nobody(data: dict[str, Any], *people: Any) -> None:
    raw = json.dumps(data, ensure_ascii=False)
    for person in people:
        assert person.email not in raw
        assert person.display_name not in raw


# Reports


def test_a_public_report_is_received_without_who_reported_it(receiver: Receiver, commit: Any) -> None:
    person = UserFactory()
    cat = category()
    with commit():
        made = report(cat, author=person, address="3 rue des Lilas", description="Mon voisin M. Martin a vu")
    [data] = received(receiver, WebhookEvent.REPORT_RECEIVED)
    assert data["id"] == made.pk
    assert data["url"] == f"/signalements/{made.pk}/"
    assert data["category"] == cat.slug
    assert data["status"] == Status.RECEIVED
    assert data["address"] == "3 rue des Lilas"
    assert data["quartier"] == "q-reports"
    assert "description" not in data
    assert "M. Martin" not in json.dumps(data)
    assert_names_nobody(data, person)
    assert sent_types(receiver) == [WebhookEvent.REPORT_RECEIVED]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_a_report_filed_at_the_desk_names_neither_the_person_nor_the_agent(receiver: Receiver, commit: Any) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    with commit():
        report(cat, author=agent, channel=Channel.DESK, offline_author_name="Mme Irène Dupuis-Lefort")
    [data] = received(receiver, WebhookEvent.REPORT_RECEIVED)
    assert data["channel"] == Channel.DESK
    assert "Dupuis-Lefort" not in json.dumps(data)
    assert_names_nobody(data, agent)


def test_a_report_hidden_before_the_commit_sends_nothing(receiver: Receiver, commit: Any) -> None:
    with commit():
        made = report(category())
        hide("report", made)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_report_resolved_and_status_changed(receiver: Receiver, commit: Any) -> None:
    agent, person = UserFactory(), UserFactory()
    cat = category(agents=[agent])
    made = report(cat, author=person)
    with commit():
        report_actions.report_set_status(agent=agent, report=made, status=Status.IN_PROGRESS)
    [changed] = received(receiver, WebhookEvent.REPORT_STATUS_CHANGED)
    assert (changed["old_status"], changed["status"]) == (Status.RECEIVED, Status.IN_PROGRESS)
    assert received(receiver, WebhookEvent.REPORT_RESOLVED) == []
    with commit():
        report_actions.report_set_status(agent=agent, report=made, status=Status.RESOLVED, message="Lampe changée.")
    [resolved] = received(receiver, WebhookEvent.REPORT_RESOLVED)
    assert resolved["id"] == made.pk
    assert (resolved["old_status"], resolved["status"]) == (Status.IN_PROGRESS, Status.RESOLVED)
    assert resolved["message"] == "Lampe changée."
    assert resolved["resolved_at"] is not None
    assert len(received(receiver, WebhookEvent.REPORT_STATUS_CHANGED)) == 2
    assert_names_nobody(resolved, person, agent)
    # A message on the same status is no change.
    with commit():
        report_actions.report_set_status(agent=agent, report=made, status=Status.RESOLVED, message="Encore.")
    assert len(receiver.requests) == 3
    # The reporter says it is not solved: reopened, a status change (from « résolu »), nothing resolved.
    with commit():
        report_actions.report_confirm(user=person, report=made, solved=False, message="Toujours éteint.")
    reopened = received(receiver, WebhookEvent.REPORT_STATUS_CHANGED)[-1]
    assert (reopened["old_status"], reopened["status"]) == (Status.RESOLVED, Status.RECEIVED)
    assert reopened["resolved_at"] is None
    assert len(received(receiver, WebhookEvent.REPORT_RESOLVED)) == 1


def test_the_communes_work_order_tool_resolves_a_report_through_the_api(
    receiver: Receiver, commit: Any, client: Any
) -> None:
    agent = UserFactory()
    made = report(category(agents=[agent]))
    secret = token_for(agent, Scope.REPORT_STATUS, kind=ApiToken.Kind.APPLICATION)
    with commit():
        response = api_post(
            client, f"/signalements/{made.pk}/status", {"status": "resolu", "message": "Réparé ce matin."}, secret
        )
    assert response.status_code == 200
    [resolved] = received(receiver, WebhookEvent.REPORT_RESOLVED)
    assert (resolved["id"], resolved["message"]) == (made.pk, "Réparé ce matin.")
    assert_names_nobody(resolved, agent)


def test_a_hidden_report_resolved_sends_nothing(receiver: Receiver, commit: Any) -> None:
    agent = UserFactory()
    made = report(category(agents=[agent]))
    hide("report", made)
    with commit():
        report_actions.report_set_status(agent=agent, report=made, status=Status.RESOLVED)
    assert receiver.requests == []


# Network


def test_initiative_published_without_its_holder(receiver: Receiver, commit: Any) -> None:
    holder = UserFactory()
    actor = make_actor(admin=holder)
    with commit():
        initiative = make_initiative(holder=holder, actor=actor)
    [data] = received(receiver, WebhookEvent.INITIATIVE_PUBLISHED)
    assert data["id"] == initiative.pk
    assert data["url"] == initiative.get_absolute_url()
    assert data["title"] == "Un composteur de quartier"
    assert (data["actor"], data["actor_name"]) == (actor.pk, "Les Amis du parc")
    assert_names_nobody(data, holder)


def test_an_initiative_hidden_before_the_commit_and_a_hidden_actor_are_not_sent(
    receiver: Receiver, commit: Any
) -> None:
    holder = UserFactory()
    with commit():
        initiative = make_initiative(holder=holder)
        hide("initiative", initiative)
    assert receiver.requests == []
    actor = make_actor(admin=holder, name="Collectif masqué")
    hide("actor", actor)
    with commit():
        make_initiative(holder=holder, actor=actor, title="Une grainothèque")
    [data] = received(receiver, WebhookEvent.INITIATIVE_PUBLISHED)
    assert data["actor"] is None
    assert data["actor_name"] is None
    assert "Collectif masqué" not in json.dumps(data)


def test_call_for_help_opened(receiver: Receiver, commit: Any) -> None:
    holder = UserFactory()
    initiative = make_initiative(holder=holder)
    with commit():
        call = network_actions.call_create(
            user=holder, initiative=initiative, kind="benevoles", what="Deux bras le samedi", when="En mai",
            rate_limited=False,
        )  # fmt: skip
    [data] = received(receiver, WebhookEvent.HELP_CALL_OPENED)
    assert data["id"] == call.pk
    assert data["url"] == f"{initiative.get_absolute_url()}#appel-{call.pk}"
    assert (data["kind"], data["what"], data["when"]) == ("benevoles", "Deux bras le samedi", "En mai")
    assert data["initiative"] == {"id": initiative.pk, "url": initiative.get_absolute_url(), "title": initiative.title}
    assert_names_nobody(data, holder)


def test_a_call_of_a_hidden_initiative_sends_nothing(receiver: Receiver, commit: Any) -> None:
    holder = UserFactory()
    initiative = make_initiative(holder=holder)
    hide("initiative", initiative)
    with commit():
        network_actions.call_create(
            user=holder, initiative=initiative, kind="materiel", what="Une brouette", when="Maintenant",
            rate_limited=False,
        )  # fmt: skip
    assert receiver.requests == []


# Missions and rencontres


def test_mission_published_without_its_publisher_or_the_partners_contact(receiver: Receiver, commit: Any) -> None:
    by = mission_helpers.organiser()
    with commit():
        mission = mission_helpers.mission(
            by=by, slots=2, organisation_name="Les Jardiniers", organisation_contact="jardiniers@example.org"
        )
    [data] = received(receiver, WebhookEvent.MISSION_PUBLISHED)
    assert data["id"] == mission.pk
    assert data["url"] == mission.get_absolute_url()
    assert data["title"] == "Planter une haie au parc"
    assert data["organiser"] == "Les Jardiniers"
    assert len(data["slots"]) == 2
    assert "jardiniers@example.org" not in json.dumps(data)
    assert_names_nobody(data, by)


def test_a_mission_hidden_or_cancelled_before_the_commit_sends_nothing(receiver: Receiver, commit: Any) -> None:
    by = mission_helpers.organiser()
    with commit():
        hidden = mission_helpers.mission(by=by)
        hide("mission", hidden)
    with commit():
        cancelled = mission_helpers.mission(by=by, title="Ramasser les feuilles")
        mission_actions.activity_cancel(organiser=by, activity=cancelled)
    assert receiver.requests == []


def test_event_published(receiver: Receiver, commit: Any) -> None:
    by = mission_helpers.organiser()
    public = DemarcheFactory()
    with commit():
        event = mission_helpers.event(by=by, demarche=public)
    [data] = received(receiver, WebhookEvent.EVENT_PUBLISHED)
    assert data["id"] == event.pk
    assert data["url"] == event.get_absolute_url()
    assert data["demarche"] == public.slug
    assert data["starts_at"]
    assert data["ends_at"]
    assert_names_nobody(data, by)


def test_an_event_of_a_demarche_closed_to_the_public_or_hidden_sends_nothing(receiver: Receiver, commit: Any) -> None:
    by = mission_helpers.organiser()
    with commit():
        mission_helpers.event(by=by, demarche=DemarcheFactory(audience=Audience.AGENTS))
    with commit():
        hidden = mission_helpers.event(by=by, title="Atelier vélo")
        hide("rencontre", hidden)
    assert receiver.requests == []


# Participatory budgets


def _count(monkeypatch: pytest.MonkeyPatch, commit: Any, *, audience: str = "") -> Any:
    setup = budget_setup([50000, 40000, 30000], total=90000)
    projects = setup["projects"]
    for choice in [(0, 1), (0,), (1, 2), (0, 2)]:
        budget_actions.ballot_cast(
            voter=verified(), demarche=setup["demarche"], project_ids=[projects[i].pk for i in choice],
            age_confirmed=True,
        )  # fmt: skip
    if audience:
        Demarche.objects.filter(pk=setup["demarche"].pk).update(audience=audience)
    after_close(monkeypatch, setup["rules"])
    with commit():
        count = budget_actions.count_publish(actor=setup["manager"], demarche=setup["demarche"], rule="greedy")
    return setup, count


def test_budget_count_published(receiver: Receiver, commit: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    setup, count = _count(monkeypatch, commit)
    [data] = received(receiver, WebhookEvent.BUDGET_COUNT_PUBLISHED)
    assert data["id"] == count.pk
    assert data["url"] == count.get_absolute_url()
    assert data["demarche"] == setup["demarche"].slug
    assert (data["rule"], data["official"], data["ballots"]) == ("greedy", True, 4)
    selected = [p["id"] for part in data["parts"] for p in part["selected"]]
    assert sorted(selected) == sorted(int(key) for key in count.selected_keys())
    titles = {p.pk: p.title for p in setup["projects"]}
    assert all(p["title"] == titles[p["id"]] for part in data["parts"] for p in part["selected"])
    assert_names_nobody(data, setup["manager"])


def test_a_count_of_a_demarche_closed_to_the_public_sends_nothing(
    receiver: Receiver, commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _count(monkeypatch, commit, audience=Audience.AGENTS)
    assert received(receiver, WebhookEvent.BUDGET_COUNT_PUBLISHED) == []


# Information pages


def test_information_page_published_and_its_new_version(receiver: Receiver, commit: Any) -> None:
    agent = UserFactory()
    department = DepartmentFactory(members=[agent])
    with commit():
        page = information_page(department, title="Stationnement résidentiel")
    [first] = received(receiver, WebhookEvent.INFORMATION_PAGE_PUBLISHED)
    assert (first["id"], first["version"], first["title"]) == (page.pk, 1, "Stationnement résidentiel")
    assert first["url"] == page.get_absolute_url()
    with commit():
        quality_actions.page_edit(
            author=agent, page=page, title="Stationnement résidentiel", body="Nouveau tarif.", note="Tarif 2027"
        )
    second = received(receiver, WebhookEvent.INFORMATION_PAGE_PUBLISHED)[-1]
    assert (second["version"], second["note"]) == (2, "Tarif 2027")
    assert_names_nobody(second, agent)


def test_every_event_is_offered_to_subscribers(admin_client: Any) -> None:
    page = admin_client.get("/admin/api/webhooksubscription/add/").content.decode()
    developers = admin_client.get("/developpeurs/").content.decode()
    for value in WebhookEvent.values:
        assert f'value="{value}"' in page
        assert value in developers
    assert WebhookSubscription.objects.count() == 0
