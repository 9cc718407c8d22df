"""The public events webhooks tell about, hooked to the apps' public signals.

Only what a visitor may see is sent (subscribers are outside the commune): events of démarches
open to everyone, never of hidden (moderated) contributions. Connected in ApiConfig.ready().

The apps whose API module imports this app (reports, network, missions, quality; budgets too) send
their own events instead: listening to them from here would be an import cycle between apps. Each
has a `signals.py` sent on commit by its actions and a `webhooks.py`, connected from its ready(),
that reads the object again as a visitor would and calls `actions.webhook_emit` (the event names
are all in `models.WebhookEvent`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocite.contributions import signals as contribution_signals
from cocite.decisions import signals as decision_signals
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.queries import demarche_structure
from cocite.results import queries as result_queries
from cocite.results import signals as result_signals

from .actions import webhook_emit
from .models import WebhookEvent


def _public_contribution(contribution: Any) -> dict[str, Any] | None:
    demarche = demarche_structure(contribution.demarche_id)
    if demarche is None or not can_view_demarche(AnonymousUser(), demarche) or contribution.masked_at is not None:
        return None
    return {
        "id": contribution.pk,
        "url": contribution.get_absolute_url(),
        "demarche": demarche.slug,
        "kind": contribution.kind,
        "title": contribution.title,
        "status": contribution.status,
    }


def on_contribution_submitted(sender: Any, contribution: Any, **kwargs: Any) -> None:
    data = _public_contribution(contribution)
    if data is not None:
        webhook_emit(WebhookEvent.CONTRIBUTION_CREATED, data)


def on_status_changed(sender: Any, contribution: Any, old_status: str, new_status: str, **kwargs: Any) -> None:
    data = _public_contribution(contribution)
    if data is not None and old_status != new_status:
        webhook_emit(WebhookEvent.CONTRIBUTION_STATUS_CHANGED, {**data, "old_status": old_status})


def on_decision_published(sender: Any, decision: Any, **kwargs: Any) -> None:
    demarche = demarche_structure(decision.demarche_id)
    if demarche is None or not can_view_demarche(AnonymousUser(), demarche):
        return
    webhook_emit(
        WebhookEvent.DECISION_PUBLISHED,
        {
            "id": decision.pk,
            "url": decision.get_absolute_url(),
            "demarche": demarche.slug,
            "outcome": decision.outcome,
            "supersedes": decision.supersedes_id,
        },
    )


def _on_result(event: str) -> Any:
    def receiver(sender: Any, result: Any, **kwargs: Any) -> None:
        if not result_queries.visible_results(AnonymousUser()).filter(pk=result.pk).exists():
            return
        webhook_emit(
            event,
            {"id": result.pk, "url": result.get_absolute_url(), "title": result.title, "status": result.status},
        )

    return receiver


on_result_published = _on_result(WebhookEvent.RESULT_PUBLISHED)
on_result_done = _on_result(WebhookEvent.RESULT_DONE)


def connect() -> None:
    uid = "cocite.api.webhooks"
    contribution_signals.contribution_submitted.connect(on_contribution_submitted, dispatch_uid=f"{uid}.submitted")
    contribution_signals.contribution_status_changed.connect(on_status_changed, dispatch_uid=f"{uid}.status")
    decision_signals.decision_published.connect(on_decision_published, dispatch_uid=f"{uid}.decision")
    result_signals.result_published.connect(on_result_published, dispatch_uid=f"{uid}.result")
    result_signals.result_done.connect(on_result_done, dispatch_uid=f"{uid}.result_done")
