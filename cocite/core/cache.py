"""Short-lived caching of anonymous pages and of rarely-changing reference data.

One setting, `COCITE_CACHING` (environment `COCITE_CACHING=0`), turns every cache of the
application off — whole pages, shared fragments, reference data, list counts, the per-process
header and footer: everything is then computed on every request, as the benchmark's
uncached rows and the query-count tests measure it. `caching()` is what each layer asks.

Anonymous pages: served from the shared cache for at most PAGE_TTL seconds, stored with the
global pages version that every participation write bumps (at once and on commit). So a
change shows on the next request for the person who made it (logged-in people never get
cached pages; their shared fragments check the version on every request) and, for
visitors, within VISITOR_VERSION_TTL (1 s): each worker keeps the pages it served last in
memory and re-reads the shared version at most once a second, so a hot anonymous page costs
no round trip at all. With a per-process cache (no Redis) it shows within PAGE_TTL seconds.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
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
# How stale a worker's idea of the pages version may be, for anonymous pages only
# (settings.COCITE_VISITOR_VERSION_TTL; the test settings use 0: "at once").
VISITOR_VERSION_TTL = 1.0
LOCAL_PAGES = 256  # anonymous pages kept in each worker's memory (≈ 20–50 KB each)
REFERENCE_TTL = 300


def caching() -> bool:
    """Whether the caches are on (read per call, so a test can turn them off with `settings`)."""
    return bool(getattr(settings, "COCITE_CACHING", True))


def _version_of(key: str) -> int:
    """A version counter in the cache, created at 1 the first time it is read."""
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key) or 1
    return int(version)


def pages_version() -> int:
    return _version_of(VERSION_KEY)


def _increment(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # never read yet (or evicted): any value above the first one will do
        cache.set(key, 2, timeout=None)


def _bump() -> None:
    _increment(VERSION_KEY)


def invalidate_pages() -> None:
    """Call after any write that changes what cached pages and fragments show.

    Bumps now (so the writing request itself never reads a stale copy) and again on commit
    (so a copy cached by another request between the two, from the old data, is dropped).
    Outside a transaction the write is already committed: once is enough.
    """
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return request.GET.get("tri") != "aleatoire"


def _read_with_version(version_key: str, key: str) -> tuple[tuple[Any, ...] | None, int]:
    """(stored tuple if computed under the current version, current version): one round trip (MGET).

    Values are stored with the version they were computed under, as `(version, value, …)`,
    rather than under a versioned key, so reading the version and the value is a single MGET.
    """
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        version = _version_of(version_key)
    stored = found.get(key)
    return (stored if stored is not None and stored[0] == int(version) else None), int(version)


def _shared_get(key: str) -> tuple[Any, int, float]:
    """(value, current pages version, when it was rendered); None when absent or from an older version."""
    stored, version = _read_with_version(VERSION_KEY, key)
    return (stored[1], version, stored[2]) if stored is not None else (None, version, 0.0)


def versioned_get(key: str) -> tuple[Any, int]:
    """(value, current pages version); None when absent or computed under an older version."""
    value, version, _rendered_at = _shared_get(key)
    return value, version


def versioned_set(key: str, value: Any, version: int) -> None:
    cache.set(key, (version, value, time.time()), PAGE_TTL)


class _VisitorPages:
    """Each worker's copy of the anonymous pages it served last, checked against the shared version.

    The version is re-read at most every VISITOR_VERSION_TTL seconds; a page is kept while
    younger than PAGE_TTL (counted from its render, wherever it happened).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[int, float, Any]] = OrderedDict()
        self._version = (0, float("-inf"))  # (version, when read: monotonic clock)

    def version(self) -> int:
        version, read_at = self._version
        now = time.monotonic()
        if now - read_at >= getattr(settings, "COCITE_VISITOR_VERSION_TTL", VISITOR_VERSION_TTL):
            version = pages_version()
            self._version = (version, now)
        return version

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._pages.get(key)
        if entry is None:
            return None
        version, rendered_at, value = entry
        if version != self.version() or time.time() - rendered_at >= PAGE_TTL:
            return None
        return value

    def put(self, key: str, version: int, rendered_at: float, value: Any) -> None:
        with self._lock:
            self._pages[key] = (version, rendered_at, value)
            self._pages.move_to_end(key)
            while len(self._pages) > LOCAL_PAGES:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._version = (0, float("-inf"))


visitor_pages = _VisitorPages()


def anonymous_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous visitors a copy of the page rendered less than PAGE_TTL seconds ago."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not caching() or not _cacheable(request) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = f"{translation.get_language()}|{request.get_full_path()}"
        key = "cocite:page:" + hashlib.sha256(raw.encode()).hexdigest()
        hit = visitor_pages.get(key)
        if hit is None:
            hit, version, rendered_at = _shared_get(key)
            if hit is not None:
                visitor_pages.put(key, version, rendered_at, hit)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Cocite-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            value = (response.content, response["Content-Type"])
            versioned_set(key, value, version)
            visitor_pages.put(key, version, time.time(), value)
            response["X-Cocite-Cache"] = "miss"
        return response

    return wrapper


def reference_data(key: str, compute: Callable[[], Any], *, namespace: str = "", timeout: int = REFERENCE_TTL) -> Any:
    """Rarely-changing data (organisation, quartiers, démarche structure): cached, invalidated on save.

    With a `namespace`, every key of the namespace is dropped at once by `forget_namespace`.
    """
    if not caching():
        return compute()
    if not namespace:
        full_key = "cocite:ref:" + key
        value = cache.get(full_key)
        if value is None:
            value = compute()
            cache.set(full_key, value, timeout)
        return value
    # Stored with the namespace version it was computed under: one round trip (MGET) per read.
    full_key = f"cocite:ref:{namespace}:{key}"
    stored, version = _read_with_version(f"cocite:ns:{namespace}", full_key)
    if stored is not None:
        return stored[1]
    value = compute()
    cache.set(full_key, (version, value), timeout)
    return value


def forget_namespace(namespace: str) -> None:
    key = f"cocite:ns:{namespace}"
    _increment(key)
    transaction.on_commit(lambda: _increment(key))


def forget_reference_data(*keys: str) -> None:
    cache.delete_many([f"cocite:ref:{key}" for key in keys])
