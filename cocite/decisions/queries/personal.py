"""What a person did in the arbitration, for their personal-data export."""

from __future__ import annotations

from typing import Any

from cocite.accounts.models import User
from cocite.core.personal_data import rows

from ..models import Decision, Opinion, OpinionRequest, RoutingEvent


def personal_data(user: User) -> dict[str, Any]:
    """What the person did as an agent or elected official (routings, opinions, decisions); one query each."""
    return {
        "routing_events": rows(
            RoutingEvent.objects.filter(actor_id=user.pk).order_by("pk"),
            ["item__kind", "item__object_id", "from_department__name", "to_department__name", "reason", "created_at"],
            rename={
                "item__kind": "kind",
                "item__object_id": "object_id",
                "from_department__name": "from_department",
                "to_department__name": "to_department",
            },
        ),
        "opinion_requests_made": rows(
            OpinionRequest.objects.filter(requested_by_id=user.pk).order_by("pk"),
            ["item__kind", "item__object_id", "department__name", "question", "deadline", "created_at"],
            rename={"item__kind": "kind", "item__object_id": "object_id", "department__name": "department"},
        ),
        "decisions_signed": rows(
            Decision.objects.filter(official_id=user.pk).order_by("pk"),
            ["id", "outcome", "official_name", "decided_on", "published_at"],
        ),
        "decisions_recorded": rows(
            Decision.objects.filter(recorded_by_id=user.pk).order_by("pk"), ["id", "outcome", "published_at"]
        ),
        "opinions_written": rows(
            Opinion.objects.filter(author_id=user.pk).order_by("pk"),
            ["request__item__kind", "request__item__object_id", "feasibility", "recommendation", "text", "created_at"],
            rename={"request__item__kind": "kind", "request__item__object_id": "object_id"},
        ),
    }
