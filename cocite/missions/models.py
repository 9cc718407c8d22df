"""Volunteering missions and events (« rencontres »), with one registration mechanism for both.

A `Mission` has one or more `Slot`s (one date, several dates, or a weekly recurrence turned into
dates when it is published); an `Event` has exactly one. People register for a slot: confirmed
while there is room, on the waiting list otherwise, promoted in order when a confirmed person
cancels. The slot's `confirmed_count` moves in the same transaction as the registration, under the
slot's row lock (actions.py).

Both are organised by a department of the commune or by a named organisation (an association, a
collective; its contact is kept for the organisers), or both (a check constraint wants one); agents
publish them (administrators too) and run them with the department's other agents.
A nullable `actor` (the network's profiles, cocite/network) says a member published it in the
actor's name: missions sit above the network (they import its membership rule, the network never
imports missions; the actor's page lists them through `{% actor_activities %}`).
`Organised.organiser_name` is the one place that says who organises.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocite.core.counters import Counter
from cocite.core.models import TimeStampedModel

# Who organises, when the actor it was published in the name of is hidden by the moderation.
HIDDEN_ACTOR_LABEL = _("un acteur du territoire")
ORGANISED_BY_SOMEONE = Q(department__isnull=False) | ~Q(organisation_name="") | Q(actor__isnull=False)


class Skill(models.Model):
    """A skill a mission may want (« bricolage », « accueil du public »): the commune's list."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")

    def __str__(self) -> str:
        return self.name


class ActivityStatus(models.TextChoices):
    PUBLISHED = "publiee", _("Publiée")
    CANCELLED = "annulee", _("Annulée")


class Organised(TimeStampedModel):
    """What missions and events share: who organises, where, accessibility, moderation state."""

    title = models.CharField(_("titre"), max_length=140)
    status = models.CharField(
        _("statut"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PUBLISHED
    )
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service organisateur"),
    )
    organisation_name = models.CharField(
        _("organisation partenaire"),
        max_length=150,
        blank=True,
        help_text=_("Une association ou un collectif qui organise, avec ou sans service de la commune."),
    )
    # In the name of an actor of the network, published by one of its members (PROTECT: the organiser
    # of record; an actor with missions or events is not deleted, as one carrying initiatives).
    actor = models.ForeignKey(
        "network.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("au nom de l’acteur"),
    )
    organisation_contact = models.CharField(
        _("contact de l’organisation"),
        max_length=200,
        blank=True,
        help_text=_("Vu seulement par les organisateurs : les habitants écrivent par la plateforme."),
    )
    address = models.CharField(_("adresse ou lieu"), max_length=200)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier"),
    )
    accessibility = models.TextField(_("accessibilité"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiée par"),
    )
    # Moderation (cocite/moderation/registry.py): hidden from every list and page but the moderators'.
    masked_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    masked_reason = models.CharField(_("motif du masquage"), max_length=40, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def shown_actor(self) -> Any:
        """The actor it was published in the name of, unless the moderation hid the actor (lists select
        the actor with the row): a hidden actor's name is shown nowhere."""
        actor = self.actor if self.actor_id is not None else None
        return actor if actor is not None and actor.masked_at is None else None

    @property
    def organiser_name(self) -> str:
        """Who organises, as shown: the actor, else the partner organisation, else the department; for a
        hidden actor with neither, a neutral label."""
        actor = self.shown_actor
        if actor is not None:
            return str(actor.name)
        if self.organisation_name:
            return self.organisation_name
        if self.department_id is not None and self.department is not None:
            return self.department.name
        return str(HIDDEN_ACTOR_LABEL) if self.actor_id is not None else ""

    @property
    def department_too(self) -> bool:
        """Whether « avec le service … » completes the organiser's name (the department is not that name)."""
        return self.department_id is not None and (self.shown_actor is not None or bool(self.organisation_name))

    @property
    def is_masked(self) -> bool:
        return self.masked_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED


class Mission(Organised):
    class Schedule(models.TextChoices):
        ONCE = "date", _("Une date")
        SLOTS = "creneaux", _("Plusieurs créneaux")
        WEEKLY = "hebdomadaire", _("Chaque semaine")

    what = models.TextField(_("ce que vous ferez"))
    why = models.TextField(_("pourquoi"))
    schedule = models.CharField(_("calendrier"), max_length=14, choices=Schedule.choices, default=Schedule.ONCE)
    skills = models.ManyToManyField(Skill, blank=True, related_name="missions", verbose_name=_("compétences"))
    capacity = models.PositiveSmallIntegerField(_("places par créneau"))
    minimum_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    source_item = models.ForeignKey(
        "items.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contribution d’origine"),
    )
    source_decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décision d’origine"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mission bénévole")
        verbose_name_plural = _("missions bénévoles")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mission_capacity_positive"),
            models.CheckConstraint(condition=ORGANISED_BY_SOMEONE, name="mission_has_an_organiser"),
        ]
        indexes = [models.Index(fields=["status", "quartier"], name="mission_status_quartier")]

    def get_absolute_url(self) -> str:
        return reverse("missions:detail", kwargs={"pk": self.pk})


