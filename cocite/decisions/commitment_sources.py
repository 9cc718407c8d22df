"""Other promises with an answer delay, measured on /engagements/ beside the rulebooks' ones.

The decisions app is machinery: it never imports the apps whose delays it measures. An app
registers a `CommitmentSource` from its `AppConfig.ready()`: a title, a sentence saying what is
promised, and a function returning its rows for a viewer — (group key, group label, started at,
due at, answered at or None) — of what that viewer may see. The dashboard groups them by
department, as for contributions, with the same figures, chart and table, in a section of their
own; a source whose groups are departments (`in_departments`: reports) also counts in the
page's overall and per-department figures. A source may list its promised delays (`promises`): the
page shows them in a table before the figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise

Row = tuple[str, str, datetime.datetime, datetime.datetime, datetime.datetime | None]


@dataclass(frozen=True)
class CommitmentSource:
    key: str  # an anchor on the page, e.g. "questions-informations"
    title: StrOrPromise
    intro: StrOrPromise
    first_column: StrOrPromise  # what the groups are (« Service »)
    empty: StrOrPromise  # the table's text when there is nothing yet
    rows: Callable[[Any], Iterable[Row]]  # the viewer → its rows (the group key is a department's slug)
    in_departments: bool = False
    # The promises themselves, shown before they are measured: (what, department, delay in days) rows,
    # e.g. each report category's answer delay; `promise_column` names the first column.
    promises: Callable[[], Iterable[tuple[str, str, int]]] | None = None
    promise_column: StrOrPromise = ""


_sources: dict[str, CommitmentSource] = {}


def register(source: CommitmentSource) -> None:
    if source.key in _sources and _sources[source.key] != source:
        raise ValueError(f"commitment source {source.key!r} is already registered")
    _sources[source.key] = source


def all_sources() -> list[CommitmentSource]:
    return list(_sources.values())
