"""Fast bulk loading: COPY on PostgreSQL, batched executemany on SQLite.

Rows are dicts keyed by field attname; missing columns take the field default, so the
loader keeps working when a model gains a column with a default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Max, Model
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

BATCH = 5000


def _columns(model: type[Model], include_pk: bool) -> list[Any]:
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key and not include_pk:
            continue
        fields.append(field)
    return fields


def _default(field: Any) -> Any:
    if field.has_default():
        value = field.get_default()
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = timezone.now()
    elif field.null:
        value = None
    elif field.default is NOT_PROVIDED and field.get_internal_type() in ("CharField", "TextField", "SlugField"):
        value = ""
    else:
        value = None
    return value


def bulk_load(model: type[Model], rows: Iterable[dict[str, Any]], *, include_pk: bool = False) -> int:
    """Insert rows fast; returns the number inserted."""
    fields = _columns(model, include_pk)
    defaults = {f.attname: _default(f) for f in fields}
    table = model._meta.db_table
    names = [f.column for f in fields]
    count = 0
    iterator: Iterator[dict[str, Any]] = iter(rows)

    def as_tuple(row: dict[str, Any]) -> tuple[Any, ...]:
        values = []
        for field in fields:
            value = row.get(field.attname, defaults[field.attname])
            if connection.vendor == "postgresql" and field.get_internal_type() == "JSONField" and value is not None:
                value = json.dumps(value)
            values.append(value)
        return tuple(values)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not connection.get_autocommit():
                # Generated rows are consistent by construction: skip per-row foreign-key
                # triggers for this transaction when allowed (superuser), the usual bulk-load
                # setting; 500,000 self-referencing comments otherwise take many minutes.
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                row = cursor.fetchone()
                if row and row[0]:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            column_list = ", ".join(f'"{n}"' for n in names)
            with raw.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                for row in iterator:
                    copy.write_row(as_tuple(row))
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(names))
            column_list = ", ".join(f'"{n}"' for n in names)
            sql = f'INSERT INTO "{table}" ({column_list}) VALUES ({placeholders})'
            while True:
                batch = [as_tuple(row) for row in islice(iterator, BATCH)]
                if not batch:
                    break
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def reset_sequence(model: type[Model]) -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequence past them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk.column}'), "
            f'COALESCE((SELECT MAX("{pk.column}") FROM "{table}"), 1))'
        )


def max_id(model: type[Model]) -> int:
    return model._default_manager.aggregate(m=Max("pk"))["m"] or 0
