"""Comments and arguments (top-level comments with a stance) can be flagged and moderated
(cocite/moderation/registry.py); registered from DebateConfig.ready()."""

from __future__ import annotations

from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
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


def excerpt(comment: Comment) -> str:
    return Truncator(comment.body).chars(400)


def register() -> None:
    registry.register(
        Moderated(
            kind=KIND,
            model="debate.Comment",
            label=_("commentaire"),
            can_view=can_view,
            author_id=lambda comment: comment.author_id,
            excerpt=excerpt,
            url=lambda comment: comment.get_absolute_url(),
            hide=actions.comment_mask,
            restore=actions.comment_unmask,
            text_fields=("body",),
            redact=actions.comment_redact,
            related=("author",),
            tombstone=_("Ce commentaire a été masqué par la modération"),
        )
    )
