"""The network's forms: they clean input; the actions check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.forms import LineField, LinkField, SafeModelMultipleChoiceField, TextField
from cocite.territory.models import Quartier, Theme

from .models import ActorKind, ActorMembership, CallKind, Direction, Incubation, OfferCategory, Stage


def _themes() -> SafeModelMultipleChoiceField:
    return SafeModelMultipleChoiceField(
        label=_("Thèmes"), queryset=Theme.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple
    )


def _quartiers() -> SafeModelMultipleChoiceField:
    return SafeModelMultipleChoiceField(
        label=_("Quartiers"),
        queryset=Quartier.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ActorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'acteur"), choices=ActorKind.choices)
    name = LineField(label=_("Nom"), max_length=150)
    description = TextField(label=_("Présentation"), max_length=5000)
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("JPEG, PNG ou WebP, 5 Mo au plus. Les métadonnées sont retirées.")
    )
    themes = _themes()
    quartiers = _quartiers()
    address = LineField(label=_("Adresse"), max_length=250, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    offers = forms.MultipleChoiceField(
        label=pgettext_lazy("réseau", "Propose"),
        choices=OfferCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers_details = LineField(label=_("Ce que vous proposez, en quelques mots"), max_length=300, required=False)
    needs = forms.MultipleChoiceField(
        label=pgettext_lazy("réseau", "Recherche"),
        choices=OfferCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_details = LineField(label=_("Ce que vous recherchez, en quelques mots"), max_length=300, required=False)
    website = LinkField(label=_("Site web"), required=False, assume_scheme="https")
    other_link = LinkField(label=_("Autre lien"), required=False, assume_scheme="https")
    siren = LineField(label=_("SIREN"), max_length=11, required=False, help_text=_("9 chiffres, si vous en avez un."))
    rna = LineField(
        label=_("Numéro RNA"),
        max_length=10,
        required=False,
        help_text=_("Pour une association : W suivi de 9 chiffres."),
    )

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        offers = [(Direction.OFFERS.value, c, data["offers_details"]) for c in data["offers"]]
        offers += [(Direction.SEEKS.value, c, data["needs_details"]) for c in data["needs"]]
        return {
            "kind": data["kind"],
            "name": data["name"],
            "description": data["description"],
            "address": data["address"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "website": data["website"],
            "other_link": data["other_link"],
            "siren": data["siren"],
            "rna": data["rna"],
            "themes": [t.pk for t in data["themes"]],
            "quartiers": [q.pk for q in data["quartiers"]],
            "offers": offers,
            "logo": data.get("logo"),
        }


class DirectoryForm(forms.Form):
    q = LineField(label=_("Rechercher"), max_length=100, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("Tous")), *list(ActorKind.choices)], required=False)
    theme = forms.ModelChoiceField(
        label=_("Thème"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Tous")
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Quartier.objects.order_by("name"), required=False, empty_label=_("Tous")
    )
    propose = forms.ChoiceField(
        label=pgettext_lazy("réseau", "Propose"),
        choices=[("", _("Tout")), *list(OfferCategory.choices)],
        required=False,
    )
    recherche = forms.ChoiceField(
        label=pgettext_lazy("réseau", "Recherche"),
        choices=[("", _("Tout")), *list(OfferCategory.choices)],
        required=False,
    )


class InitiativeFilterForm(forms.Form):
    q = LineField(label=_("Rechercher"), max_length=100, required=False)
    etape = forms.ChoiceField(label=_("Étape"), choices=[("", _("Toutes")), *list(Stage.choices)], required=False)
    theme = forms.ModelChoiceField(
        label=_("Thème"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Tous")
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Quartier.objects.order_by("name"), required=False, empty_label=_("Tous")
    )


class FeedForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thème"), queryset=Theme.objects.order_by("name"), required=False, empty_label=_("Tous")
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Quartier.objects.order_by("name"), required=False, empty_label=_("Tous")
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique de la personne"), max_length=254)
    role = forms.ChoiceField(label=_("Rôle"), choices=ActorMembership.Role.choices)


class MessageForm(forms.Form):
    body = TextField(label=_("Votre message"), max_length=3000)


class SkillsForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Ce que je peux apporter"),
        choices=OfferCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = LineField(label=_("Mes compétences, en quelques mots"), max_length=500, required=False)
    themes = _themes()
    suggest_me = forms.BooleanField(
        label=_("Me proposer aux porteur·ses de projet dont les appels correspondent"), required=False
    )
    notify_matches = forms.BooleanField(
        label=_("Me prévenir des appels à l’aide qui me correspondent, à moi ou à mes acteurs"),
        help_text=_(
            "Dans vos notifications, et par courriel selon vos préférences (par exemple dans votre résumé du jour)."
        ),
        required=False,
    )


class InitiativeForm(forms.Form):
    title = LineField(label=_("Titre"), max_length=160)
    need = TextField(label=_("Le besoin du territoire auquel elle répond"), max_length=5000)
    solution = TextField(label=_("La solution"), max_length=5000)
    stage = forms.ChoiceField(label=_("Étape"), choices=Stage.choices)
    actor = forms.TypedChoiceField(label=_("Portée par"), coerce=int, required=False, empty_value=None)
    themes = _themes()
    quartiers = _quartiers()

    def __init__(self, *args: Any, actors: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["actor"]
        field.choices = [("", _("Moi, en tant qu'habitant·e"))] + [(a.pk, a.name) for a in actors]


class CallForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'aide"), choices=CallKind.choices)
    what = LineField(label=_("Ce qui est recherché"), max_length=300)
    when = LineField(
        label=_("Quand"), max_length=120, help_text=_("Par exemple « les samedis matin à partir de mars ».")
    )


class HelpForm(forms.Form):
    message = TextField(label=_("Votre message aux porteur·ses"), max_length=2000)
    actor = forms.TypedChoiceField(label=_("Au nom de"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, actors: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["actor"]
        field.choices = [("", _("Moi-même"))] + [(a.pk, a.name) for a in actors]


class NewsForm(forms.Form):
    body = TextField(label=_("Nouvelle"), max_length=3000)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Étape"), choices=Stage.choices)


class IncubationRequestForm(forms.Form):
    request = TextField(
        label=_("Le soutien demandé à la commune"),
        max_length=3000,
        help_text=_("Subvention, locaux, matériel, accompagnement : dites ce dont l'initiative a besoin et pourquoi."),
    )


class IncubationDecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Réponse"),
        choices=[("1", _("Soutien accordé")), ("0", _("Soutien refusé"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    explanation = TextField(
        label=_("Explication publique"),
        max_length=20000,
        help_text=_("Publiée dans le journal des décisions : ce qui est décidé, pourquoi, et ce qui va se passer."),
    )
    support_kind = forms.ChoiceField(
        label=_("Soutien accordé"), choices=[("", "—"), *list(Incubation.SupportKind.choices)], required=False
    )
    amount = forms.DecimalField(label=_("Montant (€)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    premises = LineField(label=_("Locaux"), max_length=200, required=False)
    duration_months = forms.IntegerField(label=_("Durée (mois)"), required=False, min_value=1, max_value=60)


class ReferentForm(forms.Form):
    referent = forms.TypedChoiceField(label=_("Référent·e"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["referent"]
        field.choices = [("", _("Aucun·e"))] + [(p.pk, p.display_name) for p in people]
