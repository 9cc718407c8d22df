"""Dates in the page's language: « 1er septembre 2026 » in French, English formats in English."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import translation

from cocite.core import dates


def test_french_writes_the_first_of_the_month_as_an_ordinal() -> None:
    with translation.override("fr"):
        assert dates.long_date(datetime.date(2026, 9, 1)) == "1er septembre 2026"
        assert dates.long_date(datetime.date(2026, 9, 30)) == "30 septembre 2026"
        assert dates.long_date(datetime.date(2026, 9, 11)) == "11 septembre 2026"
        assert dates.day_month(datetime.date(2026, 9, 1)) == "1er septembre"
        assert dates.month_year(datetime.date(2026, 9, 1)) == "septembre 2026"


def test_english_pages_get_english_formats() -> None:
    with translation.override("en"):
        assert dates.long_date(datetime.date(2026, 9, 30)) == "Sept. 30, 2026"
        assert dates.long_date(datetime.date(2026, 9, 1)) == "Sept. 1, 2026"
        assert dates.day_month(datetime.date(2026, 9, 1)) == "September 1"


def test_a_moment_is_shown_in_local_time_with_its_hour() -> None:
    moment = datetime.datetime(2026, 8, 31, 22, 30, tzinfo=datetime.UTC)  # 1 September, 00:30 in Paris
    with translation.override("fr"):
        assert dates.long_datetime(moment) == "1er septembre 2026 à 00:30"
    with translation.override("en"):
        assert dates.long_datetime(moment) == "Sept. 1, 2026 at 12:30 a.m."


def test_the_filters_and_the_colon_are_in_every_template_without_a_load() -> None:
    template = Template("{{ d|long_date }}{% colon %} {{ d|day_month }}")
    context = Context({"d": datetime.date(2026, 9, 1)})
    with translation.override("fr"):
        assert template.render(context) == "1er septembre 2026\u00a0: 1er septembre"
    with translation.override("en"):
        assert template.render(context) == "Sept. 1, 2026: September 1"
    assert dates.long_date(None) == ""
