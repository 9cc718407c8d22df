"""Every write on items: a resource registers its objects and keeps their facts in step; the
machinery moves their arbitration status (and the resource mirrors it, through its spec)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from cocite.accounts.models import User
from cocite.core.cache import invalidate_pages

from .models import Item, ItemStatus
from .registry import StatusChange, registry

TITLE_MAX = 200


@dataclass(frozen=True)
class ItemFacts:
    """What a resource tells the machinery about one of its objects."""

    object_id: int
    demarche_id: int | None
    title: str
    created_at: datetime.datetime
    rule_version_id: int | None = None
    status: str = ItemStatus.RECEIVED


def _row(kind: str, facts: ItemFacts) -> Item:
    return Item(
        kind=kind,
        object_id=facts.object_id,
        demarche_id=facts.demarche_id,
        title=facts.title[:TITLE_MAX],
        created_at=facts.created_at,
        rule_version_id=facts.rule_version_id,
        status=facts.status,
    )


def item_register(*, kind: str, facts: ItemFacts) -> Item:
    """The item of a new object of a registered resource (idempotent: an existing item is returned)."""
    registry.spec(kind)  # a kind nobody registered is a programming error
    item, _created = Item.objects.get_or_create(
        kind=kind,
        object_id=facts.object_id,
        defaults={
            "demarche_id": facts.demarche_id,
            "title": facts.title[:TITLE_MAX],
            "created_at": facts.created_at,
            "rule_version_id": facts.rule_version_id,
            "status": facts.status,
        },
    )
    return item


def items_register_bulk(*, kind: str, facts: Iterable[ItemFacts], batch_size: int = 5000) -> None:
    """Items of many objects at once (imports, bulk loaders); existing ones are left as they are."""
    registry.spec(kind)
    Item.objects.bulk_create([_row(kind, f) for f in facts], batch_size=batch_size, ignore_conflicts=True)


def items_link_to_demarche(*, kind: str, demarche_id: int, facts: Sequence[ItemFacts]) -> list[int]:
    """These objects become items of the démarche (e.g. reports carried into a démarche made out of them).

    Idempotent: an object whose item already lies in a démarche stays where it is (never linked twice);
    an item outside any démarche joins this one. Returns the ids of the objects newly linked. The caller
    locks the objects' rows, so concurrent links of the same objects queue.
    """
    registry.spec(kind)
    ids = [f.object_id for f in facts]
    taken = set(
        Item.objects.filter(kind=kind, object_id__in=ids, demarche__isnull=False).values_list("object_id", flat=True)
    )
    free = [f for f in facts if f.object_id not in taken]
    if not free:
        return []
    free_ids = [f.object_id for f in free]
    Item.objects.filter(kind=kind, object_id__in=free_ids, demarche__isnull=True).update(demarche_id=demarche_id)
    Item.objects.bulk_create(
        [_row(kind, dataclasses.replace(f, demarche_id=demarche_id)) for f in free], ignore_conflicts=True
    )
    invalidate_pages()
    return sorted(free_ids)


def item_retitle(*, kind: str, object_id: int, title: str) -> None:
    """The resource's object changed title (an edit before any support): lists show the new one."""
    Item.objects.filter(kind=kind, object_id=object_id).update(title=title[:TITLE_MAX])


def items_record_status(*, kind: str, object_ids: Sequence[int], status: str) -> None:
    """The resource changed its objects' status by its own act (a withdrawal, a merge): the items follow.

    No hook is called back: the resource already did what the change means for it.
    """
    if status not in ItemStatus.values:
        raise ValueError(f"unknown item status: {status!r}")
    Item.objects.filter(kind=kind, object_id__in=list(object_ids)).update(status=status)
    invalidate_pages()


@transaction.atomic
def items_set_status(
    *, items: Sequence[Item], status: str, actor: User | None = None, only_from: Iterable[str] | None = None
) -> list[Item]:
    """Move the arbitration status of several items in one UPDATE; return those that changed.

    `only_from` restricts the change to items currently in one of these statuses; withdrawn
    items never change. Old statuses are read under a row lock, so concurrent changes are
    serialised. Each resource mirrors the change (its spec's `decidable.status_changed`) in this
    transaction and tells its own listeners.
    """
    if status not in ItemStatus.values:
        raise ValueError(f"unknown item status: {status!r}")
    ids = [i.pk for i in items]
    if not ids:
        return []
    locked = Item.objects.select_for_update().filter(pk__in=ids).exclude(status=ItemStatus.WITHDRAWN)
    if only_from is not None:
        locked = locked.filter(status__in=list(only_from))
    old = {pk: (kind, object_id, old_status) for pk, kind, object_id, old_status in locked.exclude(status=status)
           .order_by("pk").values_list("pk", "kind", "object_id", "status")}  # fmt: skip
    if not old:
        return []
    Item.objects.filter(pk__in=list(old)).update(status=status)
    by_kind: dict[str, list[StatusChange]] = {}
    for kind, object_id, old_status in old.values():
        by_kind.setdefault(kind, []).append(StatusChange(object_id=object_id, old=old_status, new=status))
    for kind, changes in by_kind.items():
        decidable = registry.spec(kind).decidable
        if decidable is not None:
            decidable.status_changed(changes, actor)
    invalidate_pages()  # anonymous pages show statuses
    return list(Item.objects.filter(pk__in=list(old)).order_by("pk"))
