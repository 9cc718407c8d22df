"""Background work (django.tasks): the fan-out of one event to its followers.

Queued by name (`core.taskqueue.task_named`) by `actions.event_publish`.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from cocite.core.taskqueue import named_task

from .actions import notifications_deliver
from .events import Event


@named_task("notifications.fan_out")
@task()
def fan_out(event: dict[str, Any]) -> int:
    """Notify the followers of one event (see `actions.notifications_deliver`); returns mails sent."""
    return notifications_deliver(event=Event.from_json(event))
