"""Registration, waiting list, promotion, cancellation, attendance, certificate, calendar, export."""

from __future__ import annotations

import datetime
import re
import zlib
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.missions import actions, ics
from cocite.missions.models import Registration, Slot
from cocite.operations.scheduler import JOBS
from cocite.territory.tests.factories import OrganisationFactory, QuartierFactory

from .helpers import event, first_slot, mission, organiser

pytestmark = pytest.mark.django_db


def _register(person: Any, slot: Slot) -> Registration:
    return actions.registration_create(person=person, slot=slot, consent=True)


def test_a_full_slot_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
    django_capture_on_commit_callbacks: Any,
) -> None:
    slot = first_slot(mission(capacity=2))
    a, b, c, d = (UserFactory() for _ in range(4))
    with django_capture_on_commit_callbacks(execute=True):
        ra, rb, rc, rd = (_register(p, slot) for p in (a, b, c, d))
    assert [r.status for r in (ra, rb, rc, rd)] == ["confirmee", "confirmee", "attente", "attente"]
    slot.refresh_from_db()
    assert slot.confirmed_count == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = actions.registration_cancel(person=a, registration=ra)
    assert promoted is not None
    assert promoted.pk == rc.pk
    rc.refresh_from_db()
    rd.refresh_from_db()
    assert rc.status == "confirmee"
    assert rc.promoted_at is not None
    assert rd.status == "attente"
    slot.refresh_from_db()
    assert slot.confirmed_count == 2
    assert [m.to for m in mail.outbox] == [[c.email]]
    assert "place s’est libérée" in mail.outbox[0].subject
    # A waiting person who cancels frees no place.
    assert actions.registration_cancel(person=d, registration=rd) is None
    slot.refresh_from_db()
    assert slot.confirmed_count == 2


def test_one_active_registration_per_person_and_consent_and_age_are_required() -> None:
    m = mission(capacity=3, minimum_age=16)
    slot = first_slot(m)
    person = UserFactory()
    with pytest.raises(ActionError) as refused:
        actions.registration_create(person=person, slot=slot, consent=False, age_confirmed=True)
    assert refused.value.code == "consent_required"
    with pytest.raises(ActionError) as refused:
        actions.registration_create(person=person, slot=slot, consent=True)
    assert refused.value.code == "age_required"
    registration = actions.registration_create(person=person, slot=slot, consent=True, age_confirmed=True)
    assert "organisateurs" in registration.consent_text
    with pytest.raises(Conflict):
        actions.registration_create(person=person, slot=slot, consent=True, age_confirmed=True)
    actions.registration_cancel(person=person, registration=registration)
    again = actions.registration_create(person=person, slot=slot, consent=True, age_confirmed=True)
    assert again.status == "confirmee"


def test_nobody_registers_for_a_past_or_cancelled_slot_nor_cancels_someone_elses() -> None:
    m = mission(capacity=3)
    slot = first_slot(m)
    person, other = UserFactory(), UserFactory()
    registration = _register(person, slot)
    with pytest.raises(PermissionDenied):
        actions.registration_cancel(person=other, registration=registration)
    later = slot.starts_at + datetime.timedelta(minutes=1)
    with pytest.raises(PermissionDenied):
        actions.registration_create(person=other, slot=slot, consent=True, now=later)
    with pytest.raises(PermissionDenied):
        actions.registration_cancel(person=person, registration=registration, now=later)
    creator = m.created_by
    assert creator is not None
    actions.activity_cancel(organiser=creator, activity=m)
    registration.refresh_from_db()
    assert registration.status == "annulee"
    with pytest.raises(PermissionDenied):
        _register(other, slot)


