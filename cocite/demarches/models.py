from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cocite.core.models import TimeStampedModel, kept_or_related
from cocite.territory.models import Quartier, Theme

from .registry import registry


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Tout le monde")
    VERIFIED = "verified", _("Habitant·es vérifié·es")
    AGENTS = "agents", _("Agents uniquement")
    INVITED = "invited", _("Sur invitation")


class PhaseKind(models.TextChoices):
    COLLECTE = "collecte", _("Collecte")
    EXPLORATION = "exploration", _("Exploration")
    ARBITRAGE = "arbitrage", _("Arbitrage")
    MISE_EN_OEUVRE = "mise_en_oeuvre", _("Mise en œuvre et compte rendu")


class Demarche(TimeStampedModel):
    """A participatory process: a framing question asked within a scope and a timeline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")
        CLOSED = "closed", _("Clôturée")

    title = models.CharField(_("titre"), max_length=160)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    framing_question = models.CharField(_("question posée"), max_length=300)
    context = models.TextField(_("contexte (Markdown)"), blank=True, max_length=20000)
    themes = models.ManyToManyField("territory.Theme", blank=True, related_name="demarches", verbose_name=_("thèmes"))
    quartiers = models.ManyToManyField(
        "territory.Quartier",
        blank=True,
        related_name="demarches",
        verbose_name=_("quartiers concernés"),
        help_text=_("Laisser vide si toute la commune est concernée."),
    )
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    pseudonymous = models.BooleanField(
        _("contributions pseudonymes"),
        default=False,
        help_text=_("Pour une démarche interne : les noms des agents ne sont pas affichés."),
    )
    # db_default: rows written without the column (older code, a migration test's historical models) read False.
    premoderation = models.BooleanField(
        _("Pré-modération : rien n’est public avant validation"),
        default=False,
        db_default=False,
        help_text=_(
            "Les contributions et commentaires déposés ne sont publiés qu’après validation par la modération "
            "(file de modération, partie « À valider »)."
        ),
    )
    phase_override = models.ForeignKey(
        "Phase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phase imposée"),
        help_text=_("Laisser vide pour suivre le calendrier."),
    )
    phase_override_reason = models.CharField(_("motif de la phase imposée"), max_length=300, blank=True)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="invited_demarches", verbose_name=_("personnes invitées")
    )
    # Who runs it (cocite/demarches/permissions.py: is_in_charge): the managing department's
    # agents and the team analyse it; with the associated departments they see it when it is
    # invitation-only.
    managing_department = models.ForeignKey(
        "territory.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_demarches",
        verbose_name=_("service pilote"),
        help_text=_("Ses agents animent et analysent la démarche (regroupements, fusions, synthèses)."),
    )
    associated_departments = models.ManyToManyField(
        "territory.Department",
        blank=True,
        related_name="associated_demarches",
        verbose_name=_("services associés"),
        help_text=_(
            "Pour une démarche sur invitation : leurs agents la voient, reçoivent ses contributions et donnent "
            "leur avis."
        ),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="team_demarches",
        verbose_name=_("équipe de la démarche"),
        help_text=_("Personnes nommées pour l'animer et l'analyser (élu·es, agents d'autres services)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        indexes = [models.Index(fields=["status", "audience"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.phase_override_id and not self.phase_override_reason.strip():
            raise ValidationError(
                {"phase_override_reason": _("Expliquez pourquoi la phase est imposée : ce motif est affiché.")}
            )
        if self.phase_override_id and self.pk and self.phase_override and self.phase_override.demarche_id != self.pk:
            raise ValidationError({"phase_override": _("Cette phase appartient à une autre démarche.")})

    def get_absolute_url(self) -> str:
        return reverse("demarches:detail", kwargs={"slug": self.slug})

    # The frame read (demarches.queries: `Prefetch(to_attr=…)` through the ORM, plain SQL on PostgreSQL)
    # keeps the phases and components in these attributes; the two methods below read them from there.
    READ_PHASES = "read_phases"
    READ_COMPONENTS = "read_components"

    def ordered_phases(self) -> list[Phase]:
        """The phases by position and start: those read with the démarche, else `phases` (prefetched or queried)."""
        return kept_or_related(self, self.READ_PHASES, self.phases)

    def enabled_components(self) -> list[DemarcheComponent]:
        """The components by position: those read with the démarche, else `components` (prefetched or queried)."""
        return kept_or_related(self, self.READ_COMPONENTS, self.components)

    # The display read (demarches.queries: the démarche's page and lists) keeps its themes and quartiers here.
    READ_THEMES = "read_themes"
    READ_QUARTIERS = "read_quartiers"

    def scope_themes(self) -> list[Theme]:
        """The themes by name: those read with the démarche, else `themes` (prefetched or queried)."""
        return kept_or_related(self, self.READ_THEMES, self.themes)

    def scope_quartiers(self) -> list[Quartier]:
        """The quartiers by name: those read with the démarche, else `quartiers` (prefetched or queried)."""
        return kept_or_related(self, self.READ_QUARTIERS, self.quartiers)

    def components_were_read(self) -> bool:
        """Whether `enabled_components` answers without a query (a list of démarches' figures only asks then)."""
        return getattr(self, self.READ_COMPONENTS, None) is not None

    def current_phase(self, today: datetime.date | None = None) -> Phase | None:
        """The override if any, else the phase whose dates contain today (see `ordered_phases`)."""
        if self.phase_override_id:
            return self.phase_override
        today = today or timezone.localdate()
        phases = self.ordered_phases()
        for phase in phases:
            if phase.starts_on <= today and (phase.ends_on is None or today <= phase.ends_on):
                return phase
        return None


class Phase(models.Model):
    demarche = models.ForeignKey(Demarche, on_delete=models.CASCADE, related_name="phases", verbose_name=_("démarche"))
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    description = models.CharField(_("ce qui se passe pendant cette phase"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "starts_on"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["demarche", "kind"], name="unique_phase_kind_per_demarche"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin d'une phase ne peut pas précéder son début.")})


class DemarcheComponent(models.Model):
    """A component (contributions, opinions, …) enabled in a démarche, with its per-démarche settings."""

    demarche = models.ForeignKey(
        Demarche, on_delete=models.CASCADE, related_name="components", verbose_name=_("démarche")
    )
    name = models.CharField(_("composant"), max_length=40)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    settings = models.JSONField(
        _("réglages"),
        default=dict,
        blank=True,
        help_text=_('Par exemple {"phase_actions": {"collecte": ["submit", "support"]}}.'),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("composant de démarche")
        verbose_name_plural = _("composants de démarche")
        constraints = [models.UniqueConstraint(fields=["demarche", "name"], name="unique_component_per_demarche")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        spec = registry.get(self.name)
        if spec is None:
            raise ValidationError({"name": _("Composant inconnu.")})
        phase_actions = (self.settings or {}).get("phase_actions", {})
        if not isinstance(phase_actions, dict):
            raise ValidationError({"settings": _("« phase_actions » doit associer une phase à une liste d'actions.")})
        for phase, actions in phase_actions.items():
            if phase not in PhaseKind.values:
                raise ValidationError({"settings": _("Phase inconnue : %(phase)s.") % {"phase": phase}})
            if not isinstance(actions, list) or not set(actions) <= set(spec.actions):
                raise ValidationError(
                    {"settings": _("Actions possibles : %(actions)s.") % {"actions": ", ".join(spec.actions)}}
                )


class Rulebook(TimeStampedModel):
    """The rules of the game: the platform charter (no démarche) or one démarche's rules."""

    demarche = models.OneToOneField(
        Demarche,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rulebook",
        verbose_name=_("démarche"),
    )
    title = models.CharField(_("titre"), max_length=160)

    class Meta:
        verbose_name = _("règlement")
        verbose_name_plural = _("règlements")
        constraints = [
            # One platform charter only.
            models.UniqueConstraint(
                fields=["title"], condition=Q(demarche__isnull=True), name="unique_platform_charter_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def reopen_rule_words(proportion: int | None, minimum: int | None) -> str:
    """The reopening rule of a rule version, in words."""
    minimum = minimum or 1
    if proportion is None:
        return ngettext(
            "dès %(minimum)s personne concernée répondant « non » (toutes, si elles sont moins nombreuses)",
            "dès %(minimum)s personnes concernées répondant « non » (toutes, si elles sont moins nombreuses)",
            minimum,
        ) % {"minimum": minimum}
    return ngettext(
        "quand au moins %(proportion)s %% des personnes concernées, et au moins %(minimum)s personne "
        "(toutes, si elles sont moins nombreuses), répondent « non »",
        "quand au moins %(proportion)s %% des personnes concernées, et au moins %(minimum)s personnes "
        "(toutes, si elles sont moins nombreuses), répondent « non »",
        minimum,
    ) % {"proportion": proportion, "minimum": minimum}


class RuleVersionQuerySet(models.QuerySet["RuleVersion"]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Une version publiée des règles ne se modifie pas : publiez une nouvelle version."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Une version publiée des règles ne se supprime pas."))


class RuleVersion(models.Model):
    """One immutable version of a rulebook: Markdown text plus structured commitments."""

    rulebook = models.ForeignKey(
        Rulebook, on_delete=models.PROTECT, related_name="versions", verbose_name=_("règlement")
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("texte (Markdown)"), max_length=50000)
    change_note = models.CharField(_("ce qui change"), max_length=500)
    effective_at = models.DateTimeField(_("en vigueur à partir du"))
    who_may_take_part = models.CharField(_("qui peut participer"), max_length=300)
    what_happens_to_contributions = models.CharField(
        _("ce que deviennent les contributions"), max_length=500, blank=True
    )
    support_threshold = models.PositiveIntegerField(
        _("seuil de soutiens pour une réponse garantie"),
        null=True,
        blank=True,
        help_text=_("Toute contribution atteignant ce nombre de soutiens reçoit une réponse motivée."),
    )
    answer_deadline_days = models.PositiveIntegerField(
        _("délai de réponse (jours)"), null=True, blank=True, help_text=_("Délai maximal pour la réponse motivée.")
    )
    decider = models.CharField(_("qui décide"), max_length=300)
    # Reopening a follow-up (« Est-ce bien réalisé ? »): at least `reopen_proportion` % of the people
    # who may answer, and at least `reopen_threshold` of them (all of them when they are fewer), say
    # « non » (cocite/results/queries.py: reopen_rule). Versions published before the proportion
    # existed have none: their figure is a minimum, capped at the number of people who may answer.
    reopen_threshold = models.PositiveIntegerField(
        _("nombre minimal de « ce n'est pas réalisé » pour rouvrir un suivi"),
        null=True,
        blank=True,
        help_text=_("Plafonné au nombre de personnes qui peuvent répondre."),
    )
    reopen_proportion = models.PositiveSmallIntegerField(
        _("part des personnes concernées qui doivent répondre « ce n'est pas réalisé » pour rouvrir un suivi (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    late_paper_entries = models.BooleanField(
        _("les contributions papier saisies après la collecte comptent"),
        default=False,
        help_text=_(
            "Si coché, un agent du service qui porte la démarche peut saisir, après la fin de la collecte, "
            "une contribution papier recueillie pendant celle-ci (datée du jour du recueil)."
        ),
    )
    created_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RuleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["rulebook", "-number"]
        verbose_name = _("version des règles")
        verbose_name_plural = _("versions des règles")
        constraints = [models.UniqueConstraint(fields=["rulebook", "number"], name="unique_rule_version_number")]
        indexes = [models.Index(fields=["rulebook", "effective_at"])]

    def __str__(self) -> str:
        return f"{self.rulebook} — v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Une version publiée des règles ne se modifie pas : publiez une nouvelle version."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Une version publiée des règles ne se supprime pas."))

    def get_absolute_url(self) -> str:  # noqa: DJ012 — after the append-only overrides
        if self.rulebook.demarche_id:
            assert self.rulebook.demarche is not None
            url = reverse("demarches:rules", kwargs={"slug": self.rulebook.demarche.slug})
        else:
            url = reverse("demarches:charter")
        return f"{url}?version={self.number}#version-{self.number}"

    def commitments(self) -> list[tuple[str, str]]:
        """Structured commitments as (label, value) pairs, for display and comparison."""
        items = [(gettext("Qui peut participer"), self.who_may_take_part)]
        if self.what_happens_to_contributions:
            items.append((gettext("Ce que deviennent les contributions"), self.what_happens_to_contributions))
        if self.support_threshold is not None:
            items.append(
                (
                    gettext("Réponse garantie"),
                    ngettext("à partir de %(n)s soutien", "à partir de %(n)s soutiens", self.support_threshold)
                    % {"n": self.support_threshold},
                )
            )
        if self.answer_deadline_days is not None:
            items.append(
                (
                    gettext("Délai de réponse"),
                    ngettext("%(n)s jour", "%(n)s jours", self.answer_deadline_days) % {"n": self.answer_deadline_days},
                )
            )
        items.append((gettext("Qui décide"), self.decider))
        if self.reopen_threshold is not None or self.reopen_proportion is not None:
            items.append(
                (gettext("Réouverture d'un suivi"), reopen_rule_words(self.reopen_proportion, self.reopen_threshold))
            )
        if self.late_paper_entries:
            items.append(
                (
                    gettext("Contributions papier saisies après la collecte"),
                    gettext("elles comptent, datées du jour où elles ont été recueillies"),
                )
            )
        return items
