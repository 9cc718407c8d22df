"""Webhooks: signed deliveries to a real HTTP receiver on 127.0.0.1, retries with backoff, the SSRF
guard, replay from the admin."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.api import actions, webhooks
from cocite.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from cocite.contributions import actions as contribution_actions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory

from .helpers import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.COCITE_WEBHOOKS_ALLOW_PRIVATE = True
    with Receiver(failures=2) as running:
        yield running


def _subscribe(url: str, *events: str) -> WebhookSubscription:
    return actions.subscription_create(name="GRC", url=url, events=events or list(WebhookEvent.values), created_by=None)


def test_a_failing_receiver_gets_the_signed_event_on_the_third_try(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    subscription = _subscribe(receiver.url, WebhookEvent.CONTRIBUTION_CREATED)
    receiver.secret = subscription.secret
    demarche = DemarcheFactory()
    with django_capture_on_commit_callbacks(execute=True):
        contribution = contribution_actions.contribution_submit(
            author=UserFactory(), demarche=demarche, kind="idee", title="Un jardin partagé", body="Rue Haute."
        )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    first_retry = delivery.next_attempt_at
    assert first_retry is not None
    # Not due yet: nothing is sent.
    assert actions.deliveries_retry_due(now=first_retry - datetime.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.deliveries_retry_due(now=first_retry) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.status == WebhookDelivery.Status.PENDING
    # The backoff doubles: the third attempt waits twice as long as the second did.
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at - first_retry == 2 * actions.backoff(1)
    with django_capture_on_commit_callbacks(execute=True):
        actions.deliveries_retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 3
    assert len(receiver.requests) == 3
    assert all(r["verified"] for r in receiver.requests)
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1  # one message, retried
    event = receiver.requests[-1]["body"]
    assert event["type"] == "contribution.created"
    assert event["data"]["id"] == contribution.pk
    assert receiver.requests[-1]["headers"]["webhook-signature"].startswith("v1,")


def test_a_wrong_secret_does_not_verify() -> None:
    signature = webhooks.sign("whsec_abc", "msg_1", 1700000000, b"{}")
    assert webhooks.verify("whsec_abc", "msg_1", 1700000000, b"{}", signature)
    assert not webhooks.verify("whsec_other", "msg_1", 1700000000, b"{}", signature)
    assert not webhooks.verify("whsec_abc", "msg_1", 1700000001, b"{}", signature)


def test_private_addresses_are_refused_unless_allowed(settings: Any) -> None:
    settings.COCITE_WEBHOOKS_ALLOW_PRIVATE = False
    for url in (
        "http://127.0.0.1:8000/x",
        "http://10.1.2.3/x",
        "http://[::1]/x",
        "http://169.254.169.254/",
        "file:///etc/passwd",
    ):
        with pytest.raises(ActionError) as refused:
            _subscribe(url)
        assert refused.value.code == "webhook_url_refused"
    result = webhooks.send(url="http://127.0.0.1:9/x", secret="whsec_a", message_id="m", timestamp=1, body=b"{}")
    assert not result.ok
    assert "refusée" in result.error


def test_events_of_restricted_demarches_are_not_sent(
    receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _subscribe(receiver.url)
    agents_only = DemarcheFactory(audience=Audience.AGENTS)
    with django_capture_on_commit_callbacks(execute=True):
        contribution = ContributionFactory(demarche=agents_only)
        contribution_actions.contribution_publish(contribution)
    assert not WebhookDelivery.objects.exists()


def test_replay_from_the_admin(receiver: Receiver, admin_client: Any, django_capture_on_commit_callbacks: Any) -> None:
    receiver.failures = 0
    subscription = _subscribe(receiver.url, WebhookEvent.CONTRIBUTION_CREATED)
    receiver.secret = subscription.secret
    with django_capture_on_commit_callbacks(execute=True):
        contribution_actions.contribution_submit(
            author=UserFactory(), demarche=DemarcheFactory(), kind="idee", title="Une boîte à livres", body="Square."
        )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/api/webhookdelivery/", {"action": "replay", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302
    assert len(receiver.requests) == 2
    assert receiver.requests[1]["headers"]["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 1


def test_gives_up_after_the_last_attempt(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.COCITE_WEBHOOKS_ALLOW_PRIVATE = True
    with Receiver(failures=100) as failing:
        subscription = _subscribe(failing.url)
        failing.secret = subscription.secret
        [delivery] = actions.webhook_emit(WebhookEvent.DECISION_PUBLISHED, {"id": 1})
        moment = timezone.now()
        for _ in range(actions.MAX_ATTEMPTS):
            actions.delivery_attempt(delivery.pk, now=moment)
            moment += actions.backoff(actions.MAX_ATTEMPTS)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == actions.MAX_ATTEMPTS
    assert len(failing.requests) == actions.MAX_ATTEMPTS
