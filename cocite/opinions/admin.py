from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Conversation, ModerationDecision, OpinionRun, Statement


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = ["title", "demarche", "moderation", "imported_from", "created_at"]
    list_filter = ["moderation"]
    search_fields = ["title", "topic"]
    raw_id_fields = ["demarche"]
    readonly_fields = ["dirty_since", "created_at", "updated_at"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin[Statement]):
    list_display = ["text", "conversation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["text"]
    raw_id_fields = ["conversation", "author"]
    list_select_related = ["conversation"]


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin[ModerationDecision]):
    """Append-only: decisions are taken on the moderation page, read here."""

    list_display = ["statement", "decision", "moderator", "created_at"]
    list_filter = ["decision"]
    raw_id_fields = ["statement", "moderator"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OpinionRun)
class OpinionRunAdmin(admin.ModelAdmin[OpinionRun]):
    list_display = ["conversation", "status", "progress", "k", "n_participants", "n_votes", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["conversation"]
    exclude = ["result", "state"]
    readonly_fields = [
        "conversation",
        "status",
        "progress",
        "created_at",
        "run_after",
        "started_at",
        "finished_at",
        "k",
        "n_participants",
        "n_votes",
        "error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
