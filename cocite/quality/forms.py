from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.core.forms import LineField, LinkField, TextField
from cocite.core.validators import reject_direction_controls

from .models import Help, Level, PageQuestion


def _levels(low: StrOrPromise, medium: StrOrPromise, high: StrOrPromise) -> list[tuple[int, StrOrPromise]]:
    return [(Level.HIGH, high), (Level.MEDIUM, medium), (Level.LOW, low)]


class FeedbackForm(forms.Form):
    """The State's « Je donne mon avis » questions."""

    satisfaction = forms.TypedChoiceField(
        label=_("De façon générale, comment s’est passée cette démarche ?"),
        choices=_levels(_("Pas bien"), _("Moyennement"), _("Bien")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    ease = forms.TypedChoiceField(
        label=_("Était-ce facile ?"),
        choices=_levels(_("Difficile"), _("Ni facile ni difficile"), _("Facile")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    clarity = forms.TypedChoiceField(
        label=_("Le langage employé était-il clair ?"),
        choices=_levels(_("Pas clair"), _("Moyennement clair"), _("Clair")),
        coerce=int,
        widget=forms.RadioSelect,
    )
    help = forms.ChoiceField(
        label=_("Avez-vous eu besoin d’aide, et l’avez-vous obtenue ?"), choices=Help.choices, widget=forms.RadioSelect
    )
    comment = TextField(
        label=_("Voulez-vous nous en dire plus ?"),
        required=False,
        max_length=2000,
        help_text=_("Facultatif. Ne donnez pas d’information personnelle : seul le service responsable lit ce texte."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecurringPointForm(forms.Form):
    point = LineField(label=_("Point souvent soulevé"), max_length=200)
    answer = TextField(label=_("Réponse du service"), max_length=5000)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vous voulez"),
        choices=[
            (PageQuestion.Kind.QUESTION, _("poser une question")),
            (PageQuestion.Kind.CONTESTATION, _("contester une affirmation de la page")),
        ],
        widget=forms.RadioSelect,
        initial=PageQuestion.Kind.QUESTION,
    )
    statement = LineField(
        label=_("Passage contesté"),
        required=False,
        max_length=300,
        help_text=_("Pour une contestation : recopiez la phrase ou le chiffre en cause."),
    )
    body = TextField(label=_("Votre question ou votre argument"), max_length=5000)
    source_url = LinkField(
        label=_("Source"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[reject_direction_controls],
        help_text=_("Obligatoire pour une contestation : le lien vers votre source."),
    )


class AnswerForm(forms.Form):
    answer = TextField(label=_("Réponse publique du service"), max_length=5000)
    corrected_body = TextField(
        label=_("Texte corrigé de la page (Markdown)"),
        required=False,
        max_length=50000,
        help_text=_("Laissez le texte tel quel s’il n’y a rien à corriger ; sinon une nouvelle version est publiée."),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    note = LineField(label=_("Ce qui a changé"), required=False, max_length=300)


class CounterpointForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Au nom du service"), coerce=int, choices=[])
    body = TextField(label=_("Avis contradictoire"), max_length=5000)

    def __init__(self, *args: object, departments: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].choices = departments  # type: ignore[attr-defined]


class PageEditForm(forms.Form):
    title = LineField(label=_("Titre"), max_length=200)
    body = TextField(label=_("Texte (Markdown)"), max_length=50000, widget=forms.Textarea(attrs={"rows": 18}))
    note = LineField(label=_("Ce qui a changé"), max_length=300)


class VerifyForm(forms.Form):
    review_by = forms.DateField(
        label=_("À revérifier avant le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class PromoteForm(forms.Form):
    comment = forms.TypedChoiceField(label=_("Réponse officielle"), coerce=int, choices=[])
    question = LineField(label=_("Question telle qu’elle figurera dans la FAQ"), max_length=300)

    def __init__(self, *args: object, candidates: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["comment"].choices = candidates  # type: ignore[attr-defined]
