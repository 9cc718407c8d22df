"""Arbitration: routing to departments, reasoned opinions, decision records, the public log, commitments.

The machinery works on items (cocite.items): an item is any registered resource's object (a
contribution today), so nothing here names a resource app. Decision rows (and their links to
items and opinions) and log entries are
append-only: the models refuse updates and deletes, and database triggers refuse them
below the ORM (migration 0002). A correction is a new decision that supersedes an
earlier one; both stay visible.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Routing(models.Model):
    """Which department an item is routed to (none: "non orientée", visible to managers)."""

    item = models.OneToOneField(
        "items.Item", on_delete=models.CASCADE, related_name="routing", verbose_name=_("élément")
    )
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routings",
        verbose_name=_("service"),
    )
    routed_at = models.DateTimeField(_("orientée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        indexes = [models.Index(fields=["department", "-routed_at"], name="routing_department")]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.department_id or '—'}"


class RoutingEvent(models.Model):
    """One line of the routing history: automatic routing or a manager's reassignment, with its reason."""

    item = models.ForeignKey("items.Item", on_delete=models.CASCADE, related_name="routing_events")
    from_department = models.ForeignKey(
        "territory.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_department = models.ForeignKey(
        "territory.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("motif"), max_length=2000)
    automatic = models.BooleanField(_("automatique"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("changement d'orientation")
        verbose_name_plural = _("historique des orientations")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_department_id} → {self.to_department_id}"


class OpinionRequest(models.Model):
    """A manager asks a department for a reasoned opinion on an item, with a deadline."""

    class Aspect(models.TextChoices):
        FEASIBILITY = "faisabilite", _("Faisabilité technique")
        COST = "cout", _("Coût")
        LEGAL = "juridique", _("Aspects juridiques")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        PENDING = "en_attente", pgettext_lazy("demande d'avis", "En attente")
        ANSWERED = "rendu", _("Rendu")

    item = models.ForeignKey("items.Item", on_delete=models.CASCADE, related_name="opinion_requests")
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, related_name="opinion_requests", verbose_name=_("service")
    )
    aspects = models.JSONField(_("aspects"), default=list)
    question = models.TextField(_("question posée"), max_length=2000, blank=True)
    deadline = models.DateField(_("date limite"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    escalated_at = models.DateTimeField(_("signalé en retard le"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("demande d'avis")
        verbose_name_plural = _("demandes d'avis")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "department"],
                condition=Q(status="en_attente"),
                name="one_pending_opinion_request",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status", "deadline"], name="opinion_request_inbox"),
            models.Index(fields=["item", "status"], name="opinion_request_item"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} / {self.item_id}"

    def aspect_labels(self) -> list[str]:
        labels = dict(self.Aspect.choices)
        return [str(labels.get(a, a)) for a in self.aspects]


class Opinion(models.Model):
    """A department's reasoned opinion. Published with the decision; its internal note never is."""

    class Feasibility(models.TextChoices):
        FEASIBLE = "faisable", _("Faisable")
        CONDITIONAL = "sous_conditions", _("Faisable sous conditions")
        NOT_FEASIBLE = "non_faisable", _("Non faisable")
        NOT_ASSESSED = "non_evaluee", _("Non évaluée par ce service")

    class Recommendation(models.TextChoices):
        FAVOURABLE = "favorable", _("Favorable")
        UNFAVOURABLE = "defavorable", _("Défavorable")
        RESERVED = "reserve", _("Réservé")

    request = models.OneToOneField(OpinionRequest, on_delete=models.PROTECT, related_name="opinion")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feasibility = models.CharField(_("faisabilité"), max_length=20, choices=Feasibility.choices)
    estimated_cost = models.DecimalField(
        _("coût estimé (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    legal_points = models.TextField(_("points juridiques"), max_length=5000, blank=True)
    recommendation = models.CharField(_("avis"), max_length=20, choices=Recommendation.choices)
    text = models.TextField(_("avis motivé"), max_length=10000)
    created_at = models.DateTimeField(_("rendu le"), auto_now_add=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("avis de service")
        verbose_name_plural = _("avis de service")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0), name="opinion_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request}"


class OpinionInternalNote(models.Model):
    """What the opinion's author keeps for the administration: stored apart, never published or logged."""

    opinion = models.OneToOneField(Opinion, on_delete=models.CASCADE, related_name="internal_note")
    text = models.TextField(_("note interne"), max_length=5000)

    class Meta:
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")

    def __str__(self) -> str:
        return f"{self.opinion_id}"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Une décision publiée ne se modifie pas : publiez une correction."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Une décision publiée ne se supprime pas."))


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("Une décision publiée ne se modifie pas : publiez une correction."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Une décision publiée ne se supprime pas."))


class Decision(AppendOnlyModel):
    """A decision record: outcome, explanation, criteria, rule version, opinions, who decided, when."""

    class Outcome(models.TextChoices):
        ACCEPTED = "retenue", _("Retenue")
        ACCEPTED_MODIFIED = "retenue_modifiee", _("Retenue avec modifications")
        ALREADY_PLANNED = "deja_prevue", _("Déjà prévue")
        REJECTED = "non_retenue", _("Non retenue")
        OUT_OF_SCOPE = "hors_competence", _("Hors compétence")
        MERGED = "fusionnee", _("Fusionnée avec un autre élément")

    class Body(models.TextChoices):
        COUNCIL = "conseil_municipal", _("Conseil municipal")
        MAYOR = "maire", _("Maire")
        DEPUTY = "adjoint", _("Adjoint·e au maire")
        COMMITTEE = "commission", _("Commission")
        GENERAL_DIRECTION = "direction_generale", _("Direction générale des services")
        RESIDENTS_VOTE = "vote_habitants", _("Vote des habitant·es")
        DEPARTMENT = "service", _("Service municipal, par délégation")

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("démarche")
    )
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("service"),
    )
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    merged_into = models.ForeignKey(
        "items.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fusionnée avec"),
    )
    explanation = models.TextField(_("explication"), max_length=20000)
    criteria = models.JSONField(_("critères appliqués"), default=list, blank=True)
    criteria_notes = models.TextField(_("autres critères"), max_length=5000, blank=True)
    rule_version = models.ForeignKey(
        "demarches.RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("règles en vigueur"),
    )
    items: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "items.Item", through="DecisionItem", related_name="decisions", verbose_name=_("éléments concernés")
    )
    opinions: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        Opinion, through="DecisionOpinion", related_name="decisions", blank=True, verbose_name=_("avis retenus")
    )
    body = models.CharField(_("instance qui décide"), max_length=30, choices=Body.choices)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_decisions",
        verbose_name=_("élu·e signataire"),
    )
    official_name = models.CharField(_("nom de l'élu·e"), max_length=200, blank=True)
    deliberation_ref = models.CharField(_("référence de la délibération"), max_length=60, blank=True)
    decided_on = models.DateField(_("date de la décision"))
    published_at = models.DateTimeField(_("publiée le"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrige la décision"),
    )
    correction_reason = models.TextField(_("motif de la correction"), max_length=5000, blank=True)
    # Published while opinions asked on its contributions were not given: why (public, logged).
    pending_opinions_reason = models.TextField(
        _("motif (publiée avant des avis demandés)"), max_length=2000, blank=True
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        indexes = [
            models.Index(fields=["demarche", "-published_at"], name="decision_demarche"),
            models.Index(fields=["department", "-published_at"], name="decision_department"),
            models.Index(fields=["outcome", "-published_at"], name="decision_outcome"),
            models.Index(fields=["decided_on"], name="decision_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""), name="decision_correction_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(outcome="fusionnee", merged_into__isnull=False)
                | (~Q(outcome="fusionnee") & Q(merged_into__isnull=True)),
                name="decision_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Décision n° %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"pk": self.pk})

    @property
    def is_correction(self) -> bool:
        return self.supersedes_id is not None


class DecisionItem(AppendOnlyModel):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="item_links")
    item = models.ForeignKey("items.Item", on_delete=models.PROTECT, related_name="decision_links")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("élément concerné")
        verbose_name_plural = _("éléments concernés")
        constraints = [models.UniqueConstraint(fields=["decision", "item"], name="unique_decision_item")]
        indexes = [models.Index(fields=["item", "decision"], name="decision_by_item")]

    def __str__(self) -> str:
        return f"{self.decision_id} ↔ {self.item_id}"


class DecisionOpinion(AppendOnlyModel):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="opinion_links")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="decision_links")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("avis retenu")
        verbose_name_plural = _("avis retenus")
        constraints = [models.UniqueConstraint(fields=["decision", "opinion"], name="unique_decision_opinion")]

    def __str__(self) -> str:
        return f"{self.decision_id} ↔ {self.opinion_id}"


class DecisionCitation(AppendOnlyModel):
    """Something else the decision cites, registered by another app (decisions/citations.py): its kind,
    its id and its title when the decision was published."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("élément cité")
        verbose_name_plural = _("éléments cités")
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind", "object_id"], name="unique_decision_citation")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} → {self.kind}:{self.object_id}"


class LogHead(models.Model):
    """The single row locked to append to the log: the last sequence number and hash."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("tête du journal")
        verbose_name_plural = _("tête du journal")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


class LogEntry(models.Model):
    """One entry of the public, hash-chained decision log (see cocite/decisions/ledger.py)."""

    class Kind(models.TextChoices):
        RULE_VERSION = "rule_version", _("Version des règles")
        OPINION = "opinion", _("Avis publié")
        DECISION = "decision", _("Décision")
        CORRECTION = "correction", _("Correction d'une décision")
        RESULT_REOPENED = "result_reopened", _("Suivi rouvert")
        BUDGET_COUNT = "budget_count", _("Dépouillement d'un budget participatif")
        # An entry of a démarche not open to everyone: the log commits to it without revealing
        # it (LogSeal holds the content and the salt, disclosed when the démarche becomes public).
        SEALED = "sealed", _("Entrée scellée (démarche à accès restreint)")

    seq = models.PositiveBigIntegerField(_("numéro"), unique=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    subject_key = models.CharField(max_length=80, unique=True)
    timestamp = models.DateTimeField(_("horodatage"))
    payload = models.TextField(_("contenu (JSON canonique)"))
    prev_hash = models.CharField(_("empreinte précédente"), max_length=64)
    hash = models.CharField(_("empreinte"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des décisions")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


class LogSeal(models.Model):
    """The hidden side of a sealed log entry: its real type and payload, and the random salt.

    The public entry carries only SHA-256(salt ‖ canonical JSON of {"payload", "type"}), so nobody
    can confirm a guess about a restricted démarche; when every démarche the entry concerns
    becomes public, the salt and the content are disclosed and anyone can check them against
    the chain (ledger.disclosure_lines). Append-only, like the log.
    """

    entry = models.OneToOneField(LogEntry, on_delete=models.PROTECT, related_name="seal")
    kind = models.CharField(_("type"), max_length=40, choices=LogEntry.Kind.choices)
    payload = models.TextField(_("contenu (JSON canonique)"))
    salt = models.CharField(_("sel"), max_length=64)
    # The démarches whose audience keeps the entry sealed: disclosed once all of them are public.
    demarche_ids = models.JSONField(_("démarches concernées"), default=list)

    class Meta:
        ordering = ["entry"]
        verbose_name = _("entrée scellée")
        verbose_name_plural = _("entrées scellées")

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.kind}"


class Commitment(models.Model):
    """An item reached its rulebook's support threshold: a reasoned answer is due within D days."""

    item = models.OneToOneField("items.Item", on_delete=models.CASCADE, related_name="commitment")
    rule_version = models.ForeignKey("demarches.RuleVersion", on_delete=models.PROTECT, related_name="+")
    threshold = models.PositiveIntegerField(_("seuil de soutiens"))
    deadline_days = models.PositiveIntegerField(_("délai (jours)"))
    reached_at = models.DateTimeField(_("seuil atteint le"))
    due_at = models.DateTimeField(_("réponse due le"))
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("engagement de réponse")
        verbose_name_plural = _("engagements de réponse")
        indexes = [
            models.Index(fields=["due_at"], name="commitment_due"),
            models.Index(fields=["answered_at", "due_at"], name="commitment_answered"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} due {self.due_at:%Y-%m-%d}"
