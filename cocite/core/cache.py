"""Short-lived caching of anonymous pages and of rarely-changing reference data.

One setting, `COCITE_CACHING` (environment `COCITE_CACHING=0`), turns every cache of the
application off — whole pages, shared fragments, reference data, list counts, the per-process
header and footer: everything is then computed on every request, as the benchmark's
uncached rows and the query-count tests measure it. `caching()` is what each layer asks.

Cached pages and fragments are keyed by what they show. Each entry names its *scopes* — the
objects it shows that often change, such as `contributions.contribution:42` or
`demarches.demarche:3` — and is stored with the versions those scopes (and the whole site)
had when it was rendered. A write bumps the versions of what it changes: a support on
contribution 42 bumps that contribution and its démarche, so the contribution's page and the
démarche's lists are redrawn and nothing else is; a write no action scoped (a decision, a
result, a pseudonym) bumps the site, every entry. A login bumps nothing. Entries also expire
after PAGE_TTL seconds, which bounds how stale what they show of *other* objects can be
(a related card's count).

The writer sees their change on their next request (logged-in people never get whole cached
pages; their shared fragments check the versions on every request); visitors within
VISITOR_VERSION_TTL (1 s): each worker keeps the anonymous pages it served last in memory
and re-reads a page's versions at most once a second, so a hot anonymous page costs no round
trip most of the time. With a per-process cache (no Redis) other workers see changes within
PAGE_TTL seconds.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, overload

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

PAGE_TTL = 5
SITE = "site"  # the scope every entry depends on: bumped by writes no action scoped
# How stale a worker's copy of an anonymous page may be (settings.COCITE_VISITOR_VERSION_TTL;
# the test settings use 0: "at once").
VISITOR_VERSION_TTL = 1.0
LOCAL_PAGES = 256  # anonymous pages kept in each worker's memory (≈ 20–50 KB each)
REFERENCE_TTL = 300

Versions = tuple[int, ...]


def caching() -> bool:
    """Whether the caches are on (read per call, so a test can turn them off with `settings`)."""
    return bool(getattr(settings, "COCITE_CACHING", True))


def scope_of(obj: Any) -> str:
    """The scope of one object: `app_label.model:pk`."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def demarche_scope(demarche_id: Any) -> str:
    return f"demarches.demarche:{demarche_id}"


def scopes_of(obj: Any) -> tuple[str, ...]:
    """An object's scope, and its démarche's when it belongs to one (its lists and counts show it)."""
    demarche_id = getattr(obj, "demarche_id", None)
    return (scope_of(obj), demarche_scope(demarche_id)) if demarche_id is not None else (scope_of(obj),)


def _version_key(scope: str) -> str:
    return f"cocite:v:{scope}"


def _read(key: str | None, scopes: Iterable[str], *, site: bool = True) -> tuple[Any, Versions]:
    """(what is stored at `key`, the current versions of the site and `scopes`): one round trip (MGET).

    A version never written reads as 0; a bump creates it (see `_increment`).
    """
    version_keys = [_version_key(scope) for scope in ((SITE, *scopes) if site else tuple(scopes))]
    found = cache.get_many([*version_keys, key] if key else version_keys)
    versions = tuple(int(found.get(version_key) or 0) for version_key in version_keys)
    return (found.get(key) if key else None), versions


def scope_versions(scopes: Iterable[str]) -> Versions:
    return _read(None, scopes)[1]


