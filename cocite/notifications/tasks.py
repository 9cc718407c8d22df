"""Background work (django.tasks): the fan-out of one event to its followers, and the immediate
mails of notifications another app wrote itself.

Queued by name (`core.taskqueue.task_named`): by `actions.event_publish`, and on commit by the apps
that insert their own notifications (reports), so no request waits on the mail server.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from cocite.core.taskqueue import named_task

from .actions import email_immediately, notifications_deliver
from .events import Event

EMAIL_TASK = "notifications.email_event"


@named_task("notifications.fan_out")
@task()
def fan_out(event: dict[str, Any]) -> int:
    """Notify the followers of one event (see `actions.notifications_deliver`); returns mails sent."""
    return notifications_deliver(event=Event.from_json(event))


@named_task(EMAIL_TASK)
@task()
def email_event(event_key: str) -> int:
    """The immediate mails of one event's notifications (see `actions.email_immediately`)."""
    return email_immediately(event_key=event_key)
