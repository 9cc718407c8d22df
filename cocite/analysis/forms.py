from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField, TextField
from cocite.core.params import parse_id

from .models import ContributionTheme


class RenameForm(forms.Form):
    label = LineField(label=_("Nouvel intitulé"), min_length=3, max_length=160)


class ThemeMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Fusionner ce thème dans"),
        queryset=ContributionTheme.objects.none(),
        empty_label=_("— Choisir un thème —"),
    )

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = themes  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    contributions = forms.TypedMultipleChoiceField(
        label=_("Contributions"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    target = forms.ModelChoiceField(
        label=_("Vers le thème"),
        queryset=ContributionTheme.objects.none(),
        required=False,
        empty_label=_("— Aucun : créer un nouveau thème —"),
    )
    new_label = LineField(
        label=_("ou nouveau thème (scission)"),
        required=False,
        max_length=160,
        help_text=_("Les contributions cochées forment un nouveau thème portant cet intitulé."),
    )

    def __init__(self, *args: Any, themes: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = themes  # type: ignore[attr-defined]
        self.fields["contributions"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("target") and not (data.get("new_label") or "").strip():
            raise forms.ValidationError(_("Choisissez un thème de destination ou nommez un nouveau thème."))
        return data


class SynthesisForm(forms.Form):
    title = LineField(label=_("Titre"), min_length=3, max_length=200)
    introduction = TextField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Méthode, période couverte, nombre de contributions lues."),
    )


class LineForm(forms.Form):
    text = TextField(
        label=_("Texte de la ligne"), min_length=3, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_minority = forms.BooleanField(label=_("Avis minoritaire"), required=False)
    sources = forms.TypedMultipleChoiceField(
        label=_("Contributions sources"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    extra_sources = LineField(
        label=_("Autres contributions (numéros)"),
        required=False,
        max_length=2000,
        help_text=_("Numéros de contributions séparés par des virgules ou des espaces, par exemple : 12, 57."),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = choices or []  # type: ignore[attr-defined]

    def clean_extra_sources(self) -> list[int]:
        raw = (self.cleaned_data.get("extra_sources") or "").replace(",", " ").replace(";", " ").split()
        numbers = []
        for item in raw:
            number = parse_id(item.lstrip("#"))
            if number is None:
                raise forms.ValidationError(
                    _("« %(value)s » n'est pas un numéro de contribution.") % {"value": item[:40]}
                )
            numbers.append(number)
        return numbers

    def source_ids(self) -> list[int]:
        return [*self.cleaned_data.get("sources", []), *self.cleaned_data.get("extra_sources", [])]
