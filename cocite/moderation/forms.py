"""Moderation forms: French messages; the rules themselves live in actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import TextField

from .models import Sanction
from .reasons import Reason

REASON_ERRORS = {"required": _("Choisissez un motif."), "invalid_choice": _("Choisissez un motif de la liste.")}


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Ce qui pose problème"), choices=Reason.choices, widget=forms.RadioSelect, error_messages=REASON_ERRORS
    )
    text = TextField(
        label=_("Précisions"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour « Autre ». La personne qui a écrit ce contenu ne saura pas qui l’a signalé."),
        error_messages={"max_length": _("1 000 caractères au plus.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == Reason.OTHER and not data.get("text"):
            self.add_error("text", _("Précisez ce qui pose problème."))
        return data


class AppealForm(forms.Form):
    text = TextField(
        label=_("Pourquoi contestez-vous ce masquage ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Expliquez pourquoi vous contestez ce masquage."),
            "max_length": _("2 000 caractères au plus."),
        },
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("retablir", _("Rétablir le contenu")), ("maintenir", _("Maintenir le masquage"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une décision."), "invalid_choice": _("Choisissez une décision.")},
    )
    note = TextField(
        label=_("Motif de la décision (envoyé à l’auteur·rice)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Expliquez votre décision."), "max_length": _("2 000 caractères au plus.")},
    )


class ReasonNoteForm(forms.Form):
    """Restoring a hidden item or lifting a sanction: the reason, which the person concerned receives."""

    note = TextField(
        label=_("Motif (envoyé à la personne concernée)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Expliquez votre décision."), "max_length": _("2 000 caractères au plus.")},
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Sanction"),
        choices=Sanction.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une sanction."), "invalid_choice": _("Choisissez une sanction.")},
    )
    days = forms.IntegerField(
        label=_("Durée de la suspension (jours)"),
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "invalid": _("Indiquez un nombre de jours."),
            "min_value": _("Au moins 1 jour."),
            "max_value": _("Au plus 365 jours."),
        },
    )
    reason = forms.ChoiceField(label=_("Motif"), choices=Reason.choices, error_messages=REASON_ERRORS)
    note = TextField(
        label=_("Explication (envoyée à la personne)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("2 000 caractères au plus.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Sanction.Kind.SUSPENSION and not data.get("days"):
            self.add_error("days", _("Indiquez la durée de la suspension."))
        return data


class RedactForm(forms.Form):
    note = TextField(
        label=_("Ce qui a été retiré (pour le journal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("2 000 caractères au plus.")},
    )

    def __init__(self, *args: Any, text_fields: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"title": _("Titre"), "body": _("Texte")}
        for name, value in text_fields.items():
            self.fields[name] = TextField(
                label=labels.get(name, name),
                initial=value,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 2 if name == "title" else 8}),
                error_messages={
                    "required": _("Le texte corrigé ne peut pas être vide."),
                    "max_length": _("Trop long."),
                },
            )
        self.order_fields([*text_fields, "note"])
        self.text_names = list(text_fields)
