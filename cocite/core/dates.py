"""Dates as a person reads them, in the page's language, from Django's localized formats.

French writes the first day of a month as an ordinal, « 1er septembre », and English pages get
English formats (« Sept. 30, 2026 », never « 30 Sep 2026 » in a French page: a format string
like "j M Y" in a template is the same in every language, only the localized formats are not).
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext

Moment = datetime.date | datetime.datetime


def _local(value: Moment) -> Moment:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _ordinal_first(value: Moment, text: str) -> str:
    """« 1 septembre » → « 1er septembre » in French (the only ordinal day French writes)."""
    language = translation.get_language() or ""
    if value.day == 1 and language.startswith("fr") and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def long_date(value: Moment | None) -> str:
    """« 1er septembre 2026 », « Sept. 1, 2026 »."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return _ordinal_first(value, date_format(value, "DATE_FORMAT"))


def long_datetime(value: Moment | None) -> str:
    """« 1er septembre 2026 à 14:30 », « Sept. 1, 2026 at 2:30 p.m. »."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if not isinstance(value, datetime.datetime):
        return long_date(value)
    return pgettext("une date et une heure", "%(date)s à %(time)s") % {
        "date": long_date(value),
        "time": time_format(value, "TIME_FORMAT"),
    }


def day_month(value: Moment | None) -> str:
    """« 1er septembre », « September 1 » (no year)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return _ordinal_first(value, date_format(value, "MONTH_DAY_FORMAT"))


def month_year(value: Moment | None) -> str:
    """« septembre 2026 », « September 2026 »."""
    if value is None or value == "":
        return ""
    return date_format(_local(value), "YEAR_MONTH_FORMAT")
