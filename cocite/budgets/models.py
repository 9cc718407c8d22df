"""Participatory budgeting: the budget rules of a rule version, projects, ballots, paper entries, counts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Method(models.TextChoices):
    APPROVAL_BUDGET = "approval_budget", _("Panier dans la limite du budget")
    K_APPROVAL = "k_approval", _("Un nombre maximal de projets")
    RANKING = "ranking", _("Classement des projets préférés")
    CUMULATIVE = "cumulative", _("Points à répartir entre les projets")


# The ways of voting whose ballots give each project a value (a rank, points), not a tick.
SCORED_METHODS = (Method.RANKING, Method.CUMULATIVE)


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Par ordre de voix, dans la limite du budget")
    MES = "mes", _("Méthode des parts égales, complétée")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Des règles publiées ne se modifient pas : publiez une nouvelle version."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Des règles publiées ne se suppriment pas."))


class BudgetRules(models.Model):
    """The budget part of one rule version: as immutable as the version itself."""

    rule_version = models.OneToOneField(
        "demarches.RuleVersion", on_delete=models.PROTECT, related_name="budget_rules", verbose_name=_("version")
    )
    total_budget = models.PositiveBigIntegerField(_("budget total (€)"), validators=[MinValueValidator(1)])
    method = models.CharField(_("façon de voter"), max_length=20, choices=Method.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("nombre maximal de projets par bulletin"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    points = models.PositiveIntegerField(
        _("points à répartir par bulletin"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    counting = models.CharField(_("règle de dépouillement"), max_length=20, choices=CountingRule.choices)
    verified_only = models.BooleanField(_("réservé aux habitant·es vérifié·es"), default=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("âge minimal"), default=16, validators=[MinValueValidator(0), MaxValueValidator(120)]
    )
    agents_may_vote = models.BooleanField(_("les agents de la commune votent"), default=True)
    changeable = models.BooleanField(_("le vote peut être changé jusqu'à la clôture"), default=True)
    opens_at = models.DateTimeField(_("ouverture du vote"))
    closes_at = models.DateTimeField(_("clôture du vote"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("règles d’un budget participatif")
        verbose_name_plural = _("règles d’un budget participatif")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="budget_rules_dates"),
            models.CheckConstraint(
                condition=~Q(method="k_approval") | Q(max_choices__isnull=False), name="budget_rules_k_needs_max"
            ),
            models.CheckConstraint(
                condition=~Q(method="ranking") | Q(max_choices__isnull=False), name="budget_rules_ranking_needs_max"
            ),
            models.CheckConstraint(
                condition=~Q(method="cumulative") | Q(points__isnull=False, points__gte=1),
                name="budget_rules_cumulative_needs_points",
            ),
        ]

    def __str__(self) -> str:
        return str(self.rule_version)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Des règles publiées ne se modifient pas : publiez une nouvelle version."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Des règles publiées ne se suppriment pas."))

    @property
    def scored(self) -> bool:
        """Ballots rank projects or spread points over them (a value per project, not a tick)."""
        return self.method in SCORED_METHODS

    def score_of(self, value: int) -> int:
        """A ballot's value for a project turned into its score: the Borda score of a rank
        (max_choices - rank + 1), the points themselves, 1 for an approval."""
        if self.method == Method.RANKING:
            assert self.max_choices is not None
            return self.max_choices - value + 1
        if self.method == Method.CUMULATIVE:
            return value
        return 1


class Envelope(models.Model):
    """Part of the budget reserved for the projects of one quartier (counted apart)."""

    rules = models.ForeignKey(BudgetRules, on_delete=models.PROTECT, related_name="envelopes")
    quartier = models.ForeignKey("territory.Quartier", on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField(_("enveloppe (€)"), validators=[MinValueValidator(1)])

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("enveloppe de quartier")
        verbose_name_plural = _("enveloppes de quartier")
        constraints = [models.UniqueConstraint(fields=["rules", "quartier"], name="unique_envelope_quartier")]

    def __str__(self) -> str:
        return f"{self.quartier} — {self.amount} €"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Des règles publiées ne se modifient pas : publiez une nouvelle version."))
        super().save(*args, **kwargs)


class Project(models.Model):
    """A project put to the vote, made by agents from retained contributions."""

    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.CASCADE, related_name="budget_projects")
    title = models.CharField(_("titre"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    cost = models.PositiveBigIntegerField(_("coût estimé (€)"), validators=[MinValueValidator(1)])
    cost_opinion = models.ForeignKey(
        "decisions.Opinion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("avis du service qui estime le coût"),
    )
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier (vide : toute la commune)"),
    )
    theme = models.ForeignKey(
        "territory.Theme", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("thème")
    )
    image = models.ImageField(_("image"), upload_to="budgets/", blank=True)
    image_alt = models.CharField(_("description de l'image"), max_length=300, blank=True)
    items: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "items.Item", related_name="budget_projects", verbose_name=_("contributions retenues")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demarche", "pk"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [models.UniqueConstraint(fields=["demarche", "title"], name="unique_budget_project_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:project", kwargs={"slug": self.demarche.slug, "pk": self.pk})

    @property
    def key(self) -> str:
        """Its id in counts and pabulib files."""
        return str(self.pk)


class Ballot(models.Model):
    """One counted ballot: online (one per person) or paper (keyed twice, identical)."""

    class Source(models.TextChoices):
        ONLINE = "online", _("en ligne")
        PAPER = "paper", pgettext_lazy("bulletin", "papier")

    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.PROTECT, related_name="budget_ballots")
    rules = models.ForeignKey(BudgetRules, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    paper_sheet = models.CharField(_("numéro du bulletin papier"), max_length=40, blank=True)
    receipt = models.CharField(_("numéro de récépissé"), max_length=20, unique=True)
    projects: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        Project, related_name="ballots", through="BallotChoice"
    )
    cast_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    changes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(
                fields=["demarche", "voter"], condition=Q(voter__isnull=False), name="one_ballot_per_person"
            ),
            models.UniqueConstraint(
                fields=["demarche", "paper_sheet"], condition=Q(source="paper"), name="one_ballot_per_paper_sheet"
            ),
        ]
        indexes = [models.Index(fields=["demarche", "source"])]

    def __str__(self) -> str:
        return self.receipt


class BallotChoice(models.Model):
    """One project on a ballot, with its value: 1 for an approval, the rank (1 = preferred) for a
    ranking, the points given for cumulative points. The table the plain many-to-many made."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE)
    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    value = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "budgets_ballot_projects"
        unique_together = [("ballot", "project")]
        verbose_name = _("choix d'un bulletin")
        verbose_name_plural = _("choix d'un bulletin")

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.project_id}={self.value}"


