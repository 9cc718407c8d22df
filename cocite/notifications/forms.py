from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("Recevoir les nouvelles par courriel"),
        choices=NotificationPreference.EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_("Les notifications restent toujours visibles sur le site, quel que soit votre choix."),
    )
