"""Background work (django.tasks): sending a webhook delivery."""

from __future__ import annotations

from django.tasks import task

from cocite.core.taskqueue import named_task

from .actions import delivery_attempt


@named_task("api.deliver_webhook")
@task()
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt (idempotent: a delivered or abandoned delivery is left alone)."""
    delivery = delivery_attempt(delivery_id)
    return delivery.status if delivery is not None else None
