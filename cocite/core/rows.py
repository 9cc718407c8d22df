"""The few reads nearly every request makes, in plain SQL on PostgreSQL — public APIs only.

Measured on the city-scale data (issue 15, `bench/results/issue-15-private-apis.md`): Django
compiles a queryset to SQL on every evaluation, and for the signed-in person with their
annotations, or the contribution a support touches, that compiling costs more CPU than
PostgreSQL spends answering (the viewer: 1.1 ms of Python through the ORM, 0.08 ms in plain
SQL); without it the support write served 390/s instead of 600/s. An earlier version cached
the compiler's output through Django's private compiler internals; this one writes the SQL
itself from the model's documented `_meta` API and builds the instance with the documented
`Model.from_db` and each field's `from_db_value`.

On PostgreSQL that is all the ORM would do: its backend declares no converters of its own.
Other databases (SQLite: development and the first test pass) run the ORM queryset given as
`orm`; a PostgreSQL test checks that both give the same instance, field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models


@dataclass(frozen=True)
class Column:
    """An extra column read with the row: a scalar SQL expression on the model's table, its parameters
    and the field its value is read as (its `from_db_value` applies)."""

    sql: str
    params: Sequence[Any]
    output_field: models.Field[Any, Any]


def quoted(name: str | None) -> str:
    """An identifier quoted the SQL standard's way (PostgreSQL and SQLite both read it)."""
    if not name:
        raise ValueError("a column or table name is needed")
    return '"' + name.replace('"', '""') + '"'


class RowByKey[M: models.Model]:
    """`get(pk)`: the model's row with its primary key, and the `extra` columns as attributes.

    `extra()` is called once, when the SQL is first written (after the apps registered their
    columns); `orm(pk)` is what other databases run.
    """

    def __init__(
        self,
        model: type[M],
        *,
        orm: Callable[[Any], M | None],
        extra: Callable[[], dict[str, Column]] = dict,
    ) -> None:
        self.model = model
        self.orm = orm
        self.extra = extra
        self._sql: tuple[str, list[Any], list[str], list[Any], list[tuple[str, Any]]] | None = None

    def _write_sql(self) -> tuple[str, list[Any], list[str], list[Any], list[tuple[str, Any]]]:
        if self._sql is None:
            meta = self.model._meta
            table = quoted(meta.db_table)
            fields = list(meta.concrete_fields)
            extra = self.extra()
            columns = [f"{table}.{quoted(field.column)}" for field in fields]
            columns += [f"({column.sql}) AS {quoted(name)}" for name, column in extra.items()]
            params = [param for column in extra.values() for param in column.params]
            sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {table}.{quoted(meta.pk.column)} = %s"  # noqa: S608 — names from the models
            self._sql = (
                sql,
                params,
                [field.attname for field in fields],
                [getattr(field, "from_db_value", None) for field in fields],
                [(name, getattr(column.output_field, "from_db_value", None)) for name, column in extra.items()],
            )
        return self._sql

    def get(self, pk: Any) -> M | None:
        if connection.vendor != "postgresql":
            return self.orm(pk)
        sql, params, attnames, converters, extra = self._write_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, pk])
            row = cursor.fetchone()
        if row is None:
            return None
        width = len(attnames)
        values = [
            convert(value, None, connection) if convert is not None and value is not None else value
            for value, convert in zip(row[:width], converters, strict=True)
        ]
        instance = self.model.from_db(connection.alias, attnames, values)
        for (name, convert), value in zip(extra, row[width:], strict=True):
            setattr(instance, name, convert(value, None, connection) if convert is not None else value)
        return instance


def exists(sql: str, params: Sequence[Any]) -> bool:
    """Whether a plain SELECT finds a row (same SQL on every database)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchone() is not None


def column(sql: str, params: Sequence[Any]) -> list[Any]:
    """The first column of a plain SELECT's rows (integers and strings: the same on every database)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return [row[0] for row in cursor.fetchall()]


