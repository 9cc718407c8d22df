from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocite.accounts.pseudonyms import alias
from cocite.core.counters import Counter
from cocite.core.models import TimeStampedModel, kept_or_related
from cocite.items.models import ItemStatus
from cocite.moderation.reasons import PENDING
from cocite.territory.models import Theme


class Contribution(TimeStampedModel):
    """A problem (irritant), an idea or a question submitted to a démarche."""

    class Kind(models.TextChoices):
        PROBLEM = "probleme", _("Problème")
        IDEA = "idee", _("Idée")
        QUESTION = "question", _("Question")

    class Channel(models.TextChoices):
        ONLINE = "en_ligne", _("En ligne")
        PAPER = "papier", _("Papier")
        MEETING = "reunion", _("Réunion")
        PHONE = "telephone", _("Téléphone")
        EMAIL = "courriel", _("Courriel")
        DESK = "accueil", _("Accueil du public")
        # Seen or heard during the exploration's field work, entered by the team (contribution_record_observed).
        FIELD = "terrain", _("Travail de terrain")

    # The arbitration statuses are the machinery's (cocite.items): a contribution mirrors its item's.
    Status = ItemStatus

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="contributions", verbose_name=_("démarche")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=140, validators=[MinLengthValidator(10)])
    body = models.TextField(_("description"), max_length=10000)
    themes = models.ManyToManyField(
        "territory.Theme", blank=True, related_name="contributions", verbose_name=_("thèmes")
    )
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("quartier"),
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    # The point's address, found by reverse geocoding at submission (empty: no point, or the
    # geocoder did not answer — the submission never waits on it to succeed).
    # db_default: rows written without the column (older code, a migration test's historical models) read "".
    address = models.CharField(_("adresse"), max_length=250, blank=True, default="", db_default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("auteur·rice"),
    )
    # Offline contributions: the person's name as they gave it (empty = anonymous).
    offline_author_name = models.CharField(_("nom de la personne (hors ligne)"), max_length=80, blank=True)
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_contributions",
        verbose_name=_("saisie par"),
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Set with the status "fusionnée": the contribution this one was merged into (its page leads
    # there). Who merged it and what was carried over is traced by the analysis app's MergeRecord.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fusionnée dans"),
    )
    rule_version = models.ForeignKey(
        "demarches.RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("règles en vigueur"),
    )
    # Counters shown on lists, maintained in the same transaction as the writes.
    support_count = models.PositiveIntegerField(_("soutiens"), default=0)
    comment_count = models.PositiveIntegerField(_("commentaires"), default=0)
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    # Moderation hooks (cocite/moderation sets them through contributions/moderation.py): a hidden
    # contribution keeps its page, as a tombstone with the reason; lists, counts and search leave it out.
    masked_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    masked_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            # Keyset pagination for each sort of the list page.
            models.Index(fields=["demarche", "-created_at", "-id"], name="contrib_recent"),
            models.Index(fields=["demarche", "-support_count", "-id"], name="contrib_supported"),
            models.Index(fields=["demarche", "-comment_count", "-id"], name="contrib_debated"),
            models.Index(fields=["demarche", "kind"], name="contrib_kind"),
            models.Index(fields=["demarche", "status"], name="contrib_status"),
            models.Index(fields=["demarche", "quartier"], name="contrib_quartier"),
            models.Index(fields=["demarche", "channel"], name="contrib_channel"),
            # The démarche pages' and home page's counts (queries.listed_contributions): an
            # index-only scan, 60 → 13 ms for a démarche of 50,000 contributions on PostgreSQL.
            models.Index(
                fields=["demarche", "id"],
                condition=Q(masked_at__isnull=True) & ~Q(status="retiree"),
                name="contrib_listed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="contribution_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(masked_at__isnull=True, masked_reason="")
                | (Q(masked_at__isnull=False) & ~Q(masked_reason="")),
                name="contribution_masked_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contributions:detail", kwargs={"pk": self.pk})

    # The page's read (contributions.queries: `Prefetch(to_attr=…)` through the ORM, plain SQL on
    # PostgreSQL) keeps the themes and images in these attributes; the two methods below read them there.
    READ_THEMES = "read_themes"
    READ_IMAGES = "read_images"

    def shown_themes(self) -> list[Theme]:
        """The themes by name: those read with the contribution, else `themes` (prefetched or queried)."""
        return kept_or_related(self, self.READ_THEMES, self.themes)

    def shown_images(self) -> list[ContributionImage]:
        """The images in the order they were added: those read with the contribution, else `images`."""
        return kept_or_related(self, self.READ_IMAGES, self.images)

    @property
    def is_masked(self) -> bool:
        return self.masked_at is not None

    @property
    def is_pending(self) -> bool:
        """Saved but not public until a moderator approves it (pre-moderation or the word list)."""
        return self.masked_at is not None and self.masked_reason == PENDING

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def public_author_name(self) -> str:
        if self.author_id and self.author is not None:
            if self.demarche.pseudonymous:  # an internal démarche: an alias of this démarche only
                return alias(self.demarche_id, self.author_id)
            return self.author.display_name
        if self.offline_author_name:
            return self.offline_author_name
        return gettext("Anonyme")


class ContributionRevision(models.Model):
    """The text before each edit, so "modifiée" can show what changed."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=140)
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("version précédente")
        verbose_name_plural = _("versions précédentes")

    def __str__(self) -> str:
        return f"{self.contribution_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class ContributionImage(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="contributions/%Y/%m/", width_field="width", height_field="height")
    alt_text = models.CharField(_("description de l'image"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moderation hooks (contributions/moderation.py): a hidden image leaves a tombstone on its
    # contribution's page and its file is served to moderators only.
    masked_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    masked_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True, default="", db_default="")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(masked_at__isnull=True, masked_reason="")
                | (Q(masked_at__isnull=False) & ~Q(masked_reason="")),
                name="contribution_image_masked_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        """Served through a permission check, never from /media/ (views.image)."""
        return reverse(
            "contributions:image",
            kwargs={"pk": self.contribution_id, "image_pk": self.pk, "name": self.file_name},
        )

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.image.name or "")

    @property
    def is_masked(self) -> bool:
        return self.masked_at is not None


class Support(models.Model):
    """One support per person per contribution, enforced by the database."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supports")
    # PROTECT: `support_count` counts these rows. A person is removed by anonymisation
    # (accounts.actions.account_anonymise), which keeps their supports counted; deleting the
    # user row directly fails instead of silently leaving the counter wrong.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [models.UniqueConstraint(fields=["contribution", "user"], name="one_support_per_person")]
        indexes = [models.Index(fields=["user", "contribution"], name="support_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.contribution_id}"


def counters() -> list[Counter]:
    """What `support_count` counts (cocite.core.counters; `manage.py verify_counters`)."""
    return [Counter(model=Contribution, field="support_count", counted=Support.objects.all(), link="contribution")]


class PendingImage(models.Model):
    """An image uploaded with a contribution form that came back with errors, kept for its author.

    The form carries its `token` in a hidden field, so the person does not choose the file again;
    it is bound to the person (another's token finds nothing), deleted once the contribution is
    published, when removed or replaced, and after a day (`manage.py purge_pending_images`, daily).
    The file is the cleaned copy (re-encoded, metadata stripped), never the raw upload.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    image = models.FileField(upload_to="pending/%Y/%m/")
    original_name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("image en attente")
        verbose_name_plural = _("images en attente")

    def __str__(self) -> str:
        return self.original_name
