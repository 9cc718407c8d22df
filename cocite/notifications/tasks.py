"""Background work (django.tasks): the fan-out of one event to its followers."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def fan_out(event: dict[str, Any]) -> int:
    """Notify the followers of one event (see `actions.notifications_deliver`); returns mails sent."""
    from .actions import notifications_deliver
    from .events import Event

    return notifications_deliver(event=Event.from_json(event))
