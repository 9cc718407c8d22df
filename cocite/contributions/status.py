"""The one way other apps change a contribution's status (routing, decisions, results).

The contributions app owns `Contribution.status`; arbitration (cocite.decisions) and
follow-up (cocite.results) move it along reçue → orientée → en examen → decided →
mise en œuvre → réalisée. They call these functions instead of saving the model, so
the status changes with a queryset UPDATE in the caller's transaction and
`contribution_status_changed` is sent once per changed contribution, on commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cocite.core.cache import invalidate_pages

from . import signals
from .models import Contribution


@transaction.atomic
def contributions_set_status(
    *, contributions: Iterable[Contribution], status: str, actor: Any = None, only_from: Iterable[str] | None = None
) -> list[Contribution]:
    """Set `status` on several contributions in one UPDATE; return those that changed.

    `only_from` restricts the change to contributions currently in one of these statuses
    (e.g. route only what is still "reçue"). Withdrawn contributions never change.
    The old statuses are read under a row lock, so concurrent changes are serialised.
    """
    if status not in Contribution.Status.values:
        raise ValueError(f"unknown contribution status: {status!r}")
    ids = [c.pk for c in contributions]
    if not ids:
        return []
    locked = Contribution.objects.select_for_update().filter(pk__in=ids).exclude(status=Contribution.Status.WITHDRAWN)
    if only_from is not None:
        locked = locked.filter(status__in=list(only_from))
    old = dict(locked.exclude(status=status).values_list("pk", "status"))
    if not old:
        return []
    Contribution.objects.filter(pk__in=list(old)).update(status=status, updated_at=timezone.now())
    changed = list(Contribution.objects.filter(pk__in=list(old)).order_by("pk"))

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
    invalidate_pages()  # anonymous pages show statuses
    return changed


def contribution_set_status(*, contribution: Contribution, status: str, actor: Any = None) -> bool:
    """Set one contribution's status; True when it changed (see `contributions_set_status`)."""
    changed = contributions_set_status(contributions=[contribution], status=status, actor=actor)
    if changed:
        contribution.status = status
    return bool(changed)
