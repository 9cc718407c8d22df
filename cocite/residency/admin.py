"""The back office: the commune's streets and roll (imported from CSV files), the verifications (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocite.core.errors import ActionError

from . import actions
from .forms import ImportForm
from .models import ResidenceVerification, RollEntry, Street


class _ImportAdmin(admin.ModelAdmin[Any]):
    """A changelist with an « Importer un fichier CSV » page (the same as the management command).

    The streets by default; the roll's admin imports its own file."""

    change_list_template = "admin/residency/change_list_import.html"
    import_title: Any = ""
    import_help: Any = ""

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        extra = [path("importer/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info))]
        return extra + super().get_urls()

    def run_import(self, data: str) -> actions.ImportReport:
        return actions.streets_import(data=data)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = self.run_import(form.cleaned_data["file"])
            except ActionError as error:
                form.add_error("file", error.message)
            else:
                self.message_user(
                    request,
                    _("%(imported)s lignes importées, %(skipped)s ignorées (vides, illisibles ou en double).")
                    % {"imported": report.imported, "skipped": report.skipped},
                    messages.SUCCESS,
                )
                info = self.opts.app_label, self.opts.model_name
                return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": self.import_title,
            "help": self.import_help,
        }
        return TemplateResponse(request, "admin/residency/import.html", context, status=400 if form.errors else 200)


@admin.register(Street)
class StreetAdmin(_ImportAdmin):
    list_display = ["name", "imported_at"]
    search_fields = ["name"]
    readonly_fields = ["imported_at"]
    import_title = gettext_lazy("Importer les voies de la commune")
    import_help = gettext_lazy(
        "Un fichier CSV avec une colonne « nom_voie » (l’export de la Base Adresse Nationale pour la commune, "
        "adresses-<code INSEE>.csv, convient) ou « nom ». Il remplace la liste actuelle."
    )


@admin.register(RollEntry)
class RollEntryAdmin(_ImportAdmin):
    """Only the count and the import: the roll's lines are matched, never browsed."""

    list_display = ["__str__", "imported_at"]
    import_title = gettext_lazy("Importer le fichier des habitant·es")
    import_help = gettext_lazy(
        "Un fichier CSV (recensement ou liste électorale) avec les colonnes « nom », « prenoms », "
        "« date_naissance » et « adresse ». Il remplace le fichier actuel ; seules des formes normalisées "
        "de ces quatre colonnes sont conservées."
    )

    def run_import(self, data: str) -> actions.ImportReport:
        return actions.roll_import(data=data)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_view_permission(request, obj)


@admin.register(ResidenceVerification)
class ResidenceVerificationAdmin(admin.ModelAdmin[ResidenceVerification]):
    """Append-only: read here, recorded at the front desk (residency:front_desk) or with FranceConnect."""

    list_display = ["person", "method", "verified_by", "verified_at", "expires_at"]
    list_filter = ["method"]
    search_fields = ["person__email", "person__display_name"]
    raw_id_fields = ["person", "verified_by"]
    date_hierarchy = "verified_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
