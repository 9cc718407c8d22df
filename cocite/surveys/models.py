"""Surveys (« Questionnaires »): a component of a démarche.

A survey holds ordered questions of nine kinds; choice questions hold ordered choices (a
matrix holds its rows too, as choices with the role « row »). A question may be shown only
when an earlier single- or multiple-choice question was answered with a given choice.

A person's answers live in one `Response`, a draft until submitted. A named survey keeps the
person on the response (one per person: a unique constraint). An anonymous survey keeps no
link: its draft is found again through a random token kept in the person's session, and once
submitted the response loses the token while a `Participation` row (survey, person, no
response, no time) records that the person has answered, so they cannot answer twice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel

# The component's name in the démarche registry (component.py) and in DemarcheComponent rows.
COMPONENT_NAME = "surveys"
LABEL_MAX_LENGTH = 300
TEXT_SHORT_MAX_LENGTH = 200
TEXT_LONG_MAX_LENGTH = 5000
MAX_QUESTIONS = 60
MAX_CHOICES = 30
MAX_ROWS = 20
SCALE_MIN, SCALE_MAX = 0, 10
NUMBER_LIMIT = 10**9


class AgeBand(models.TextChoices):
    """Age bands asked at the end of a survey that cross-tabulates its results (INSEE-like bands)."""

    UNDER_18 = "moins_18", _("Moins de 18 ans")
    FROM_18 = "18_29", _("18 à 29 ans")
    FROM_30 = "30_44", _("30 à 44 ans")
    FROM_45 = "45_59", _("45 à 59 ans")
    FROM_60 = "60_74", _("60 à 74 ans")
    FROM_75 = "75_plus", _("75 ans et plus")


class Survey(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", pgettext_lazy("questionnaire", "Publié")

    demarche = models.ForeignKey(
        "demarches.Demarche", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("démarche")
    )
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, max_length=5000)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=False,
        help_text=_("Aucun lien n'est gardé entre une réponse et la personne qui l'a donnée."),
    )
    crosstab = models.BooleanField(
        _("croiser par quartier et tranche d'âge"),
        default=False,
        help_text=_("La dernière étape demande le quartier et la tranche d'âge (facultatifs)."),
    )
    results_public = models.BooleanField(
        _("résultats publics"),
        default=True,
        help_text=_("Le public voit les résultats sans les réponses en texte libre ni leurs thèmes."),
    )
    opens_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )

    class Meta:
        ordering = ["demarche", "pk"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiples")
        SCALE = "scale", _("Échelle")
        RANKING = "ranking", _("Classement")
        SHORT_TEXT = "short_text", _("Texte court")
        LONG_TEXT = "long_text", _("Texte long")
        NUMBER = "number", _("Nombre")
        DATE = "date", _("Date")
        MATRIX = "matrix", _("Grille (matrice)")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("type de question"), max_length=12, choices=Kind.choices)
    label = models.CharField(_("intitulé"), max_length=LABEL_MAX_LENGTH)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    # Scale bounds and their labels; number bounds (optional).
    scale_min = models.SmallIntegerField(_("minimum de l'échelle"), default=1)
    scale_max = models.SmallIntegerField(_("maximum de l'échelle"), default=5)
    scale_min_label = models.CharField(_("libellé du minimum"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("libellé du maximum"), max_length=60, blank=True)
    number_min = models.BigIntegerField(_("nombre minimum"), null=True, blank=True)
    number_max = models.BigIntegerField(_("nombre maximum"), null=True, blank=True)
    # Shown only when the earlier question `condition_question` was answered with `condition_choice`.
    condition_choice = models.ForeignKey(
        "Choice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conditioned_questions",
        verbose_name=_("affichée si la réponse est"),
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["survey", "position"], name="survey_question_position")]

    def __str__(self) -> str:
        return self.label

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in (self.Kind.SHORT_TEXT, self.Kind.LONG_TEXT)


CHOICE_KINDS = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING, Question.Kind.MATRIX})
# Questions another question may depend on.
CONDITION_KINDS = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE})


class Choice(models.Model):
    class Role(models.TextChoices):
        OPTION = "option", _("Choix")
        ROW = "row", _("Ligne de la grille")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    role = models.CharField(_("rôle"), max_length=6, choices=Role.choices, default=Role.OPTION)
    position = models.PositiveIntegerField(_("position"))
    label = models.CharField(_("libellé"), max_length=200)

    class Meta:
        ordering = ["question", "role", "position", "pk"]
        verbose_name = _("choix")
        verbose_name_plural = _("choix")

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("questionnaire")
    )
    # Named surveys only; always empty for an anonymous survey.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("personne"),
    )
    # Anonymous surveys' drafts: the random token kept in the person's session; cleared on submission.
    draft_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Where the person stopped (the position of the next question to show).
    step = models.PositiveIntegerField(_("question où reprendre"), default=0)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier"),
    )
    age_band = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeBand.choices, blank=True)
    created_at = models.DateTimeField(_("commencée le"), default=timezone.now)

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = pgettext_lazy("questionnaire", "réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="unique_survey_response_per_person"
            )
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="survey_response_submitted")]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Participation(models.Model):
    """That a person has answered an anonymous survey, and nothing else (no response, no time)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("questionnaire")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("personne")
    )

    class Meta:
        verbose_name = _("participation anonyme")
        verbose_name_plural = _("participations anonymes")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="unique_survey_participation")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.user_id}"


class Answer(models.Model):
    """One atomic answer: a chosen option (with its rank, or its matrix row), a value, a text, a date."""

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=pgettext_lazy("questionnaire", "réponse"),
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("choix")
    )
    row = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="row_answers", verbose_name=_("ligne")
    )
    rank = models.PositiveSmallIntegerField(_("rang"), null=True, blank=True)
    number = models.BigIntegerField(_("valeur"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("texte"), blank=True, max_length=TEXT_LONG_MAX_LENGTH)

    class Meta:
        ordering = ["response", "question", "rank", "pk"]
        verbose_name = _("élément de réponse")
        verbose_name_plural = _("éléments de réponse")
        indexes = [models.Index(fields=["question", "choice"], name="survey_answer_question_choice")]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