class PaperEntry(models.Model):
    """One agent's keying of a paper ballot; two agents' matching entries make the ballot."""

    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.PROTECT, related_name="+")
    station = models.CharField(_("bureau de vote"), max_length=120)
    sheet = models.CharField(_("numéro du bulletin papier"), max_length=40)
    project_keys = models.JSONField(default=list)
    # Ranking and cumulative points: [[project id, rank or points], …] in ascending project id.
    marks = models.JSONField(default=list)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ballot = models.ForeignKey(Ballot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("saisie de bulletin papier")
        verbose_name_plural = _("saisies de bulletins papier")
        constraints = [
            models.UniqueConstraint(fields=["demarche", "sheet", "agent"], name="one_paper_entry_per_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.station} — {self.sheet}"


class Count(models.Model):
    """A published count: the rule, the ballots' hash, who won and why. Never changed."""

    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.PROTECT, related_name="budget_counts")
    rules = models.ForeignKey(BudgetRules, on_delete=models.PROTECT, related_name="counts")
    rule = models.CharField(_("règle"), max_length=20, choices=CountingRule.choices)
    ballots_sha256 = models.CharField(max_length=64)
    ballot_count = models.PositiveIntegerField()
    # {"parts": [{"label", "budget", "selected": [keys], "steps": {key: {...}}, "voter_share", "voters"}]}
    outcome = models.JSONField(default=dict)
    official = models.BooleanField(_("règle du règlement"), default=False)
    log_entry = models.ForeignKey(
        "decisions.LogEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    results_made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dépouillement")
        verbose_name_plural = _("dépouillements")

    def __str__(self) -> str:
        return f"{self.demarche} — {self.get_rule_display()}"

    def get_absolute_url(self) -> str:
        return reverse("budgets:outcome", kwargs={"slug": self.demarche.slug, "pk": self.pk})

    def selected_keys(self) -> list[str]:
        return [key for part in self.outcome.get("parts", []) for key in part.get("selected", [])]
