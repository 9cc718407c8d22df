"""The commune edits the categories (who handles what, how fast) and the Open311 API keys."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import ApiKey, Category, Report


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug", "department", "answer_delay_days", "active")
    list_filter = ("active", "department")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("pk", "category", "department", "status", "quartier", "created_at")
    list_filter = ("status", "category", "department")
    list_select_related = ("category", "department", "quartier")
    # The timeline is append-only and written by the actions: the admin only reads reports.
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ("name", "prefix", "department", "active", "created_at", "last_used_at")
    fields = ("name", "department", "active", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = actions.api_key_create(name=obj.name, department=obj.department)
        obj.pk, obj.prefix, obj.key_hash = key.pk, key.prefix, key.key_hash
        obj._state.adding = False
        if not obj.active:
            ApiKey.objects.filter(pk=key.pk).update(active=False)
        messages.warning(
            request, _("Clé créée. Copiez-la maintenant, elle ne sera plus affichée : %(key)s") % {"key": raw}
        )
