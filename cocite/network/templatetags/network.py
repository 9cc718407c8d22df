"""`{% load network %}`: the public hooks on an item's page — the initiative carrying a retained idea
(« porter ce projet »), or the link to carry it; the actor a contribution was made in the name of.
Same output for every viewer (cached fragments)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from cocite.contributions.extensions import may_show
from cocite.items.queries import item_for_display

from ..actions import CARRIABLE
from ..queries import carried_initiative, contribution_actor

register = template.Library()


@register.inclusion_tag("network/partials/carried_by.html")
def carried_by(obj: Model) -> dict[str, Any]:
    """`{% carried_by contribution %}`: on a contribution's page."""
    item = item_for_display(obj)
    if item is None or item.status not in CARRIABLE:
        return {"item": None}
    return {"item": item, "initiative": carried_initiative(item.pk)}


@register.inclusion_tag("network/partials/in_name_of.html")
def in_name_of(contribution: Model) -> dict[str, Any]:
    """`{% in_name_of contribution %}`: « au nom de <actor> », linking to the actor (one query, none
    when the contribution's read found no actor: `cocite.contributions.extensions`)."""
    return {"actor": contribution_actor(contribution.pk) if may_show(contribution, "actor") else None}
