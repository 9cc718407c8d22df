from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Department, DepartmentMembership, Organisation, Quartier, Theme


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "insee_code", "siren"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One authority per installation.
        return not Organisation.objects.exists() and super().has_add_permission(request)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin[Quartier]):
    list_display = ["name", "population"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


class MembershipInline(admin.TabularInline[DepartmentMembership, Department]):
    model = DepartmentMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "public_email"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ["themes"]
    inlines = [MembershipInline]
