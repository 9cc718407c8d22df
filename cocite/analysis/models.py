"""Analysis data: grouping runs, themes with traceable assignments, syntheses, merges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel


class AnalysisRun(models.Model):
    """One background computation of themes and near-duplicates for a démarche, with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("calcul", "En attente")
        RUNNING = "running", pgettext_lazy("calcul", "En cours")
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échec")

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="analysis_runs", verbose_name=_("démarche")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    # A French msgid (the current step), translated when shown.
    message = models.CharField(pgettext_lazy("calcul", "étape"), max_length=200, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    contribution_count = models.PositiveIntegerField(_("contributions analysées"), default=0)
    theme_count = models.PositiveIntegerField(_("thèmes proposés"), default=0)
    duplicate_count = models.PositiveIntegerField(_("doublons probables"), default=0)
    duration_ms = models.PositiveIntegerField(_("durée du calcul (ms)"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calcul des thèmes")
        verbose_name_plural = _("calculs des thèmes")
        indexes = [models.Index(fields=["demarche", "-created_at"], name="analysis_run_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="analysis_run_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.demarche_id} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)


class ContributionTheme(TimeStampedModel):
    """A theme grouping contributions of one démarche: proposed by a run or made by an analyst."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        VALIDATED = "validated", _("Validé")
        MERGED = "merged", _("Fusionné dans un autre thème")
        REPLACED = "replaced", _("Remplacé par un nouveau calcul")

    ACTIVE = (Status.PROPOSED, Status.VALIDATED)

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="analysis_themes", verbose_name=_("démarche")
    )
    label = models.CharField(_("intitulé"), max_length=160)
    proposed_label = models.CharField(_("intitulé proposé"), max_length=160, blank=True)
    terms = models.JSONField(_("mots caractéristiques"), default=list, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    run = models.ForeignKey(
        AnalysisRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("calcul d'origine"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
        help_text=_("Vide : proposé par le calcul automatique."),
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("fusionné dans"),
    )

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = _("thème d'analyse")
        verbose_name_plural = _("thèmes d'analyse")
        indexes = [models.Index(fields=["demarche", "status"], name="analysis_theme_status")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("analysis:theme", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class ThemeAssignment(models.Model):
    """A contribution placed in a theme, from `created_at` until `ended_at` (never deleted).

    The current theme of a contribution is its assignment with no end; the rows before it
    are its history: who moved it, when, why. At most one current assignment each.
    """

    class Reason(models.TextChoices):
        COMPUTED = "computed", _("Calcul automatique")
        MOVED = "moved", _("Déplacée par un·e analyste")
        SPLIT = "split", _("Nouveau thème (scission)")
        THEME_MERGED = "theme_merged", _("Fusion de thèmes")
        CONTRIBUTION_MERGED = "contribution_merged", _("Contribution fusionnée")
        RECOMPUTED = "recomputed", _("Nouveau calcul")

    contribution = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="theme_assignments",
        verbose_name=_("contribution"),
    )
    theme = models.ForeignKey(
        ContributionTheme, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("thème")
    )
    reason = models.CharField(_("motif"), max_length=30, choices=Reason.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)
    ended_at = models.DateTimeField(_("jusqu'au"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(_("motif de fin"), max_length=30, choices=Reason.choices, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("rattachement à un thème")
        verbose_name_plural = _("rattachements à un thème")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution"], condition=Q(ended_at__isnull=True), name="one_current_theme_per_contribution"
            ),
        ]
        indexes = [
            models.Index(fields=["theme", "ended_at"], name="assignment_theme_current"),
            models.Index(fields=["contribution", "created_at"], name="assignment_history"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.theme_id}"


class DuplicatePair(models.Model):
    """Two contributions of a démarche whose texts are nearly the same (TF-IDF cosine ≥ threshold)."""

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="duplicate_pairs", verbose_name=_("démarche")
    )
    first = models.ForeignKey("contributions.Contribution", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("contributions.Contribution", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarité"))
    run = models.ForeignKey(AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("écarté le"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("doublon probable")
        verbose_name_plural = _("doublons probables")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_duplicate_pair"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="duplicate_pair_ordered"),
        ]
        indexes = [models.Index(fields=["demarche", "-score"], name="duplicate_by_score")]

    def __str__(self) -> str:
        return f"{self.first_id} ≈ {self.second_id} ({self.score:.2f})"


class Synthesis(models.Model):
    """A numbered synthesis of a démarche: a draft, then validated and published (then frozen)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="syntheses", verbose_name=_("démarche")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, max_length=5000)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("rédigée par")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validée par"),
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)

    class Meta:
        ordering = ["demarche", "-number"]
        verbose_name = _("synthèse")
        verbose_name_plural = _("synthèses")
        constraints = [
            models.UniqueConstraint(fields=["demarche", "number"], name="unique_synthesis_number"),
            models.UniqueConstraint(
                fields=["demarche"], condition=Q(status="draft"), name="one_synthesis_draft_per_demarche"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(validated_at__isnull=False), name="published_synthesis_is_validated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SynthesisLine(models.Model):
    """One statement of a synthesis, written by an analyst, with the contributions it stands on."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="lines", verbose_name=_("synthèse"))
    position = models.PositiveIntegerField(_("ordre"), default=0)
    text = models.TextField(_("texte"), max_length=2000)
    is_minority = models.BooleanField(
        _("avis minoritaire"),
        default=False,
        help_text=_("Un point de vue porté par peu de contributions, gardé visible dans la synthèse."),
    )
    theme = models.ForeignKey(
        ContributionTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="synthesis_lines",
        verbose_name=_("thème d'origine"),
    )
    sources = models.ManyToManyField(
        "contributions.Contribution",
        through="SynthesisSource",
        related_name="synthesis_lines",
        verbose_name=_("contributions sources"),
    )

    class Meta:
        ordering = ["synthesis", "position", "pk"]
        verbose_name = _("ligne de synthèse")
        verbose_name_plural = _("lignes de synthèse")

    def __str__(self) -> str:
        return self.text[:80]


class SynthesisSource(models.Model):
    line = models.ForeignKey(SynthesisLine, on_delete=models.CASCADE, related_name="source_links")
    contribution = models.ForeignKey(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="synthesis_sources"
    )

    class Meta:
        verbose_name = _("source d'une ligne")
        verbose_name_plural = _("sources d'une ligne")
        constraints = [models.UniqueConstraint(fields=["line", "contribution"], name="unique_line_source")]
        indexes = [models.Index(fields=["contribution"], name="synthesis_source_contribution")]

    def __str__(self) -> str:
        return f"{self.line_id} ← {self.contribution_id}"


class MergeRecord(models.Model):
    """A contribution merged into another: its page redirects there. Never edited."""

    source = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="merge_record",
        verbose_name=_("contribution fusionnée"),
    )
    target = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="merged_sources",
        verbose_name=_("fusionnée dans"),
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("par")
    )
    previous_status = models.CharField(_("statut avant la fusion"), max_length=20)
    supports_before = models.PositiveIntegerField(_("soutiens de la contribution fusionnée"), default=0)
    supports_added = models.PositiveIntegerField(_("soutiens ajoutés à la cible"), default=0)
    created_at = models.DateTimeField(_("fusionnée le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fusion de contributions")
        verbose_name_plural = _("fusions de contributions")
        constraints = [
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="merge_source_is_not_target"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class MergeCredit(models.Model):
    """An author credited on a contribution because their contribution was merged into it."""

    target = models.ForeignKey(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="merge_credits", verbose_name=_("cible")
    )
    source = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("contribution d'origine"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merge_credits",
        verbose_name=_("auteur·rice"),
    )
    # Contributions collected offline: the name as given (empty = anonymous).
    offline_author_name = models.CharField(_("nom de la personne (hors ligne)"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("auteur·rice crédité·e")
        verbose_name_plural = _("auteur·rices crédité·es")
        constraints = [models.UniqueConstraint(fields=["target", "source"], name="unique_merge_credit")]

    def __str__(self) -> str:
        return f"{self.author_id or self.offline_author_name} → {self.target_id}"
