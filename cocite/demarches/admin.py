from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import is_signed_in

from . import actions
from .models import Demarche, DemarcheComponent, Phase, Rulebook, RuleVersion
from .registry import registry


class PhaseInline(admin.TabularInline[Phase, Demarche]):
    model = Phase
    extra = 0


class ComponentForm(forms.ModelForm[DemarcheComponent]):
    name = forms.ChoiceField(label=_("composant"), choices=registry.choices)

    class Meta:
        model = DemarcheComponent
        fields = ["name", "position", "settings"]

    def clean_settings(self) -> Any:
        # An emptied field means "no settings": {} (the column is NOT NULL), not a database error.
        settings = self.cleaned_data.get("settings")
        return {} if settings in (None, "") else settings


class ComponentInline(admin.TabularInline[DemarcheComponent, Demarche]):
    model = DemarcheComponent
    form = ComponentForm
    extra = 0


@admin.register(Demarche)
class DemarcheAdmin(admin.ModelAdmin[Demarche]):
    list_display = ["title", "status", "audience", "created_at"]
    list_filter = ["status", "audience"]
    search_fields = ["title", "framing_question"]
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ["themes", "quartiers", "invited", "associated_departments", "team"]
    inlines = [PhaseInline, ComponentInline]
    raw_id_fields = ["created_by"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "phase_override":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Phase.objects.filter(demarche_id=object_id) if object_id else Phase.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RuleVersionForm(forms.ModelForm[RuleVersion]):
    class Meta:
        model = RuleVersion
        fields = [
            "text",
            "change_note",
            "effective_at",
            "who_may_take_part",
            "what_happens_to_contributions",
            "support_threshold",
            "answer_deadline_days",
            "decider",
            "reopen_proportion",
            "reopen_threshold",
            "late_paper_entries",
        ]


class RuleVersionInline(admin.StackedInline[RuleVersion, Rulebook]):
    """Existing versions are read-only; a new one is appended through `rule_version_publish`."""

    model = RuleVersion
    form = RuleVersionForm
    extra = 0
    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rulebook)
class RulebookAdmin(admin.ModelAdmin[Rulebook]):
    list_display = ["title", "demarche"]
    inlines = [RuleVersionInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RuleVersion:
            super().save_formset(request, form, formset, change)
            return
        # What formset.save() would set, and the admin's change message reads (else AttributeError).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form.instance.pk:
                continue
            data = inline_form.cleaned_data
            if "text" not in data:  # a forged row (e.g. versions-0-id=0) that validated nothing to publish
                continue
            try:
                version = actions.rule_version_publish(
                    rulebook=form.instance,
                    text=data["text"],
                    change_note=data["change_note"],
                    effective_at=data["effective_at"],
                    who_may_take_part=data["who_may_take_part"],
                    what_happens_to_contributions=data["what_happens_to_contributions"],
                    support_threshold=data["support_threshold"],
                    answer_deadline_days=data["answer_deadline_days"],
                    decider=data["decider"],
                    reopen_threshold=data["reopen_threshold"],
                    late_paper_entries=data.get("late_paper_entries", False),
                    reopen_proportion=data.get("reopen_proportion"),
                    author=request.user if is_signed_in(request.user) else None,
                )
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
            else:
                formset.new_objects.append(version)
