from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import NotificationKind
from .rendering import notification_text


class Follow(models.Model):
    """A person follows a contribution, a démarche, a quartier or a theme (see `targets.py`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("personne")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("suivi depuis le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="one_follow_per_target"),
        ]
        indexes = [
            # Fan-out: who follows this target?
            models.Index(fields=["content_type", "object_id"], name="follow_target"),
            # "Mes abonnements", most recent first.
            models.Index(fields=["user", "-created_at", "-id"], name="follow_by_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Notification(models.Model):
    """One event for one person. The sentence is rendered at display time, so it follows the language."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur·rice de l'action"),
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # The démarche the event belongs to: digests group by it.
    demarche = models.ForeignKey(
        "demarches.Demarche",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("démarche"),
    )
    # What the sentence needs (titles, names, status codes), snapshotted at the event.
    payload = models.JSONField(_("données"), default=dict, blank=True)
    url = models.CharField(_("lien"), max_length=500)
    # One notification per person per event, whatever the number of paths leading to them.
    event_key = models.CharField(_("événement"), max_length=120)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # Set when an email (immediate or digest) was claimed for it; never sent twice.
    emailed_at = models.DateTimeField(_("envoyée par courriel le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # event_key first: the fan-out's immediate mails look rows up by event.
            models.UniqueConstraint(fields=["event_key", "recipient"], name="one_notification_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient"], condition=Q(emailed_at__isnull=True), name="notification_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", kwargs={"pk": self.pk})

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        return notification_text(self)


class NotificationPreference(models.Model):
    """How often a person wants emails. No row means the default: a daily digest."""

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("À chaque nouvelle, immédiatement")
        DAILY = "daily", _("Un résumé par jour")
        WEEKLY = "weekly", _("Un résumé par semaine")
        NEVER = "never", _("Jamais")

    DEFAULT = EmailFrequency.DAILY

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
        verbose_name=_("personne"),
    )
    email_frequency = models.CharField(
        _("courriels"), max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.DAILY
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        indexes = [models.Index(fields=["email_frequency"], name="notification_pref_frequency")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_frequency}"


class PhaseAnnouncement(models.Model):
    """A démarche's phase that followers were told about: `notify_phase_changes` announces each once."""

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="+", verbose_name=_("démarche")
    )
    phase = models.ForeignKey("demarches.Phase", on_delete=models.CASCADE, related_name="+", verbose_name=_("phase"))
    announced_at = models.DateTimeField(_("annoncée le"), default=timezone.now)
    # False when recorded without notifying (a phase that began long before the first run).
    notified = models.BooleanField(_("abonné·es prévenu·es"), default=True)

    class Meta:
        verbose_name = _("annonce de phase")
        verbose_name_plural = _("annonces de phase")
        constraints = [models.UniqueConstraint(fields=["demarche", "phase"], name="one_announcement_per_phase")]

    def __str__(self) -> str:
        return f"{self.demarche_id}:{self.phase_id}"
