from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.forms import LineField, TextField
from cocite.core.validators import reject_direction_controls
from cocite.territory.models import Department

from .models import Category, Channel, Status
from .queries import AGES

PHOTO_SLOTS = 3


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Catégorie"),
        queryset=Category.objects.none(),
        empty_label=_("— Choisissez —"),
        error_messages={
            "required": _("Choisissez la catégorie du problème."),
            "invalid_choice": _("Choisissez une catégorie proposée."),
        },
    )
    description = TextField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Ce que vous avez constaté, précisément. 5 000 caractères au plus."),
        error_messages={
            "required": _("Décrivez le problème."),
            "max_length": _("La description ne peut dépasser 5 000 caractères (actuellement %(show_value)d)."),
        },
    )
    address = LineField(
        label=_("Adresse ou repère"),
        required=False,
        max_length=250,
        help_text=_("Sans point sur la carte, l'adresse suffit (par exemple : devant le 12 rue des Écoles)."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={"invalid": _("Indiquez un nombre.")},
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={"invalid": _("Indiquez un nombre.")},
    )
    follow = forms.BooleanField(label=_("Je veux être tenu·e informé·e"), required=False, initial=True)

    def __init__(self, *args: Any, on_behalf: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Category.objects.filter(active=True).select_related("department").order_by("name")
        for slot in range(1, PHOTO_SLOTS + 1):
            self.fields[f"image_{slot}"] = forms.FileField(
                label=_("Photo %(n)s (facultative)") % {"n": slot},
                required=False,
                help_text=_("JPEG, PNG ou WebP, 5 Mo au plus. Les métadonnées (lieu, appareil) sont supprimées."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"alt_{slot}"] = LineField(
                label=_("Description de la photo %(n)s") % {"n": slot},
                required=False,
                max_length=250,
                help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
            )
        if on_behalf:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Canal de recueil"),
                choices=[(c.value, c.label) for c in Channel if c != Channel.OPEN311],
                initial=Channel.ONLINE,
                help_text=_(
                    "Pour un signalement reçu à l'accueil, par téléphone ou par courriel : "
                    "pour le compte de la personne."
                ),
            )
            self.fields["offline_author_name"] = LineField(
                label=_("Nom de la personne (facultatif)"), required=False, max_length=80
            )
            self.fields["contact_email"] = forms.EmailField(
                label=_("Courriel de la personne (facultatif)"),
                required=False,
                max_length=254,
                validators=[reject_direction_controls],
                help_text=_(
                    "Si elle veut être tenue informée : elle reçoit un courriel à chaque étape. Jamais affiché."
                ),
                error_messages={"invalid": _("Indiquez une adresse électronique valide.")},
            )
            # For someone else, the box would do nothing (their e-mail above is what keeps them informed): for an
            # agent it is unticked by default, says so, and is refused on a report filed for someone.
            follow = self.fields["follow"]
            follow.initial = False
            follow.help_text = _(
                "Pour un signalement en ligne, en votre nom. Pour quelqu’un d’autre, c’est son courriel qui compte."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        channel = cleaned.get("channel")
        if channel and channel != Channel.ONLINE and cleaned.get("follow"):
            self.add_error(
                "follow",
                _(
                    "Décochez cette case pour un signalement saisi pour quelqu’un : "
                    "indiquez plutôt son courriel pour la tenir informée."
                ),
            )
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (
            (latitude is None) != (longitude is None)
            and not self.has_error("latitude")
            and not self.has_error("longitude")
        ):
            self.add_error("longitude", _("Indiquez la latitude et la longitude, ou aucune des deux."))
        elif latitude is None and not (cleaned.get("address") or "").strip() and not self.has_error("latitude"):
            self.add_error("address", _("Placez un point sur la carte ou indiquez une adresse."))
        for slot in range(1, PHOTO_SLOTS + 1):
            if cleaned.get(f"image_{slot}") and not (cleaned.get(f"alt_{slot}") or "").strip():
                self.add_error(f"alt_{slot}", _("Décrivez cette photo en quelques mots (texte alternatif)."))
        return cleaned

    def images(self) -> list[tuple[Any, str]]:
        found = []
        for slot in range(1, PHOTO_SLOTS + 1):
            upload = self.cleaned_data.get(f"image_{slot}")
            if upload:
                found.append((upload, self.cleaned_data.get(f"alt_{slot}", "")))
        return found

    def photo_slots(self) -> list[dict[str, Any]]:
        return [{"image": self[f"image_{slot}"], "alt": self[f"alt_{slot}"]} for slot in range(1, PHOTO_SLOTS + 1)]


class FilterForm(forms.Form):
    categorie = forms.ChoiceField(label=_("Catégorie"), required=False)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("", _("Tous les statuts")),
            ("ouverts", _("En cours (reçus, pris en charge, planifiés)")),
            ("clos", _("Clos")),
            *Status.choices,
        ],
    )
    quartier = forms.ChoiceField(label=_("Quartier"), required=False)
    age = forms.ChoiceField(
        label=_("Déposés depuis"),
        required=False,
        choices=[
            ("", _("Toujours")),
            ("7j", _("7 jours")),
            ("30j", _("30 jours")),
            ("90j", _("90 jours")),
            ("1an", _("un an")),
        ],
    )

    def __init__(self, *args: Any, categories: list[Any], quartiers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, rows, empty in (
            ("categorie", categories, _("Toutes les catégories")),
            ("quartier", quartiers, _("Tous les quartiers")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *((row.slug, row.name) for row in rows)]

    def values(self) -> dict[str, str]:
        data = dict(self.cleaned_data) if self.is_bound and (self.is_valid() or hasattr(self, "cleaned_data")) else {}
        age = data.get("age") or ""
        return {
            "category": data.get("categorie") or "",
            "status": data.get("statut") or "",
            "quartier": data.get("quartier") or "",
            "age": age if age in AGES else "",
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("signalement", "Nouveau statut"),
        choices=[(s.value, s.label) for s in Status if s != Status.RECEIVED],
        error_messages={"required": _("Choisissez un statut."), "invalid_choice": _("Choisissez un statut proposé.")},
    )
    message = TextField(
        label=_("Message public"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Affiché sur la page du signalement et envoyé aux personnes qui le suivent. "
            "Obligatoire pour « non retenu »."
        ),
    )
    planned_for = forms.DateField(
        label=_("Date prévue (pour « planifié »)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Indiquez une date valide (jour, mois, année).")},
    )
    competent_body = LineField(
        label=_("Organisme compétent (pour « hors compétence »)"), required=False, max_length=200
    )
    forward_to = forms.EmailField(
        label=_("Transmettre par courriel à (facultatif)"),
        required=False,
        max_length=254,
        validators=[reject_direction_controls],
        error_messages={"invalid": _("Indiquez une adresse électronique valide.")},
    )


class ReassignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Department.objects.order_by("name"),
        error_messages={"required": _("Choisissez un service."), "invalid_choice": _("Choisissez un service proposé.")},
    )
    reason = TextField(
        label=_("Raison"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez la raison de la réorientation.")},
    )


class ConfirmForm(forms.Form):
    solved = forms.ChoiceField(
        label=_("Le problème est-il réglé ?"),
        choices=[("oui", _("Oui, c'est réglé")), ("non", _("Non, le problème est toujours là"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Répondez oui ou non."), "invalid_choice": _("Répondez oui ou non.")},
    )
    message = TextField(
        label=_("Précisions (facultatives)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DemarcheForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Catégorie"),
        queryset=Category.objects.order_by("name"),
        to_field_name="slug",
        error_messages={
            "required": _("Choisissez la catégorie."),
            "invalid_choice": _("Choisissez une catégorie proposée."),
        },
    )
    quartier = LineField(required=False, max_length=150, widget=forms.HiddenInput)
    title = LineField(
        label=_("Titre de la démarche"),
        max_length=160,
        error_messages={"required": _("Donnez un titre à la démarche.")},
    )

    def __init__(self, *args: Any, categories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if categories is not None:  # the categories of the departments this person works for
            self.fields["category"].queryset = categories  # type: ignore[attr-defined]
