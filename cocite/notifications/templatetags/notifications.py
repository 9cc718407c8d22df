from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from cocite.notifications import queries, targets

register = template.Library()


def follow_context(
    request: Any, obj: models.Model, *, following: bool | None = None, label: str = "", status: str = ""
) -> dict[str, Any]:
    """What the follow button partial needs; `following` may be precomputed to save a query per row."""
    kind = targets.kind_of(obj) or ""
    user = getattr(request, "user", None)
    if following is None:
        following = queries.is_following(user, obj)
    return {
        "kind": kind,
        "object_id": obj.pk,
        "following": following,
        "label": label,
        "status": status,
        "authenticated": bool(getattr(user, "is_authenticated", False)),
        "next": request.get_full_path() if request is not None else "",
    }


@register.inclusion_tag("notifications/partials/follow_button.html", takes_context=True)
def follow_button(context: Any, obj: models.Model, label: str = "", following: bool | None = None) -> dict[str, Any]:
    """{% follow_button contribution %}: "Suivre / Ne plus suivre", htmx with a no-JS fallback."""
    request = context.get("request")
    values = follow_context(request, obj, following=following, label=label)
    values["csrf_token"] = context.get("csrf_token")
    return values
