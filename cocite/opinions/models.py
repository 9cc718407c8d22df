"""Opinion mapping (the Pol.is method): conversations, short statements, votes, computed runs.

A conversation belongs to a démarche (the "opinions" component) or stands alone (a Pol.is
export imported for analysis). Participants vote agree / disagree / pass on statements, one
vote per person and statement (changing a vote updates the row: the latest counts). Opinion
groups are computed in the background into an `OpinionRun`, whose `state` feeds the next run
so that groups stay stable.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel

# The component's name in the démarche registry (component.py) and in DemarcheComponent rows.
COMPONENT_NAME = "opinions"
# Longest statement a participant may submit (Pol.is allows 140; French needs a bit more).
STATEMENT_MAX_LENGTH = 280
# Imported statements may be longer (some Pol.is exports hold comments of ~400 characters).
STATEMENT_STORED_MAX_LENGTH = 1000


class Moderation(models.TextChoices):
    PRE = "pre", _("Avant publication")
    POST = "post", _("Après publication")


class Conversation(TimeStampedModel):
    demarche = models.OneToOneField(
        "demarches.Demarche",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opinion_conversation",
        verbose_name=_("démarche"),
    )
    title = models.CharField(_("titre"), max_length=200)
    topic = models.TextField(_("sujet"), blank=True, max_length=5000)
    moderation = models.CharField(
        _("modération des propositions"), max_length=10, choices=Moderation.choices, default=Moderation.POST
    )
    imported_from = models.CharField(_("importée de"), max_length=500, blank=True)
    # Set by the first vote (or moderation) not yet taken into a run; cleared when a run starts.
    dirty_since = models.DateTimeField(_("votes à prendre en compte depuis"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("carte des opinions")
        verbose_name_plural = _("cartes des opinions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_imported(self) -> bool:
        return bool(self.imported_from)


class Participant(models.Model):
    """A person taking part in one conversation: a user, or someone known only by an export's id."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("carte des opinions")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_participations",
        verbose_name=_("personne"),
    )
    external_id = models.CharField(_("identifiant d'origine"), max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], condition=Q(user__isnull=False), name="unique_opinion_participant_user"
            ),
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=Q(external_id__isnull=False),
                name="unique_opinion_participant_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.external_id or f"#{self.pk}"


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        ACCEPTED = "accepted", _("Publiée")
        REJECTED = "rejected", _("Écartée par la modération")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements", verbose_name=_("carte des opinions")
    )
    text = models.CharField(_("proposition"), max_length=STATEMENT_STORED_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_statements",
        verbose_name=_("autrice ou auteur"),
    )
    external_id = models.CharField(_("identifiant d'origine"), max_length=64, null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    moderated_at = models.DateTimeField(_("modérée le"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=Q(external_id__isnull=False),
                name="unique_opinion_statement_external_id",
            ),
        ]
        indexes = [models.Index(fields=["conversation", "status", "created_at"], name="opinion_statement_status")]

    def __str__(self) -> str:
        return self.text[:80]


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("D'accord")
        DISAGREE = -1, _("Pas d'accord")
        PASS = 0, _("Je passe")

    # Denormalised from the statement so that a run loads its votes with one indexed scan.
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=Value.choices)
    created_at = models.DateTimeField(_("premier vote le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="unique_opinion_vote"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="opinion_vote_value"),
        ]
        indexes = [
            models.Index(fields=["conversation", "participant"], name="opinion_vote_conversation"),
            models.Index(fields=["participant", "-updated_at"], name="opinion_vote_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class ReplacedVote(models.Model):
    """A vote its participant later changed, kept from an imported Pol.is history.

    ``Vote`` holds the latest vote (``created_at``: the first vote on the statement,
    ``updated_at``: the latest); these earlier ones complete the history, so that the first
    computation can replay the conversation in time order as Pol.is computed it.
    """

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(_("vote"), choices=Vote.Value.choices)
    created_at = models.DateTimeField(_("voté le"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("vote remplacé")
        verbose_name_plural = _("votes remplacés")
        indexes = [models.Index(fields=["conversation", "created_at"], name="opinion_replaced_vote")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class ModerationDecision(models.Model):
    """Append-only record of each moderation decision on a statement."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Publier")
        REJECT = "reject", _("Écarter")

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="moderation_decisions", verbose_name=_("proposition")
    )
    decision = models.CharField(_("décision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("modération")
    )
    created_at = models.DateTimeField(_("décidé le"), default=timezone.now)

    class Meta:
        ordering = ["statement", "created_at"]
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.decision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Une décision de modération ne se modifie pas : prenez une nouvelle décision."))
        super().save(*args, **kwargs)


class OpinionRun(models.Model):
    """One computation of the opinion groups, from the votes present when it started."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("calcul", "En attente")
        RUNNING = "running", pgettext_lazy("calcul", "En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="runs", verbose_name=_("carte des opinions")
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    run_after = models.DateTimeField(_("pas avant"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    k = models.PositiveSmallIntegerField(_("nombre de groupes"), null=True, blank=True)
    n_participants = models.PositiveIntegerField(_("participant·es"), default=0)
    n_votes = models.PositiveIntegerField(_("votes"), default=0)
    # Groups, projections, representative / consensus / dividing statements (see tasks.py).
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    # The clustering state (cocite.opinions.clustering) the next run starts from.
    state = models.JSONField(_("état du calcul"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calcul des groupes d'opinion")
        verbose_name_plural = _("calculs des groupes d'opinion")
        indexes = [
            models.Index(fields=["conversation", "status", "-created_at"], name="opinion_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} #{self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
