"""Back-office: routing and opinions are editable; decisions and the log are read-only (append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Commitment, Decision, LogEntry, Opinion, OpinionRequest, Routing, RoutingEvent


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "outcome", "demarche", "department", "decided_on", "published_at", "supersedes"]
    list_filter = ["outcome", "body", "department"]
    date_hierarchy = "published_at"
    list_select_related = ["demarche", "department", "supersedes"]


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "kind", "timestamp", "hash"]
    list_filter = ["kind"]


@admin.register(Routing)
class RoutingAdmin(ReadOnlyAdmin):
    list_display = ["item", "department", "routed_at"]
    list_filter = ["department"]
    list_select_related = ["item", "department"]


@admin.register(RoutingEvent)
class RoutingEventAdmin(ReadOnlyAdmin):
    list_display = ["item", "from_department", "to_department", "automatic", "created_at"]
    list_select_related = ["item", "from_department", "to_department"]


@admin.register(OpinionRequest)
class OpinionRequestAdmin(ReadOnlyAdmin):
    list_display = ["item", "department", "deadline", "status", "escalated_at"]
    list_filter = ["status", "department"]
    list_select_related = ["item", "department"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["request", "recommendation", "feasibility", "estimated_cost", "published_at"]
    list_select_related = ["request", "request__department", "request__item"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["item", "threshold", "reached_at", "due_at", "answered_at"]
    list_select_related = ["item"]
