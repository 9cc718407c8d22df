"""`{% load decisions %}{% decision_panel contribution %}`: the decision and the timeline on a contribution page."""

from __future__ import annotations

from typing import Any

from django import template

from cocite.decisions.queries import contribution_panel

register = template.Library()


@register.inclusion_tag("decisions/partials/panel.html", takes_context=True)
def decision_panel(context: Any, contribution: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"panel": contribution_panel(user, contribution), "request": request}


@register.filter
def euros(value: Any) -> str:
    """12500.5 → "12 500,50 €" (French grouping with a narrow no-break space)."""
    if value is None or value == "":
        return ""
    from decimal import Decimal

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
