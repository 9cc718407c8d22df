"""Missions and events published in an actor's name (issue 20): the actor's administrators run them with
their author (sign-ups, export, messages, attendance, notes, cancelling); a plain member, a stranger or
someone no longer a member does not; and an actor hidden by the moderation is named as organiser
nowhere — list, page, open API — its department or partner organisation, or a neutral label, instead."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.api.tests.helpers import api_get
from cocite.core.errors import PermissionDenied
from cocite.missions import actions, queries
from cocite.missions.models import HIDDEN_ACTOR_LABEL, Event, Message, Mission, Slot
from cocite.network import actions as network_actions
from cocite.network.models import Actor, ActorMembership
from cocite.network.tests.helpers import make_actor
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import soon

pytestmark = pytest.mark.django_db


def _join(actor: Actor, role: str = ActorMembership.Role.MEMBER) -> Any:
    user = UserFactory()
    ActorMembership.objects.create(actor=actor, user=user, role=role)
    return user


def _mission(by: Any, actor: Actor, **extra: Any) -> Mission:
    return actions.mission_publish(
        author=by,
        title=extra.pop("title", "Nettoyer les berges"),
        what="Ramasser les déchets.",
        why="Pour la rivière.",
        department=extra.pop("department", None),
        actor=actor,
        address="Berges de la rivière",
        capacity=5,
        slots=[soon()],
        **extra,
    )


def _event(by: Any, actor: Actor, **extra: Any) -> Event:
    start, end = soon()
    return actions.event_publish(
        author=by,
        title=extra.pop("title", "Apéro des voisins"),
        description="On se rencontre.",
        department=extra.pop("department", None),
        actor=actor,
        address="Place du marché",
        starts_at=start,
        ends_at=end,
        capacity=20,
        **extra,
    )


def _hide(actor: Actor) -> None:
    Actor.objects.filter(pk=actor.pk).update(masked_at=timezone.now(), masked_reason="spam")


MANAGE_PAGES = ("{base}gestion/", "{base}inscriptions.csv")


def _may_manage(client: Client, activity: Mission | Event) -> bool:
    base = activity.get_absolute_url()
    codes = {client.get(path.format(base=base)).status_code for path in MANAGE_PAGES}
    assert len(codes) == 1, codes
    return codes == {200}


# --- The actor's administrators run what was published in its name ---------------------------


@pytest.mark.parametrize("kind", ["mission", "event"])
def test_another_administrator_of_the_actor_runs_it_and_a_stranger_does_not(kind: str, client_for: Any) -> None:
    founder = UserFactory()
    actor = make_actor(founder, name="Rivière propre")
    author = _join(actor)
    activity = (_mission if kind == "mission" else _event)(author, actor)
    other_admin = _join(actor, ActorMembership.Role.ADMIN)
    plain_member = _join(actor)
    stranger = UserFactory()
    assert _may_manage(client_for(author), activity)
    assert _may_manage(client_for(founder), activity)
    assert _may_manage(client_for(other_admin), activity)
    assert not _may_manage(client_for(plain_member), activity)
    assert not _may_manage(client_for(stranger), activity)
    assert not _may_manage(client_for(_join(make_actor(name="Une autre", rate_limited=False), "admin")), activity)
    # The page offers the administrator the organisers' link, not the stranger.
    assert "Gérer les inscriptions" in client_for(other_admin).get(activity.get_absolute_url()).content.decode()
    assert "Gérer les inscriptions" not in client_for(stranger).get(activity.get_absolute_url()).content.decode()
    # Writing to the people registered: the administrator may, the stranger is refused (page and action).
    message_url = f"{activity.get_absolute_url()}message/"
    client_for(other_admin).post(message_url, {"subject": "Rendez-vous", "body": "À 9 h devant la mairie."})
    assert Message.objects.filter(author=other_admin).count() == 1
    assert client_for(stranger).post(message_url, {"subject": "Spam", "body": "Spam"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.message_send(author=stranger, activity=activity, subject="Spam", body="Spam")
    with pytest.raises(PermissionDenied):
        actions.activity_cancel(organiser=plain_member, activity=activity)
    # Cancelling: an administrator of the actor may.
    actions.activity_cancel(organiser=other_admin, activity=activity)
    activity.refresh_from_db()
    assert activity.is_cancelled


def test_a_removed_administrator_no_longer_runs_it(client_for: Any) -> None:
    founder = UserFactory()
    actor = make_actor(founder, name="Rivière propre")
    mission = _mission(founder, actor)
    other_admin = _join(actor, ActorMembership.Role.ADMIN)
    assert _may_manage(client_for(other_admin), mission)
    network_actions.membership_leave(user=other_admin, actor=actor)
    assert not _may_manage(client_for(other_admin), mission)
    with pytest.raises(PermissionDenied):
        actions.message_send(author=other_admin, activity=mission, subject="Encore", body="Moi")
    # Demoted to plain member: no longer either.
    demoted = _join(actor, ActorMembership.Role.ADMIN)
    assert _may_manage(client_for(demoted), mission)
    membership = ActorMembership.objects.get(actor=actor, user=demoted)
    network_actions.membership_set_role(user=founder, membership=membership, role=ActorMembership.Role.MEMBER)
    assert not _may_manage(client_for(demoted), mission)


def test_the_author_who_left_the_actor_no_longer_runs_it(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    author = _join(actor)
    event = _event(author, actor)
    assert _may_manage(client_for(author), event)
    network_actions.membership_leave(user=author, actor=author.actors.get())
    assert not _may_manage(client_for(author), event)


def test_an_administrator_of_the_actor_confirms_attendance_and_publishes_the_notes(client_for: Any) -> None:
    actor = make_actor(name="Rivière propre")
    author = _join(actor)
    event = _event(author, actor)
    registration = actions.registration_create(person=UserFactory(), slot=Slot.objects.get(event=event), consent=True)
    past = timezone.now() - datetime.timedelta(days=1)
    Slot.objects.filter(event=event).update(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    other_admin = _join(actor, ActorMembership.Role.ADMIN)
    stranger = UserFactory()
    slot = Slot.objects.select_related("event").get(event=event)
    with pytest.raises(PermissionDenied):
        actions.attendance_confirm(organiser=stranger, slot=slot, entries={registration.pk: (True, None)})
    assert actions.attendance_confirm(organiser=other_admin, slot=slot, entries={registration.pk: (True, None)}) == 1
    notes_url = f"{event.get_absolute_url()}compte-rendu/"
    assert client_for(stranger).post(notes_url, {"notes": "Rien", "attendance_count": 1}).status_code == 403
    client_for(other_admin).post(notes_url, {"notes": "Vingt personnes, trois idées.", "attendance_count": 20})
    event.refresh_from_db()
    assert event.notes == "Vingt personnes, trois idées."


def test_a_hidden_mission_in_an_actors_name_stays_readable_by_its_administrators(client_for: Any) -> None:
    founder = UserFactory()
    actor = make_actor(founder, name="Rivière propre")
    mission = _mission(_join(actor), actor, title="Mission masquée de l'acteur")
    Mission.objects.filter(pk=mission.pk).update(masked_at=timezone.now(), masked_reason="spam")
    assert "Mission masquée de l&#x27;acteur" in client_for(founder).get(mission.get_absolute_url()).content.decode()
    assert "Mission masquée de l&#x27;acteur" not in Client().get(mission.get_absolute_url()).content.decode()
    assert mission.pk in {m.pk for m in queries.visible_missions(founder)}
    assert mission.pk not in {m.pk for m in queries.visible_missions(UserFactory())}


def test_a_question_goes_to_the_actors_administrators() -> None:
    founder = UserFactory(email="fondatrice@exemple.fr")
    actor = make_actor(founder, name="Rivière propre")
    author = _join(actor)
    mission = _mission(author, actor)
    assert queries.organiser_emails(mission) == ["fondatrice@exemple.fr"]


# --- A hidden actor is named as organiser nowhere ---------------------------------------------


def test_a_hidden_actors_name_leaves_the_lists_pages_and_api_for_its_department_or_a_neutral_label() -> None:
    agent = UserFactory()
    department = DepartmentFactory(name="Service jeunesse", members=[agent])
    actor = make_actor(agent, name="Collectif Masquable")
    with_department = _mission(agent, actor, title="Mission du service", department=department)
    alone = _event(agent, actor, title="Rencontre de l'acteur seul")
    partner = _mission(agent, actor, title="Mission avec un partenaire", organisation_name="Les Amis du Parc")
    visitor = Client()
    assert "Collectif Masquable" in visitor.get("/missions/").content.decode()
    assert "Collectif Masquable" in visitor.get(alone.get_absolute_url()).content.decode()
    _hide(actor)
    pages = {
        "list": visitor.get("/missions/").content.decode(),
        "events": visitor.get("/rencontres/").content.decode(),
        "mission": visitor.get(with_department.get_absolute_url()).content.decode(),
        "partner": visitor.get(partner.get_absolute_url()).content.decode(),
        "event": visitor.get(alone.get_absolute_url()).content.decode(),
        "map": visitor.get("/missions/?vue=carte").content.decode(),
        "api missions": api_get(visitor, "/missions").content.decode(),
        "api mission": api_get(visitor, f"/missions/{with_department.pk}").content.decode(),
        "api events": api_get(visitor, "/missions/rencontres").content.decode(),
        "api event": api_get(visitor, f"/missions/rencontres/{alone.pk}").content.decode(),
    }
    for name, page in pages.items():
        assert "Collectif Masquable" not in page, name
        assert f"/acteurs/{actor.pk}/" not in page, name
    # Instead: the department, the partner organisation, or « un acteur du territoire ».
    assert "Organisée par Service jeunesse" in pages["mission"]
    assert "Service jeunesse avec le service" not in pages["mission"]
    assert "Organisée par Les Amis du Parc avec le service" not in pages["partner"]
    assert "Les Amis du Parc" in pages["partner"]
    assert f"Organisée par {HIDDEN_ACTOR_LABEL}" in pages["event"]
    assert f"Organisée par {HIDDEN_ACTOR_LABEL}" in pages["events"]
    missions = {m["id"]: m["organiser"] for m in api_get(visitor, "/missions").json()["items"]}
    assert missions[with_department.pk] == "Service jeunesse"
    assert missions[partner.pk] == "Les Amis du Parc"
    assert api_get(visitor, f"/missions/rencontres/{alone.pk}").json()["organiser"] == str(HIDDEN_ACTOR_LABEL)
    # Restored by the moderation: named again.
    Actor.objects.filter(pk=actor.pk).update(masked_at=None, masked_reason="")
    assert "Collectif Masquable" in visitor.get(alone.get_absolute_url()).content.decode()
