"""Accountability ("droit de suite"): results of decisions, milestones, updates, and the citizen check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel


class Result(TimeStampedModel):
    """A decided action, followed publicly until it is done (and reopened if people say it is not)."""

    class Status(models.TextChoices):
        PLANNED = "prevu", _("Prévu")
        IN_PROGRESS = "en_cours", pgettext_lazy("résultat", "En cours")
        DONE = "realise", _("Réalisé")
        REOPENED = "rouvert", _("Suivi rouvert")

    title = models.CharField(_("titre"), max_length=200, validators=[MinLengthValidator(10)])
    description = models.TextField(_("description"), max_length=10000)
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, related_name="results", verbose_name=_("service responsable")
    )
    demarche = models.ForeignKey(
        "demarches.Demarche",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("démarche"),
    )
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    decisions: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "decisions.Decision", related_name="results", verbose_name=_("décisions")
    )
    items: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "items.Item", related_name="results", blank=True, verbose_name=_("éléments à l'origine")
    )
    done_at = models.DateTimeField(_("réalisé le"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("rouvert le"), null=True, blank=True)
    # How many times the result was declared done: each time, people are asked again.
    round = models.PositiveIntegerField(_("vérification n°"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="result_status"),
            models.Index(fields=["department", "status"], name="result_department"),
            models.Index(fields=["demarche", "status"], name="result_demarche"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100), name="result_progress_percent"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="result_budget_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("results:detail", kwargs={"pk": self.pk})


class Milestone(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(pgettext_lazy("résultat", "étape"), max_length=200)
    due_on = models.DateField(_("date prévue"))
    done = models.BooleanField(_("franchie"), default=False)
    done_on = models.DateField(_("franchie le"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = pgettext_lazy("résultat", "étape")
        verbose_name_plural = _("étapes")

    def __str__(self) -> str:
        return self.title


class ResultUpdate(models.Model):
    """The public history of a result: creation, progress, milestones, done, reopened, notes."""

    class Kind(models.TextChoices):
        CREATED = "creation", _("Création du suivi")
        PROGRESS = "avancement", _("Avancement")
        MILESTONE = "etape", _("Étape")
        DONE = "realise", _("Déclaré réalisé")
        REOPENED = "rouvert", _("Suivi rouvert")

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), null=True, blank=True)
    note = models.TextField(_("note publique"), max_length=5000, blank=True)
    # For an automatic reopening: how many said "not done" against which threshold.
    no_count = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.PositiveIntegerField(null=True, blank=True)
    # The verification round it closes (a reopening is logged per round: ledger subject key).
    round = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("point d'étape")
        verbose_name_plural = _("points d'étape")

    def __str__(self) -> str:
        return f"{self.result_id} {self.kind}"


class CompletionCheck(models.Model):
    """A concerned person's answer to "Est-ce bien réalisé ?", once per person and per round."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="checks")
    # PROTECT: the "not done" tally that reopens a follow-up counts these rows (removing a
    # person anonymises them and keeps their answer; see contributions.Support.user).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveIntegerField()
    done = models.BooleanField(_("réalisé"))
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("vérification citoyenne")
        verbose_name_plural = _("vérifications citoyennes")
        constraints = [
            models.UniqueConstraint(fields=["result", "user", "round"], name="one_check_per_person_and_round"),
        ]
        indexes = [models.Index(fields=["result", "round", "done"], name="check_tally")]

    def __str__(self) -> str:
        return f"{self.result_id} {self.user_id} {self.done}"
