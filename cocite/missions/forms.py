"""Forms of missions and events: French errors, bounded values, nothing that can crash a page."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField, SafeModelMultipleChoiceField, TextField
from cocite.demarches.models import Demarche
from cocite.network.models import Actor, Initiative
from cocite.territory.models import Department, Quartier

from .models import Mission, Skill
from .schedule import MAX_SLOTS, aware, weekly

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
FAR = datetime.date(2100, 1, 1)


class PlaceMixin(forms.Form):
    address = LineField(label=_("Adresse ou lieu"), max_length=200)
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Facultatif : le point sur la carte ; le quartier en est déduit."),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    accessibility = TextField(
        label=_("Accessibilité"),
        required=False,
        max_length=5000,
        help_text=_("Accès en fauteuil, toilettes adaptées, boucle magnétique, efforts demandés…"),
    )


class OrganiserMixin(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Au nom de l’acteur"),
        queryset=Actor.objects.none(),
        required=False,
        help_text=_("Un acteur du réseau dont vous êtes membre : il apparaît comme organisateur."),
        error_messages={"invalid_choice": _("Vous n'êtes pas membre de cet acteur.")},
    )
    department = forms.ModelChoiceField(
        label=_("Service organisateur"), queryset=Department.objects.none(), required=False
    )
    organisation_name = LineField(
        label=_("Organisation partenaire"),
        max_length=150,
        required=False,
        help_text=_("Une association ou un collectif qui organise, avec ou sans service de la commune."),
    )
    organisation_contact = LineField(
        label=_("Contact de l’organisation"),
        max_length=200,
        required=False,
        help_text=_("Vu seulement par les organisateurs : les habitants écrivent par la plateforme."),
    )

    def set_departments(self, departments: QuerySet[Department]) -> None:
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = departments

    def set_actors(self, actor_ids: Collection[int], *, agent: bool) -> None:
        """Offer only the actors the person is a member of (network.queries.actor_roles); none: no field.
        Someone who is not an agent publishes only in an actor's name: the actor is then required and the
        department and partner organisation are not offered."""
        field = self.fields["actor"]
        assert isinstance(field, forms.ModelChoiceField)
        if not actor_ids:
            del self.fields["actor"]
            return
        field.queryset = Actor.objects.filter(pk__in=list(actor_ids), masked_at__isnull=True).order_by("name")
        if not agent:
            field.required = True
            field.error_messages["required"] = _("Choisissez l’acteur au nom duquel vous publiez.")
            for name in ("department", "organisation_name", "organisation_contact"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organised = data.get("department") or data.get("actor") or (data.get("organisation_name") or "").strip()
        if not organised and "department" in self.fields and not self.has_error("actor"):
            self.add_error("department", _("Indiquez le service organisateur ou l’organisation partenaire."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Indiquez la latitude et la longitude, ou aucune."))
        return data


class WhenMixin(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Heure de début"), widget=TIME)
    end = forms.TimeField(label=_("Heure de fin"), widget=TIME)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("day")
        if day is not None and not datetime.date(2000, 1, 1) <= day < FAR:
            self.add_error("day", _("Choisissez une date à venir."))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("L’heure de fin doit suivre l’heure de début."))
        return data


class MissionForm(OrganiserMixin, PlaceMixin, WhenMixin):
    title = LineField(label=_("Titre"), min_length=5, max_length=140)
    what = TextField(label=_("Ce que vous ferez"), max_length=5000)
    why = TextField(label=_("Pourquoi cette mission"), max_length=5000)
    skills = SafeModelMultipleChoiceField(
        label=_("Compétences souhaitées"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(label=_("Places par créneau"), min_value=1, max_value=500, initial=5)
    minimum_age = forms.IntegerField(label=_("Âge minimum"), min_value=1, max_value=99, required=False)
    schedule = forms.ChoiceField(
        label=_("Calendrier"), choices=Mission.Schedule.choices, widget=forms.RadioSelect, initial=Mission.Schedule.ONCE
    )
    other_days = TextField(
        label=_("Autres dates (plusieurs créneaux)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une date par ligne, au format JJ/MM/AAAA, aux mêmes heures."),
    )
    until = forms.DateField(
        label=_("Jusqu’au (chaque semaine)"),
        required=False,
        widget=DATE,
        help_text=_("Le même jour de la semaine, aux mêmes heures, jusqu’à cette date (52 semaines au plus)."),
    )
    source = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1)
    decision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1)

    field_order = [
        "title", "what", "why", "actor", "department", "organisation_name", "organisation_contact",
        "address", "latitude", "longitude", "accessibility", "skills", "capacity", "minimum_age",
        "schedule", "day", "start", "end", "other_days", "until",
    ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day is None or start is None or end is None or end <= start:
            return data
        schedule = data.get("schedule")
        days = [day]
        if schedule == Mission.Schedule.SLOTS:
            for line in (data.get("other_days") or "").splitlines():
                text = line.strip()
                if not text:
                    continue
                try:
                    days.append(datetime.datetime.strptime(text, "%d/%m/%Y").date())
                except ValueError:
                    self.add_error("other_days", _("« %(line)s » n’est pas une date JJ/MM/AAAA.") % {"line": text[:20]})
                    return data
            days = sorted(set(days))
            if len(days) < 2:
                self.add_error("other_days", _("Indiquez au moins une autre date."))
            if len(days) > MAX_SLOTS:
                self.add_error("other_days", _("Au plus %(n)s créneaux par mission.") % {"n": MAX_SLOTS})
            if any(not datetime.date(2000, 1, 1) <= d < FAR for d in days):
                self.add_error("other_days", _("Choisissez des dates à venir."))
                return data
            data["slots"] = [(aware(d, start), aware(d, end)) for d in days]
        elif schedule == Mission.Schedule.WEEKLY:
            until = data.get("until")
            if until is None or until <= day or until >= FAR:
                self.add_error("until", _("Indiquez une date de fin après la première date."))
                return data
            data["slots"] = weekly(first_day=day, last_day=until, start=start, end=end)
        else:
            data["slots"] = [(aware(day, start), aware(day, end))]
        return data


class EventForm(OrganiserMixin, PlaceMixin, WhenMixin):
    title = LineField(label=_("Titre"), min_length=5, max_length=140)
    description = TextField(label=_("Description"), max_length=5000)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=5000, initial=30)
    demarche = forms.ModelChoiceField(
        label=_("Démarche (réunion publique)"), queryset=Demarche.objects.none(), required=False
    )

    initiative = forms.ModelChoiceField(
        label=_("Initiative (une rencontre de l’initiative)"),
        queryset=Initiative.objects.none(),
        required=False,
        help_text=_("Seules les initiatives que vous portez sont proposées."),
    )

    field_order = [
        "title", "description", "actor", "department", "organisation_name", "organisation_contact", "demarche",
        "initiative", "day", "start", "end", "capacity", "address", "latitude", "longitude", "accessibility",
    ]  # fmt: skip

    def set_demarches(self, demarches: QuerySet[Demarche]) -> None:
        field = self.fields["demarche"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = demarches

    def set_initiatives(self, initiatives: QuerySet[Initiative]) -> None:
        """Offer only the initiatives the person runs (network.queries.managed_initiatives); none: no field."""
        if not initiatives.exists():
            del self.fields["initiative"]
            return
        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = initiatives


class RegistrationForm(forms.Form):
    consent = forms.BooleanField(label=_("J’accepte que mes coordonnées soient transmises aux organisateurs"))
    age_confirmed = forms.BooleanField(label=_("Je confirme avoir l’âge minimum demandé"), required=False)


class ContactForm(forms.Form):
    body = TextField(
        label=_("Votre question aux organisateurs"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MessageForm(forms.Form):
    subject = LineField(label=_("Objet"), max_length=150)
    body = TextField(label=_("Message"), max_length=5000)
    include_waiting = forms.BooleanField(label=_("Aussi aux personnes en liste d’attente"), required=False)


class NotesForm(forms.Form):
    notes = TextField(label=_("Compte rendu"), max_length=20000)
    attendance_count = forms.IntegerField(
        label=_("Participants présents"), min_value=0, max_value=100000, required=False
    )


class FilterForm(forms.Form):
    quartier = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Quartier.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les quartiers"),
    )
    date = forms.DateField(label=_("À partir du"), required=False, widget=DATE)
    competence = forms.ModelChoiceField(
        label=_("Compétence"),
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les compétences"),
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        day = self.cleaned_data.get("date")
        return {
            "quartier": self.cleaned_data.get("quartier"),
            "since": day if day and datetime.date(2000, 1, 1) <= day < FAR else None,
            "skill": self.cleaned_data.get("competence"),
        }


def parse_hours(value: str) -> Decimal | None:
    """« 2,5 » or « 2.5 » hours; None when empty or unreadable (the action then takes the slot's length)."""
    text = (value or "").strip().replace(",", ".")
    if not text or len(text) > 6:
        return None
    try:
        hours = Decimal(text)
    except ArithmeticError:
        return None
    return hours if hours.is_finite() else None
