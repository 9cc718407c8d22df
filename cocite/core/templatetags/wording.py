"""Filters and tags for wording that depends on the language, built into every template.

(`config/settings/base.py` lists this library in TEMPLATES' builtins: no `{% load %}` needed.)

- `{{ moment|long_date }}`, `|long_datetime`, `|day_month`, `|month_year`: localized dates
  (cocite/core/dates.py) — never `|date:"j M Y"`, which is the same format in every language.
- `{% colon %}`: the colon between a label and its value, with French spacing in French
  (« Décision n° 3 : Non retenue ») and none in English (« Decision no. 3: Not accepted »).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import pgettext

from cocite.core import dates

register = template.Library()


@register.filter
def long_date(value: Any) -> str:
    return dates.long_date(value)


@register.filter
def long_datetime(value: Any) -> str:
    return dates.long_datetime(value)


@register.filter
def day_month(value: Any) -> str:
    return dates.day_month(value)


@register.filter
def month_year(value: Any) -> str:
    return dates.month_year(value)


@register.simple_tag
def colon() -> str:
    """A colon typed the way the page's language types it."""
    return pgettext("ponctuation", " :")  # a no-break space before the colon
