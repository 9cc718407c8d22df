from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cocite.territory.models import DepartmentMembership

from .actions import account_anonymise
from .models import User

ANONYMISED_LOG_MESSAGE = gettext_lazy("Compte anonymisé (suppression depuis l'administration).")


class MembershipInline(admin.TabularInline[DepartmentMembership, User]):
    model = DepartmentMembership
    extra = 0
    autocomplete_fields = ["department"]
    verbose_name = gettext_lazy("appartenance à un service")


class UserCreationAdminForm(AdminUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserChangeAdminForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "display_name", "quartier", "is_moderator", "is_elected_official", "is_superuser"]
    list_filter = ["is_moderator", "is_elected_official", "is_superuser", "is_active", "quartier"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            gettext_lazy("Identité"),
            {
                "fields": (
                    "display_name",
                    "first_name",
                    "last_name",
                    "quartier",
                    "residence_verified_at",
                    "residence_verified_until",
                )
            },
        ),
        (
            gettext_lazy("Rôles"),
            {"fields": ("is_active", "is_moderator", "is_elected_official", "is_staff", "is_superuser", "groups")},
        ),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    # The residence status is written only by a verification (cocite.residency: front desk,
    # FranceConnect), which keeps who, when and how; the admin shows it.
    readonly_fields = ("residence_verified_at", "residence_verified_until")
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),)

    # Deleting a person in the admin anonymises them, as « Supprimer mon compte » does: what
    # they published stays counted under « Compte supprimé ». A real deletion would cascade
    # their supports and "utile" marks and leave support_count and useful_count wrong (the
    # foreign keys those counters depend on are PROTECT, so it would fail anyway).
    delete_confirmation_template = "admin/accounts/user/anonymise_confirmation.html"
    # Replaces the site-wide "delete_selected" action (same name) with the anonymising one.
    actions = ["delete_selected"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # One's own account is deleted from the site (« Supprimer mon compte »), not here.
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        context = {"title": _("Supprimer ce compte (anonymisation)"), **(extra_context or {})}
        return super().delete_view(request, object_id, context)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        """Nothing is deleted, so nothing to list, lack permission for, or be protected by."""
        return [], {}, set(), []

    def log_deletions(self, request: HttpRequest, queryset: Iterable[User]) -> None:  # type: ignore[override]
        for user in queryset:
            self.log_change(request, user, str(ANONYMISED_LOG_MESSAGE))

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        account_anonymise(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.order_by("pk"):
            account_anonymise(user)  # one transaction each, as the daily anonymisation does

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: Any) -> HttpResponse:
        self.message_user(
            request,
            _("Le compte « %(name)s » est anonymisé : ce qu'il a publié reste, sous « Compte supprimé ».")
            % {"name": obj_display},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:accounts_user_changelist", current_app=self.admin_site.name))

    @admin.action(
        permissions=["delete"], description=gettext_lazy("Supprimer les comptes sélectionnés (anonymisation)")
    )
    def delete_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> TemplateResponse | None:
        own_id = int(request.user.pk or 0)
        own = queryset.filter(pk=own_id).exists()
        queryset = queryset.exclude(pk=own_id)
        if own:
            self.message_user(
                request,
                _("Votre propre compte n'est pas concerné : supprimez-le depuis « Supprimer mon compte »."),
                messages.WARNING,
            )
        if request.POST.get("post") == "yes":
            people = list(queryset.order_by("pk"))
            if people:
                self.log_deletions(request, people)
                self.delete_queryset(request, queryset)
                count = len(people)
                self.message_user(
                    request,
                    ngettext(
                        "%(n)s compte anonymisé : ce qu'il a publié reste, sous « Compte supprimé ».",
                        "%(n)s comptes anonymisés : ce qu'ils ont publié reste, sous « Compte supprimé ».",
                        count,
                    )
                    % {"n": count},
                    messages.SUCCESS,
                )
            return None
        if not queryset.exists():
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Supprimer des comptes (anonymisation)"),
            "subtitle": None,
            "queryset": queryset,
            "opts": self.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/accounts/user/anonymise_selected_confirmation.html", context)
