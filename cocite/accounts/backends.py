"""Authentication backend: the signed-in person, loaded with what every page asks about them.

Each page's layout asks whether the person is an agent (the "Analyse" menu) and how many
notifications they have not read (the bell). Apps register those as extra columns of the user
query (`register_user_annotation`), so a logged-in page loads its viewer in one query
instead of three. The permission helpers and the bell read the annotated values when present
and query otherwise. On PostgreSQL the query is plain SQL (`cocite.core.rows`: every signed-in
request runs it, and compiling it through the ORM cost more than running it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models.expressions import RawSQL

from cocite.core.rows import Column, RowByKey

_ANNOTATIONS: dict[str, Callable[[], Column]] = {}


def register_user_annotation(name: str, column: Callable[[], Column]) -> None:
    """`name` becomes an attribute of request.user, computed in the query that loads them.

    `column()`: a scalar SQL expression on the user's row (`"accounts_user"."id"`).
    """
    _ANNOTATIONS[name] = column


def _extra_columns() -> dict[str, Column]:
    return {name: build() for name, build in _ANNOTATIONS.items()}


_orm_annotations: dict[str, RawSQL] = {}


def _viewer_through_the_orm(user_id: Any) -> Any:
    # Written once, like the plain SQL (the columns are the same for everyone: building the bell's
    # took a query compilation of its own on every request).
    if not _orm_annotations:
        _orm_annotations.update(
            {
                name: RawSQL(column.sql, tuple(column.params), output_field=column.output_field)  # noqa: S611 — ours
                for name, column in _extra_columns().items()
            }
        )
    return get_user_model()._default_manager.annotate(**_orm_annotations).filter(pk=user_id).first()


_viewer = RowByKey(get_user_model(), orm=_viewer_through_the_orm, extra=_extra_columns)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = _viewer.get(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