class Event(Organised):
    description = models.TextField(_("description"))
    demarche = models.ForeignKey(
        "demarches.Demarche",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("démarche"),
        help_text=_("Une réunion publique de cette démarche (facultatif)."),
    )
    # A meeting of an initiative of the network, attached by one of those who run it (its holders).
    initiative = models.ForeignKey(
        "network.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
        help_text=_("Une rencontre de cette initiative (facultatif)."),
    )
    # Published after the event: its notes and how many people came.
    notes = models.TextField(_("compte rendu"), blank=True)
    attendance_count = models.PositiveIntegerField(_("participants présents"), null=True, blank=True)
    notes_published_at = models.DateTimeField(_("compte rendu publié le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        constraints = [models.CheckConstraint(condition=ORGANISED_BY_SOMEONE, name="event_has_an_organiser")]

    def get_absolute_url(self) -> str:
        return reverse("missions:event", kwargs={"pk": self.pk})


class Slot(models.Model):
    """A time one may register for: a mission's date or the event's; capacity and confirmed count."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, null=True, blank=True, related_name="slots")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="slot")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    confirmed_count = models.PositiveIntegerField(_("inscrits confirmés"), default=0)
    attendance_confirmed_at = models.DateTimeField(_("présences confirmées le"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        constraints = [
            models.CheckConstraint(
                condition=(Q(mission__isnull=False) & Q(event__isnull=True))
                | (Q(mission__isnull=True) & Q(event__isnull=False)),
                name="slot_of_a_mission_or_an_event",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_positive"),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=models.F("capacity")), name="slot_not_over_capacity"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="slot_starts_at")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def activity(self) -> Mission | Event:
        activity = self.mission if self.mission_id else self.event
        assert activity is not None
        return activity


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmee", _("Confirmée")
        WAITING = "attente", _("Sur liste d’attente")
        CANCELLED = "annulee", _("Annulée")

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("inscrit·e le"))
    # The waiting list's order: when the person joined it (then the id).
    waiting_since = models.DateTimeField(_("en attente depuis"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("passé·e de l’attente à confirmé·e le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # The text the person accepted when registering (exported with the sign-ups).
    consent_text = models.TextField(_("consentement accepté"))
    attended = models.BooleanField(_("présent·e"), null=True, blank=True)
    hours = models.DecimalField(_("heures"), max_digits=5, decimal_places=2, null=True, blank=True)
    attendance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(status__in=["confirmee", "attente"]),
                name="one_active_registration_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | (Q(hours__gte=0) & Q(hours__lte=24)), name="registration_hours_range"
            ),
        ]
        indexes = [
            models.Index(fields=["slot", "status", "waiting_since"], name="registration_slot_status"),
            models.Index(fields=["person", "status"], name="registration_person_status"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.slot_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITING)


class Message(models.Model):
    """An organiser's message to the people registered for a mission or an event (sent by mail)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("message"))
    include_waiting = models.BooleanField(_("aussi aux personnes en liste d’attente"), default=False)
    created_at = models.DateTimeField(_("écrit le"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("destinataires"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message aux inscrits")
        verbose_name_plural = _("messages aux inscrits")
        constraints = [
            models.CheckConstraint(
                condition=(Q(mission__isnull=False) & Q(event__isnull=True))
                | (Q(mission__isnull=True) & Q(event__isnull=False)),
                name="message_about_a_mission_or_an_event",
            )
        ]

    def __str__(self) -> str:
        return self.subject


def counters() -> list[Counter]:
    """What `confirmed_count` counts (cocite.core.counters; `manage.py verify_counters`)."""
    confirmed = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    return [Counter(model=Slot, field="confirmed_count", counted=confirmed, link="slot")]
