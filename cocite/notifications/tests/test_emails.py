"""Mails: digests (daily, weekly, never, immediate), idempotence, unsubscribe links (RFC 8058)."""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Sequence
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications import actions, emails, events
from cocite.notifications.models import Notification, NotificationPreference

from .helpers import follow, person, prefer
from .test_inbox import make_notifications

pytestmark = pytest.mark.django_db

Frequency = NotificationPreference.EmailFrequency


def _digest(frequency: str = "daily") -> str:
    out = StringIO()
    call_command("send_digests", frequency=frequency, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    mail.outbox.clear()


def test_the_daily_digest_is_the_default_and_is_sent_once(django_capture_on_commit_callbacks: Any) -> None:
    user = person()  # no preference row: daily digest
    make_notifications(user, 3)
    with django_capture_on_commit_callbacks(execute=True):
        _digest()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "3 nouvelles" in message.subject
    with django_capture_on_commit_callbacks(execute=True):
        output = _digest()
    assert len(mail.outbox) == 1, "running the command twice sends nothing twice"
    assert output.startswith("0 résumé")
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_each_frequency_gets_its_own_mails() -> None:
    daily, weekly, never, immediate = person(), person(), person(), person()
    prefer(weekly, Frequency.WEEKLY)
    prefer(never, Frequency.NEVER)
    prefer(immediate, Frequency.IMMEDIATE)
    for user in (daily, weekly, never, immediate):
        make_notifications(user, 2)
    _digest("daily")
    assert [m.to for m in mail.outbox] == [[daily.email]]
    _digest("weekly")
    assert [m.to for m in mail.outbox] == [[daily.email], [weekly.email]]
    assert "semaine" in mail.outbox[1].subject
    _digest("daily")
    _digest("weekly")
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(recipient=never, emailed_at__isnull=True).count() == 2


def test_immediate_mails_are_sent_by_the_fan_out(on_commit: Any) -> None:
    demarche = DemarcheFactory()
    eager, patient = person(), person()
    prefer(eager, Frequency.IMMEDIATE)
    follow(eager, demarche)
    follow(patient, demarche)
    with on_commit():
        actions.event_publish(events.new_contribution(ContributionFactory(demarche=demarche)))
    assert [m.to for m in mail.outbox] == [[eager.email]]
    assert mail.outbox[0].subject.startswith("[Cocité] Nouvelle contribution dans")
    # The immediate mail is not repeated in a digest; the patient one gets theirs.
    _digest("daily")
    assert [m.to for m in mail.outbox] == [[eager.email], [patient.email]]


def test_read_old_and_unverified_are_left_out() -> None:
    user = person()
    make_notifications(user, 1, read=True)
    old = make_notifications(user, 1)[0]
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    unverified = person(verified_email=False)
    make_notifications(unverified, 1)
    inactive = person(is_active=False)
    make_notifications(inactive, 1)
    _digest()
    assert mail.outbox == []


def test_the_digest_groups_by_demarche_with_absolute_links() -> None:
    user = person()
    first = make_notifications(user, 2)
    second = make_notifications(user, 1)
    with override_settings(SITE_URL="https://participer.bellerive.example"):
        _digest()
    message = mail.outbox[0]
    text = message.body
    html = message.alternatives[0][0]  # type: ignore[index]
    assert message.alternatives[0][1] == "text/html"  # type: ignore[index]
    for notification in (*first, *second):
        url = f"https://participer.bellerive.example/notifications/{notification.pk}/ouvrir/"
        assert url in text
        assert url in html
    assert f"== {first[0].demarche.title} ==" in text
    assert f"== {second[0].demarche.title} ==" in text
    assert text.count("a commenté") == 3
    assert '<html lang="fr">' in html


def test_mails_carry_one_click_unsubscribe_headers() -> None:
    user = person()
    make_notifications(user, 1)
    with override_settings(SITE_URL="https://participer.bellerive.example"):
        _digest()
    headers = mail.outbox[0].extra_headers
    expected = "https://participer.bellerive.example" + reverse(
        "notifications:unsubscribe", kwargs={"token": emails.unsubscribe_token(user)}
    )
    assert headers["List-Unsubscribe"] == f"<{expected}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert expected in mail.outbox[0].body


class RefusingBackend(BaseEmailBackend):
    """A server that takes the connection, then refuses every recipient (as an SMTP server can)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPRecipientsRefused({address: (550, b"refused") for m in email_messages for address in m.to})


class ObservingBackend(BaseEmailBackend):
    """Notes, for each mail as it leaves, how many notifications are still marked unmailed."""

    unmailed_at_send: list[int] = []

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.unmailed_at_send.append(Notification.objects.filter(emailed_at__isnull=True).count())
        return len(email_messages)


def _mailer(backend: str, **options: Any) -> Any:
    return override_settings(MAILERS={"default": {"BACKEND": backend, "OPTIONS": options}})


@pytest.mark.parametrize(
    ("backend", "options"),
    [
        # The server takes the connection, then refuses the recipients.
        (f"{__name__}.RefusingBackend", {}),
        # SMTP down: nothing listens on the discard port, the connection itself fails.
        ("django.core.mail.backends.smtp.EmailBackend", {"host": "127.0.0.1", "port": 9, "timeout": 2}),
    ],
    ids=["refused", "unreachable"],
)
def test_a_mail_that_could_not_leave_is_sent_by_the_next_run(backend: str, options: dict[str, Any]) -> None:
    """The claimed rows are released, not lost: the next run mails them."""
    user = person()
    make_notifications(user, 2)
    with _mailer(backend, **options):
        _digest()
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    _digest()
    assert len(mail.outbox) == 1


def test_notifications_are_marked_before_the_mail_leaves() -> None:
    """A crash between marking and sending loses a mail rather than sending it twice."""
    user = person()
    make_notifications(user, 1)
    ObservingBackend.unmailed_at_send = []
    with _mailer(f"{__name__}.ObservingBackend"):
        _digest()
    assert ObservingBackend.unmailed_at_send == [0]


# Unsubscribe


def test_unsubscribe_get_asks_then_post_unsubscribes(client: Client) -> None:
    user = person()
    url = reverse("notifications:unsubscribe", kwargs={"token": emails.unsubscribe_token(user)})
    response = client.get(url)
    assert response.status_code == 200
    assert "Ne plus recevoir de courriels" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=user).exists(), "a GET (link scanner) changes nothing"
    response = client.post(url)
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user).email_frequency == Frequency.NEVER


def test_one_click_unsubscribe_works_without_csrf_token_and_twice() -> None:
    user = person()
    prefer(user, Frequency.IMMEDIATE)
    client = Client(enforce_csrf_checks=True)
    url = reverse("notifications:unsubscribe", kwargs={"token": emails.unsubscribe_token(user)})
    for _ in range(2):
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user).email_frequency == Frequency.NEVER


def test_a_tampered_token_is_refused_clearly(client: Client) -> None:
    user, other = person(), person()
    token = emails.unsubscribe_token(user)
    forged = token.replace(token.split(":")[0], emails.unsubscribe_token(other).split(":")[0])
    for bad in (forged, token[:-2] + "xx", "nimportequoi", "e30:abc"):
        url = reverse("notifications:unsubscribe", kwargs={"token": bad})
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "Lien de désabonnement non valide" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_token_from_another_salt_is_refused() -> None:
    from django.core import signing

    user = person()
    other_purpose = signing.Signer(salt="autre.usage").sign_object({"u": user.pk})
    assert emails.user_id_from_token(other_purpose) is None
    assert emails.user_id_from_token(emails.unsubscribe_token(user)) == user.pk


# Preferences page


def test_preferences_page(client_for: Any, client: Client) -> None:
    user = person()
    browser = client_for(user)
    response = browser.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    assert response.context["form"].initial["email_frequency"] == Frequency.DAILY
    response = browser.post(reverse("notifications:preferences"), {"email_frequency": Frequency.WEEKLY})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).email_frequency == Frequency.WEEKLY
    response = browser.post(reverse("notifications:preferences"), {"email_frequency": "toutes-les-heures"})
    assert response.status_code == 400
    assert NotificationPreference.objects.get(user=user).email_frequency == Frequency.WEEKLY
    assert client.get(reverse("notifications:preferences")).status_code == 302


def _digest_queries(count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(count):
        make_notifications(person(), 2)
    with CaptureQueriesContext(connection) as queries:
        actions.digests_send(frequency=Frequency.DAILY)
    assert len(mail.outbox) == count
    mail.outbox.clear()
    return len(queries.captured_queries)


def test_digests_cost_the_same_for_3_or_40_people() -> None:
    # A first run does what Django keeps per process (content types), whichever test ran before.
    _digest_queries(1)
    assert _digest_queries(3) == _digest_queries(40)
