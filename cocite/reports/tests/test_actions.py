"""Reports: submission, duplicates, routing, statuses, timeline, notifications, the four-week question."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.test import TestCase, override_settings
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, PermissionDenied
from cocite.notifications.models import Notification, NotificationPreference
from cocite.notifications.queries import visible_notifications
from cocite.notifications.tests.helpers import prefer
from cocite.reports import actions, queries
from cocite.reports.models import Report, ReportEvent, ReportFollower, Status
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import LAT, LON, category, png, report

pytestmark = pytest.mark.django_db


def test_submit_routes_to_the_category_department_derives_the_quartier_and_follows() -> None:
    cat = category()
    person = UserFactory()
    made = report(cat, author=person, images=[(png(), "Le lampadaire")])
    assert made.department == cat.department
    assert made.quartier is not None
    assert made.quartier.slug == "q-reports"
    assert made.status == Status.RECEIVED
    assert made.due_at - made.created_at >= datetime.timedelta(days=9, hours=23)
    assert ReportFollower.objects.filter(report=made, user=person).exists()
    assert made.photos.count() == 1
    assert list(made.events.values_list("kind", flat=True)) == [ReportEvent.Kind.SUBMITTED]


def test_an_address_alone_is_enough_but_nothing_is_refused() -> None:
    cat = category()
    made = report(cat, lat=None, lon=None, address="12 rue des Écoles")
    assert made.quartier is None
    assert made.address == "12 rue des Écoles"
    with pytest.raises(ActionError) as error:
        report(cat, lat=None, lon=None)
    assert error.value.code == "place_required"


def test_a_point_outside_the_commune_is_refused() -> None:
    cat = category()
    with pytest.raises(ActionError) as error:
        report(cat, lat=40.0, lon=5.0)
    assert error.value.code == "point_outside"


def test_photos_go_through_the_contribution_checks() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile  # a fake image, built here only

    cat = category()
    with pytest.raises(ActionError) as error:
        report(cat, images=[(SimpleUploadedFile("x.png", b"not an image"), "x")])
    assert error.value.code == "image_invalid"
    with pytest.raises(ActionError) as error:
        report(cat, images=[(png(), "a"), (png(), "b"), (png(), "c"), (png(), "d")])
    assert error.value.code == "too_many_photos"


def test_only_agents_file_on_behalf_with_a_channel() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat, author=agent, channel="accueil", offline_author_name="Mme Durand")
    assert made.author is None
    assert made.recorded_by == agent
    assert made.channel == "accueil"
    with pytest.raises(PermissionDenied):
        report(cat, author=UserFactory(), channel="telephone")


def test_same_problem_counts_once_per_person_and_follows() -> None:
    cat = category()
    made = report(cat)
    other = UserFactory()
    assert actions.report_join(user=other, report=made) is True
    assert actions.report_join(user=other, report=made) is False
    made.refresh_from_db()
    assert made.plus_one_count == 1
    assert ReportFollower.objects.get(report=made, user=other).plus_one
    with pytest.raises(ActionError):
        actions.report_join(user=made.author, report=made)


def test_nearby_finds_open_reports_of_the_same_category_within_50_m() -> None:
    cat = category()
    near = report(cat)
    far = report(cat, lat=LAT + 0.001, lon=LON)  # about 111 m north
    other_cat = category(slug="voirie")
    report(other_cat)
    found = queries.nearby_open(cat, LAT + 0.0002, LON)  # about 22 m
    assert [r.pk for r in found] == [near.pk]
    assert far.pk not in [r.pk for r in found]


def test_statuses_need_their_details_and_write_the_timeline_and_notify() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    follower = UserFactory()
    actions.report_join(user=follower, report=made)
    with pytest.raises(PermissionDenied):
        actions.report_set_status(agent=UserFactory(), report=made, status=Status.IN_PROGRESS)
    with pytest.raises(ActionError) as error:
        actions.report_set_status(agent=agent, report=made, status=Status.PLANNED)
    assert error.value.code == "date_required"
    with pytest.raises(ActionError) as error:
        actions.report_set_status(agent=agent, report=made, status=Status.REJECTED)
    assert error.value.code == "reason_required"
    with pytest.raises(ActionError) as error:
        actions.report_set_status(agent=agent, report=made, status=Status.NOT_OURS)
    assert error.value.code == "competent_body_required"
    actions.report_set_status(
        agent=agent, report=made, status=Status.PLANNED, planned_for=datetime.date(2030, 1, 2), message="Mardi"
    )
    made.refresh_from_db()
    assert made.status == Status.PLANNED
    assert made.answered_at is not None
    assert made.events.filter(kind=ReportEvent.Kind.STATUS, message="Mardi").exists()
    for person in (made.author, follower):
        notes = visible_notifications(person)
        assert notes.filter(target_id=made.pk).count() == 1
    assert not Notification.objects.filter(recipient=agent).exists()


def test_out_of_competence_is_forwarded_by_mail(mailoutbox: list) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    event = made.events.first()
    assert event is not None
    with pytest.raises(ValueError, match="append-only"):  # the timeline is append-only
        event.save()
    from django.test import TestCase  # captureOnCommitCallbacks, for the mail queued on commit

    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_set_status(
            agent=agent,
            report=made,
            status=Status.NOT_OURS,
            competent_body="Conseil départemental",
            forward_to="routes@departement.example",
        )
    assert any(m.to == ["routes@departement.example"] for m in mailoutbox)
    made.refresh_from_db()
    assert made.competent_body == "Conseil départemental"
    assert not made.is_open


def test_reassign_needs_a_reason_and_moves_the_queue() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    target = DepartmentFactory()
    with pytest.raises(ActionError):
        actions.report_reassign(agent=agent, report=made, department=target, reason=" ")
    actions.report_reassign(agent=agent, report=made, department=target, reason="Relève des espaces verts")
    made.refresh_from_db()
    assert made.department == target
    assert made.events.filter(kind=ReportEvent.Kind.REASSIGNED).count() == 1
    with pytest.raises(PermissionDenied):  # no longer the agent's queue
        actions.report_set_status(agent=agent, report=made, status=Status.IN_PROGRESS)


def test_four_weeks_after_resolved_the_question_is_asked_once_and_no_reopens() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    actions.report_set_status(agent=agent, report=made, status=Status.RESOLVED, message="Réparé")
    Report.objects.filter(pk=made.pk).update(resolved_at=timezone.now() - datetime.timedelta(weeks=4, days=1))
    call_command("ask_report_confirmations")
    call_command("ask_report_confirmations")
    made.refresh_from_db()
    assert made.confirmation_asked_at is not None
    assert Notification.objects.filter(recipient=made.author, url__endswith="/confirmer/").count() == 1
    with pytest.raises(PermissionDenied):
        actions.report_confirm(user=UserFactory(), report=made, solved=False)
    actions.report_confirm(user=made.author, report=made, solved=False, message="Toujours éteint")
    made.refresh_from_db()
    assert made.status == Status.RECEIVED
    assert made.resolved_at is None
    assert made.answered_at is None
    assert made.events.filter(kind=ReportEvent.Kind.REOPENED, message="Toujours éteint").exists()
    assert made in queries.queue_page(made.department).object_list


def test_the_scheduler_runs_the_question_daily() -> None:
    from cocite.operations.scheduler import JOBS  # the scheduler's list of jobs

    assert any(job.command == ("ask_report_confirmations",) and job.every == "day" for job in JOBS)


def test_commitments_count_reports_per_department() -> None:
    from cocite.decisions.queries import commitments_dashboard  # the dashboard, read through the hook

    agent = UserFactory()
    cat = category(agents=[agent], delay=1)
    late = report(cat)
    Report.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    answered = report(cat)
    actions.report_set_status(agent=agent, report=answered, status=Status.IN_PROGRESS)
    board = commitments_dashboard(UserFactory())
    [source] = [s for s in board.others if s.source.key == "signalements"]
    assert (source.total.due, source.total.overdue, source.total.on_time) == (2, 1, 1)
    department = next(d for d in board.by_department if d.key == cat.department.slug)
    assert department.due == 2


def test_demarche_from_reports_lists_them() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    first, second = report(cat), report(cat, description="Encore éteint")
    with pytest.raises(PermissionDenied):
        actions.demarche_from_reports(agent=UserFactory(), category=cat, quartier=None, title="Éclairage du quartier")
    demarche = actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Éclairage du quartier")
    assert demarche.managing_department == cat.department
    assert demarche.status == "draft"
    assert first.get_absolute_url() in demarche.context
    assert second.get_absolute_url() in demarche.context
    assert Report.objects.filter(demarche=demarche).count() == 2


def test_moderation_hides_with_a_tombstone(client) -> None:  # type: ignore[no-untyped-def]
    from cocite.moderation.registry import registry  # the moderation registry, filled at startup

    cat = category()
    made = report(cat, description="Texte à masquer")
    spec = registry.get("report")
    assert spec is not None
    spec.hide(made, "Propos injurieux", None)
    page = client.get(made.get_absolute_url())
    assert page.status_code == 200
    assert "Texte à masquer" not in page.content.decode()
    assert "masqué par la modération" in page.content.decode()
    assert made.pk not in [r.pk for r in queries.report_page(queries.ReportFilters()).items]


def test_pages_for_an_agent_and_a_resident(client_for) -> None:  # type: ignore[no-untyped-def]
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    resident = client_for(UserFactory())
    assert resident.get("/signalements/file/").status_code == 403
    assert resident.get("/signalements/tendances/").status_code == 403
    assert resident.post(f"/signalements/{made.pk}/statut/", {"status": "resolu"}).status_code == 403
    staff = client_for(agent)
    assert made.get_absolute_url() in staff.get("/signalements/file/").content.decode()
    response = staff.post(f"/signalements/{made.pk}/statut/", {"status": "non_retenu", "message": ""})
    assert response.status_code == 400
    made.refresh_from_db()
    assert made.status == "recu"  # refused: a reason is required
    staff.post(f"/signalements/{made.pk}/statut/", {"status": "resolu", "message": "Fait"})
    made.refresh_from_db()
    assert made.status == "resolu"
    created = staff.post("/signalements/tendances/", {"category": cat.slug, "title": "Éclairage durable"})
    assert created.status_code == 302
    assert Report.objects.filter(pk=made.pk, demarche__title="Éclairage durable").exists()


def test_the_form_files_a_report_with_a_photo(client_for, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    cat = category()
    person = UserFactory()
    client = client_for(person)
    assert client.get("/signalements/nouveau/").status_code == 200
    refused = client.post("/signalements/nouveau/", {"category": cat.pk, "description": "Trou"})
    assert refused.status_code == 400
    assert "Placez un point sur la carte ou indiquez une adresse." in refused.content.decode()
    response = client.post(
        "/signalements/nouveau/",
        {
            "category": cat.pk,
            "description": "Trou dans le trottoir",
            "latitude": str(LAT),
            "longitude": str(LON),
            "image_1": png(),
            "alt_1": "Le trou",
            "follow": "on",
        },
    )
    assert response.status_code == 302
    made = Report.objects.get(author=person)
    photo = made.photos.get()
    served = client_for(UserFactory()).get(photo.get_absolute_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    nearby = client.get("/signalements/proches/", {"category": cat.pk, "latitude": LAT, "longitude": LON})
    assert made.get_absolute_url() in nearby.content.decode()


@pytest.mark.parametrize("server", ["answering", "unreachable"])
def test_a_status_change_mails_its_followers_from_a_task(server: str, mailoutbox: list[Any]) -> None:
    """The agent's change never waits on the mail server: the immediate mails are a task's work, queued on
    commit; with the server unreachable (nothing on the discard port) the notification waits for the next run."""
    agent = UserFactory()
    made = report(category(agents=[agent]))
    prefer(made.author, NotificationPreference.EmailFrequency.IMMEDIATE)
    ran: list[tuple[str, str]] = []

    def on_finished(sender: object, task_result: Any, **kwargs: object) -> None:
        ran.append((task_result.task.name, task_result.status))

    unreachable = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    task_finished.connect(on_finished)
    try:
        mailers = {"MAILERS": unreachable} if server == "unreachable" else {}
        with override_settings(**mailers), TestCase.captureOnCommitCallbacks(execute=True):
            actions.report_set_status(agent=agent, report=made, status=Status.IN_PROGRESS)
    finally:
        task_finished.disconnect(on_finished)
    assert ("email_event", TaskResultStatus.SUCCESSFUL) in ran
    told = Notification.objects.get(recipient=made.author, target_id=made.pk)
    if server == "answering":
        assert [m.to for m in mailoutbox] == [[made.author.email]]
        assert told.emailed_at is not None
    else:
        assert mailoutbox == []
        assert told.emailed_at is None
