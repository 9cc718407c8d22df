from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField

from .models import PERSONAL_SCOPES


class TokenForm(forms.Form):
    name = LineField(
        label=_("Nom du jeton"),
        max_length=80,
        help_text=_("Pour vous y retrouver, par exemple « Mon application de quartier »."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Droits"),
        choices=[(s.value, s.label) for s in PERSONAL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Sans droit coché, le jeton ne fait que lire ce que vous pouvez voir."),
    )
    days = forms.TypedChoiceField(
        label=_("Valable"),
        coerce=int,
        choices=[(7, _("7 jours")), (30, _("30 jours")), (90, _("90 jours")), (365, _("un an"))],
        initial=90,
    )
