"""The moderation log in the admin: read-only, for administrators (who, when, what, why)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Appeal, Flag, HeldBackWord, ModerationAction, Sanction
from .normalize import normalize


class ReadOnlyForAdministrators(admin.ModelAdmin[Any]):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyForAdministrators):
    list_display = ["created_at", "action", "kind", "object_id", "actor", "subject", "reason"]
    list_filter = ["action", "kind", "reason"]
    search_fields = ["note"]
    date_hierarchy = "created_at"


@admin.register(Flag)
class FlagAdmin(ReadOnlyForAdministrators):
    list_display = ["created_at", "kind", "object_id", "reason", "state"]
    list_filter = ["state", "reason", "kind"]
    date_hierarchy = "created_at"


@admin.register(Appeal)
class AppealAdmin(ReadOnlyForAdministrators):
    list_display = ["created_at", "kind", "object_id", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome", "kind"]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyForAdministrators):
    list_display = ["created_at", "user", "kind", "until", "reason"]
    list_filter = ["kind", "reason"]


class HeldBackWordForm(forms.ModelForm[HeldBackWord]):
    class Meta:
        model = HeldBackWord
        fields = ["expression"]

    def clean_expression(self) -> str:
        expression = " ".join(str(self.cleaned_data.get("expression", "")).split())
        normalized = normalize(expression)
        if not normalized:
            raise forms.ValidationError(_("Indiquez un mot ou une expression."), code="empty")
        others = HeldBackWord.objects.filter(normalized=normalized).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Ce mot est déjà dans la liste (sans tenir compte des accents ni des majuscules)."), code="duplicate"
            )
        return expression


@admin.register(HeldBackWord)
class HeldBackWordAdmin(admin.ModelAdmin[HeldBackWord]):
    """The commune's list of words held back for moderation: editable by the administrators."""

    form = HeldBackWordForm

    list_display = ["expression", "created_at"]
    search_fields = ["expression"]
    fields = ["expression"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
