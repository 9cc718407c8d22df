from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField, TextField

from .actions import QuestionInput
from .models import LABEL_MAX_LENGTH, NUMBER_LIMIT, SCALE_MAX, SCALE_MIN, Question

EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


class SurveyForm(forms.Form):
    title = LineField(label=_("Titre du questionnaire"), max_length=200)
    introduction = TextField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("À quoi servira le questionnaire, combien de temps il prend."),
    )
    anonymous = forms.BooleanField(
        label=_("Réponses anonymes"),
        required=False,
        help_text=_("Aucun lien n'est gardé entre une réponse et la personne : on sait seulement qu'elle a répondu."),
    )
    crosstab = forms.BooleanField(
        label=_("Croiser les résultats par quartier et tranche d'âge"),
        required=False,
        help_text=_("La dernière étape demande le quartier et la tranche d'âge (réponses facultatives)."),
    )
    results_public = forms.BooleanField(
        label=_("Résultats publics"),
        required=False,
        initial=True,
        help_text=_("Les réponses en texte libre et leurs thèmes restent réservés à l'équipe."),
    )
    opens_at = forms.DateTimeField(
        label=_("Ouverture (facultative)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        error_messages={"invalid": _("Saisissez une date et une heure valides, par exemple 14/07/2027 09:00.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Clôture (facultative)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        error_messages={"invalid": _("Saisissez une date et une heure valides, par exemple 14/07/2027 18:00.")},
    )

    def _bounded(self, name: str) -> datetime.datetime | None:
        value: datetime.datetime | None = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
            raise forms.ValidationError(
                _("Choisissez une date entre %(low)s et %(high)s.") % {"low": EARLIEST_YEAR, "high": LATEST_YEAR}
            )
        return value

    def clean_opens_at(self) -> datetime.datetime | None:
        return self._bounded("opens_at")

    def clean_closes_at(self) -> datetime.datetime | None:
        return self._bounded("closes_at")


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de question"), choices=Question.Kind.choices)
    label = LineField(label=_("Intitulé"), max_length=LABEL_MAX_LENGTH)
    help_text = LineField(label=_("Aide (facultative)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    options = TextField(
        label=_("Choix, un par ligne"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Pour les choix unique ou multiples, le classement et les colonnes d'une grille. "
            "L'ordre des lignes est l'ordre affiché : déplacez une ligne pour réordonner."
        ),
    )
    rows = TextField(
        label=_("Lignes de la grille, une par ligne"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scale_min = forms.IntegerField(label=_("Minimum de l'échelle"), initial=1, min_value=SCALE_MIN, max_value=SCALE_MAX)
    scale_max = forms.IntegerField(label=_("Maximum de l'échelle"), initial=5, min_value=SCALE_MIN, max_value=SCALE_MAX)
    scale_min_label = LineField(label=_("Libellé du minimum (facultatif)"), max_length=60, required=False)
    scale_max_label = LineField(label=_("Libellé du maximum (facultatif)"), max_length=60, required=False)
    number_min = forms.IntegerField(
        label=_("Nombre minimum (facultatif)"), required=False, min_value=-NUMBER_LIMIT, max_value=NUMBER_LIMIT
    )
    number_max = forms.IntegerField(
        label=_("Nombre maximum (facultatif)"), required=False, min_value=-NUMBER_LIMIT, max_value=NUMBER_LIMIT
    )
    condition = forms.TypedChoiceField(label=_("Afficher seulement si"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, conditions: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        condition = self.fields["condition"]
        assert isinstance(condition, forms.TypedChoiceField)
        condition.choices = [("", _("Toujours afficher")), *(conditions or [])]
        condition.error_messages["invalid_choice"] = _(
            "Choisissez une condition de la liste (un choix d'une question placée avant)."
        )

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            kind=data["kind"],
            label=data["label"],
            help_text=data.get("help_text") or "",
            required=bool(data.get("required")),
            options=_lines(data.get("options") or ""),
            rows=_lines(data.get("rows") or ""),
            scale_min=data["scale_min"] if data.get("scale_min") is not None else 1,
            scale_max=data["scale_max"] if data.get("scale_max") is not None else 5,
            scale_min_label=data.get("scale_min_label") or "",
            scale_max_label=data.get("scale_max_label") or "",
            number_min=data.get("number_min"),
            number_max=data.get("number_max"),
            condition_choice_id=data.get("condition"),
        )
