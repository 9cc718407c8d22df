from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.formats import number_format

from cocite.analysis.queries import merge_credits as credits_of
from cocite.contributions.extensions import may_show
from cocite.core import dates

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """A dashboard table value as shown: dates in words, decimals with a comma, missing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return dates.long_datetime(value)
    if isinstance(value, datetime.date):
        return dates.long_date(value)
    if isinstance(value, float):
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{round(value * 100)} %"


@register.inclusion_tag("analysis/partials/merge_credits.html")
def merge_credits(contribution: Any) -> dict[str, Any]:
    """Who else a contribution carries: the authors of the contributions merged into it (one query, none
    when the contribution's read found no merge: `cocite.contributions.extensions`)."""
    credits = credits_of(contribution) if may_show(contribution, "merge_credits") else []
    return {"contribution": contribution, "credits": credits}
