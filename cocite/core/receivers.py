"""Invalidate cached anonymous pages and reference data whenever platform content changes.

Hooked on model signals rather than sprinkled through actions, so a new app's writes are
covered without remembering to call anything. Queryset `.update()` sends no signal: the
actions that use it for counters also save or delete a row (a support, a comment) that does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import forget_namespace, forget_reference_data, invalidate_pages

IGNORED_APPS = {"notifications", "sessions", "admin", "django_tasks_db", "contenttypes"}
REFERENCE_MODELS = {
    ("territory", "organisation"): ("organisation",),
    ("territory", "quartier"): ("quartiers",),
    ("territory", "theme"): ("themes", "departments"),
    ("territory", "department"): ("departments",),
    ("territory", "departmentmembership"): ("departments",),
}

# Fields no page shows: a save of only these changes nothing cached (a login writes last_login).
UNSHOWN_FIELDS = {("accounts", "user"): frozenset({"last_login", "password"})}


# Models whose writes change only what a few scopes show (see cache.py): label -> the scopes
# of one instance. Registered by their app; the others drop every cached entry.
SCOPES: dict[str, Callable[[Any], tuple[str, ...]]] = {}


def register_scopes(model_label: str, scopes: Callable[[Any], tuple[str, ...]]) -> None:
    """`scopes(instance)`: what a saved or deleted `model_label` ("app.model") shows on, without queries."""
    SCOPES[model_label.lower()] = scopes


# Models whose writes forget a namespace of reference data besides their own app's (see
# `reference_data`): label -> namespaces. Registered by the app that caches them.
NAMESPACES: dict[str, set[str]] = {}


def register_namespace(model_label: str, namespace: str) -> None:
    """A save or delete of `model_label` ("app.model") forgets the reference data of `namespace`."""
    NAMESPACES.setdefault(model_label.lower(), set()).add(namespace)


def on_change(sender: Any, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in IGNORED_APPS:
        return
    if meta.app_label not in PLATFORM_APPS:
        return
    update_fields = kwargs.get("update_fields")
    unshown = UNSHOWN_FIELDS.get((meta.app_label, meta.model_name))
    if update_fields and unshown and set(update_fields) <= unshown:
        return
    keys = REFERENCE_MODELS.get((meta.app_label, meta.model_name))
    if keys:
        forget_reference_data(*keys)
    if meta.app_label in NAMESPACED_APPS:
        forget_namespace(meta.app_label)
    for namespace in sorted(NAMESPACES.get(meta.label_lower, ())):
        forget_namespace(namespace)
    scoped = SCOPES.get(meta.label_lower)
    instance = kwargs.get("instance")
    if scoped is not None and instance is not None and kwargs.get("action") is None:
        scopes = scoped(instance)
        if scopes:
            invalidate_pages(*scopes)
        return
    invalidate_pages()


PLATFORM_APPS: set[str] = set()
# Apps whose structure is cached as a whole (e.g. a démarche with its phases and components).
NAMESPACED_APPS = {"demarches", "territory"}


def connect(platform_apps: set[str]) -> None:
    PLATFORM_APPS.update(platform_apps)
    post_save.connect(on_change, dispatch_uid="cocite-pages-post-save")
    post_delete.connect(on_change, dispatch_uid="cocite-pages-post-delete")
    m2m_changed.connect(on_change, dispatch_uid="cocite-pages-m2m")
