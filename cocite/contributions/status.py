"""Contributions mirror the arbitration status the machinery gives their item (cocite.items).

Routing, decisions and results move an item's status with `cocite.items.actions.items_set_status`
(one UPDATE, in their transaction); the registry calls `status_changed` below in that
transaction, which copies the status onto the contributions (their lists filter and sort on
it) and sends `contribution_status_changed` once per contribution, on commit. The
contributions app itself moves statuses through `contributions_set_status` (the same path).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from cocite.accounts.models import User
from cocite.items.actions import items_set_status
from cocite.items.models import Item
from cocite.items.registry import StatusChange

from . import signals
from .models import Contribution

KIND = "contribution"


def status_changed(changes: Sequence[StatusChange], actor: User | None) -> None:
    """The registry's hook: the items of these contributions changed status (same new status)."""
    if not changes:
        return
    status = changes[0].new
    ids = [c.object_id for c in changes]
    Contribution.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
    changed = list(Contribution.objects.filter(pk__in=ids).order_by("pk"))
    old = {c.object_id: c.old for c in changes}

    def send() -> None:
        for contribution in changed:
            signals.contribution_status_changed.send(
                sender=Contribution,
                contribution=contribution,
                old_status=old[contribution.pk],
                new_status=status,
                actor=actor,
            )

    transaction.on_commit(send)


@transaction.atomic
def contributions_set_status(
    *,
    contributions: Iterable[Contribution],
    status: str,
    actor: User | None = None,
    only_from: Iterable[str] | None = None,
) -> list[Contribution]:
    """Set `status` on several contributions through their items; return those that changed."""
    ids = [c.pk for c in contributions]
    items = list(Item.objects.filter(kind=KIND, object_id__in=ids))
    changed = items_set_status(items=items, status=status, actor=actor, only_from=only_from)
    return list(Contribution.objects.filter(pk__in=[i.object_id for i in changed]).order_by("pk"))


def contribution_set_status(*, contribution: Contribution, status: str, actor: User | None = None) -> bool:
    """Set one contribution's status; True when it changed (see `contributions_set_status`)."""
    changed = contributions_set_status(contributions=[contribution], status=status, actor=actor)
    if changed:
        contribution.status = status
    return bool(changed)
