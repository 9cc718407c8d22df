"""`{% load items %}{% item_summary item %}`: an item as its resource shows it on machinery pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..models import Item
from ..queries import object_of
from ..registry import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def item_summary(context: Any, item: Item) -> SafeString:
    """The resource's summary template, rendered with its object (one query) and the item."""
    spec = registry.spec(item.kind)
    return render_to_string(
        spec.summary_template, {"object": object_of(item), "item": item}, request=context.get("request")
    )