class JoinedRows[M: models.Model]:
    """A model's rows with some of its foreign keys' rows, in plain SQL: the ORM's `select_related`
    without compiling a queryset on every request.

    `related`: foreign keys as `select_related` names them (`"a"`, `"a__b"`: a path's beginning
    comes first). `select` is `SELECT <columns> FROM <source>` (`source`: the table and its LEFT
    JOINs), written once (a query with more columns writes `SELECT <columns>, … FROM <source>`); the
    caller adds its WHERE / ORDER BY / LIMIT, naming the model's columns by its table's quoted name
    (as Django does). `fetch(sql, params)` runs the caller's query and builds each instance with
    `Model.from_db`, its related instances (or None) set through the foreign key's descriptor, as
    `select_related` does. PostgreSQL only: callers keep their ORM queryset for other databases
    (see the module's docstring).
    """

    def __init__(self, model: type[M], related: Sequence[str] = ()) -> None:
        meta = model._meta
        table = quoted(meta.db_table)
        self.model = model
        self.table = table
        # Per part: its path ("" for the model), its parent's index, the field's name on the parent,
        # the model, its attnames, their converters and the primary key's index among them.
        self._parts: list[tuple[int, str, type[models.Model], list[str], list[Any], int]] = []
        aliases: dict[str, tuple[int, str, type[models.Model]]] = {"": (-1, table, model)}
        joins: list[str] = []
        parts: list[tuple[int, str, str, type[models.Model]]] = [(-1, "", table, model)]
        for path in related:
            parent_path, _sep, name = path.rpartition("__")
            if parent_path not in aliases:
                raise ValueError(f"{parent_path} must come before {path}")
            parent_index, parent_alias, parent_model = aliases[parent_path]
            field = parent_model._meta.get_field(name)
            target = field.related_model
            if not isinstance(field, models.ForeignKey) or not isinstance(target, type):
                raise ValueError(f"{path} is not a foreign key of {meta.label}")
            alias = quoted(f"j{len(joins)}")
            joins.append(
                f"LEFT JOIN {quoted(target._meta.db_table)} {alias} "
                f"ON {alias}.{quoted(field.target_field.column)} = {parent_alias}.{quoted(field.column)}"
            )
            aliases[path] = (len(parts), alias, target)
            parts.append((parent_index if parent_path else 0, name, alias, target))
        columns: list[str] = []
        for parent_index, name, alias, target in parts:
            fields = list(target._meta.concrete_fields)
            columns += [f"{alias}.{quoted(field.column)}" for field in fields]
            attnames = [field.attname for field in fields]
            converters = [getattr(field, "from_db_value", None) for field in fields]
            pk_index = attnames.index(target._meta.pk.attname)
            self._parts.append((parent_index, name, target, attnames, converters, pk_index))
        self.columns = ", ".join(columns)
        self.source = " ".join([table, *joins])
        self.select = f"SELECT {self.columns} FROM {self.source}"  # noqa: S608 — names from the models

    def column(self, name: str) -> str:
        """A column of the model's table, named as `QuerySet.filter` / `order_by` name fields ("pk" included)."""
        meta = self.model._meta
        field = meta.pk if name == "pk" else meta.get_field(name)
        if not isinstance(field, models.Field):
            raise ValueError(f"{name} is not a column of {meta.label}")
        return f"{self.table}.{quoted(field.column)}"

    def order_by(self, names: Sequence[str]) -> str:
        """`ORDER BY`'s list for the model's fields as `QuerySet.order_by` names them ("pk" included, ascending)."""
        return ", ".join(self.column(name) for name in names)

    def where_equal(self, name: str, order: Sequence[str]) -> str:
        """`select` for the rows whose field `name` equals the query's one parameter, in `order`."""
        return f"{self.select} WHERE {self.column(name)} = %s ORDER BY {self.order_by(order)}"

    def build(self, row: Sequence[Any], extra: Sequence[str] = ()) -> M:
        """The instance of a row of `select`; `extra`: the names of the columns the caller added after."""
        alias = connection.alias
        built: list[models.Model | None] = []
        start = 0
        for parent_index, name, model, attnames, converters, pk_index in self._parts:
            width = len(attnames)
            values = [
                convert(value, None, connection) if convert is not None and value is not None else value
                for value, convert in zip(row[start : start + width], converters, strict=True)
            ]
            start += width
            if parent_index < 0:
                built.append(model.from_db(alias, attnames, values))
                continue
            # A null foreign key leaves a row of NULLs: no related instance.
            related = model.from_db(alias, attnames, values) if values[pk_index] is not None else None
            built.append(related)
            parent = built[parent_index]
            if parent is not None:
                setattr(parent, name, related)
        instance = built[0]
        assert isinstance(instance, self.model)
        for name, value in zip(extra, row[start:], strict=True):
            setattr(instance, name, value)
        return instance

    def fetch(self, sql: str, params: Sequence[Any], extra: Sequence[str] = ()) -> list[M]:
        """The instances of a query starting with `select` (and the `extra` columns it adds)."""
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return [self.build(row, extra) for row in cursor.fetchall()]


