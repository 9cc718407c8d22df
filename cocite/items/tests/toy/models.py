from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Proposal(models.Model):
    """A toy resource: what a « projet du budget participatif » or a « signalement » could be."""

    title = models.CharField(max_length=200)
    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.CASCADE, related_name="+")
    themes = models.ManyToManyField("territory.Theme", blank=True, related_name="+")
    backers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    status = models.CharField(max_length=20, default="recue")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("toy:detail", kwargs={"pk": self.pk})
