"""Small helpers for views: where a form may send the browser back to."""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(candidate: object, request: HttpRequest) -> str | None:
    """`candidate` if it is a path of this site ("/…"), else None.

    A `next` parameter must be checked before `redirect()`: Django takes a value without "/" or
    "." for a view name (« ² » raised NoReverseMatch, a 500), a control character cannot go in
    the Location header (BadHeaderError), and "//host" or "/\\host" leave the site.
    """
    if not isinstance(candidate, str) or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return None
    if any(unicodedata.category(char).startswith("C") for char in candidate):
        return None
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return candidate
