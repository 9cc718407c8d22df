"""Integers and ids read from requests: the one place that turns a query or form value into a number.

`str.isdigit()` followed by `int()` is wrong twice: `isdigit` accepts « ² » (which `int` then
refuses with a ValueError, a 500) and `int` accepts « ١٢ » (Arabic-Indic digits), « 1_000 »,
« +5 » and numbers of any size, which SQLite cannot bind (OverflowError) and PostgreSQL refuses
past its bigint range. Everything here accepts ASCII digits only, within the range both
databases store (an id is 1…2**63-1), and answers None (or leaves the value out) otherwise, so
a view treats a bad number like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls.converters import IntConverter

# The largest value of a PostgreSQL bigint and of a SQLite INTEGER: BigAutoField ids stop here.
MAX_ID = 2**63 - 1
# Enough digits for MAX_ID; longer strings are refused before int() is asked to convert them.
_MAX_DIGITS = len(str(MAX_ID))
# How many ids a list parameter may carry (repeated or comma-separated); the rest is ignored.
MAX_IDS = 500


def parse_int(value: Any, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The integer written in ASCII digits (surrounding spaces allowed), within bounds; else None.

    No sign, no « _ », no other script's digits, no exponent: what a form or a link of the
    site writes, and nothing else.
    """
    if not isinstance(value, str):
        return None
    text = value.strip(" \t\r\n")
    if not text or not text.isascii() or not text.isdecimal():
        return None
    text = text.lstrip("0") or "0"
    if len(text) > _MAX_DIGITS:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: Any) -> int | None:
    """A database id (1…2**63-1) from a request value, or None."""
    return parse_int(value, minimum=1)


def parse_ids(values: Iterable[Any], *, limit: int = MAX_IDS) -> list[int]:
    """Ids from repeated values, each possibly a comma- or space-separated list; bad items are left out.

    Order is kept, duplicates dropped, and at most `limit` ids are returned, so a request cannot
    make a query with a million parameters.
    """
    found: dict[int, None] = {}
    for value in values:
        if not isinstance(value, str):
            continue
        for item in value.replace(",", " ").split():
            number = parse_id(item)
            if number is not None:
                found[number] = None
                if len(found) >= limit:
                    return list(found)
    return list(found)


class IdConverter(IntConverter):
    """`<id:pk>`: like `<int:pk>`, but a number past the database's range does not match (a 404).

    Django's `int` converter hands any number of digits to the view, where SQLite cannot bind
    it and raw SQL fails: the URL should simply not exist. Registered once in
    `cocite/core/apps.py`.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the URL resolver treats it as no match
        return number
