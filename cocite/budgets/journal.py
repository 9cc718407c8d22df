"""What the public log records of a count, and how the database check rebuilds it (see
cocite.decisions.ledger.Describer)."""

from __future__ import annotations

from typing import Any

from cocite.decisions import ledger

from .actions import count_payload  # the payload is built where the count is written
from .models import Count


def describe_count(subject_key: str) -> dict[str, Any] | None:
    count = Count.objects.select_related("demarche", "rules").filter(pk=int(subject_key.split(":")[1])).first()
    return count_payload(count) if count is not None else None


def register() -> None:
    ledger.register(ledger.Describer("budget_count", describe_count, ("budget_count.demarche",)))
