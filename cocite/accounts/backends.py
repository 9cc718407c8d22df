"""Authentication backend: the signed-in person, loaded with what every page asks about them.

Each page's layout asks whether the person is an agent (the "Analyse" menu) and how many
notifications they have not read (the bell). Apps register those as annotations of the user
query (`register_user_annotation`), so a logged-in page loads its viewer in one query
instead of three. The permission helpers and the bell read the annotated values when present
and query otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


def register_user_annotation(name: str, expression: Callable[[], Any]) -> None:
    """`name` becomes an attribute of request.user, computed in the query that loads them."""
    _ANNOTATIONS[name] = expression


def _viewer_query(user_id: Any) -> Any:
    annotations = {name: build() for name, build in _ANNOTATIONS.items()}
    return get_user_model()._default_manager.annotate(**annotations).filter(pk=user_id)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = _viewer_query(user_id).first()
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
