"""Two digest runs at the same instant (two cron hosts, a slow run overlapping the next): each mail once."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from cocite.core.testing import run_at_once
from cocite.notifications import actions
from cocite.notifications.models import Notification

from .helpers import person
from .test_inbox import make_notifications

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_digest_runs_send_each_mail_once() -> None:
    people = [person() for _ in range(16)]
    for user in people:
        make_notifications(user, 4)
    mail.outbox.clear()
    errors = run_at_once([lambda: actions.digests_send(frequency="daily") for _ in range(4)])
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


@pytest.mark.postgres_only
def test_a_person_being_mailed_by_another_run_is_left_whole_to_it() -> None:
    """Another run holds one person mid-claim: this run skips them entirely rather than split their digest."""
    from django.contrib.auth import get_user_model

    busy, free = person(), person()
    make_notifications(busy, 3)
    make_notifications(free, 1)
    mail.outbox.clear()
    holding, release = threading.Event(), threading.Event()

    def other_run() -> None:
        try:
            with transaction.atomic():
                get_user_model().objects.select_for_update(no_key=True).filter(pk=busy.pk).get()
                # It has also locked one of the person's notifications, as a real claim would.
                Notification.objects.select_for_update().filter(recipient=busy).order_by("pk").first()
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert holding.wait(timeout=30)
    try:
        report = actions.digests_send(frequency="daily")
    finally:
        release.set()
        thread.join()
    assert [m.to for m in mail.outbox] == [[free.email]]
    assert report.mails == 1
    # Once the other run is gone, the person gets all their news in one mail.
    actions.digests_send(frequency="daily")
    assert [m.to for m in mail.outbox] == [[free.email], [busy.email]]
    assert "3 nouvelles" in mail.outbox[1].subject
