"""What participatory budgets tell webhook subscribers (cocite/api), connected from BudgetsConfig.ready().

The app sends its own events through `webhook_emit`, as the apps whose API module imports
cocite.api must (the API listening to them would be a cycle between apps).

Subscribers are outside the commune: a count is sent only when a visitor may see its page (the
démarche is published and open to everyone); never a ballot, a voter or who ran the count.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from cocite.api.actions import webhook_emit
from cocite.api.models import WebhookEvent
from cocite.demarches.permissions import can_view_demarche

from . import signals
from .models import Count, Project


def on_count_published(sender: Any, count: Count, **kwargs: Any) -> None:
    fresh = Count.objects.select_related("demarche").filter(pk=count.pk).first()
    if fresh is None or not can_view_demarche(AnonymousUser(), fresh.demarche):
        return
    parts = fresh.outcome.get("parts", [])
    titles = dict(
        Project.objects.filter(demarche=fresh.demarche, pk__in=[int(k) for k in fresh.selected_keys()]).values_list(
            "pk", "title"
        )
    )
    webhook_emit(
        WebhookEvent.BUDGET_COUNT_PUBLISHED,
        {
            "id": fresh.pk,
            "url": fresh.get_absolute_url(),
            "demarche": fresh.demarche.slug,
            "rule": fresh.rule,
            "official": fresh.official,
            "ballots": fresh.ballot_count,
            "ballots_sha256": fresh.ballots_sha256,
            "parts": [
                {
                    "label": part.get("label", ""),
                    "budget": part.get("budget"),
                    "spent": part.get("spent"),
                    "selected": [
                        {"id": int(key), "title": titles.get(int(key), "")} for key in part.get("selected", [])
                    ],
                }
                for part in parts
            ],
            "created_at": fresh.created_at,
        },
    )


def connect() -> None:
    signals.count_published.connect(on_count_published, dispatch_uid="cocite.budgets.webhooks.count")