def _increment(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Never written (or evicted): start from the clock, so a version seen before an
        # eviction does not come back (anything stored under it has expired with PAGE_TTL anyway).
        cache.add(key, time.time_ns() // 1_000_000, timeout=None)


def _bump(scopes: tuple[str, ...]) -> None:
    for scope in scopes:
        _increment(_version_key(scope))


def invalidate_pages(*scopes: str) -> None:
    """Call after a write that changes what cached pages and fragments show.

    With scopes, only the entries that show them are dropped; without, every entry. Bumps now
    (so the writing request itself never reads a stale copy) and again on commit (so a copy
    cached by another request between the two, from the old data, is dropped). Outside a
    transaction the write is already committed: once is enough.
    """
    bumped = scopes or (SITE,)
    _bump(bumped)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(bumped))


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return request.GET.get("tri") != "aleatoire"


def scoped_get(key: str, scopes: tuple[str, ...]) -> tuple[Any, Versions, float]:
    """(value, current versions, when it was rendered); None when absent or rendered under other versions.

    Values are stored with the versions they were computed under, as `(versions, value,
    rendered_at)`, rather than under versioned keys, so reading versions and value is one MGET.
    """
    stored, versions = _read(key, scopes)
    if stored is not None and tuple(stored[0]) == versions:
        return stored[1], versions, stored[2]
    return None, versions, 0.0


def scoped_set(key: str, value: Any, versions: Versions) -> None:
    cache.set(key, (versions, value, time.time()), PAGE_TTL)


class _VisitorPages:
    """Each worker's copy of the anonymous pages it served last, re-checked against the shared versions.

    A page's versions are re-read at most every VISITOR_VERSION_TTL seconds; a page is kept
    while younger than PAGE_TTL (counted from its render, wherever it happened).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # key -> (scopes, versions, checked at (monotonic), rendered at (wall clock), value)
        self._pages: OrderedDict[str, tuple[tuple[str, ...], Versions, float, float, Any]] = OrderedDict()

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._pages.get(key)
        if entry is None:
            return None
        scopes, versions, checked_at, rendered_at, value = entry
        if time.time() - rendered_at >= PAGE_TTL:
            return None
        now = time.monotonic()
        if now - checked_at >= getattr(settings, "COCITE_VISITOR_VERSION_TTL", VISITOR_VERSION_TTL):
            if scope_versions(scopes) != versions:
                return None
            with self._lock:
                if key in self._pages:
                    self._pages[key] = (scopes, versions, now, rendered_at, value)
        return value

    def put(self, key: str, scopes: tuple[str, ...], versions: Versions, rendered_at: float, value: Any) -> None:
        with self._lock:
            self._pages[key] = (scopes, versions, time.monotonic(), rendered_at, value)
            self._pages.move_to_end(key)
            while len(self._pages) > LOCAL_PAGES:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


visitor_pages = _VisitorPages()

ScopesOf = Callable[..., Iterable[str]]


def _cached_response(hit: tuple[bytes, str]) -> HttpResponse:
    content, content_type = hit
    response = HttpResponse(content, content_type=content_type)
    response["X-Cocite-Cache"] = "hit"
    return response


View = Callable[..., HttpResponse]


@overload
def anonymous_page_cache(view: View, *, scopes: ScopesOf | None = None) -> View: ...


@overload
def anonymous_page_cache(view: None = None, *, scopes: ScopesOf | None = None) -> Callable[[View], View]: ...


def anonymous_page_cache(view: View | None = None, *, scopes: ScopesOf | None = None) -> View | Callable[[View], View]:
    """Serve anonymous visitors a copy of the page rendered less than PAGE_TTL seconds ago.

    `scopes(request, *args, **kwargs)` names what the page shows that often changes (see the
    module's docstring); without it the page is dropped by site-wide writes only.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not caching() or not _cacheable(request) or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            raw = f"{translation.get_language()}|{request.get_full_path()}"
            key = "cocite:page:" + hashlib.sha256(raw.encode()).hexdigest()
            hit = visitor_pages.get(key)  # a worker's own copy knows its scopes: nothing to name
            if hit is not None:
                return _cached_response(hit)
            page_scopes = tuple(scopes(request, *args, **kwargs)) if scopes else ()
            hit, versions, rendered_at = scoped_get(key, page_scopes)
            if hit is not None:
                visitor_pages.put(key, page_scopes, versions, rendered_at, hit)
                return _cached_response(hit)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                value = (response.content, response["Content-Type"])
                scoped_set(key, value, versions)
                visitor_pages.put(key, page_scopes, versions, time.time(), value)
                response["X-Cocite-Cache"] = "miss"
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


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
    stored, versions = _read(full_key, (f"ns:{namespace}",), site=False)
    if stored is not None and tuple(stored[0]) == versions:
        return stored[1]
    value = compute()
    cache.set(full_key, (versions, value), timeout)
    return value


def forget_namespace(namespace: str) -> None:
    key = _version_key(f"ns:{namespace}")
    _increment(key)
    transaction.on_commit(lambda: _increment(key))


def forget_reference_data(*keys: str) -> None:
    cache.delete_many([f"cocite:ref:{key}" for key in keys])
