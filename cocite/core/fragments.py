"""Shared fragments: the parts of a page that are the same for everyone allowed to see them.

A logged-in page cannot be cached whole (it says what *you* supported, which comments are
yours), but most of it is the same for every viewer with the same permissions: the list of
cards, the article, the threads of a debate. Those parts are rendered once, cached under
the versions of what they show (bumped by the writes that change it, see `cache.py`) for at
most PAGE_TTL seconds, and personalised per request by cheap string operations:

- `{% csrf_token %}` is rendered as CSRF_MARK and replaced by the viewer's token;
- `<!--c:name-->` markers (see `marker`) are replaced by per-viewer snippets (an unused one
  stays, an invisible comment);
- `<!--c:name-->…<!--c:/name-->` slots (see `slot`) hold default content that a viewer
  may get a different version of (a button they already pressed, their own edit links).

Markers are HTML comments: escaped user text cannot produce one (`<` becomes `&lt;`), and
sanitised Markdown drops comments, so nobody can inject a marker.

Whatever varies with the viewer's permissions (may they comment? which departments may they
answer for?) goes into the key: it is computed live on every request, never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .cache import caching, scoped_get, scoped_set

CSRF_MARK = mark_safe("<!--c:csrf-->")


def marker(name: str) -> SafeString:
    return mark_safe(f"<!--c:{name}-->")  # noqa: S308 — names are built from ids by our code


def slot_open(name: str) -> SafeString:
    return marker(name)


def slot_close(name: str) -> SafeString:
    return mark_safe(f"<!--c:/{name}-->")  # noqa: S308 — names are built from ids by our code


def shared_fragment[T](name: str, vary: Iterable[Any], render: Callable[[], T], *, scopes: Iterable[str] = ()) -> T:
    """`render()`'s result for this name and variation, computed at most once per PAGE_TTL.

    `scopes`: what the fragment shows that often changes (see `cache.py`); a write to one of
    them, or a site-wide write, drops it.
    """
    if not caching():
        return render()
    raw = f"{translation.get_language()}|{name}|{'|'.join(map(str, vary))}"
    key = "cocite:fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    cached, versions, _rendered_at = scoped_get(key, tuple(scopes))
    if cached is not None:
        hit: T = cached
        return hit
    value = render()
    scoped_set(key, value, versions)
    return value


def personalise(
    html: str,
    request: HttpRequest,
    *,
    markers: Mapping[str, str] | None = None,
    slots: Mapping[str, str] | None = None,
) -> SafeString:
    """The fragment for this viewer: their CSRF token, their snippets; unused markers vanish."""
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    for name, content in (slots or {}).items():
        start_mark, end_mark = slot_open(name), slot_close(name)
        start = html.find(start_mark)
        end = html.find(end_mark, start)
        if start != -1 and end != -1:
            html = html[: start + len(start_mark)] + content + html[end:]
    for name, content in (markers or {}).items():
        html = html.replace(marker(name), content)
    return mark_safe(html)  # noqa: S308 — our own rendered template, with our own snippets
