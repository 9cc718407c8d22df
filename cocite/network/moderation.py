"""Actor profiles, initiatives and news posts can be flagged and hidden (cocite/moderation/registry.py);
registered from NetworkConfig.ready(). A hidden one leaves a tombstone in its place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import search
from cocite.core.cache import invalidate_pages
from cocite.moderation.registry import Moderated, registry

from . import permissions
from .models import Actor, Initiative, NewsPost
from .queries import ACTOR_SEARCH_KIND, INITIATIVE_SEARCH_KIND


def _hide(obj: models.Model, reason: str) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(masked_at=timezone.now(), masked_reason=reason[:60])
    invalidate_pages()


def _restore(obj: models.Model) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(masked_at=None, masked_reason="")
    invalidate_pages()


def _redact(obj: models.Model, texts: dict[str, str]) -> None:
    for name, value in texts.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(texts))
    if isinstance(obj, Actor):
        search.index_document(ACTOR_SEARCH_KIND, obj.pk, obj.name, obj.description)
    elif isinstance(obj, Initiative):
        search.index_document(INITIATIVE_SEARCH_KIND, obj.pk, obj.title, obj.need, obj.solution)
    invalidate_pages()


def _author_id(obj: Any) -> int | None:
    author_id: int | None = obj.created_by_id if isinstance(obj, Actor) else getattr(obj, "holder_id", None)
    return obj.author_id if isinstance(obj, NewsPost) else author_id


def _visible(viewer: Viewer, obj: Any) -> bool:
    """Not hidden, or seen by a moderator — or by its author, who may contest the hiding (the appeal page
    reaches the object through this rule; the text stays theirs)."""
    if getattr(obj, "masked_at", None) is None or permissions.can_see_hidden(viewer):
        return True
    return is_signed_in(viewer) and _author_id(obj) == viewer.pk


def _among(model: type[models.Model], viewer: Viewer, ids: Sequence[int]) -> set[int]:
    qs = model._default_manager.filter(pk__in=list(ids))
    if not permissions.can_see_hidden(viewer):
        qs = qs.filter(masked_at__isnull=True)
    return set(qs.values_list("pk", flat=True))


def register() -> None:
    registry.register(
        Moderated(
            kind="actor",
            model="network.Actor",
            label=_("profil d'acteur"),
            can_view=_visible,
            visible_among=lambda viewer, ids: _among(Actor, viewer, ids),
            author_id=_author_id,
            excerpt=lambda actor: f"{actor.name} — {Truncator(actor.description).chars(400)}",
            url=lambda actor: actor.get_absolute_url(),
            hide=lambda obj, reason, _moderator: _hide(obj, reason),
            restore=lambda obj, _moderator: _restore(obj),
            text_fields=("name", "description"),
            redact=_redact,
            tombstone=_("Ce profil a été masqué par la modération"),
            held_back=False,  # nothing holds this kind back for approval
        )
    )
    registry.register(
        Moderated(
            kind="initiative",
            model="network.Initiative",
            label=_("initiative"),
            can_view=_visible,
            visible_among=lambda viewer, ids: _among(Initiative, viewer, ids),
            author_id=_author_id,
            excerpt=lambda initiative: f"{initiative.title} — {Truncator(initiative.solution).chars(400)}",
            url=lambda initiative: initiative.get_absolute_url(),
            hide=lambda obj, reason, _moderator: _hide(obj, reason),
            restore=lambda obj, _moderator: _restore(obj),
            text_fields=("title", "need", "solution"),
            redact=_redact,
            tombstone=_("Cette initiative a été masquée par la modération"),
            held_back=False,  # nothing holds this kind back for approval
        )
    )
    registry.register(
        Moderated(
            kind="initiative_news",
            model="network.NewsPost",
            label=_("nouvelle d'une initiative"),
            can_view=lambda viewer, post: _visible(viewer, post) and _visible(viewer, post.initiative),
            visible_among=lambda viewer, ids: _among(NewsPost, viewer, ids),
            author_id=_author_id,
            excerpt=lambda post: Truncator(post.body).chars(400),
            url=lambda post: f"{post.initiative.get_absolute_url()}#nouvelle-{post.pk}",
            hide=lambda obj, reason, _moderator: _hide(obj, reason),
            restore=lambda obj, _moderator: _restore(obj),
            text_fields=("body",),
            redact=_redact,
            related=("initiative",),
            tombstone=_("Cette nouvelle a été masquée par la modération"),
            held_back=False,  # nothing holds this kind back for approval
        )
    )
