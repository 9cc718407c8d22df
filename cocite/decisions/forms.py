from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocite.accounts.models import User
from cocite.core.forms import LineField, SafeModelMultipleChoiceField, TextField
from cocite.items.models import Item, ItemStatus
from cocite.territory.models import Department

from .citations import Citable, CitationSource
from .models import Decision, Opinion, OpinionRequest

DATE_WIDGET = {"type": "date"}


class OpinionChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        request = obj.request
        return f"{request.department.name} — {obj.get_recommendation_display()} — « {request.item.title} »"


class OfficialChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.display_name)


class ItemChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"n° {obj.object_id} — {obj.title}"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


class InboxFilterForm(forms.Form):
    statut = forms.ChoiceField(label=_("Statut"), required=False)
    demarche = forms.ChoiceField(label=_("Démarche"), required=False)
    en_retard = forms.BooleanField(label=_("En retard seulement"), required=False)

    def __init__(self, *args: Any, demarches: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status_field = self.fields["statut"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [
            ("", _("À traiter (reçues, orientées, en examen)")),
            ("toutes", _("Toutes")),
            *ItemStatus.choices,
        ]
        demarche_field = self.fields["demarche"]
        assert isinstance(demarche_field, forms.ChoiceField)
        demarche_field.choices = [("", _("Toutes les démarches")), *demarches]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data["statut"], "demarche": data["demarche"], "overdue": bool(data["en_retard"])}


class OpinionRequestFields(forms.Form):
    departments = SafeModelMultipleChoiceField(
        label=_("Services sollicités"),
        queryset=Department.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un service.")},
    )
    aspects = forms.MultipleChoiceField(
        label=_("L'avis porte sur"),
        choices=OpinionRequest.Aspect.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez ce sur quoi porte l'avis.")},
    )
    deadline = forms.DateField(
        label=_("Date limite de l'avis"),
        widget=_date_input(),
        error_messages={"required": _("Indiquez la date limite."), "invalid": _("Date invalide (JJ/MM/AAAA).")},
    )
    question = TextField(
        label=_("Question posée (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("deadline", timezone.localdate() + datetime.timedelta(days=15))
        super().__init__(*args, **kwargs)


class BulkActionForm(OpinionRequestFields):
    ACTIONS = (
        ("examen", _("Marquer « en cours d'examen »")),
        ("avis", _("Demander des avis aux services")),
        ("decision", _("Rédiger une décision commune")),
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids_field = self.fields["ids"]
        assert isinstance(ids_field, forms.TypedMultipleChoiceField)
        ids_field.choices = [(str(i), str(i)) for i in ids]
        ids_field.error_messages["required"] = _("Cochez au moins une contribution.")
        for name in ("departments", "aspects", "deadline"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "avis":
            for name, message in (
                ("departments", _("Choisissez au moins un service.")),
                ("aspects", _("Choisissez ce sur quoi porte l'avis.")),
                ("deadline", _("Indiquez la date limite.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data


class ReassignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Nouveau service"),
        queryset=Department.objects.order_by("name"),
        empty_label=_("— Choisir un service —"),
        error_messages={"required": _("Choisissez un service.")},
    )
    reason = TextField(
        label=_("Motif (obligatoire, conservé dans l'historique)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez le motif de la réorientation.")},
    )


class OpinionForm(forms.Form):
    feasibility = forms.ChoiceField(
        label=_("Faisabilité"),
        choices=Opinion.Feasibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez la faisabilité.")},
    )
    estimated_cost = LineField(
        label=_("Coût estimé en euros (facultatif)"),
        required=False,
        max_length=30,
        help_text=_("Par exemple 12500 ou 12 500,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    legal_points = TextField(
        label=_("Points juridiques (facultatif)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendation = forms.ChoiceField(
        label=_("Avis du service"),
        choices=Opinion.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez votre avis : favorable, défavorable ou réservé.")},
    )
    text = TextField(
        label=_("Avis motivé (publié avec la décision)"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Motivez votre avis.")},
    )
    internal_note = TextField(
        label=_("Note interne (facultative, jamais publiée)"),
        required=False,
        max_length=5000,
        help_text=_("Réservée à l'administration : elle n'est ni publiée ni inscrite au journal."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionFieldsForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Décision"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la décision prise.")},
    )
    merged_into = forms.IntegerField(
        label=_("Numéro de la contribution avec laquelle elles sont fusionnées"),
        required=False,
        min_value=1,
        help_text=_("Seulement pour « Fusionnée » : le numéro figure dans l'adresse de la contribution."),
    )
    explanation = TextField(
        label=_("Explication de la décision"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Affichée en premier. 200 caractères au moins : ce qui est décidé, pourquoi, et ce qui va se passer."
        ),
        error_messages={"required": _("L'explication est obligatoire.")},
    )
    criteria = forms.MultipleChoiceField(
        label=_("Critères du règlement appliqués"), required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria_notes = TextField(
        label=_("Autres critères ou précisions (facultatif)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opinions = OpinionChoiceField(
        label=_("Avis sur lesquels s'appuie la décision"),
        queryset=Opinion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    body = forms.ChoiceField(
        label=_("Qui a décidé"),
        choices=[("", _("— Choisir —")), *Decision.Body.choices],
        error_messages={"required": _("Indiquez qui a décidé.")},
    )
    official = OfficialChoiceField(
        label=_("Élu·e signataire (facultatif)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Aucun·e —"),
    )
    deliberation_ref = LineField(
        label=_("Référence de la délibération (facultatif)"),
        required=False,
        max_length=60,
        help_text=_("Par exemple « DCM 2026-045 »."),
    )
    decided_on = forms.DateField(
        label=_("Date de la décision"),
        widget=_date_input(),
        error_messages={"required": _("Indiquez la date de la décision."), "invalid": _("Date invalide.")},
    )
    pending_opinions_reason = TextField(
        label=_("Pourquoi publier sans attendre les avis demandés"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire tant qu'un avis demandé n'est pas rendu. Publié avec la décision et inscrit au journal."
        ),
    )

    def __init__(
        self,
        *args: Any,
        criteria_choices: list[str],
        opinions: list[Opinion],
        officials: Any,
        citables: list[tuple[CitationSource, list[Citable]]] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        criteria_field = self.fields["criteria"]
        assert isinstance(criteria_field, forms.MultipleChoiceField)
        criteria_field.choices = [(c, c) for c in criteria_choices]
        opinions_field = self.fields["opinions"]
        assert isinstance(opinions_field, forms.ModelMultipleChoiceField)
        opinions_field.queryset = Opinion.objects.filter(pk__in=[o.pk for o in opinions]).select_related(
            "request__department", "request__item"
        )
        official_field = self.fields["official"]
        assert isinstance(official_field, forms.ModelChoiceField)
        official_field.queryset = officials
        # What else the decision may cite (decisions/citations.py), one field per source with candidates.
        for source, candidates in citables or []:
            if candidates:
                self.fields[f"cite_{source.kind}"] = forms.TypedMultipleChoiceField(
                    label=source.label,
                    required=False,
                    coerce=int,
                    choices=[(c.pk, c.title) for c in candidates],
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": _("Choisissez parmi les éléments proposés.")},
                )

    def citation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("cite_")]

    def citations(self) -> dict[str, list[int]]:
        data = self.cleaned_data
        return {
            name.removeprefix("cite_"): list(data.get(name) or []) for name in self.fields if name.startswith("cite_")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Decision.Outcome.MERGED and not data.get("merged_into"):
            self.add_error("merged_into", _("Indiquez la contribution avec laquelle celles-ci sont fusionnées."))
        return data


class DecisionForm(DecisionFieldsForm):
    elements = ItemChoiceField(
        label=_("Contributions concernées"),
        queryset=Item.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une contribution.")},
    )
    field_order = ["elements"]

    def __init__(self, *args: Any, candidates: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["elements"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Item.objects.filter(pk__in=[c.pk for c in candidates]).order_by("pk")


class CorrectionForm(DecisionFieldsForm):
    correction_reason = TextField(
        label=_("Ce que corrige cette nouvelle décision"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Publié avec la correction. La décision corrigée reste visible."),
        error_messages={"required": _("Expliquez ce que corrige cette décision.")},
    )
    field_order = ["correction_reason"]


class DecisionFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    decision = forms.ChoiceField(label=_("Décision"), required=False)
    demarche = forms.ChoiceField(label=_("Démarche"), required=False)
    du = forms.DateField(label=_("Décidée à partir du"), required=False, widget=_date_input())
    au = forms.DateField(label=_("Décidée jusqu'au"), required=False, widget=_date_input())

    def __init__(
        self, *args: Any, departments: list[tuple[str, str]], demarches: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices, empty in (
            ("service", departments, _("Tous les services")),
            ("decision", list(Decision.Outcome.choices), _("Toutes les décisions")),
            ("demarche", demarches, _("Toutes les démarches")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *choices]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "department": data["service"],
            "outcome": data["decision"],
            "demarche": data["demarche"],
            "since": data["du"],
            "until": data["au"],
        }
