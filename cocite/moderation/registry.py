"""What can be flagged and moderated: each app registers its kinds here (from its AppConfig.ready()).

The moderation app is machinery: it never imports the apps whose objects it moderates. Each
app declares a `Moderated` kind: its model, how to show one in the queue (author, excerpt,
link), who may see it (the app's own permission function) and how to hide, restore and
redact it. The hidden state lives on the object itself (`masked_at`, `masked_reason`), so
lists, counters and search exclude hidden objects in their own queries, without a join.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.accounts.viewer import Viewer

from .reasons import PENDING

DEFAULT_TOMBSTONE: StrOrPromise = _("Ce contenu a été masqué par la modération")


@dataclass(frozen=True)
class Moderated:
    """A kind of object people may flag and moderators may hide.

    - `kind`: the key in URLs and rows ("comment", "contribution");
    - `model`: "app_label.ModelName"; the model has `masked_at` and `masked_reason` columns;
    - `label`: what one is called (« commentaire »);
    - `can_view(viewer, obj)`: the app's own rule (a hidden démarche's objects are never shown);
      `visible_among(viewer, ids)`: its set-based twin, in one query (the queue's lists);
    - `author_id(obj)`, `excerpt(obj)`, `url(obj)`: what the queue shows;
    - `hide(obj, reason, moderator)` / `restore(obj, moderator)`: set or clear the hidden state and
      move the counters that count the object, in the moderation action's transaction (the row is
      locked);
    - `text_fields`: the fields a redaction of personal data may edit; `redact(obj, texts)`
      writes them (the moderation app keeps the original for moderators);
    - `related`: what `objects()` selects with the rows (what the other functions read);
    - `tombstone`: « Ce commentaire a été masqué par la modération », what stays in its place.
    """

    kind: str
    model: str
    label: StrOrPromise
    can_view: Callable[[Viewer, Any], bool]
    visible_among: Callable[[Viewer, Sequence[int]], set[int]]
    author_id: Callable[[Any], int | None]
    excerpt: Callable[[Any], str]
    url: Callable[[Any], str]
    hide: Callable[[Any, str, Any], None]
    restore: Callable[[Any, Any], None]
    text_fields: tuple[str, ...]
    redact: Callable[[Any, dict[str, str]], None]
    related: tuple[str, ...] = ()
    # An app whose objects already had a hidden state of their own (opinion statements: « écartée »)
    # says how to read it; otherwise the `masked_at` and `masked_reason` columns are read.
    is_hidden: Callable[[Any], bool] | None = None
    hidden_reason: Callable[[Any], str] | None = None
    # The tombstone's sentence, agreeing with the kind's gender in French.
    tombstone: StrOrPromise = DEFAULT_TOMBSTONE
    # Pre-moderation (« À valider »): an item saved but not public until a moderator approves it.
    # By default it is `masked_at` set with `masked_reason` = reasons.PENDING; an app with a pending
    # state of its own (opinion statements) says how to list, read, approve and refuse it.
    pending_ids: Callable[[], Sequence[int]] | None = None
    is_pending: Callable[[Any], bool] | None = None
    approve: Callable[[Any, Any], None] | None = None
    refuse: Callable[[Any, str, Any], None] | None = None
    # What waited for the approval (notifying followers, routing): sent once it is public.
    publish: Callable[[Any], None] | None = None
    # False for kinds nothing ever holds back (no pre-moderation, no word list on their writes): the
    # queue and the delays then ask nothing of them (one query fewer per kind on those pages).
    held_back: bool = True

    def hidden(self, obj: Any) -> bool:
        if self.is_hidden is not None:
            return self.is_hidden(obj)
        return getattr(obj, "masked_at", None) is not None

    def pending(self, obj: Any) -> bool:
        if not self.held_back:
            return False
        if self.is_pending is not None:
            return self.is_pending(obj)
        return getattr(obj, "masked_at", None) is not None and getattr(obj, "masked_reason", "") == PENDING

    def pending_pks(self) -> list[int]:
        """Every item of this kind waiting for a moderator's approval (one query)."""
        if not self.held_back:
            return []
        if self.pending_ids is not None:
            return list(self.pending_ids())
        qs = self.model_class()._default_manager.filter(masked_at__isnull=False, masked_reason=PENDING)
        return list(qs.order_by("pk").values_list("pk", flat=True))

    def approve_pending(self, obj: Any, moderator: Any) -> None:
        """Make a pending item public: the counters move as for a restore, then what waited is sent."""
        if self.approve is not None:
            self.approve(obj, moderator)
        else:
            self.restore(obj, moderator)
        if self.publish is not None:
            self.publish(obj)

    def refuse_pending(self, obj: Any, reason: str, moderator: Any) -> None:
        """Refuse a pending item with a reason of the charter: it becomes a hidden item (a tombstone
        with that reason, an appeal possible); it was never counted, so no counter moves."""
        if self.refuse is not None:
            self.refuse(obj, reason, moderator)
            return
        obj.masked_reason = reason
        obj.save(update_fields=["masked_reason"])

    def reason_of(self, obj: Any) -> str:
        if self.hidden_reason is not None:
            return self.hidden_reason(obj)
        return str(getattr(obj, "masked_reason", ""))

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def objects(self, ids: Sequence[int]) -> dict[int, Any]:
        """{pk: object} for these ids (one query), with `related` selected."""
        qs = self.model_class()._default_manager.filter(pk__in=list(ids))
        if self.related:
            qs = qs.select_related(*self.related)
        return {obj.pk: obj for obj in qs}

    def locked(self, pk: int) -> Any | None:
        """The object's row, locked until the end of the transaction (None if it is gone)."""
        qs = self.model_class()._default_manager.select_for_update().filter(pk=pk)
        return qs.first()


class Registry:
    def __init__(self) -> None:
        self._kinds: dict[str, Moderated] = {}

    def register(self, spec: Moderated) -> None:
        if spec.kind in self._kinds and self._kinds[spec.kind] != spec:
            raise ValueError(f"moderated kind {spec.kind!r} is already registered")
        self._kinds[spec.kind] = spec

    def get(self, kind: str) -> Moderated | None:
        return self._kinds.get(kind)

    def all(self) -> list[Moderated]:
        return list(self._kinds.values())

    def for_model(self, label: str) -> Moderated | None:
        return next((spec for spec in self._kinds.values() if spec.model == label), None)

    def kind_of(self, obj: Any) -> str | None:
        if not isinstance(obj, models.Model):
            return None
        spec = self.for_model(obj._meta.label)
        return spec.kind if spec is not None else None


registry = Registry()
