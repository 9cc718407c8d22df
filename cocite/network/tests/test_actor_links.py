"""An actor's page lists its initiatives, missions, events and the contributions made in its name
(issue 20): members publish missions and events in the actor's name and make contributions in it;
nobody else may, and the page lists only what the viewer may see, at a cost that does not grow."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.core.errors import PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.core.tests.demo import load_demo
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.missions import actions as mission_actions
from cocite.missions.models import Event, Mission, Slot
from cocite.network.models import Actor, ActorMembership, ContributionActor

from .helpers import make_actor, make_initiative

pytestmark = pytest.mark.django_db

EXTENSION = "network.actor"


def _open_demarche(**fields: Any) -> Any:
    demarche = DemarcheFactory(**fields)
    publish_version(RulebookFactory(demarche=demarche), 1)
    return demarche


def _member(actor: Actor) -> Any:
    user = UserFactory()
    ActorMembership.objects.create(actor=actor, user=user, role=ActorMembership.Role.MEMBER)
    return user


def _soon(days: int = 3) -> tuple[datetime.datetime, datetime.datetime]:
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return start, start + datetime.timedelta(hours=2)


def _mission(by: Any, actor: Actor | None, title: str = "Nettoyer les berges", days: int = 3) -> Mission:
    return mission_actions.mission_publish(
        author=by,
        title=title,
        what="Ramasser les déchets.",
        why="Pour la rivière.",
        department=None,
        actor=actor,
        address="Berges de la Loire",
        capacity=5,
        slots=[_soon(days)],
    )


def _event(by: Any, actor: Actor | None, title: str = "Apéro des voisins", days: int = 3) -> Event:
    start, end = _soon(days)
    return mission_actions.event_publish(
        author=by,
        title=title,
        description="On se rencontre.",
        department=None,
        actor=actor,
        address="Place du marché",
        starts_at=start,
        ends_at=end,
        capacity=20,
    )


def _into_the_past(activity: Mission | Event) -> None:
    """Publishing wants dates to come: the test moves them back afterwards."""
    start = timezone.now() - datetime.timedelta(days=10)
    key = "mission" if isinstance(activity, Mission) else "event"
    Slot.objects.filter(**{key: activity}).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def _contribute(author: Any, demarche: Any, actor: Actor | None, title: str = "Des bancs au bord de l'eau") -> Any:
    return contribution_actions.contribution_submit(
        author=author,
        demarche=demarche,
        kind="idee",
        title=title,
        body="Pour se reposer pendant la promenade.",
        rate_limited=False,
        extensions={EXTENSION: {"actor": actor.pk}} if actor else None,
    )


# --- Missions and events in an actor's name --------------------------------------------------


def test_a_member_who_is_not_an_agent_publishes_a_mission_and_an_event_in_the_actors_name() -> None:
    actor = make_actor(name="Rivière propre")
    member = _member(actor)
    mission = _mission(member, actor)
    event = _event(member, actor)
    assert mission.actor == actor
    assert event.actor == actor
    assert mission.organiser_name == "Rivière propre"
    page = Client().get(mission.get_absolute_url()).content.decode()
    assert f'href="/acteurs/{actor.pk}/"' in page


def test_someone_who_is_not_a_member_may_not_publish_in_the_actors_name() -> None:
    actor = make_actor(name="Rivière propre")
    other = make_actor(name="Autre association")
    member = _member(other)  # a member of another actor
    with pytest.raises(PermissionDenied) as refused:
        _mission(member, actor)
    assert refused.value.code == "not_member"
    with pytest.raises(PermissionDenied) as refused:
        _event(member, actor)
    assert refused.value.code == "not_member"
    assert not Mission.objects.exists()
    assert not Event.objects.exists()


def test_a_person_member_of_no_actor_nor_agent_may_not_open_the_forms(client_for: Any) -> None:
    client = client_for(UserFactory())
    assert client.get("/missions/nouvelle/").status_code == 403
    assert client.get("/rencontres/nouvelle/").status_code == 403


def test_the_form_offers_only_the_persons_actors_and_refuses_another_in_french(client_for: Any) -> None:
    mine = make_actor(name="Mon collectif")
    theirs = make_actor(name="Leur association")
    member = _member(mine)
    client = client_for(member)
    form = client.get("/missions/nouvelle/").content.decode()
    assert "Mon collectif" in form
    assert "Leur association" not in form
    start, _end = _soon()
    data = {
        "title": "Nettoyer les berges",
        "what": "Ramasser.",
        "why": "Pour la rivière.",
        "actor": theirs.pk,
        "address": "Berges",
        "capacity": 5,
        "schedule": "date",
        "day": start.date().isoformat(),
        "start": "10:00",
        "end": "12:00",
    }
    refused = client.post("/missions/nouvelle/", data)
    assert refused.status_code == 400
    assert "Vous n&#x27;êtes pas membre de cet acteur." in refused.content.decode()
    assert not Mission.objects.exists()
    accepted = client.post("/missions/nouvelle/", {**data, "actor": mine.pk})
    assert accepted.status_code == 302
    assert Mission.objects.get().actor == mine


# --- Contributions made in an actor's name ----------------------------------------------------


def test_a_member_contributes_in_the_actors_name_and_the_page_says_so(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    member = _member(actor)
    demarche = _open_demarche()
    client = client_for(member)
    form = client.get(f"/demarches/{demarche.slug}/contribuer/").content.decode()
    assert "Rivière propre" in form
    response = client.post(
        f"/demarches/{demarche.slug}/contribuer/",
        {"kind": "idee", "title": "Des bancs au bord de l'eau", "body": "Pour se reposer.", "actor": actor.pk},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert ContributionActor.objects.get(contribution=contribution).actor == actor
    page = Client().get(contribution.get_absolute_url()).content.decode()
    assert "Contribution faite au nom de" in page
    assert f'href="/acteurs/{actor.pk}/"' in page


def test_another_actor_is_refused_on_the_form_and_by_the_action(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    stranger = UserFactory()
    _own = make_actor(stranger, name="Mon association")
    demarche = _open_demarche()
    response = client_for(stranger).post(
        f"/demarches/{demarche.slug}/contribuer/",
        {"kind": "idee", "title": "Des bancs au bord de l'eau", "body": "Pour se reposer.", "actor": actor.pk},
    )
    assert response.status_code == 400
    assert "Vous n&#x27;êtes pas membre de cet acteur." in response.content.decode()
    with pytest.raises(PermissionDenied) as refused, transaction.atomic():
        _contribute(stranger, demarche, actor)
    assert refused.value.code == "not_member"
    # The refusal undoes the whole submission.
    assert not Contribution.objects.exists()
    assert not ContributionActor.objects.exists()


def test_no_actor_is_offered_without_membership_nor_in_a_pseudonymous_demarche(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    member = _member(actor)
    pseudonymous = _open_demarche(pseudonymous=True)
    response = client_for(member).get(f"/demarches/{pseudonymous.slug}/contribuer/")
    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()
    assert "Rivière propre" not in response.content.decode()
    demarche = _open_demarche()
    form = client_for(UserFactory()).get(f"/demarches/{demarche.slug}/contribuer/").content.decode()
    assert 'name="actor"' not in form


# --- The actor's page ------------------------------------------------------------------------


def test_the_actors_page_lists_each_kind() -> None:
    actor = make_actor(name="Rivière propre")
    member = _member(actor)
    make_initiative(member, title="Une rivière sans plastique", actor=actor)
    _mission(member, actor, title="Mission à venir")
    _into_the_past(_mission(member, actor, title="Mission passée"))
    _event(member, actor, title="Rencontre à venir")
    _into_the_past(_event(member, actor, title="Rencontre passée"))
    _contribute(member, _open_demarche(), actor, title="Des bancs au bord de l'eau")
    page = Client().get(actor.get_absolute_url()).content.decode()
    for title in (
        "Une rivière sans plastique",
        "Mission à venir",
        "Mission passée",
        "Rencontre à venir",
        "Rencontre passée",
        "Des bancs au bord de l&#x27;eau",
    ):
        assert title in page, title


def test_the_actors_page_lists_only_what_the_viewer_may_see(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    member = _member(actor)
    shown = _contribute(member, _open_demarche(), actor, title="Une contribution visible")
    masked = _contribute(member, _open_demarche(), actor, title="Une contribution masquée")
    contribution_actions.contribution_mask(masked, "spam")
    withdrawn = _contribute(member, _open_demarche(), actor, title="Une contribution retirée")
    contribution_actions.contribution_withdraw(user=member, contribution=withdrawn)
    invited = _open_demarche(audience=Audience.INVITED)
    # Written directly: the démarche is hidden from everyone not invited, its author included here.
    hidden = Contribution.objects.create(
        demarche=invited, kind="idee", title="Une contribution d'une démarche cachée", body="…", author=member
    )
    ContributionActor.objects.create(contribution=hidden, actor=actor)
    other_actor = make_actor(name="Une autre association")
    _contribute(_member(other_actor), _open_demarche(), other_actor, title="Au nom d'un autre acteur")
    mission = _mission(member, actor, title="Mission masquée")
    mission.masked_at = timezone.now()
    mission.save(update_fields=["masked_at"])
    for client in (Client(), client_for(UserFactory())):
        page = client.get(actor.get_absolute_url()).content.decode()
        assert shown.title in page
        for title in ("Une contribution masquée", "Une contribution retirée", "démarche cachée", "autre acteur"):
            assert title not in page, title
        assert "Mission masquée" not in page


def test_the_actors_page_costs_the_same_with_few_or_many_links(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    member = _member(actor)

    def links(n: int, start: int) -> None:
        for index in range(start, start + n):
            make_initiative(member, title=f"Initiative {index}", actor=actor)
            _mission(member, actor, title=f"Mission {index}", days=3 + index)
            _into_the_past(_mission(member, actor, title=f"Mission passée {index}"))
            _event(member, actor, title=f"Rencontre {index}", days=3 + index)
            _into_the_past(_event(member, actor, title=f"Rencontre passée {index}"))
            _contribute(member, _open_demarche(), actor, title=f"Contribution numéro {index}")

    links(1, 0)
    clients = (Client(), client_for(member))
    small = [real_render_queries(client, actor.get_absolute_url()) for client in clients]
    links(12, 1)
    for client, few in zip(clients, small, strict=True):
        large = real_render_queries(client, actor.get_absolute_url())
        assert_same_cost(few, large, at_most=30, what="an actor's page")


def test_the_demo_shows_an_actors_mission_event_and_contributions() -> None:
    load_demo(run_on_commit=True)
    repair = Actor.objects.get(name="Repair Café de la Gare")
    assert Mission.objects.filter(actor=repair, title="Atelier de réparation de vélos").exists()
    assert Event.objects.filter(actor__name="Compagnie Les Tréteaux").exists()
    assert ContributionActor.objects.exists()
    link = ContributionActor.objects.select_related("actor", "contribution").first()
    assert link is not None
    page = Client().get(link.actor.get_absolute_url()).content.decode()
    assert link.contribution.title.replace("'", "&#x27;") in page
    assert "Atelier de réparation de vélos" in Client().get(repair.get_absolute_url()).content.decode()


def test_a_hidden_actors_name_is_shown_nowhere_it_is_linked_from(client_for: Any) -> None:
    """Hidden by the moderation, an actor stays linked to its initiatives, contributions and offers
    of help: those pages say « un acteur du territoire », never its name nor a link to it."""
    actor = make_actor(name="Nom masqué par la modération")
    member = _member(actor)
    initiative = make_initiative(member, title="Un verger partagé", actor=actor)
    contribution = _contribute(member, _open_demarche(), actor, title="Des arbres fruitiers")
    Actor.objects.filter(pk=actor.pk).update(masked_at=timezone.now(), masked_reason="spam")
    for client in (Client(), client_for(UserFactory())):
        for url in ("/initiatives/", initiative.get_absolute_url(), contribution.get_absolute_url()):
            page = client.get(url).content.decode()
            assert "Nom masqué par la modération" not in page, url
            assert f'href="/acteurs/{actor.pk}/"' not in page, url
        assert "un acteur du territoire" in client.get(initiative.get_absolute_url()).content.decode()
