"""The one way the project writes CSV: cells that a spreadsheet would run as formulas are neutralised.

Open data, dashboard tables and any later export hold text people wrote (titles, comments,
pseudonyms, names of places…). A spreadsheet that opens the file runs a cell beginning with
`=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`, `=WEBSERVICE(…)`, DDE commands), and a
leading tab or carriage return lets one slip past a naive check. As OWASP recommends (CSV
Injection), such a text cell is written with a single quote in front: spreadsheets show it as
text, and readers of the raw file see one extra character (the datasets' documentation says
so). Typed values — integers, decimals, floats — are written as they are, so a negative
number stays a number. `tests/test_csv_writer.py` checks that nothing else in the project
writes CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

# OWASP's list, and NUL (ASVS 5, V1.2.10).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
PREFIX = "'"


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """A text cell that begins like a formula gets a leading single quote; any other value is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return PREFIX + value
    return value


class SafeWriter:
    """`csv.writer` whose rows go through `neutralise`; same dialect arguments."""

    def __init__(self, stream: _Writable, **dialect: Any) -> None:
        self._writer = csv.writer(stream, **dialect)

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in cells])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: _Writable, **dialect: Any) -> SafeWriter:
    return SafeWriter(stream, **dialect)
