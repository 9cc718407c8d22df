"""Contributions can be flagged and moderated (cocite/moderation/registry.py); registered from
ContributionsConfig.ready()."""

from __future__ import annotations

from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.moderation.registry import Moderated, registry

from . import actions, queries
from .models import Contribution
from .status import KIND


def can_view(viewer: Viewer, contribution: Contribution) -> bool:
    try:
        queries.contribution_get_for(viewer, contribution.pk, for_display=False)
    except Http404:
        return False
    return True


def excerpt(contribution: Contribution) -> str:
    return f"{contribution.title} — {Truncator(contribution.body).chars(400)}"


def register() -> None:
    registry.register(
        Moderated(
            kind=KIND,
            model="contributions.Contribution",
            label=_("contribution"),
            can_view=can_view,
            visible_among=lambda viewer, ids: set(
                queries.contributions_visible_among(viewer, ids).values_list("pk", flat=True)
            ),
            author_id=lambda contribution: contribution.author_id,
            excerpt=excerpt,
            url=lambda contribution: contribution.get_absolute_url(),
            hide=lambda obj, reason, _moderator: actions.contribution_mask(obj, reason),
            restore=lambda obj, _moderator: actions.contribution_unmask(obj),
            text_fields=("title", "body"),
            redact=actions.contribution_redact,
            related=("author",),
            tombstone=_("Cette contribution a été masquée par la modération"),
            publish=actions.contribution_publish,
        )
    )
