from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocite.core.models import TimeStampedModel

from .geo import normalise_boundary, validate_boundary
from .validators import validate_insee_code, validate_siren, validate_theme_colour


class Organisation(TimeStampedModel):
    """The local authority running this platform (one per installation)."""

    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=80, blank=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True, validators=[validate_insee_code])
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    logo = models.ImageField(_("logo"), upload_to="organisation/", blank=True)
    primary_color = models.CharField(
        _("couleur principale"), max_length=7, default="#1d4e89", validators=[validate_theme_colour]
    )
    secondary_color = models.CharField(
        _("couleur secondaire"), max_length=7, default="#7a3b00", validators=[validate_theme_colour]
    )
    address = models.TextField(_("adresse postale"), blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    accessibility_contact_email = models.EmailField(_("courriel du référent accessibilité"), blank=True)
    dpo_email = models.EmailField(_("courriel du délégué à la protection des données"), blank=True)
    publication_director = models.CharField(_("directeur·rice de la publication"), max_length=200, blank=True)
    host_description = models.TextField(_("hébergeur"), blank=True)

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")

    def __str__(self) -> str:
        return self.name


class Theme(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self) -> str:
        return self.name


class Quartier(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    population = models.PositiveIntegerField(
        _("population"), validators=[MinValueValidator(0)], help_text=_("Habitants (recensement INSEE).")
    )
    boundary = models.JSONField(
        _("contour (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Géométrie GeoJSON de type Polygon ou MultiPolygon, en longitude/latitude (WGS 84)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.boundary is not None:
            try:
                validate_boundary(self.boundary)
            except ValidationError as error:
                raise ValidationError({"boundary": error.messages}) from error
            self.boundary = normalise_boundary(self.boundary)


class Department(TimeStampedModel):
    """A department of the authority ("service"), competent for some themes."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    public_email = models.EmailField(_("courriel public"), blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="departments", blank=True, verbose_name=_("thèmes de compétence")
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="DepartmentMembership",
        related_name="departments",
        blank=True,
        verbose_name=_("membres"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class DepartmentMembership(TimeStampedModel):
    class Role(models.TextChoices):
        AGENT = "agent", _("Agent·e")
        MANAGER = "manager", _("Responsable")

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("service")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="department_memberships",
        verbose_name=_("personne"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.AGENT)
    job_title = models.CharField(
        _("fonction affichée"), max_length=150, blank=True, help_text=_("Par exemple « Chargée de mission voirie ».")
    )

    class Meta:
        verbose_name = _("appartenance à un service")
        verbose_name_plural = _("appartenances à un service")
        constraints = [
            models.UniqueConstraint(fields=["department", "user"], name="unique_department_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.department}"
