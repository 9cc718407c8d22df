"""`{% load follow_up %}`: what becomes of an item (decision, opinions, results, the steps) on its page,
and the link to follow a decision up with a result."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from cocite.accounts.viewer import Viewer
from cocite.decisions.models import Decision

from ..permissions import can_create_result
from ..queries import FOLLOWED_OUTCOMES, object_panel

register = template.Library()


@register.inclusion_tag("decisions/partials/panel.html", takes_context=True)
def item_timeline(context: Any, obj: Model) -> dict[str, Any]:
    """The arbitration panel of a resource's object (`{% item_timeline contribution %}`)."""
    request = context.get("request")
    user: Viewer = getattr(request, "user", None) or AnonymousUser()  # no request: a visitor
    return {"panel": object_panel(user, obj), "request": request}


@register.simple_tag(takes_context=True)
def can_follow_up(context: Any, decision: Decision) -> bool:
    """May this person start the follow-up (a result) of this decision?"""
    request = context.get("request")
    user: Viewer = getattr(request, "user", None) or AnonymousUser()  # no request: a visitor
    return decision.outcome in FOLLOWED_OUTCOMES and can_create_result(user, decision.department_id)
