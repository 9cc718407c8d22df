"""Debate forms: French messages; the rules themselves live in actions."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import TextField
from cocite.territory.models import Department

from .actions import MAX_LENGTH
from .models import Stance

BODY_ERRORS = {
    "required": _("Écrivez votre commentaire."),
    "max_length": _("Le commentaire ne peut dépasser 5 000 caractères (actuellement %(show_value)d)."),
}
STANCE_ERRORS = {
    "required": _("Indiquez votre position : pour, contre ou nuance."),
    "invalid_choice": _("Choisissez pour, contre ou nuance."),
}
BODY_HELP = _(
    "Markdown simple accepté (listes, gras, liens). 5 000 caractères au plus. Restez courtois : on débat des idées."
)


def _body_field(label: Any) -> forms.CharField:
    return TextField(
        label=label,
        max_length=MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
        error_messages=BODY_ERRORS,
    )


class CommentForm(forms.Form):
    """A top-level comment: a stance and an argument."""

    stance = forms.ChoiceField(
        label=_("Votre position"), choices=Stance.choices, widget=forms.RadioSelect, error_messages=STANCE_ERRORS
    )
    body = _body_field(_("Votre argument"))


class ReplyForm(forms.Form):
    """A reply: the stance is optional."""

    stance = forms.ChoiceField(
        label=_("Votre position (facultatif)"),
        choices=[("", _("Sans position")), *Stance.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages=STANCE_ERRORS,
    )
    body = _body_field(_("Votre réponse"))


class EditForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Votre position"), choices=Stance.choices, widget=forms.RadioSelect, error_messages=STANCE_ERRORS
    )
    body = _body_field(_("Votre commentaire"))

    def __init__(self, *args: Any, stance_mode: str, **kwargs: Any) -> None:
        """stance_mode: "required" (top-level), "optional" (reply) or "none" (official answer)."""
        super().__init__(*args, **kwargs)
        if stance_mode == "none":
            del self.fields["stance"]
        elif stance_mode == "optional":
            self.fields["stance"] = copy.deepcopy(ReplyForm.base_fields["stance"])


class OfficialAnswerForm(forms.Form):
    department = forms.TypedChoiceField(
        label=_("Au nom du service"),
        coerce=int,
        error_messages={
            "required": _("Choisissez le service au nom duquel vous répondez."),
            "invalid_choice": _("Choisissez l'un de vos services compétents pour ce sujet."),
        },
    )
    body = _body_field(_("Réponse officielle"))
    signed = forms.BooleanField(
        label=_("Signer de mon nom affiché"),
        required=False,
        help_text=_("Sinon, seuls le service et votre fonction apparaissent. Votre nom réel n'est jamais affiché."),
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        """`departments`: those the person may answer for (already fetched: no query here)."""
        super().__init__(*args, **kwargs)
        self.departments = {d.pk: d for d in departments}
        field = self.fields["department"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d.pk, d.name) for d in departments]

    def clean_department(self) -> Department:
        return self.departments[self.cleaned_data["department"]]
