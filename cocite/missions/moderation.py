"""Missions and events can be flagged and moderated (cocite/moderation/registry.py); registered from
MissionsConfig.ready(). Hidden, they leave every list; their page keeps a tombstone."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.moderation.registry import Moderated, registry

from . import permissions, queries
from .models import Event, Mission, Organised


def _hide(obj: Organised, reason: str) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(masked_at=timezone.now(), masked_reason=reason)
    obj.masked_at, obj.masked_reason = timezone.now(), reason


def _restore(obj: Organised) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(masked_at=None, masked_reason="")
    obj.masked_at, obj.masked_reason = None, ""


def _redact(obj: Model, texts: dict[str, str]) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(**texts)
    for name, value in texts.items():
        setattr(obj, name, value)


def _visible_among(viewer: Viewer, model: type[Organised], ids: Any) -> set[int]:
    qs = queries.visible_events(viewer) if model is Event else model._default_manager.all()
    return set(qs.filter(pk__in=list(ids)).values_list("pk", flat=True))


def register() -> None:
    registry.register(
        Moderated(
            kind="mission",
            model="missions.Mission",
            label=_("mission bénévole"),
            can_view=permissions.can_view,
            visible_among=lambda viewer, ids: _visible_among(viewer, Mission, ids),
            author_id=lambda obj: obj.created_by_id,
            excerpt=lambda obj: f"{obj.title} — {Truncator(obj.what).chars(400)}",
            url=lambda obj: obj.get_absolute_url(),
            hide=lambda obj, reason, _moderator: _hide(obj, reason),
            restore=lambda obj, _moderator: _restore(obj),
            text_fields=("title", "what", "why", "accessibility"),
            redact=_redact,
            tombstone=_("Cette mission a été masquée par la modération"),
            held_back=False,  # nothing holds this kind back for approval
        )
    )
    registry.register(
        Moderated(
            kind="rencontre",
            model="missions.Event",
            label=_("rencontre"),
            can_view=permissions.can_view,
            visible_among=lambda viewer, ids: _visible_among(viewer, Event, ids),
            author_id=lambda obj: obj.created_by_id,
            excerpt=lambda obj: f"{obj.title} — {Truncator(obj.description).chars(400)}",
            url=lambda obj: obj.get_absolute_url(),
            hide=lambda obj, reason, _moderator: _hide(obj, reason),
            restore=lambda obj, _moderator: _restore(obj),
            text_fields=("title", "description", "accessibility", "notes"),
            redact=_redact,
            related=("demarche",),
            tombstone=_("Cette rencontre a été masquée par la modération"),
            held_back=False,  # nothing holds this kind back for approval
        )
    )
