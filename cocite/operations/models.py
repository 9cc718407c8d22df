"""What the scheduler did: one row per run of a scheduled command (`manage.py scheduler`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScheduledRun(models.Model):
    """A scheduled command's run for one of its times (`slot`).

    The unique (job, slot) pair is the claim: whichever scheduler inserts it first runs the
    command, every other one finds it taken — so two nodes never run the same job twice.
    """

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("exécution planifiée", "en cours")
        SUCCEEDED = "succeeded", _("réussie")
        FAILED = "failed", _("en échec")

    job = models.CharField(_("commande"), max_length=64)
    slot = models.DateTimeField(_("heure prévue"))
    node = models.CharField(_("processus"), max_length=255)
    started_at = models.DateTimeField(_("commencée le"))
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    output = models.TextField(_("sortie"), blank=True)

    class Meta:
        verbose_name = _("exécution planifiée")
        verbose_name_plural = _("exécutions planifiées")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="unique_scheduled_run_per_slot")]
        indexes = [models.Index(fields=["job", "-slot"], name="scheduled_run_job_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
