"""Reports of problems in the public space (« Signalements »), their timeline and the Open311 API keys."""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cocite.core.counters import Counter
from cocite.core.models import TimeStampedModel

# The kind of a report's item (cocite/items): stored in Item.kind, never renamed once items exist.
RESOURCE_KIND = "signalement"


class Category(TimeStampedModel):
    """What can be reported, edited by the commune in the admin: who handles it and how fast."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Aussi le « service_code » de l'API Open311.")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        related_name="report_categories",
        verbose_name=_("service responsable"),
    )
    answer_delay_days = models.PositiveSmallIntegerField(
        _("délai de réponse (jours)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("catégorie de signalement")
        verbose_name_plural = _("catégories de signalement")

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    RECEIVED = "recu", pgettext_lazy("signalement", "Reçu")
    IN_PROGRESS = "pris_en_charge", pgettext_lazy("signalement", "Pris en charge")
    PLANNED = "planifie", pgettext_lazy("signalement", "Planifié")
    RESOLVED = "resolu", pgettext_lazy("signalement", "Résolu")
    REJECTED = "non_retenu", pgettext_lazy("signalement", "Non retenu")
    NOT_OURS = "hors_competence", _("Hors compétence")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.PLANNED)
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED, Status.NOT_OURS)


class Channel(models.TextChoices):
    ONLINE = "en_ligne", _("En ligne")
    DESK = "accueil", _("Accueil du public")
    PHONE = "telephone", _("Téléphone")
    EMAIL = "courriel", _("Courriel")
    PAPER = "papier", _("Papier")
    OPEN311 = "open311", _("Application (Open311)")


class Report(TimeStampedModel):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("catégorie")
    )
    # The queue it is in: the category's department, unless an agent reassigned it.
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, related_name="reports", verbose_name=_("service")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    description = models.TextField(_("description"), max_length=5000)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True, default="")
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("quartier"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("auteur·rice"),
    )
    # Filed at the front desk (or by phone…) on behalf of someone: the agent who typed it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_reports",
        verbose_name=_("saisi par"),
    )
    offline_author_name = models.CharField(_("nom de la personne (hors ligne)"), max_length=80, blank=True)
    # Filed on someone's behalf: where to tell them of each step (« tenu informé »). Never shown.
    contact_email = models.EmailField(_("courriel pour tenir la personne informée"), blank=True, default="")
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    planned_for = models.DateField(_("intervention prévue le"), null=True, blank=True)
    competent_body = models.CharField(_("organisme compétent"), max_length=200, blank=True)
    plus_one_count = models.PositiveIntegerField(_("« moi aussi »"), default=0)
    # The commitment: answered (first status after « reçu ») before due_at.
    due_at = models.DateTimeField(_("réponse attendue avant le"))
    answered_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)
    confirmation_asked_at = models.DateTimeField(_("confirmation demandée le"), null=True, blank=True)
    # A démarche it was carried into (« transformer en démarche »).
    demarche = models.ForeignKey(
        "demarches.Demarche",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("démarche"),
    )
    masked_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    masked_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="report_recent"),
            models.Index(fields=["department", "status"], name="report_queue"),
            models.Index(fields=["category", "status"], name="report_category_status"),
            models.Index(fields=["status", "resolved_at"], name="report_resolved"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="report_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=False) | ~Q(address=""), name="report_point_or_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} — {self.place_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return str(self)

    @property
    def place_label(self) -> str:
        if self.address:
            return self.address
        if self.latitude is not None:
            return f"{self.latitude:.5f}, {self.longitude:.5f}"
        return ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_masked(self) -> bool:
        return self.masked_at is not None

    @property
    def public_author_name(self) -> str:
        if self.author_id and self.author is not None:
            return self.author.display_name
        if self.offline_author_name:
            return self.offline_author_name
        return gettext("Anonyme")


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="reports/%Y/%m/", width_field="width", height_field="height")
    alt_text = models.CharField(_("description de l'image"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        """Served through a permission check, never from /media/ (views.photo)."""
        return reverse("reports:photo", kwargs={"pk": self.report_id, "photo_pk": self.pk, "name": self.file_name})

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.image.name or "")


class ReportFollower(models.Model):
    """A person told of each status; `plus_one`: « c'est le même problème » (counted once per person)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_follows")
    plus_one = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personne qui suit un signalement")
        verbose_name_plural = _("personnes qui suivent un signalement")
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="one_report_follow_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.report_id}"


class ReportEvent(models.Model):
    """The report's timeline: append-only (a correction is a new event)."""

    class Kind(models.TextChoices):
        SUBMITTED = "depose", _("Déposé")
        STATUS = "statut", _("Changement de statut")
        REASSIGNED = "reoriente", _("Réorienté vers un autre service")
        REOPENED = "rouvert", _("Rouvert : le problème n'est pas réglé")
        CONFIRMED = "confirme", _("Confirmé réglé par la personne")
        DEMARCHE = "demarche", _("Repris dans une démarche")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    message = models.TextField(_("message public"), max_length=2000, blank=True)
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("étape d'un signalement")
        verbose_name_plural = _("étapes d'un signalement")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("report events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ApiKey(models.Model):
    """An Open311 client's key: only its hash is stored; shown once, when made in the admin."""

    name = models.CharField(_("nom"), max_length=120)
    prefix = models.CharField(_("début de la clé"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
        help_text=_("Laisser vide pour un système de la commune (tous les services)."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("clé d'API Open311")
        verbose_name_plural = _("clés d'API Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


def counters() -> list[Counter]:
    """What `plus_one_count` counts (cocite.core.counters; `manage.py verify_counters`)."""
    return [
        Counter(
            model=Report, field="plus_one_count", counted=ReportFollower.objects.filter(plus_one=True), link="report"
        )
    ]
