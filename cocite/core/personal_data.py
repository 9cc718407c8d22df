"""Helpers for the apps' `AppConfig.personal_data(user)` sections (RGPD access and portability).

accounts.queries.personal_data walks the AppConfigs for an optional `personal_data(user)`
returning a JSON-serialisable dict, and accounts.actions.account_anonymise for an optional
`forget_person(user)` deleting what is only personal. `rows` turns one bounded `.values()`
query into plain JSON values (ISO dates, strings), so each kind of data costs one query.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet


def plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def rows(
    queryset: QuerySet[Any], fields: Iterable[str], *, rename: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """One query: the listed fields of every row, keyed by field name (or its `rename`)."""
    names = list(fields)
    rename = rename or {}
    return [{rename.get(name, name): plain(row[name]) for name in names} for row in queryset.values(*names)]
