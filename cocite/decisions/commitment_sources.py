"""Other apps' promises measured on /engagements/: a small public registry, so the machinery never
imports the apps (a resource registers its source from its AppConfig.ready())."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise

# (department slug, department name, reached at, due at, answered at or None)
Row = tuple[str, str, datetime.datetime, datetime.datetime, Any]


@dataclass(frozen=True)
class CommitmentSource:
    key: str
    label: StrOrPromise
    rows: Callable[[Any], list[Row]]


_SOURCES: dict[str, CommitmentSource] = {}


def register(source: CommitmentSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[CommitmentSource]:
    return list(_SOURCES.values())
