"""Short-lived caching of anonymous pages and of rarely-changing reference data.

Anonymous pages: served from the shared cache for at most PAGE_TTL seconds, keyed by a
global version that every participation write bumps on commit. So a change shows on the
next request for the person who made it (logged-in people never get cached pages) and,
with a shared cache (Redis), for everyone at once; with a per-process cache it shows
within PAGE_TTL seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

PAGE_TTL = 5
VERSION_KEY = "cocite:pages:version"
REFERENCE_TTL = 300


def pages_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def invalidate_pages() -> None:
    """Call after any write that changes what cached pages and fragments show.

    Bumps now (so the writing request itself never reads a stale copy) and again on commit
    (so a copy cached by another request between the two, from the old data, is dropped).
    """
    _bump()
    transaction.on_commit(_bump)


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return request.GET.get("tri") != "aleatoire"


def versioned_get(key: str) -> tuple[Any, int]:
    """(value, current pages version) in one round trip; None when absent or from an older version.

    Values are stored with the version they were computed under (`versioned_set`) rather
    than under a versioned key, so reading the version and the value is a single MGET.
    """
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = pages_version()
    stored = found.get(key)
    if stored is not None and stored[0] == int(version):
        return stored[1], int(version)
    return None, int(version)


def versioned_set(key: str, value: Any, version: int) -> None:
    cache.set(key, (version, value), PAGE_TTL)


def anonymous_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous visitors a copy of the page rendered less than PAGE_TTL seconds ago."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = f"{translation.get_language()}|{request.get_full_path()}"
        key = "cocite:page:" + hashlib.sha256(raw.encode()).hexdigest()
        hit, version = versioned_get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Cocite-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            versioned_set(key, (response.content, response["Content-Type"]), version)
            response["X-Cocite-Cache"] = "miss"
        return response

    return wrapper


def reference_data(key: str, compute: Callable[[], Any], *, namespace: str = "", timeout: int = REFERENCE_TTL) -> Any:
    """Rarely-changing data (organisation, quartiers, démarche structure): cached, invalidated on save.

    With a `namespace`, every key of the namespace is dropped at once by `forget_namespace`.
    """
    prefix = f"cocite:ref:{namespace}:{_namespace_version(namespace)}:" if namespace else "cocite:ref:"
    full_key = prefix + key
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def _namespace_version(namespace: str) -> int:
    key = f"cocite:ns:{namespace}"
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key) or 1
    return int(version)


def forget_namespace(namespace: str) -> None:
    def bump() -> None:
        try:
            cache.incr(f"cocite:ns:{namespace}")
        except ValueError:
            cache.set(f"cocite:ns:{namespace}", 2, timeout=None)

    bump()
    transaction.on_commit(bump)


def forget_reference_data(*keys: str) -> None:
    cache.delete_many([f"cocite:ref:{key}" for key in keys])
