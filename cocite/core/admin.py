"""The task workers and the queue they serve, for administrators (what `/healthz` reports)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import taskqueue
from .models import WorkerHeartbeat


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"


def _problem_labels(health: taskqueue.QueueHealth) -> list[str]:
    labels = {
        "no_worker": _(
            "Des tâches attendent et aucun processus de tâches ne donne signe de vie : "
            "lancez « manage.py task_worker » (voir le README)."
        ),
        "queue_late": _("La plus ancienne tâche prête attend depuis plus de %(limit)s.")
        % {"limit": _duration(health.max_age)},
        "stale_tasks": _(
            "Des tâches en cours appartiennent à un processus arrêté : un processus vivant les relancera "
            "ou les marquera en échec avec la raison."
        ),
    }
    return [labels[code] for code in health.problems]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    """Read-only: rows are written by the workers themselves (and pruned after a week)."""

    list_display = ["worker_id", "alive", "hostname", "pid", "started_at", "seen_at", "task_id", "stopped_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("vivant"), boolean=True)
    def alive(self, obj: WorkerHeartbeat) -> bool:
        stale_after = taskqueue.WorkerSettings.current().stale_after
        return obj.stopped_at is None and obj.seen_at >= timezone.now() - datetime.timedelta(seconds=stale_after)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        health = taskqueue.queue_health()
        results = reverse("admin:django_tasks_database_dbtaskresult_changelist")
        context = {
            "queue": health,
            "queue_oldest": _duration(health.oldest_ready_seconds),
            "queue_last_heartbeat": _duration(health.last_heartbeat_seconds),
            "queue_problems": _problem_labels(health),
            "queue_failed_url": f"{results}?status__exact=FAILED",
            "queue_ready_url": f"{results}?status__exact=READY",
        }
        return super().changelist_view(request, {**(extra_context or {}), **context})
