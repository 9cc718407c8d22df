from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import actions
from .models import Feedback, InformationPage, PageVersion, PublicService, RecurringPoint, Source


@admin.register(PublicService)
class PublicServiceAdmin(admin.ModelAdmin[PublicService]):
    list_display = ["name", "department", "short_code", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(RecurringPoint)
class RecurringPointAdmin(admin.ModelAdmin[RecurringPoint]):
    list_display = ["point", "service", "created_at"]
    list_filter = ["service"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    """Read only: answers are what people said."""

    list_display = ["service", "day", "respondent_kind", "satisfaction", "ease", "clarity", "help"]
    list_filter = ["service", "respondent_kind"]
    exclude = ["respondent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SourceInline(admin.TabularInline[Source, InformationPage]):
    model = Source
    extra = 1


@admin.register(InformationPage)
class InformationPageAdmin(admin.ModelAdmin[InformationPage]):
    list_display = ["title", "department", "verified_on", "review_by", "version"]
    list_filter = ["department"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["version", "reminded_for"]
    inlines = [SourceInline]

    def save_model(self, request: HttpRequest, obj: InformationPage, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        actions.version_record(
            page=obj,
            author=request.user if request.user.is_authenticated else None,
            note=_("Modification dans l’administration") if change else _("Première publication"),
        )


@admin.register(PageVersion)
class PageVersionAdmin(admin.ModelAdmin[PageVersion]):
    """Versions are kept as published: read only."""

    list_display = ["page", "number", "note", "created_at"]
    list_filter = ["page"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
