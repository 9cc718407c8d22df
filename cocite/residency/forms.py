from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField

from .models import DocumentType

MAX_UPLOAD = 20 * 1024 * 1024


class AddressForm(forms.Form):
    address = LineField(
        label=_("Votre adresse dans la commune"),
        max_length=200,
        help_text=_("Numéro et nom de la voie, par exemple « 12 avenue de la République »."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )


class FrontDeskSearchForm(forms.Form):
    personne = LineField(
        label=_("Adresse électronique ou pseudonyme de la personne"),
        max_length=254,
        help_text=_("Tels que la personne les a saisis en créant son compte."),
    )


class FrontDeskVerifyForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    document_types = forms.MultipleChoiceField(
        label=_("Pièces vérifiées"),
        choices=DocumentType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez ce que vous avez vu. Ne photocopiez ni ne conservez aucun document."),
        error_messages={"required": _("Cochez au moins une pièce vérifiée.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV"), help_text=_("Encodé en UTF-8, séparateur « ; » ou « , »."))

    def clean_file(self) -> str:
        upload: Any = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Le fichier dépasse 20 Mo."), code="too_large")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Le fichier doit être encodé en UTF-8."), code="encoding") from None
