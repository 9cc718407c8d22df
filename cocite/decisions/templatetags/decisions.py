"""`{% load decisions %}`: money, hashes and the instruction page of an item."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from cocite.items.models import Item

from ..queries import workspace_url as _workspace_url

register = template.Library()


@register.filter
def workspace_url(item: Item) -> str:
    """The instruction page of an item (`{{ item|workspace_url }}`)."""
    return _workspace_url(item)


@register.filter
def euros(value: Any) -> str:
    """12500.5 → "12 500,50 €" (French grouping with a narrow no-break space)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    units, _dot, cents = f"{amount:f}".partition(".")
    sign = "-" if units.startswith("-") else ""
    units = units.lstrip("-")
    groups: list[str] = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    text = "\u202f".join(groups) or "0"
    return f"{sign}{text},{cents} €" if cents != "00" else f"{sign}{text} €"


@register.filter
def short_hash(value: str) -> str:
    return f"{value[:12]}…" if value else ""
