from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import CompletionCheck, Milestone, Result, ResultUpdate


class MilestoneInline(admin.TabularInline[Milestone, Result]):
    model = Milestone
    extra = 0


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin[Any]):
    list_display = ["title", "department", "status", "progress", "updated_at"]
    list_filter = ["status", "department"]
    list_select_related = ["department"]
    inlines = [MilestoneInline]
    readonly_fields = ["status", "round", "done_at", "reopened_at"]
    filter_horizontal = ["decisions", "items"]
    raw_id_fields = ["demarche"]


@admin.register(ResultUpdate)
class ResultUpdateAdmin(admin.ModelAdmin[Any]):
    list_display = ["result", "kind", "progress", "created_at"]
    list_select_related = ["result"]


@admin.register(CompletionCheck)
class CompletionCheckAdmin(admin.ModelAdmin[Any]):
    list_display = ["result", "round", "done", "created_at"]
    list_select_related = ["result"]
