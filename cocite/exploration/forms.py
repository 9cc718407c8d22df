"""Forms of the exploration: French errors, bounded choices, no crash on hostile input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocite.contributions.models import Contribution
from cocite.core.forms import LineField, SafeModelMultipleChoiceField, TextField

from .models import FieldNote, Journey, JourneyStep

PHOTO_SLOTS = 3


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("— Choisir —")), *choices]


class TitledChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class FieldNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de travail de terrain"),
        choices=_choices(FieldNote.Kind.choices),
        error_messages={"required": _("Choisissez le type de travail de terrain.")},
    )
    title = LineField(label=_("Titre"), max_length=160, error_messages={"required": _("Indiquez un titre.")})
    happened_on = forms.DateField(
        label=_("Date"),
        widget=_date_input(),
        error_messages={"required": _("Indiquez la date."), "invalid": _("Date invalide.")},
    )
    place = LineField(label=_("Lieu"), max_length=200, error_messages={"required": _("Indiquez le lieu.")})
    participants_count = forms.IntegerField(
        label=_("Nombre de personnes rencontrées"),
        min_value=0,
        max_value=500,
        error_messages={
            "required": _("Indiquez le nombre de personnes."),
            "invalid": _("Indiquez un nombre."),
            "min_value": _("Indiquez un nombre entre 0 et 500."),
            "max_value": _("Indiquez un nombre entre 0 et 500."),
        },
    )
    participant_profiles = LineField(
        label=_("Profils des personnes"),
        max_length=500,
        help_text=_("Par exemple « deux parents, une assistante maternelle ». Pas de noms."),
        error_messages={"required": _("Décrivez les profils des personnes, sans les nommer.")},
    )
    named_participants = LineField(
        label=_("Noms des personnes (facultatif, seulement avec leur accord)"), max_length=300, required=False
    )
    names_consent = forms.BooleanField(label=_("Les personnes nommées ont donné leur accord"), required=False)
    notes = TextField(
        label=_("Notes"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Écrivez vos notes.")},
    )
    learned = TextField(
        label=_("Ce que nous avons appris"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Dites ce que vous avez appris.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        for slot in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{slot}"] = forms.ImageField(
                label=_("Photo %(n)s (facultatif)") % {"n": slot},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
                error_messages={"invalid_image": _("Ce fichier n'est pas une image lisible.")},
            )
            self.fields[f"photo_alt_{slot}"] = LineField(
                label=_("Description de la photo %(n)s") % {"n": slot}, required=False, max_length=250
            )
            self.fields[f"photo_consent_{slot}"] = forms.BooleanField(
                label=_("Les personnes visibles sur la photo %(n)s ont donné leur accord") % {"n": slot},
                required=False,
            )

    def photo_slots(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"photo_{n}"], self[f"photo_alt_{n}"], self[f"photo_consent_{n}"]) for n in range(1, PHOTO_SLOTS + 1)
        ]

    def photos(self) -> list[tuple[Any, str, bool]]:
        data = self.cleaned_data
        return [
            (data[f"photo_{n}"], data.get(f"photo_alt_{n}") or "", bool(data.get(f"photo_consent_{n}")))
            for n in range(1, PHOTO_SLOTS + 1)
            if data.get(f"photo_{n}")
        ]


class JourneyForm(forms.Form):
    title = LineField(
        label=_("Titre du parcours"),
        max_length=160,
        help_text=_("Par exemple « Inscrire son enfant à l'école »."),
        error_messages={"required": _("Indiquez un titre.")},
    )
    case = forms.ChoiceField(
        label=_("Persona ou cas réel"),
        choices=Journey.Case.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez s'il s'agit d'un persona ou d'un cas réel.")},
    )
    who = LineField(
        label=_("Qui fait ce parcours"),
        max_length=300,
        help_text=_("Par exemple « Mère seule, deux enfants, travaille en horaires décalés ». Pas de nom."),
        error_messages={"required": _("Indiquez qui fait ce parcours.")},
    )
    goal = LineField(
        label=_("Ce que la personne cherche à faire"),
        max_length=300,
        error_messages={"required": _("Indiquez ce que la personne cherche à faire.")},
    )


class StepForm(forms.Form):
    title = LineField(label=_("Étape"), max_length=160, error_messages={"required": _("Nommez l'étape.")})
    channel = forms.ChoiceField(
        label=_("Canal"),
        choices=_choices(JourneyStep.Channel.choices),
        error_messages={"required": _("Choisissez le canal.")},
    )
    minutes = forms.IntegerField(
        label=_("Temps passé (minutes, facultatif)"),
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={
            "invalid": _("Indiquez un nombre de minutes."),
            "min_value": _("Temps passé invalide."),
            "max_value": _("Temps passé invalide."),
        },
    )
    feeling = forms.ChoiceField(
        label=_("Ressenti"),
        choices=_choices(JourneyStep.Feeling.choices),
        error_messages={"required": _("Choisissez le ressenti.")},
    )
    notes = TextField(
        label=_("Ce qui se passe (facultatif)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IrritantForm(forms.Form):
    step = forms.TypedChoiceField(
        label=_("À l'étape"), coerce=int, error_messages={"required": _("Choisissez l'étape.")}
    )
    text = LineField(label=_("Irritant"), max_length=500, error_messages={"required": _("Décrivez l'irritant.")})
    raised_in = TitledChoiceField(
        label=_("Contributions qui le signalent (facultatif)"),
        queryset=Contribution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, steps: list[JourneyStep], contributions: QuerySet[Contribution], **kwargs: Any):
        super().__init__(*args, **kwargs)
        step_field = self.fields["step"]
        assert isinstance(step_field, forms.TypedChoiceField)
        step_field.choices = _choices([(s.pk, f"{s.position}. {s.title}") for s in steps])
        field = self.fields["raised_in"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            Contribution.objects.filter(pk__in=list(contributions.values_list("pk", flat=True)))
            .only("pk", "title")
            .order_by("-pk")
        )


class IrritantContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Contribution.Kind.choices,
        widget=forms.RadioSelect,
        initial=Contribution.Kind.PROBLEM,
        error_messages={"required": _("Choisissez le type : problème, idée ou question.")},
    )
    title = LineField(
        label=_("Titre"),
        min_length=10,
        max_length=140,
        error_messages={
            "required": _("Le titre doit compter entre 10 et 140 caractères."),
            "min_length": _("Le titre doit compter entre 10 et 140 caractères."),
        },
    )
    body = TextField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Décrivez la contribution.")},
    )


class FindingForm(forms.Form):
    title = LineField(label=_("Constat"), max_length=200, error_messages={"required": _("Énoncez le constat.")})
    summary = TextField(
        label=_("Ce que nous avons constaté"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Décrivez ce que vous avez constaté.")},
    )
    field_notes = TitledChoiceField(
        label=_("Notes de terrain"),
        queryset=FieldNote.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    journeys = TitledChoiceField(
        label=_("Parcours usagers"),
        queryset=Journey.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contributions = TitledChoiceField(
        label=_("Contributions"),
        queryset=Contribution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label=_("Publier ce constat (visible par le public de la démarche)"), required=False)

    def __init__(
        self,
        *args: Any,
        notes: QuerySet[FieldNote],
        journeys: QuerySet[Journey],
        contributions: QuerySet[Contribution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (("field_notes", notes), ("journeys", journeys), ("contributions", contributions)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = qs.model.objects.filter(pk__in=list(qs.values_list("pk", flat=True))).only("pk", "title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("field_notes") or data.get("journeys") or data.get("contributions")):
            self.add_error(
                "field_notes",
                _("Un constat s'appuie sur au moins une source : une note, un parcours ou une contribution."),
            )
        return data


class VolunteerForm(forms.Form):
    interview = forms.BooleanField(label=_("Un entretien avec l'équipe"), required=False)
    test = forms.BooleanField(label=_("Tester un nouveau formulaire ou service"), required=False)
    availability = LineField(
        label=_("Vos disponibilités (facultatif)"),
        max_length=300,
        required=False,
        help_text=_("Par exemple « le mercredi après-midi ». Seule l'équipe de la démarche les voit."),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que l'équipe de la démarche me contacte par courriel à ce sujet. Je peux retirer mon accord "
            "à tout moment."
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("interview") or data.get("test")):
            self.add_error("interview", _("Choisissez un entretien, un test, ou les deux."))
        if not data.get("consent"):
            self.add_error(
                "consent", _("Cochez la case d'accord : l'équipe a besoin de votre accord pour vous contacter.")
            )
        return data
