"""Dates of a mission: one date, several listed slots, or a weekly recurrence turned into slots."""

from __future__ import annotations

import datetime

from django.utils import timezone

MAX_SLOTS = 52  # a mission's slots: a year of weekly dates at most


def aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A local date and time (the site's zone) as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def weekly(
    *, first_day: datetime.date, last_day: datetime.date, start: datetime.time, end: datetime.time
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Every week from `first_day` (its weekday) to `last_day` included, at most MAX_SLOTS dates."""
    slots: list[tuple[datetime.datetime, datetime.datetime]] = []
    day = first_day
    while day <= last_day and len(slots) < MAX_SLOTS:
        slots.append((aware(day, start), aware(day, end)))
        day += datetime.timedelta(days=7)
    return slots