class LinkedRows:
    """A many-to-many field's targets for some rows of `model`, in plain SQL (PostgreSQL): `of(pks)` gives
    each row's targets in `order` (as `order_by` names the target's fields; rows without any are absent).
    The link table's two foreign keys are found through `_meta`; a field between rows of one model is refused.
    """

    def __init__(self, model: type[models.Model], name: str, order: Sequence[str]) -> None:
        field = model._meta.get_field(name)
        target, through = field.related_model, getattr(field.remote_field, "through", None)
        if (
            not isinstance(field, models.ManyToManyField)
            or not isinstance(target, type)
            or not isinstance(through, type)
            or not issubclass(through, models.Model)
        ):
            raise ValueError(f"{name} is not a many-to-many field of {model._meta.label}")
        if target is model:
            raise ValueError(f"{name} links rows of one model")
        self.rows: JoinedRows[Any] = JoinedRows(target)
        link = through._meta
        keys = {
            key.related_model: key
            for key in link.get_fields()
            if isinstance(key, models.ForeignKey) and key.related_model in (model, target)
        }
        link_table = quoted(link.db_table)
        source = f"{link_table}.{quoted(keys[model].column)}"
        on = f"{link_table}.{quoted(keys[target].column)} = {self.rows.table}.{quoted(target._meta.pk.column)}"
        self.sql = (
            f"SELECT {self.rows.columns}, {source} FROM {self.rows.source} JOIN {link_table} ON {on} "  # noqa: S608
            f"WHERE {source} = ANY(%s) ORDER BY {self.rows.order_by(order)}"
        )
        self._json = _JsonValues(target, self.rows.table)
        self._json_sql = (
            f"(SELECT COALESCE(json_agg(json_build_array({self._json.values}) ORDER BY {self.rows.order_by(order)}), "  # noqa: S608
            f"'[]'::json) FROM {self.rows.source} JOIN {link_table} ON {on} WHERE {source} = "
        )

    def subquery(self, parent: str) -> str:
        """One row's targets as a column of its own query (a JSON array, see ChildRows); `build` reads it."""
        return f"{self._json_sql}{parent})"

    def build(self, value: Sequence[Sequence[Any]]) -> list[Any]:
        return self._json.build(value)

    def of(self, pks: Sequence[Any]) -> dict[Any, list[Any]]:
        linked: dict[Any, list[Any]] = {}
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [list(pks)])
            for row in cursor.fetchall():
                linked.setdefault(row[-1], []).append(self.rows.build(row[:-1]))
        return linked


# What a JSON document gives for each kind of column: these as they are (numbers, strings, booleans,
# JSON), those through the field's `to_python` (dates and times as ISO text, decimals as text).
_JSON_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "ForeignKey",
        "OneToOneField",
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "FileField",
        "ImageField",
        "BooleanField",
        "JSONField",
    }
)
_JSON_AS_TEXT = frozenset({"DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField"})


class _JsonValues[M: models.Model]:
    """A model's concrete fields as the arguments of `json_build_array` (`values`), and the instances
    built back from the arrays a query read (`build`): JSON's numbers, strings, booleans and objects
    as they are, dates, times and decimals written as text and read by the field's `to_python`."""

    def __init__(self, model: type[M], table: str) -> None:
        fields = list(model._meta.concrete_fields)
        values: list[str] = []
        self._readers: list[Callable[[Any], Any] | None] = []
        for field in fields:
            kind = field.get_internal_type()
            column = f"{table}.{quoted(field.column)}"
            if kind in _JSON_AS_IS:
                values.append(column)
                self._readers.append(None)
            elif kind in _JSON_AS_TEXT:
                values.append(f"{column}::text")
                self._readers.append(field.to_python)
            else:
                raise ValueError(f"{model._meta.label}.{field.name}: a {kind} is not read from JSON")
        self.model = model
        self.values = ", ".join(values)
        self._attnames = [field.attname for field in fields]

    def build(self, value: Sequence[Sequence[Any]]) -> list[M]:
        alias = connection.alias
        return [
            self.model.from_db(
                alias,
                self._attnames,
                [
                    read(item) if read is not None and item is not None else item
                    for item, read in zip(row, self._readers, strict=True)
                ],
            )
            for row in value
        ]


class ChildRows[M: models.Model]:
    """The rows of `model` whose foreign key `name` points at a parent row, read as one more column of
    the parent's query: a JSON array of their values, in `order` (as `order_by` names fields). A parent
    and its lists come in one query instead of one per list. `subquery(parent)` is that column's SQL
    (`parent`: the parent's primary key column, quoted); `build(value)` the instances it read, through
    `Model.from_db`, each value as the field's `to_python` reads its text where JSON has no type for it.
    PostgreSQL only, as JoinedRows.
    """

    def __init__(self, model: type[M], name: str, order: Sequence[str]) -> None:
        if not isinstance(model._meta.get_field(name), models.ForeignKey):
            raise ValueError(f"{name} is not a foreign key of {model._meta.label}")
        rows: JoinedRows[M] = JoinedRows(model)
        self.model = model
        self._json = _JsonValues(model, rows.table)
        self._sql = (
            f"(SELECT COALESCE(json_agg(json_build_array({self._json.values}) ORDER BY {rows.order_by(order)}), "  # noqa: S608 — names from the models
            f"'[]'::json) FROM {rows.table} WHERE {rows.column(name)} = "
        )

    def subquery(self, parent: str) -> str:
        return f"{self._sql}{parent})"

    def build(self, value: Sequence[Sequence[Any]]) -> list[M]:
        return self._json.build(value)
