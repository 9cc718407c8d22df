"""Reads of items for the machinery: visibility through the démarche, objects through the registry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import hidden_demarches, visible_demarches

from .models import Item
from .registry import registry


def visible_items(user: Viewer) -> QuerySet[Item]:
    """Items this person may see: those of the démarches they may see (and those outside any)."""
    return Item.objects.filter(Q(demarche__isnull=True) | Q(demarche__in=visible_demarches(user)))


def hidden_item_filter(user: Viewer, prefix: str = "") -> Q:
    """A filter keeping rows whose item (at `prefix`, e.g. "items__") is not in a démarche hidden from them."""
    return ~Q(**{f"{prefix}demarche__in": hidden_demarches(user)})


def item_of(kind: str, object_id: int) -> Item | None:
    return Item.objects.filter(kind=kind, object_id=object_id).select_related("demarche").first()


def item_for(obj: Model) -> Item | None:
    """The item of a resource's object (None when its model is no resource or it has no item yet)."""
    spec = registry.for_model(obj._meta.label)
    if spec is None or obj.pk is None:
        return None
    return item_of(spec.kind, int(obj.pk))


# The panels of an object's page (its decision, the missions and the initiative it led to) read its
# item once: the first remembers it on the object, for that object's lifetime (one request).
_ITEM_ON_OBJECT = "_cocite_item"


def remember_item(obj: Model, item: Item | None) -> None:
    setattr(obj, _ITEM_ON_OBJECT, item)


def item_for_display(obj: Model) -> Item | None:
    """`item_for`, read once per object on a page (the panels share it); never for a write."""
    if hasattr(obj, _ITEM_ON_OBJECT):
        item: Item | None = getattr(obj, _ITEM_ON_OBJECT)
        return item
    item = item_for(obj)
    remember_item(obj, item)
    return item


def objects_of(items: Iterable[Item]) -> dict[int, Model]:
    """{item id: the resource's object}, one query per kind."""
    by_kind: dict[str, dict[int, int]] = {}
    for item in items:
        by_kind.setdefault(item.kind, {})[item.object_id] = item.pk
    found: dict[int, Model] = {}
    for kind, item_ids in by_kind.items():
        model = apps.get_model(registry.spec(kind).model)
        for obj in model._default_manager.filter(pk__in=list(item_ids)):
            found[item_ids[int(obj.pk)]] = obj
    return found


def object_of(item: Item) -> Model | None:
    return objects_of([item]).get(item.pk)


def items_by_object(kind: str, object_ids: Sequence[int]) -> dict[int, Item]:
    return {i.object_id: i for i in Item.objects.filter(kind=kind, object_id__in=list(object_ids))}


def url_segment(kind: str) -> str:
    """The path segment naming a kind of item in the machinery's URLs ("contributions")."""
    return f"{kind}s"


def item_get_for(user: Viewer, segment: str, object_id: int) -> Item:
    """The item at /…/<segment>/<object id>/: 404 unless its kind is registered and this person may see it."""
    spec = next((s for s in registry.all() if url_segment(s.kind) == segment), None)
    if spec is None:
        raise Http404
    item = visible_items(user).filter(kind=spec.kind, object_id=object_id).select_related("demarche").first()
    if item is None:
        raise Http404
    return item


def items_get_for(user: Viewer, item_ids: Iterable[int]) -> list[Item]:
    """These items, those this person may see, in id order."""
    return list(visible_items(user).filter(pk__in=list(item_ids)).select_related("demarche").order_by("pk"))
