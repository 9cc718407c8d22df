"""`{% debate_section obj %}`: the debate of any commentable object, inside that object's page."""

from __future__ import annotations

from typing import Any

from django import template

from cocite.debate import permissions, queries
from cocite.debate.forms import CommentForm, OfficialAnswerForm

register = template.Library()

EMBEDDED_LEVEL = 4


@register.inclusion_tag("debate/partials/section.html", takes_context=True)
def debate_section(context: Any, obj: Any) -> dict[str, Any]:
    request = context["request"]
    target = permissions.comment_target(obj)
    if target is None:
        return {"view": None}
    view = queries.debate_view(
        user=request.user, target=target, sort=request.GET.get("tri", ""), base_level=EMBEDDED_LEVEL
    )
    values: dict[str, Any] = {
        "view": view,
        "target": target,
        "request": request,
        "user": request.user,
        "embedded": True,
        "next_url": request.get_full_path(),
        "can_see_revisions": permissions.can_see_revisions(request.user),
    }
    if view.can_comment:
        values["form"] = CommentForm(auto_id="comment-%s")
    if view.official_departments:
        values["official_form"] = OfficialAnswerForm(auto_id="official-%s", departments=view.official_departments)
    return values


@register.filter
def heading_tag(level: int) -> str:
    """h3…h6 for a heading level (the tag name only; levels are computed, never user input)."""
    return f"h{min(max(int(level), 2), 6)}"
