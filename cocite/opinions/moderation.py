"""Opinion-map statements can be flagged (cocite/moderation/registry.py). Hiding one is the
opinions app's own moderation decision (« écartée », `actions.statement_moderate`, with its
append-only `ModerationDecision`): one mechanism, not a second hidden state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import visible_demarches
from cocite.moderation.registry import Moderated, registry

from . import actions, queries
from .models import ModerationDecision, Statement

KIND = "statement"


def can_view(viewer: Viewer, statement: Statement) -> bool:
    try:
        queries.statement_get_for(viewer, statement.pk)
    except Http404:
        return False
    return True


def visible_among(viewer: Viewer, ids: Sequence[int]) -> set[int]:
    rows = Statement.objects.filter(pk__in=list(ids), conversation__demarche__in=visible_demarches(viewer))
    return set(rows.values_list("pk", flat=True))


def url(statement: Statement) -> str:
    demarche = statement.conversation.demarche
    if demarche is None:
        return reverse("moderation:queue")
    return reverse("opinions:main", kwargs={"slug": demarche.slug})


def hidden_reason(statement: Statement) -> str:
    latest = (
        ModerationDecision.objects.filter(statement=statement, decision=ModerationDecision.Decision.REJECT)
        .order_by("-created_at", "-pk")
        .values_list("reason", flat=True)
        .first()
    )
    return latest or ""


def hide(statement: Statement, reason: str, moderator: Any) -> None:
    actions.statement_moderate(
        moderator=moderator, statement=statement, decision=ModerationDecision.Decision.REJECT, reason=reason
    )
    statement.status = Statement.Status.REJECTED


def restore(statement: Statement, moderator: Any) -> None:
    actions.statement_moderate(moderator=moderator, statement=statement, decision=ModerationDecision.Decision.ACCEPT)
    statement.status = Statement.Status.ACCEPTED


def pending_ids() -> list[int]:
    return list(Statement.objects.filter(status=Statement.Status.PENDING).order_by("pk").values_list("pk", flat=True))


def register() -> None:
    registry.register(
        Moderated(
            kind=KIND,
            model="opinions.Statement",
            label=_("proposition"),
            can_view=can_view,
            visible_among=visible_among,
            author_id=lambda statement: statement.author_id,
            excerpt=lambda statement: statement.text,
            url=url,
            hide=hide,
            restore=restore,
            text_fields=("text",),
            redact=actions.statement_redact,
            related=("conversation", "conversation__demarche", "author"),
            tombstone=_("Cette proposition a été écartée par la modération"),
            is_hidden=lambda statement: statement.status == Statement.Status.REJECTED,
            hidden_reason=hidden_reason,
            # The map's own pre-moderation (a pending statement) is decided from the same queue, « À
            # valider »: publishing is its ACCEPT decision, refusing its REJECT decision with the reason.
            pending_ids=pending_ids,
            is_pending=lambda statement: statement.status == Statement.Status.PENDING,
            approve=restore,
            refuse=hide,
        )
    )
