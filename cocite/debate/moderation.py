"""Comments and arguments (top-level comments with a stance) can be flagged and moderated
(cocite/moderation/registry.py); registered from DebateConfig.ready()."""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import visible_demarches
from cocite.items.registry import registry as resources
from cocite.moderation.registry import Moderated, registry

from . import actions, queries
from .models import Comment

KIND = "comment"


def can_view(viewer: Viewer, comment: Comment) -> bool:
    try:
        queries.comment_get_for(viewer, comment.pk)
    except Http404:
        return False
    return not comment.is_deleted


def visible_among(viewer: Viewer, ids: Sequence[int]) -> set[int]:
    """Those of these comments whose target this person may see (one query): the queue's twin of
    `can_view`."""
    condition = Q(pk__in=[])
    demarches = visible_demarches(viewer)
    for spec in resources.all():
        if spec.commentable is None:
            continue
        model = apps.get_model(spec.model)
        content_type = ContentType.objects.get_for_model(model)  # cached by Django per process
        condition |= Q(
            content_type_id=content_type.pk,
            object_id__in=model._default_manager.filter(demarche__in=demarches).values("pk"),
        )
    rows = Comment.objects.filter(condition, pk__in=list(ids), deleted_at__isnull=True)
    return set(rows.values_list("pk", flat=True))


def excerpt(comment: Comment) -> str:
    return Truncator(comment.body).chars(400)


def register() -> None:
    registry.register(
        Moderated(
            kind=KIND,
            model="debate.Comment",
            label=_("commentaire"),
            can_view=can_view,
            visible_among=visible_among,
            author_id=lambda comment: comment.author_id,
            excerpt=excerpt,
            url=lambda comment: comment.get_absolute_url(),
            hide=lambda obj, reason, _moderator: actions.comment_mask(obj, reason),
            restore=lambda obj, _moderator: actions.comment_unmask(obj),
            text_fields=("body",),
            redact=actions.comment_redact,
            related=("author",),
            tombstone=_("Ce commentaire a été masqué par la modération"),
            publish=actions.comment_publish,
        )
    )
