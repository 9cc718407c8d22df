"""What reports tell webhook subscribers (cocite/api), connected from ReportsConfig.ready().

This app's API module imports cocite.api, so the API cannot listen to this app's signals itself
(a cycle between apps): the app sends its own events, through `webhook_emit`.

Subscribers are outside the commune: only what the public page of the report shows a visitor,
read again when the signal arrives (after the commit). A report hidden by the moderation sends
nothing; no payload ever names or reaches who reported it (author, offline name, the agent who
typed it), nor carries the description (free text a moderator may still redact: the API serves
its current version).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocite.api.actions import webhook_emit
from cocite.api.models import WebhookEvent

from . import queries, signals
from .api import report_representation
from .models import Report, Status


def _public(report_id: int) -> Report | None:
    return (
        queries.visible_reports(AnonymousUser())
        .select_related("category", "department", "quartier")
        .filter(pk=report_id)
        .first()
    )


def payload(report: Report) -> dict[str, Any]:
    """What the API shows a visitor of the report, less its description (see above)."""
    return {key: value for key, value in report_representation(report).items() if key != "description"}


def on_received(sender: Any, report: Report, **kwargs: Any) -> None:
    public = _public(report.pk)
    if public is not None:
        webhook_emit(WebhookEvent.REPORT_RECEIVED, payload(public))


def on_status_changed(sender: Any, report: Report, event: Any, old_status: str, new_status: str, **kwargs: Any) -> None:
    public = _public(report.pk)
    if public is None or old_status == new_status:
        return
    data = {
        **payload(public),
        "status": new_status,
        "old_status": old_status,
        "message": event.message,  # the public message of the timeline
    }
    webhook_emit(WebhookEvent.REPORT_STATUS_CHANGED, data)
    if new_status == Status.RESOLVED:
        webhook_emit(WebhookEvent.REPORT_RESOLVED, data)


def connect() -> None:
    uid = "cocite.reports.webhooks"
    signals.report_received.connect(on_received, dispatch_uid=f"{uid}.received")
    signals.report_status_changed.connect(on_status_changed, dispatch_uid=f"{uid}.status")
