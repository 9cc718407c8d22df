"""« Exploitation » in the admin: the last run of each scheduled command, and the task workers' heartbeat."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy

from cocite.core import taskqueue

from . import scheduler
from .models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    """Read-only: the scheduler writes the rows (`manage.py scheduler`)."""

    list_display = ["job", "slot", "status", "node", "started_at", "finished_at"]
    list_filter = ["status", "job"]
    readonly_fields = ["job", "slot", "status", "node", "started_at", "finished_at", "output"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        health = taskqueue.queue_health()
        context = {
            "job_states": scheduler.job_states(),
            "queue": health,
            "workers_url": reverse("admin:core_workerheartbeat_changelist"),
            "never": gettext_lazy("jamais exécutée"),
        }
        return super().changelist_view(request, {**(extra_context or {}), **context})
