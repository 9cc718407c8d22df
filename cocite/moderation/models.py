"""Flags (« Signaler »), the append-only log of moderation actions, appeals and sanctions.

Objects are named by their registered kind and number (registry.py), never by a foreign key
to another app: the moderation app never imports what it moderates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .normalize import normalize
from .reasons import Reason


class Flag(models.Model):
    """One person's « Signaler » on one object; its author is never told who flagged it."""

    class State(models.TextChoices):
        OPEN = "ouvert", _("À examiner")
        KEPT = "conserve", _("Conservé")
        HIDDEN = "masque", _("Masqué")

    kind = models.CharField(_("type d’objet"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("numéro"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("signalé par")
    )
    reason = models.CharField(_("motif"), max_length=30, choices=Reason.choices)
    text = models.TextField(_("précisions"), max_length=1000, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "reporter"], name="one_flag_per_person"),
            models.CheckConstraint(condition=~Q(reason="autre_motif") | ~Q(text=""), name="flag_other_has_text"),
        ]
        indexes = [
            models.Index(fields=["state", "kind", "object_id"], name="flag_queue"),
            models.Index(fields=["created_at"], name="flag_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} ({self.reason})"


class AppendOnly(models.Model):
    """Rows written once: the ORM refuses to update or delete them."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{self._meta.label} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"{self._meta.label} is append-only")


class ModerationAction(AppendOnly):
    """Who did what, when and why: every moderation decision, appended, never changed."""

    class Kind(models.TextChoices):
        KEEP = "action_conserver", _("Conservé (signalements écartés)")
        HIDE = "action_masquer", _("Masqué")
        RESTORE = "action_retablir", _("Rétabli")
        REDACT = "action_caviarder", _("Données personnelles retirées")
        WARN = "action_avertir", _("Avertissement")
        SUSPEND = "action_suspendre", _("Suspension")
        BAN = "action_bannir", _("Exclusion")
        APPEAL_KEPT = "recours_rejete", _("Recours rejeté (reste masqué)")
        APPEAL_RESTORED = "recours_accepte", _("Recours accepté (rétabli)")
        APPROVE = "action_valider", _("Validé (publié)")
        REFUSE = "action_refuser", _("Refusé avant publication")
        LIFT = "action_lever", _("Sanction levée")

    action = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    kind = models.CharField(_("type d’objet"), max_length=40, blank=True)
    object_id = models.PositiveBigIntegerField(_("numéro"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("modérateur·rice")
    )
    # The author of the object, or the person sanctioned.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne concernée"),
    )
    reason = models.CharField(_("motif"), max_length=30, choices=Reason.choices, blank=True)
    note = models.TextField(_("explication"), max_length=2000, blank=True)
    # A redaction: the text before it, for moderators only.
    original = models.JSONField(_("texte d’origine"), default=dict, blank=True)
    # When the object was first flagged (the delay of the decision, in the public report).
    first_flagged_at = models.DateTimeField(_("premier signalement"), null=True, blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de la modération")
        indexes = [
            models.Index(fields=["kind", "object_id"], name="modaction_object"),
            models.Index(fields=["subject", "action"], name="modaction_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.kind}:{self.object_id}"


class Appeal(models.Model):
    """The author contests a hide, once per object; another moderator decides."""

    class Outcome(models.TextChoices):
        PENDING = "en_attente", pgettext_lazy("recours", "En attente")
        KEPT = "recours_maintenu", _("Masquage maintenu")
        RESTORED = "recours_retabli", _("Rétabli")

    kind = models.CharField(_("type d’objet"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("numéro"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("auteur·rice")
    )
    hide = models.ForeignKey(
        ModerationAction, on_delete=models.PROTECT, related_name="+", verbose_name=_("masquage contesté")
    )
    text = models.TextField(_("contestation"), max_length=2000)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    outcome = models.CharField(_("issue"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decision_note = models.TextField(_("motif de la décision"), max_length=2000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("recours")
        verbose_name_plural = _("recours")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_appeal_per_object")]
        indexes = [models.Index(fields=["outcome", "created_at"], name="appeal_pending")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} ({self.outcome})"


class Sanction(AppendOnly):
    """A warning, a suspension until a date, or a ban: the person may not write while it lasts."""

    class Kind(models.TextChoices):
        WARNING = "sanction_avertissement", _("Avertissement")
        SUSPENSION = "sanction_suspension", _("Suspension")
        BAN = "sanction_exclusion", _("Exclusion")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("personne")
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    until = models.DateTimeField(_("jusqu’au"), null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=30, choices=Reason.choices)
    note = models.TextField(_("explication"), max_length=2000, blank=True)
    action = models.OneToOneField(ModerationAction, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("le"), auto_now_add=True)
    # Lifted early by a moderator (`actions.sanction_lift`, logged as a ModerationAction): the row stays,
    # only this date is written once (an UPDATE of this column alone), and the sanction stops applying.
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        indexes = [models.Index(fields=["user", "kind", "until"], name="sanction_active")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="sanction_suspension", until__isnull=False) | ~Q(kind="sanction_suspension"),
                name="suspension_has_an_end",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id}"


class HeldBackWord(models.Model):
    """A word or expression of the commune's list: an item containing one (accents and case aside, as
    a whole word) waits for a moderator's approval instead of being public (cocite/moderation/words.py)."""

    expression = models.CharField(
        _("mot ou expression"),
        max_length=100,
        help_text=_(
            "Comparé sans tenir compte des accents ni des majuscules, en mot entier : « connard » retient "
            "« CONNARD » et « connard. », pas un mot plus long qui le contient."
        ),
    )
    # The expression without accents, lower case, spaces collapsed: what is compared (and unique).
    normalized = models.CharField(_("forme comparée"), max_length=100, unique=True, editable=False)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        ordering = ["normalized"]
        verbose_name = _("mot retenu pour modération")
        verbose_name_plural = _("mots retenus pour modération")
        constraints = [models.CheckConstraint(condition=~Q(normalized=""), name="held_back_word_not_empty")]

    def __str__(self) -> str:
        return self.expression

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.expression = " ".join(self.expression.split())
        self.normalized = normalize(self.expression)
        super().save(*args, **kwargs)
