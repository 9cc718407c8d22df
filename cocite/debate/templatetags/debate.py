"""`{% debate_section obj %}`: the debate of any commentable object, inside that object's page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cocite.core.cache import scope_of
from cocite.core.fragments import CSRF_MARK, personalise, shared_fragment
from cocite.debate import permissions, queries
from cocite.debate.forms import CommentForm, OfficialAnswerForm
from cocite.debate.models import Comment

register = template.Library()

EMBEDDED_LEVEL = 4


@register.simple_tag(takes_context=True)
def debate_section(context: Any, obj: Any) -> SafeString:
    """The debate, from a fragment shared by everyone with the same permissions, then made theirs.

    Shared: the threads, the forms, the balance (see core/fragments.py). Theirs: the CSRF
    token, the "utile" buttons they pressed, and the edit / delete links of their comments.
    """
    request = context["request"]
    target = permissions.comment_target(obj)
    if target is None:
        return mark_safe("")
    user = request.user
    sort = queries.clean_sort(request.GET.get("tri", ""))
    can_comment = permissions.can_comment(user, target)
    departments = permissions.official_departments(user, target) if can_comment else []
    can_see_revisions = permissions.can_see_revisions(user)
    denial = "" if can_comment else permissions.comment_denial_reason(user, target)
    next_url = request.get_full_path()

    def render_shared() -> tuple[str, dict[int, tuple[Any, ...]]]:
        view = queries.debate_view(user=user, target=target, sort=sort, base_level=EMBEDDED_LEVEL, personal=False)
        values: dict[str, Any] = {
            "view": view,
            "target": target,
            "embedded": True,
            "user": user,
            "next_url": next_url,
            "can_see_revisions": can_see_revisions,
            "csrf_token": CSRF_MARK,
        }
        if view.can_comment:
            values["form"] = CommentForm(auto_id="comment-%s")
        if view.official_departments:
            values["official_form"] = OfficialAnswerForm(auto_id="official-%s", departments=view.official_departments)
        shown = {
            node.comment.pk: _comment_facts(node.comment)
            for thread in [*view.officials, *view.threads]
            for node in thread.root.walk()
        }
        return render_to_string("debate/partials/section.html", values), shown

    vary = (
        obj._meta.label,
        obj.pk,
        sort,
        user.is_authenticated,
        can_comment,
        tuple(d.pk for d in departments),
        can_see_revisions,
        denial,
        next_url,
    )
    html, shown = shared_fragment("debate:section", vary, render_shared, scopes=(scope_of(obj),))
    return personalise(html, request, slots=_personal_slots(request, target, shown, can_comment, next_url))


def _comment_facts(comment: Comment) -> tuple[Any, ...]:
    """What personalising a shown comment needs, small enough to cache beside the fragment."""
    return (
        comment.author_id,
        comment.created_at,
        comment.deleted_at,
        comment.masked_at,
        comment.speaker_name,
        comment.useful_count,
    )


def _personal_slots(
    request: Any, target: Any, shown: dict[int, tuple[Any, ...]], can_comment: bool, next_url: str
) -> dict[str, str]:
    """This person's versions of the "utile" buttons they pressed and of their own comments' actions."""
    user = request.user
    if not user.is_authenticated or not shown:
        return {}
    own = {pk for pk, facts in shown.items() if facts[0] == user.pk}
    marked = queries.useful_marks_on(user, target) & shown.keys() if can_comment else set()
    slots: dict[str, str] = {}
    token = get_token(request)
    for pk in own | marked:
        author_id, created_at, deleted_at, masked_at, speaker_name, useful_count = shown[pk]
        comment = Comment(pk=pk, author_id=author_id, created_at=created_at, deleted_at=deleted_at, masked_at=masked_at)
        alive = not comment.is_deleted and not comment.is_masked
        # What the two partials read, without touching the database (no author to load).
        node = SimpleNamespace(
            comment=SimpleNamespace(pk=pk, speaker_name=speaker_name, useful_count=useful_count),
            can_mark_useful=can_comment and alive and pk not in own,
            marked_useful=pk in marked,
            can_edit=permissions.can_edit(user, comment),
            # The author of a hidden comment may contest it (moderation's appeal page checks again).
            can_appeal=comment.is_masked and not comment.is_deleted and pk in own,
            can_delete=permissions.can_delete(user, comment),
        )
        values = {"node": node, "next_url": next_url, "csrf_token": token}
        slots[f"useful:{pk}"] = render_to_string("debate/partials/useful.html", values)
        if pk in own:
            slots[f"own:{pk}"] = render_to_string("debate/partials/own_actions.html", values)
    return slots


@register.filter
def heading_tag(level: int) -> str:
    """h3…h6 for a heading level (the tag name only; levels are computed, never user input)."""
    return f"h{min(max(int(level), 2), 6)}"
