from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField, TextField
from cocite.territory.models import Department

from .models import Result

MILESTONE_ROWS = 3


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResultFilterForm(forms.Form):
    statut = forms.ChoiceField(label=_("Statut"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    demarche = forms.ChoiceField(label=_("Démarche"), required=False)

    def __init__(
        self, *args: Any, departments: list[tuple[str, str]], demarches: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices, empty in (
            ("statut", list(Result.Status.choices), _("Tous les statuts")),
            ("service", departments, _("Tous les services")),
            ("demarche", demarches, _("Toutes les démarches")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *choices]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data["statut"], "department": data["service"], "demarche": data["demarche"]}


class ResultForm(forms.Form):
    title = LineField(label=_("Titre du résultat"), min_length=10, max_length=200)
    description = TextField(
        label=_("Ce qui va être réalisé"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    department = forms.ModelChoiceField(
        label=_("Service responsable"), queryset=Department.objects.order_by("name"), empty_label=None
    )
    budget = LineField(
        label=_("Budget en euros (facultatif)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    progress = forms.IntegerField(label=_("Avancement (%)"), min_value=0, max_value=100, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, MILESTONE_ROWS + 1):
            self.fields[f"milestone_{index}_title"] = LineField(
                label=_("Étape %(n)s (facultatif)") % {"n": index}, required=False, max_length=200
            )
            self.fields[f"milestone_{index}_date"] = forms.DateField(
                label=_("Date prévue de l'étape %(n)s") % {"n": index}, required=False, widget=_date_input()
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(1, MILESTONE_ROWS + 1):
            title, date = data.get(f"milestone_{index}_title"), data.get(f"milestone_{index}_date")
            if title and not date:
                self.add_error(f"milestone_{index}_date", _("Indiquez la date prévue de cette étape."))
            if date and not title:
                self.add_error(f"milestone_{index}_title", _("Nommez cette étape."))
        return data

    def milestones(self) -> list[tuple[str, Any]]:
        data = self.cleaned_data
        return [
            (data[f"milestone_{i}_title"], data[f"milestone_{i}_date"])
            for i in range(1, MILESTONE_ROWS + 1)
            if data.get(f"milestone_{i}_title") and data.get(f"milestone_{i}_date")
        ]

    def milestone_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"milestone_{i}_title"], self[f"milestone_{i}_date"]) for i in range(1, MILESTONE_ROWS + 1)]


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Avancement (%)"), min_value=0, max_value=100)
    note = TextField(
        label=_("Note publique (facultative)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    title = LineField(label=_("Nouvelle étape"), max_length=200)
    due_on = forms.DateField(label=_("Date prévue"), widget=_date_input())


class DoneForm(forms.Form):
    note = TextField(
        label=_("Note publique (facultative)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    open_milestones_reason = TextField(
        label=_("Pourquoi le résultat est réalisé alors que des étapes ne sont pas franchies"),
        required=False,
        max_length=2000,
        help_text=_("Obligatoire s'il reste des étapes non franchies. Ce motif est publié avec le résultat."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("Est-ce bien réalisé ?"),
        choices=[("oui", _("Oui, c'est réalisé")), ("non", _("Non, ce n'est pas réalisé"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": _("Répondez oui ou non.")},
    )
    comment = TextField(
        label=_("Commentaire (facultatif, public)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
