"""ORM queries of a fixed shape, compiled to SQL once per process instead of on every request.

Django compiles a queryset to SQL each time it is evaluated. For the few reads that nearly
every signed-in request makes — the person with their annotations, the contribution a write
touches, "do I support / follow this?" — that compilation costs more CPU than the database
spends answering (measured on the city-scale data: loading the signed-in person took 1.0 ms
of Python per request through the ORM, 0.09 ms prepared). A `PreparedQuery` builds its
queryset once per database vendor with placeholders for the values, keeps the SQL and the
way Django reads its rows back (model fields, annotations, each column's converters), and
later runs the SQL with the real values. What it returns is what the ORM would have returned,
annotations and converted values (booleans and dates on SQLite) included.

Only for queries whose shape never changes at run time (no `__in` over a list of varying
length, no select_related or prefetch_related), with integer and string values: the builder
runs once per process and per `key` — the caller passes what the shape depends on, e.g. the
registered annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any

from django.db import connections, models

# Stand-ins for the values while compiling. Django checks integer lookups against the column's
# range (a value outside it compiles to "no rows"), so they fit every integer type, the
# smallest positive one included; a constant of the query that happened to equal one would
# make compiling fail loudly ("exactly once"), never silently.
_PLACEHOLDERS = tuple(29_371 + 17 * index for index in range(8))


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    value_positions: tuple[int, ...]  # where each value goes among params
    converters: list[tuple[int, list[Any], Any]]  # (column, converters, expression)
    model: type[models.Model] | None = None  # for rows read back as instances
    field_names: tuple[str, ...] = ()  # attnames of the model's columns, in select order
    fields_slice: slice = slice(0)
    annotations: tuple[tuple[str, int], ...] = ()  # (attribute, column)


class PreparedQuery[M: models.Model]:
    """`build(*values)` returns the queryset; each value must appear exactly once in it.

    - `first(*values)`: `build(*values).first()` (ordering dropped), an instance or None;
    - `exists(*values)`: `build(*values).exists()`;
    - `column(*values)`: the list `build(*values)` gives, for a `values_list(…, flat=True)`.
    """

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]], *, using: str = "default"):
        self.build = build
        self.using = using
        self._compiled: dict[tuple[str, str, int, Hashable], _Compiled] = {}

    def first(self, *values: Any, key: Hashable = None) -> M | None:
        compiled = self._compile("first", len(values), key)
        row = self._run(compiled, values, many=False)
        if row is None:
            return None
        assert compiled.model is not None
        instance = compiled.model.from_db(self.using, list(compiled.field_names), row[compiled.fields_slice])
        for attribute, position in compiled.annotations:
            setattr(instance, attribute, row[position])
        return instance  # type: ignore[return-value]

    def exists(self, *values: Any, key: Hashable = None) -> bool:
        return self._run(self._compile("exists", len(values), key), values, many=False) is not None

    def column(self, *values: Any, key: Hashable = None) -> list[Any]:
        rows = self._run(self._compile("column", len(values), key), values, many=True)
        return [row[0] for row in rows]

    def _run(self, compiled: _Compiled, values: tuple[Any, ...], *, many: bool) -> Any:
        params = list(compiled.params)
        for position, value in zip(compiled.value_positions, values, strict=True):
            # Passed to the database as they are, not through a field's get_db_prep_value:
            # only values every driver adapts the same way.
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(f"a prepared query takes integers and strings, not {type(value).__name__}")
            params[position] = value
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall() if many else [row] if (row := cursor.fetchone()) is not None else []
        if compiled.converters:
            rows = [self._convert(list(row), compiled, connection) for row in rows]
        return rows if many else (rows[0] if rows else None)

    @staticmethod
    def _convert(row: list[Any], compiled: _Compiled, connection: Any) -> list[Any]:
        for position, converters, expression in compiled.converters:
            for converter in converters:
                row[position] = converter(row[position], expression, connection)
        return row

    def _compile(self, mode: str, arity: int, key: Hashable) -> _Compiled:
        # Keyed by vendor too: the test suite runs the same process on another database.
        cache_key = (mode, connections[self.using].vendor, arity, key)
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            compiled = self._compiled[cache_key] = self._compile_now(mode, arity)
        return compiled

    def _compile_now(self, mode: str, arity: int) -> _Compiled:
        if arity > len(_PLACEHOLDERS):
            raise ValueError(f"a prepared query takes at most {len(_PLACEHOLDERS)} values")
        placeholders = _PLACEHOLDERS[:arity]
        queryset = self.build(*placeholders)
        if queryset.query.select_related or queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("a prepared query reads one model's rows: no select_related or prefetch_related")
        if mode == "first":
            query = queryset.order_by()[:1].query
        elif mode == "exists":
            query = queryset.query.exists(limit=True)
        else:
            query = queryset.query
        compiler = query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()  # also fills compiler.select, klass_info, annotation_col_map
        positions = []
        for placeholder in placeholders:
            # A text field prepares its value as a string: the placeholder's digits.
            found = [index for index, param in enumerate(params) if param in (placeholder, str(placeholder))]
            if len(found) != 1:
                raise ValueError("each value of a prepared query must appear exactly once in it")
            positions.append(found[0])
        converters = [
            (position, converters, expression)
            for position, (converters, expression) in compiler.get_converters(
                [column[0] for column in compiler.select]
            ).items()
        ]
        compiled = _Compiled(sql=sql, params=tuple(params), value_positions=tuple(positions), converters=converters)
        if mode != "first":
            return compiled
        select_fields = compiler.klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        return replace(
            compiled,
            model=queryset.model,
            field_names=tuple(column[0].target.attname for column in compiler.select[start:end]),
            fields_slice=slice(start, end),
            annotations=tuple((compiler.annotation_col_map or {}).items()),
        )
