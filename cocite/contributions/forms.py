from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.accounts.models import User
from cocite.core.forms import FlatSelect, LineField, SafeModelMultipleChoiceField, TextField
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier, Theme

from .extensions import submit_extensions
from .models import Contribution, PendingImage
from .queries import SORTS

IMAGE_SLOTS = 3


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vous signalez…"),
        choices=Contribution.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le type : problème, idée ou question.")},
    )
    title = LineField(
        label=_("Titre"),
        min_length=10,
        max_length=140,
        help_text=_("Entre 10 et 140 caractères. Des contributions proches s'affichent pendant la saisie."),
        error_messages={
            "required": _("Donnez un titre à votre contribution."),
            "min_length": _("Le titre doit compter au moins 10 caractères (actuellement %(show_value)d)."),
            "max_length": _("Le titre ne peut dépasser 140 caractères (actuellement %(show_value)d)."),
        },
    )
    body = TextField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("Markdown simple accepté (listes, gras, liens). 10 000 caractères au plus."),
        error_messages={
            "required": _("Décrivez votre contribution."),
            "max_length": _("La description ne peut dépasser 10 000 caractères (actuellement %(show_value)d)."),
        },
    )
    themes = SafeModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Quartier.objects.none(),
        required=False,
        empty_label=_("— Toute la commune ou je ne sais pas —"),
        help_text=_("Si vous placez un point sur la carte, le quartier en est déduit."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def __init__(
        self,
        *args: Any,
        demarche: Demarche,
        offline: bool = False,
        late_paper: bool = False,
        kept: dict[int, PendingImage] | None = None,
        author: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.demarche = demarche
        # Fields of the apps above (extensions.py), for an online submission by its author only.
        self.extension_fields: dict[str, list[str]] = {}
        if author is not None and not offline and not late_paper:
            for extension in submit_extensions():
                extra = extension.fields(author, demarche)
                self.fields.update(extra)
                if extra:
                    self.extension_fields[extension.name] = list(extra)
        # Images kept from an earlier attempt (slot → PendingImage): used unless replaced.
        self.kept = kept if kept is not None else {}
        themes = demarche.scope_themes()
        theme_field = self.fields["themes"]
        quartier_field = self.fields["quartier"]
        assert isinstance(theme_field, forms.ModelMultipleChoiceField)
        assert isinstance(quartier_field, forms.ModelChoiceField)
        theme_field.queryset = (
            Theme.objects.filter(pk__in=[t.pk for t in themes]) if themes else Theme.objects.all()
        ).order_by("name")
        scope = demarche.scope_quartiers()
        quartier_field.queryset = (
            Quartier.objects.filter(pk__in=[q.pk for q in scope]) if scope else Quartier.objects.all()
        ).order_by("name")
        for slot in range(1, IMAGE_SLOTS + 1):
            self.fields[f"image_{slot}"] = forms.FileField(
                label=_("Image %(n)s (facultative)") % {"n": slot},
                required=False,
                help_text=_("JPEG, PNG ou WebP, 5 Mo au plus. Les métadonnées (lieu, appareil) sont supprimées."),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"alt_{slot}"] = LineField(
                label=_("Description de l'image %(n)s") % {"n": slot},
                required=False,
                max_length=250,
                help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
            )
        if offline:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Canal de recueil"),
                # Field work is entered from the exploration's journeys (cocite.exploration), not here.
                choices=[c for c in Contribution.Channel.choices if c[0] != Contribution.Channel.FIELD],
                initial=Contribution.Channel.ONLINE,
                help_text=_("Pour une contribution recueillie hors ligne : papier, réunion, téléphone…"),
            )
            self.fields["offline_author_name"] = LineField(
                label=_("Nom de la personne (facultatif)"),
                required=False,
                max_length=80,
                help_text=_("Tel qu'elle souhaite apparaître. Laisser vide pour une contribution anonyme."),
            )
        if late_paper:  # after the collection closed: paper only, dated the day it was collected
            self.fields["offline_author_name"] = LineField(
                label=_("Nom de la personne (facultatif)"),
                required=False,
                max_length=80,
                help_text=_("Tel qu'elle souhaite apparaître. Laisser vide pour une contribution anonyme."),
            )
            self.fields["collected_on"] = forms.DateField(
                label=_("Recueillie le"),
                help_text=_("Le jour où la contribution papier a été recueillie, pendant la collecte."),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={
                    "required": _("Indiquez le jour où elle a été recueillie."),
                    "invalid": _("Indiquez une date valide (jour, mois, année)."),
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (
            (latitude is None) != (longitude is None)
            and not self.has_error("latitude")
            and not self.has_error("longitude")
        ):
            self.add_error("longitude", _("Indiquez la latitude et la longitude, ou aucune des deux."))
        for slot in range(1, IMAGE_SLOTS + 1):
            has_image = cleaned.get(f"image_{slot}") or slot in self.kept
            if has_image and not (cleaned.get(f"alt_{slot}") or "").strip():
                self.add_error(f"alt_{slot}", _("Décrivez cette image en quelques mots (texte alternatif)."))
        return cleaned

    def extension_values(self) -> dict[str, dict[str, Any]]:
        """{extension name: {field: cleaned value}} for `actions.contribution_submit(extensions=…)`."""
        return {
            name: {field: self.cleaned_data.get(field) for field in names}
            for name, names in self.extension_fields.items()
        }

    def extension_bound_fields(self) -> list[Any]:
        return [self[field] for names in self.extension_fields.values() for field in names]

    def images(self) -> list[tuple[Any, str]]:
        """(file, alt text) of each slot: the new upload, else the image kept from an earlier attempt."""
        found = []
        for slot in range(1, IMAGE_SLOTS + 1):
            upload = self.cleaned_data.get(f"image_{slot}")
            if not upload and slot in self.kept:
                try:
                    upload = self.kept[slot].image.open("rb")
                except OSError:  # purged between the two submissions: as if never kept
                    continue
            if upload:
                found.append((upload, self.cleaned_data.get(f"alt_{slot}", "")))
        return found

    def new_uploads(self) -> dict[int, Any]:
        """The slots given a new file in this submission (those that passed the field's checks)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {slot: cleaned[f"image_{slot}"] for slot in range(1, IMAGE_SLOTS + 1) if cleaned.get(f"image_{slot}")}

    def image_slots(self) -> list[dict[str, Any]]:
        """What the template shows for each slot: the file field, its alt text, the kept image."""
        return [
            {"slot": slot, "image": self[f"image_{slot}"], "alt": self[f"alt_{slot}"], "kept": self.kept.get(slot)}
            for slot in range(1, IMAGE_SLOTS + 1)
        ]


class ContributionEditForm(forms.Form):
    title = ContributionForm.base_fields["title"]
    body = ContributionForm.base_fields["body"]


class ContributionFilterForm(forms.Form):
    q = LineField(label=_("Rechercher"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        widget=FlatSelect,
        choices=[("", _("Tous les types")), *Contribution.Kind.choices],
    )
    theme = forms.ChoiceField(label=_("Thème"), required=False, widget=FlatSelect)
    quartier = forms.ChoiceField(label=_("Quartier"), required=False, widget=FlatSelect)
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        widget=FlatSelect,
        choices=[("", _("Tous les statuts")), *Contribution.Status.choices],
    )
    channel = forms.ChoiceField(
        label=_("Canal"),
        required=False,
        widget=FlatSelect,
        choices=[("", _("Tous les canaux")), *Contribution.Channel.choices],
    )
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        widget=FlatSelect,
        choices=[
            ("recentes", _("Les plus récentes")),
            ("soutenues", _("Les plus soutenues")),
            ("debattues", _("Les plus débattues")),
            ("aleatoire", _("Ordre aléatoire")),
        ],
    )

    def __init__(self, *args: Any, themes: list[Theme], quartiers: list[Quartier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme_field = self.fields["theme"]
        quartier_field = self.fields["quartier"]
        assert isinstance(theme_field, forms.ChoiceField)
        assert isinstance(quartier_field, forms.ChoiceField)
        theme_field.choices = [("", _("Tous les thèmes")), *((t.slug, t.name) for t in themes)]
        quartier_field.choices = [("", _("Tous les quartiers")), *((q.slug, q.name) for q in quartiers)]

    def filters(self) -> dict[str, str]:
        # Invalid values are dropped from cleaned_data: the list shows, unfiltered on them.
        data = dict(self.cleaned_data) if self.is_bound and (self.is_valid() or hasattr(self, "cleaned_data")) else {}
        sort = data.get("tri") or "recentes"
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "theme": data.get("theme") or "",
            "quartier": data.get("quartier") or "",
            "status": data.get("status") or "",
            "channel": data.get("channel") or "",
            "sort": sort if sort in SORTS else "recentes",
        }
