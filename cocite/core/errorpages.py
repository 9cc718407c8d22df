"""Error pages (400, 403, CSRF failure, 404, 500) and the 503 of a database outage.

Every page is rendered without a request context, so no context processor runs: the 500 and
the 503 must render while the database is down, and the others need nothing from it. The
language is the visitor's (cookie, then Accept-Language), read again from the request because
an error can happen before or after LocaleMiddleware. The layout is `templates/errors/layout.html`.

A database that cannot be reached (connection refused, server restarting, connection killed,
SQLite locked past its timeout) is not a bug in a page: `server_error` answers 503 with
`Retry-After`, a French page or, for a client asking for JSON, `{"code": "database_unavailable",
"message": …}`. Integrity, data or programming errors stay 500s.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

RETRY_AFTER = 30  # seconds: what a client should wait before trying again during an outage

# PostgreSQL SQLSTATEs meaning "the server cannot serve this connection now": class 08
# (connection exception) plus admin_shutdown, crash_shutdown, cannot_connect_now (starting
# up or shutting down) and too_many_connections. Deadlocks, serialisation failures and
# cancelled statements are OperationalErrors too, but a retry does not need the server back.
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}
# SQLite: busy or locked past the timeout, the file cannot be opened, input/output failure.
UNAVAILABLE_SQLITE_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR}


def database_unavailable(error: BaseException | None) -> bool:
    """Whether an exception means the database cannot be reached (not that a query is wrong)."""
    if isinstance(error, InterfaceError):  # the connection is already closed
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__  # the driver's exception, chained by Django's wrapper
    if isinstance(cause, sqlite3.Error):
        return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in UNAVAILABLE_SQLITE_CODES
    sqlstate = getattr(cause, "sqlstate", "")
    # psycopg gives no SQLSTATE when the connection itself failed (refused, closed unexpectedly).
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES


def _render(request: HttpRequest, template: str, status: int, context: dict[str, Any] | None = None) -> HttpResponse:
    language = translation.get_language_from_request(request)
    with translation.override(language):
        body = render_to_string(template, context or {})
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    # After signing in, come back here (a GET page only: the form an action came from is unknown).
    next_page = request.get_full_path() if request.method == "GET" else ""
    return _render(request, "403.html", 403, {"signed_in": signed_in, "next": next_page})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's CSRF token was missing or stale: say what to do (CSRF_FAILURE_VIEW)."""
    return _render(request, "403_csrf.html", 403, {"form_page": _same_site_referer(request)})


def _same_site_referer(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # no link back; the page still renders
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 when the database is unreachable, the 500 page otherwise.

    Django calls it from inside its `except` clause (as it does the `got_request_exception`
    receivers, which read the exception the same way), so `sys.exc_info()` is the error.
    """
    if database_unavailable(sys.exc_info()[1]):
        response = _database_unavailable(request)
    else:
        response = _render(request, "500.html", 500)
    add_never_cache_headers(response)
    return response


def _wants_json(request: HttpRequest) -> bool:
    if request.path.endswith((".json", ".jsonl")):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _database_unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if _wants_json(request):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            message = _("Le service est momentanément indisponible. Réessayez dans quelques instants.")
        response = JsonResponse({"code": "database_unavailable", "message": message}, status=503)
    else:
        response = _render(
            request, "503.html", 503, {"retry": request.get_full_path(), "is_post": request.method == "POST"}
        )
    response["Retry-After"] = str(RETRY_AFTER)
    return response
