"""ORM queries of a fixed shape, compiled to SQL once per process instead of on every request.

Django compiles a queryset to SQL each time it is evaluated. For the few lookups that nearly
every request makes — the signed-in person with their annotations, the contribution a write
touches — that compilation costs more CPU than the database spends answering (measured on
the city-scale data: loading the signed-in person took 1.0 ms of Python per request through
the ORM, 0.10 ms through a prepared lookup). A `PreparedLookup` builds its queryset once per
database alias and vendor with a placeholder for the looked-up value, keeps the SQL and the
way Django reads its rows back (model fields, annotations, each column's converters), and
later runs the SQL with the real value: what it returns is what `.first()` would have
returned, annotations and converted values (booleans and dates on SQLite) included.

Only for queries whose shape never changes at run time, without select_related or
prefetch_related: the builder runs once per process and per `key` (the caller passes what
the shape depends on, e.g. the registered annotations).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models

# A value no real lookup uses, so that it is found exactly once among the compiled parameters.
_PLACEHOLDER = -7_318_540_926_113


@dataclass(frozen=True)
class _Compiled[M: models.Model]:
    model: type[M]
    sql: str
    params: tuple[Any, ...]
    value_at: int  # where the looked-up value goes among params
    field_names: list[str]  # attnames of the model's columns, in select order
    fields_slice: slice
    annotations: dict[str, int]  # attribute -> column
    converters: list[tuple[int, list[Any], Any]]  # (column, converters, expression)


class PreparedLookup[M: models.Model]:
    """`lookup(value)` is `build(value).first()` without recompiling: one instance or None.

    `build` receives the value to look up and returns the queryset; it must use that value
    exactly once (typically `Model.objects.filter(pk=value)`); its ordering is dropped.
    """

    def __init__(self, build: Callable[[Any], models.QuerySet[M]], *, using: str = "default"):
        self.build = build
        self.using = using
        self._compiled: dict[tuple[str, Hashable], _Compiled[M]] = {}

    def _compile(self, key: Hashable) -> _Compiled[M]:
        # Keyed by vendor too: the test suite runs the same process on another database.
        cache_key = (connections[self.using].vendor, key)
        compiled = self._compiled.get(cache_key)
        if compiled is not None:
            return compiled
        queryset = self.build(_PLACEHOLDER).order_by()[:1]
        if queryset.query.select_related or queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("a prepared lookup reads one model's row: no select_related or prefetch_related")
        compiler = queryset.query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()  # also fills compiler.select, klass_info, annotation_col_map
        positions = [index for index, param in enumerate(params) if param == _PLACEHOLDER]
        if len(positions) != 1:
            raise ValueError("a prepared lookup must use its value exactly once")
        select_fields = compiler.klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        compiled = _Compiled(
            model=queryset.model,
            sql=sql,
            params=tuple(params),
            value_at=positions[0],
            field_names=[column[0].target.attname for column in compiler.select[start:end]],
            fields_slice=slice(start, end),
            annotations=dict(compiler.annotation_col_map or {}),
            converters=[
                (position, converters, expression)
                for position, (converters, expression) in compiler.get_converters(
                    [column[0] for column in compiler.select]
                ).items()
            ],
        )
        self._compiled[cache_key] = compiled
        return compiled

    def lookup(self, value: Any, *, key: Hashable = None) -> M | None:
        compiled = self._compile(key)
        params = list(compiled.params)
        params[compiled.value_at] = value
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = list(row)
            for position, converters, expression in compiled.converters:
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
        instance = compiled.model.from_db(self.using, compiled.field_names, row[compiled.fields_slice])
        for attribute, position in compiled.annotations.items():
            setattr(instance, attribute, row[position])
        return instance
