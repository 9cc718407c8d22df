"""Exploration in the users' steps: field work, user journeys, findings, volunteers.

Written by the team running a démarche (its managing department's agents, its team, administrators:
permissions.py) during its « Exploration » phase; residents see the published findings.
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel


class FieldNote(TimeStampedModel):
    """One piece of field work: an observation, an interview or an immersion (« vis ma vie »)."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        INTERVIEW = "entretien", _("Entretien")
        IMMERSION = "immersion", _("Immersion (« vis ma vie »)")

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="field_notes", verbose_name=_("démarche")
    )
    kind = models.CharField(_("type de travail de terrain"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=160)
    happened_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200)
    participants_count = models.PositiveSmallIntegerField(
        _("nombre de personnes rencontrées"), validators=[MaxValueValidator(500)]
    )
    participant_profiles = models.CharField(
        _("profils des personnes"),
        max_length=500,
        help_text=_("Par exemple « deux parents, une assistante maternelle ». Pas de noms."),
    )
    # Names only when the people agreed (names_consent), never otherwise (a database constraint).
    named_participants = models.CharField(_("noms des personnes (avec leur accord)"), max_length=300, blank=True)
    names_consent = models.BooleanField(_("les personnes nommées ont donné leur accord"), default=False)
    notes = models.TextField(_("notes"), max_length=20000)
    learned = models.TextField(_("ce que nous avons appris"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("rédigé par")
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("note de terrain")
        verbose_name_plural = _("notes de terrain")
        indexes = [models.Index(fields=["demarche", "-happened_on", "-id"], name="fieldnote_demarche")]
        constraints = [
            models.CheckConstraint(
                condition=Q(named_participants="") | Q(names_consent=True), name="fieldnote_names_need_consent"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exploration:field_note", kwargs={"pk": self.pk})


class FieldNotePhoto(models.Model):
    """A photo of the field work, recorded only with the consent of the people on it."""

    note = models.ForeignKey(FieldNote, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="exploration/%Y/%m/", width_field="width", height_field="height")
    alt_text = models.CharField(_("description de la photo"), max_length=250)
    consent = models.BooleanField(_("les personnes visibles ont donné leur accord"))
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo de terrain")
        verbose_name_plural = _("photos de terrain")
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="fieldphoto_consent")]

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        """Served through a permission check, never from /media/ (views.photo)."""
        return reverse("exploration:photo", kwargs={"pk": self.pk, "name": self.file_name})

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.image.name or "")


class Journey(TimeStampedModel):
    """A user journey: the steps of a persona or a real case through a service."""

    class Case(models.TextChoices):
        PERSONA = "persona", _("Persona")
        REAL = "cas_reel", _("Cas réel")

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="journeys", verbose_name=_("démarche")
    )
    title = models.CharField(_("titre du parcours"), max_length=160)
    case = models.CharField(_("persona ou cas réel"), max_length=20, choices=Case.choices)
    who = models.CharField(
        _("qui fait ce parcours"),
        max_length=300,
        help_text=_("Par exemple « Mère seule, deux enfants, travaille en horaires décalés ». Pas de nom."),
    )
    goal = models.CharField(_("ce que la personne cherche à faire"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("rédigé par")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("parcours usager")
        verbose_name_plural = _("parcours usagers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exploration:journey", kwargs={"pk": self.pk})


class JourneyStep(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "en_ligne", _("En ligne")
        PHONE = "telephone", _("Téléphone")
        DESK = "guichet", pgettext_lazy("canal", "Guichet")
        MAIL = "courrier", pgettext_lazy("canal", "Courrier")
        EMAIL = "courriel", _("Courriel")
        ON_SITE = "sur_place", pgettext_lazy("canal", "Sur place")
        OTHER = "autre", _("Autre")

    class Feeling(models.TextChoices):
        VERY_BAD = "tres_negatif", _("Très mal vécu")
        BAD = "negatif", _("Mal vécu")
        NEUTRAL = "neutre", _("Neutre")
        GOOD = "positif", _("Bien vécu")
        VERY_GOOD = "tres_positif", _("Très bien vécu")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(pgettext_lazy("parcours", "étape"), max_length=160)
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    minutes = models.PositiveIntegerField(
        _("temps passé (minutes)"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    feeling = models.CharField(_("ressenti"), max_length=20, choices=Feeling.choices)
    notes = models.TextField(_("ce qui se passe"), max_length=3000, blank=True)

    class Meta:
        ordering = ["journey", "position"]
        verbose_name = _("étape du parcours")
        verbose_name_plural = _("étapes du parcours")
        constraints = [models.UniqueConstraint(fields=["journey", "position"], name="unique_step_position")]

    def __str__(self) -> str:
        return self.title


class Irritant(models.Model):
    """What goes wrong at a step; linked to the contributions that raised it, or to the one made from it."""

    step = models.ForeignKey(JourneyStep, on_delete=models.CASCADE, related_name="irritants")
    text = models.CharField(_("irritant"), max_length=500)
    raised_in = models.ManyToManyField(
        "contributions.Contribution", blank=True, related_name="+", verbose_name=_("contributions qui le signalent")
    )
    # The contribution created from this irritant (« créer une contribution »), at most one.
    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_irritant",
        verbose_name=_("contribution créée"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("irritant")
        verbose_name_plural = _("irritants")

    def __str__(self) -> str:
        return self.text


class Finding(TimeStampedModel):
    """What the exploration found, with its sources; published findings are public, and decisions cite them."""

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="findings", verbose_name=_("démarche")
    )
    title = models.CharField(_("constat"), max_length=200)
    summary = models.TextField(_("ce que nous avons constaté"), max_length=5000)
    published = models.BooleanField(_("publié"), default=False)
    field_notes = models.ManyToManyField(FieldNote, blank=True, related_name="findings", verbose_name=_("notes"))
    journeys = models.ManyToManyField(Journey, blank=True, related_name="findings", verbose_name=_("parcours"))
    contributions = models.ManyToManyField(
        "contributions.Contribution", blank=True, related_name="+", verbose_name=_("contributions")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("rédigé par")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("constat")
        verbose_name_plural = _("constats")
        indexes = [models.Index(fields=["demarche", "published"], name="finding_demarche")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exploration:findings", kwargs={"slug": self.demarche.slug}) + f"#constat-{self.pk}"


class Volunteer(models.Model):
    """A person who offers to be interviewed or to test a new form, with their consent to be contacted."""

    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.CASCADE, related_name="exploration_volunteers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    interview = models.BooleanField(_("un entretien"), default=False)
    test = models.BooleanField(_("tester un nouveau formulaire ou service"), default=False)
    availability = models.CharField(_("vos disponibilités (facultatif)"), max_length=300, blank=True)
    consented_at = models.DateTimeField(_("accord donné le"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("volontaire")
        verbose_name_plural = _("volontaires")
        constraints = [
            models.UniqueConstraint(fields=["demarche", "person"], name="one_volunteer_per_person"),
            models.CheckConstraint(condition=Q(interview=True) | Q(test=True), name="volunteer_for_something"),
        ]

    def __str__(self) -> str:
        return f"{self.demarche_id} ← {self.person_id}"
