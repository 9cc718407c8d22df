from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField

from .models import STATEMENT_MAX_LENGTH, ModerationDecision


class StatementForm(forms.Form):
    text = LineField(
        label=_("Votre proposition"),
        max_length=STATEMENT_MAX_LENGTH,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_LENGTH}),
        help_text=_(
            "Une phrase courte et claire, sur laquelle chacun·e pourra se dire d'accord ou non "
            "(280 caractères au plus). Une seule idée par proposition."
        ),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=ModerationDecision.Decision.choices)
    reason = LineField(label=_("Motif (facultatif)"), max_length=300, required=False)
