from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from cocite.territory.models import DepartmentMembership

from .models import User


class MembershipInline(admin.TabularInline[DepartmentMembership, User]):
    model = DepartmentMembership
    extra = 0
    autocomplete_fields = ["department"]
    verbose_name = _("appartenance à un service")


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserChangeAdminForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "display_name", "quartier", "is_moderator", "is_elected_official", "is_superuser"]
    list_filter = ["is_moderator", "is_elected_official", "is_superuser", "is_active", "quartier"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("display_name", "first_name", "last_name", "quartier", "residence_verified_at")}),
        (
            _("Rôles"),
            {"fields": ("is_active", "is_moderator", "is_elected_official", "is_staff", "is_superuser", "groups")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),)
