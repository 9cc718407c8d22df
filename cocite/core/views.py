from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import taskqueue
from .http import local_path


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """The site's icon where browsers look for it without reading the page (no more 404 there)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database answers and every migration is applied; the task queue's figures.

    A load balancer checks the web tier here: the queue (`tasks`) is reported but never makes
    the answer 503, or a stuck worker would take every web node out of rotation. Monitoring
    asks `/healthz?tasks=1`, which also answers 503 when the queue has a problem.
    """
    status: dict[str, object] = {"status": "ok", "database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            status.update(status="error", migrations=f"{len(pending)} pending")
    except DatabaseError:
        status.update(status="error", database="unreachable", migrations="unknown")
    tasks = _tasks_health(queue_known=status["status"] == "ok")
    status["tasks"] = tasks
    if request.GET.get("tasks") == "1" and tasks["status"] != "ok":
        status["status"] = "error"
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)


def _tasks_health(*, queue_known: bool) -> dict[str, object]:
    if not queue_known:
        return {"status": "unknown"}
    try:
        return taskqueue.queue_health().as_json()
    except DatabaseError:
        return {"status": "unknown"}


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/legal_notice.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
def switch_language(request: HttpRequest) -> HttpResponse:
    """Language switch by GET (a preference, not a state change), so pages need no CSRF token."""
    language = request.GET.get("lang", "")
    next_url = local_path(request.GET.get("next"), request) or "/"
    response = redirect(next_url)
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
