"""Matches told in people's digests (issue 20): a new call for help tells the residents and the actors'
members it matches — if they asked to be (« Mes compétences ») — once per person and call, with the
reasons it was suggested; never those who run the initiative; never what they may no longer see."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.network import actions, matching
from cocite.network.models import ActorMembership, CallForHelp, Initiative, PersonSkills
from cocite.notifications.models import Notification
from cocite.notifications.queries import visible_notifications

from .helpers import make_actor, make_initiative

pytestmark = pytest.mark.django_db


def _resident(*, notify: bool, suggest: bool = True, categories: tuple[str, ...] = ("benevolat",)) -> Any:
    user = UserFactory()
    PersonSkills.objects.create(
        user=user, categories=list(categories), skills="accueil", suggest_me=suggest, notify_matches=notify
    )
    return user


def _opted_in(user: Any, notify: bool = True) -> Any:
    """Someone who asked to be told of matches without declaring skills (e.g. for their actor)."""
    PersonSkills.objects.update_or_create(user=user, defaults={"notify_matches": notify})
    return user


def _call(initiative: Initiative, capture: Any, **fields: Any) -> CallForHelp:
    values = {"kind": "benevoles", "what": "des bénévoles pour les tournées du samedi", "when": "le samedi matin"}
    values.update(fields)
    with capture(execute=True):
        return actions.call_create(user=initiative.holder, initiative=initiative, rate_limited=False, **values)


def _told(call: CallForHelp) -> dict[int, Notification]:
    return {n.recipient_id: n for n in Notification.objects.filter(event_key=f"call-match:{call.pk}")}


def test_those_who_opted_in_are_told_once_with_the_reasons_and_the_others_not(
    django_capture_on_commit_callbacks: Any,
) -> None:
    holder = UserFactory()
    initiative = make_initiative(holder, title="Épicerie solidaire mobile")
    told_resident = _resident(notify=True)
    quiet_resident = _resident(notify=False)
    only_told = _resident(notify=True, suggest=False)  # told, never shown to the holder
    unfit = _resident(notify=True, categories=("financement",))
    founder = _opted_in(UserFactory())
    actor = make_actor(founder, name="Les Bras Ouverts", offers=[("propose", "benevolat", "tournées, accueil")])
    quiet_member = UserFactory()
    ActorMembership.objects.create(actor=actor, user=quiet_member)
    # The holder matches too, as a resident and through an actor: never told of their own call.
    PersonSkills.objects.create(user=holder, categories=["benevolat"], suggest_me=True, notify_matches=True)
    ActorMembership.objects.create(actor=actor, user=holder)
    call = _call(initiative, django_capture_on_commit_callbacks)
    told = _told(call)
    assert set(told) == {told_resident.pk, only_told.pk, founder.pk}
    assert quiet_resident.pk not in told
    assert unfit.pk not in told
    assert quiet_member.pk not in told
    assert holder.pk not in told
    resident_text = told[told_resident.pk].text
    assert "L’initiative « Épicerie solidaire mobile » cherche de l’aide" in resident_text
    assert "Elle correspond à ce que vous proposez." in resident_text
    assert "Pourquoi : propose : bénévolat." in resident_text
    member_text = told[founder.pk].text
    assert "Elle correspond à Les Bras Ouverts, dont vous êtes membre." in member_text
    assert "Pourquoi : propose : bénévolat" in member_text
    assert told[founder.pk].url == f"{initiative.get_absolute_url()}#appel-{call.pk}"
    # The holder's suggestions never show who only asked to be told.
    shown = {s.person.pk for s in matching.suggestions(call) if s.person is not None}
    assert only_told.pk not in shown
    assert told_resident.pk in shown
    # Idempotent: the task run again (a retry) tells nobody twice.
    assert actions.call_matches_notify(call_id=call.pk) == 0
    assert Notification.objects.filter(event_key=f"call-match:{call.pk}").count() == 3


def test_someone_matched_alone_and_through_an_actor_is_told_once() -> None:
    initiative = make_initiative(UserFactory())
    both = _resident(notify=True)
    make_actor(both, name="Coup de main", offers=[("propose", "benevolat", "")])
    call = CallForHelp.objects.create(initiative=initiative, kind="benevoles", what="des bras", when="samedi")
    assert actions.call_matches_notify(call_id=call.pk) == 1
    assert list(_told(call)) == [both.pk]


def test_the_match_lands_in_the_daily_digest_under_the_networks_demarche(
    django_capture_on_commit_callbacks: Any,
) -> None:
    initiative = make_initiative(UserFactory(), title="Repair Café mensuel")
    resident = _resident(notify=True, categories=("locaux",))
    call = _call(initiative, django_capture_on_commit_callbacks, kind="locaux", what="une salle le samedi")
    assert list(_told(call)) == [resident.pk]
    mail.outbox.clear()
    call_command("send_digests", frequency="daily", stdout=StringIO(), stderr=StringIO())
    [message] = mail.outbox
    assert message.to == [resident.email]
    assert "L’initiative « Repair Café mensuel » cherche de l’aide : une salle le samedi." in message.body
    assert "Pourquoi : propose : locaux." in message.body
    assert f"== {initiative.demarche.title} ==" in message.body
    mail.outbox.clear()
    call_command("send_digests", frequency="daily", stdout=StringIO(), stderr=StringIO())
    assert mail.outbox == []


def test_a_hidden_initiatives_match_is_neither_told_nor_shown() -> None:
    initiative = make_initiative(UserFactory())
    resident = _resident(notify=True)
    call = CallForHelp.objects.create(initiative=initiative, kind="benevoles", what="des bras", when="samedi")
    assert actions.call_matches_notify(call_id=call.pk) == 1
    assert visible_notifications(resident).count() == 1
    Initiative.objects.filter(pk=initiative.pk).update(masked_at=timezone.now(), masked_reason="spam")
    assert visible_notifications(resident).count() == 0
    other = CallForHelp.objects.create(initiative=initiative, kind="benevoles", what="encore", when="dimanche")
    assert actions.call_matches_notify(call_id=other.pk) == 0
    # A closed call tells nobody either.
    Initiative.objects.filter(pk=initiative.pk).update(masked_at=None)
    closed = CallForHelp.objects.create(
        initiative=initiative, kind="benevoles", what="fini", when="hier", closed_at=timezone.now()
    )
    assert actions.call_matches_notify(call_id=closed.pk) == 0


def test_opting_in_on_my_skills_page(client_for: Any) -> None:
    user = UserFactory()
    client = client_for(user)
    page = client.get("/acteurs/mes-competences/").content.decode()
    assert "Me prévenir des appels à l’aide qui me correspondent" in page
    response = client.post("/acteurs/mes-competences/", {"skills": "couture", "notify_matches": "on"})
    assert response.status_code == 302
    skills = PersonSkills.objects.get(user=user)
    assert skills.notify_matches
    assert not skills.suggest_me
    client.post("/acteurs/mes-competences/", {"skills": "couture"})
    skills.refresh_from_db()
    assert not skills.notify_matches