def test_only_agents_publish_and_only_for_their_departments() -> None:
    resident = UserFactory()
    agent, other_agent = organiser(), organiser()
    start, end = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2), None
    assert end is None
    with pytest.raises(PermissionDenied):
        actions.mission_publish(
            author=resident, title="Mission", what="x", why="y", department=None, organisation_name="Asso",
            address="Parc", capacity=2, slots=[(start, start + datetime.timedelta(hours=1))],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        actions.event_publish(
            author=agent,
            title="Réunion",
            description="x",
            department=other_agent.department_memberships.first().department,
            address="Salle",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            capacity=3,
        )
    # For a partner organisation only: allowed, and the agent runs it.
    e = actions.event_publish(
        author=agent,
        title="Atelier du collectif",
        description="x",
        department=None,
        organisation_name="Collectif des Lilas",
        address="Salle",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        capacity=3,
    )
    assert e.organiser_name == "Collectif des Lilas"
    with pytest.raises(ActionError):
        actions.event_publish(
            author=agent, title="Sans organisateur", description="x", department=None, address="Salle",
            starts_at=start, ends_at=start + datetime.timedelta(hours=1), capacity=3,
        )  # fmt: skip


def test_the_quartier_is_derived_from_the_point() -> None:
    quartier = QuartierFactory()
    lon, lat = quartier.boundary["coordinates"][0][0]
    m = mission(latitude=lat + 0.001, longitude=lon + 0.001)
    assert m.quartier_id == quartier.pk


def test_attendance_and_hours_then_the_certificate_pdf(client_for: Any) -> None:
    OrganisationFactory(name="Ville de Testville")
    m = mission(capacity=3)
    slot = first_slot(m)
    person, absent = UserFactory(first_name="Camille", last_name="Martin"), UserFactory()
    r1, r2 = _register(person, slot), _register(absent, slot)
    organiser_user = m.created_by
    assert organiser_user is not None
    with pytest.raises(PermissionDenied):  # not before the slot began
        actions.attendance_confirm(organiser=organiser_user, slot=slot, entries={r1.pk: (True, None)})
    after = slot.ends_at
    with pytest.raises(PermissionDenied):
        actions.attendance_confirm(organiser=person, slot=slot, entries={r1.pk: (True, None)}, now=after)
    actions.attendance_confirm(
        organiser=organiser_user, slot=slot, entries={r1.pk: (True, Decimal("2.5")), r2.pk: (False, None)}, now=after
    )
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert (r1.attended, r1.hours, r2.attended, r2.hours) == (True, Decimal("2.50"), False, None)
    page = client_for(person).get(reverse("missions:mine"))
    assert "2,5" in page.content.decode()
    response = client_for(person).get(reverse("missions:certificate"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    text = b""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    assert b"2,5" in text
    assert b"Ville de Testville" in text
    assert b"Camille Martin" in text
    # Nothing confirmed: no certificate, a message instead.
    assert client_for(absent).get(reverse("missions:certificate")).status_code == 302


def test_the_calendar_file_is_rfc_5545() -> None:
    start = datetime.datetime(2030, 5, 4, 8, 0, tzinfo=datetime.UTC)
    text = ics.calendar(
        uid="inscription-1@exemple",
        summary="Nettoyage; berges, quai",
        description="Ligne 1\nLigne 2 " + "é" * 80,
        location="Quai",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        url="https://exemple.fr/missions/1/",
        stamp=start,
    )
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "SUMMARY:Nettoyage\\; berges\\, quai\r\n" in text
    assert "Ligne 1\\nLigne 2" in text
    assert "DTSTART:20300504T080000Z" in text
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "é" * 80 in unfolded


def test_the_calendar_download_is_the_persons_own(client_for: Any) -> None:
    slot = first_slot(event())
    person = UserFactory()
    registration = _register(person, slot)
    url = reverse("missions:calendar", kwargs={"pk": registration.pk})
    response = client_for(person).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert client_for(UserFactory()).get(url).status_code == 404


def test_export_is_for_organisers_and_carries_the_consent(client_for: Any) -> None:
    m = mission(capacity=1)
    slot = first_slot(m)
    person = UserFactory(first_name="=HYPERLINK(1)")
    _register(person, slot)
    _register(UserFactory(), slot)
    url = reverse("missions:mission_export", kwargs={"pk": m.pk})
    assert client_for(person).get(url).status_code == 403
    response = client_for(m.created_by).get(url)
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert body.count("J’accepte que mon nom") == 2
    assert "Sur liste d’attente" in body
    assert "'=HYPERLINK" in body  # formula-like text neutralised (core/csv_writer.py)


def test_messages_reach_the_registered_by_mail(django_capture_on_commit_callbacks: Any, client_for: Any) -> None:
    m = mission(capacity=1)
    slot = first_slot(m)
    confirmed, waiting = UserFactory(), UserFactory()
    _register(confirmed, slot)
    _register(waiting, slot)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(m.created_by).post(
            reverse("missions:mission_message", kwargs={"pk": m.pk}),
            {"subject": "Gants", "body": "Apportez des gants."},
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[confirmed.email]]
    assert "Apportez des gants." in mail.outbox[0].body
    # Not the organiser: refused.
    assert (
        client_for(confirmed)
        .post(reverse("missions:mission_message", kwargs={"pk": m.pk}), {"subject": "x", "body": "y"})
        .status_code
        == 403
    )


def test_a_question_goes_to_the_organisers_without_showing_addresses(
    django_capture_on_commit_callbacks: Any, client_for: Any
) -> None:
    m = mission()
    person = UserFactory()
    page = client_for(person).get(m.get_absolute_url()).content.decode()
    assert m.created_by.email not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(person).post(
            reverse("missions:mission_contact", kwargs={"pk": m.pk}), {"body": "Faut-il des bottes ?"}
        )
    assert [message.to for message in mail.outbox] == [[m.created_by.email]]
    assert mail.outbox[0].reply_to == [person.email]


def test_reminders_go_the_day_before_once(django_capture_on_commit_callbacks: Any) -> None:
    assert any(job.command == ("send_activity_reminders",) for job in JOBS)
    m = mission(capacity=2)
    slot = first_slot(m)
    person = UserFactory()
    _register(person, slot)
    tomorrow = timezone.localtime(slot.starts_at) - datetime.timedelta(days=1)
    mail.outbox.clear()
    assert actions.reminders_queue(now=tomorrow.replace(hour=0, minute=1)) == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Rappel" in mail.outbox[0].subject
    assert actions.reminders_queue(now=tomorrow.replace(hour=0, minute=2)) == 0
    call_command("send_activity_reminders", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_pages_and_posts(client_for: Any) -> None:
    m = mission(capacity=1)
    e = event()
    person = UserFactory()
    anonymous = Client()
    assert anonymous.get(reverse("missions:list")).status_code == 200
    assert anonymous.get(reverse("missions:list") + "?vue=carte").status_code == 200
    assert anonymous.get(reverse("missions:events")).status_code == 200
    assert anonymous.get(m.get_absolute_url()).status_code == 200
    assert anonymous.get(reverse("missions:create")).status_code == 302
    assert client_for(person).get(reverse("missions:create")).status_code == 403
    assert client_for(m.created_by).get(reverse("missions:create")).status_code == 200
    client = client_for(person)
    slot = first_slot(m)
    response = client.post(reverse("missions:register", kwargs={"pk": slot.pk}), {"consent": "on"})
    assert response.status_code == 302
    assert Registration.objects.get(person=person).status == "confirmee"
    client.post(reverse("missions:register", kwargs={"pk": first_slot(e).pk}), {})  # no consent: refused
    assert not Registration.objects.filter(person=person, slot__event=e).exists()
    assert client.get(reverse("missions:mine")).status_code == 200


def test_an_agent_publishes_a_weekly_mission_through_the_form(client_for: Any) -> None:
    agent = organiser()
    department = agent.department_memberships.first().department
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = client_for(agent).post(
        reverse("missions:create"),
        {
            "title": "Aide aux devoirs",
            "what": "Accompagner.",
            "why": "Demandé.",
            "department": department.pk,
            "address": "Médiathèque",
            "capacity": "4",
            "schedule": "hebdomadaire",
            "day": day.isoformat(),
            "start": "14:00",
            "end": "16:00",
            "until": (day + datetime.timedelta(days=28)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Slot.objects.filter(mission__title="Aide aux devoirs").count() == 5
    bad = client_for(agent).post(reverse("missions:create"), {"title": "x", "day": "2030-99-99"})
    assert bad.status_code == 400
