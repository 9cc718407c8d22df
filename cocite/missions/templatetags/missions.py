"""`{% load missions %}`: on an item's page and a decision's page, the missions that came out of them
(« nous cherchons des bénévoles »), and for agents the link to publish one; on an actor's page
(cocite/network, which never imports missions), the missions and events published in its name; on an
initiative's page, the events attached to it."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from cocite.accounts.viewer import Viewer
from cocite.contributions.extensions import may_show
from cocite.items.models import ItemStatus
from cocite.items.queries import item_for_display
from cocite.network.queries import actor_roles

from ..permissions import can_publish
from ..queries import actor_activities as actor_activities_for
from ..queries import initiative_events as initiative_events_for
from ..queries import missions_from_decision, missions_from_item
from ..wording import hours_text

register = template.Library()

# An item the commune kept may call for volunteers.
KEPT = {ItemStatus.ACCEPTED, ItemStatus.ACCEPTED_MODIFIED, ItemStatus.IN_PROGRESS}


@register.filter
def hours(value: Any) -> str:
    """`{{ registration.hours|hours }}`: « 2,5 »."""
    return hours_text(value)


def _viewer(context: Any) -> Viewer:
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()  # no request: a visitor


@register.inclusion_tag("missions/partials/from_source.html", takes_context=True)
def item_missions(context: Any, obj: Model) -> dict[str, Any]:
    """`{% item_missions contribution %}`: missions published from this item (two queries)."""
    user = _viewer(context)
    item = item_for_display(obj)
    if item is None:
        return {"missions": []}
    return {
        "missions": missions_from_item(user, item) if may_show(obj, "missions") else [],
        "create_query": f"contribution={item.pk}" if can_publish(user) and item.status in KEPT else "",
    }


@register.inclusion_tag("missions/partials/from_source.html", takes_context=True)
def decision_missions(context: Any, decision: Any) -> dict[str, Any]:
    """`{% decision_missions decision %}`: missions published to carry out this decision."""
    user = _viewer(context)
    return {
        "missions": missions_from_decision(user, decision.pk),
        "create_query": f"decision={decision.pk}" if can_publish(user) else "",
    }


@register.inclusion_tag("missions/partials/actor_activities.html", takes_context=True)
def actor_activities(context: Any, actor: Any, *, can_publish: bool = False) -> dict[str, Any]:
    """`{% actor_activities actor can_publish=page.is_member %}`: its missions and events, to come and
    past (four queries); for its members, the links to publish one in its name."""
    return {"activities": actor_activities_for(_viewer(context), actor.pk), "can_publish": can_publish}


@register.inclusion_tag("missions/partials/initiative_events.html", takes_context=True)
def initiative_events(context: Any, initiative: Any, *, can_attach: bool = False) -> dict[str, Any]:
    """`{% initiative_events initiative can_attach=page.is_holder %}`: the events attached to it, to come
    and past (two queries); for its holders, the link to publish one."""
    user = _viewer(context)
    may_publish = can_attach and can_publish(user, set(actor_roles(user)))
    return {
        "events": initiative_events_for(user, initiative.pk),
        "can_attach": may_publish,
        "initiative_id": initiative.pk,
    }
