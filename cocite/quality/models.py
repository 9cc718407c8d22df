"""Public services rated by those who use them (« Je donne mon avis »), and information pages
owned by a department, with their versions, sources, questions, contestations and FAQ."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel
from cocite.territory.models import Department


class Level(models.IntegerChoices):
    """The three levels of the State's form (satisfaction, ease, clarity)."""

    LOW = 0, _("Pas bien")
    MEDIUM = 1, _("Moyen")
    HIGH = 2, _("Bien")


class Help(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Je n’ai pas eu besoin d’aide")
    NONE = "none", _("J’ai eu besoin d’aide mais je n’en ai pas eu")
    RELATIVE = "relative", _("Oui, d’un proche")
    DESK = "desk", _("Oui, d’un agent à l’accueil")
    PHONE = "phone", _("Oui, d’un agent par téléphone")
    ONLINE = "online", _("Oui, par courriel ou en ligne")
    ASSOCIATION = "association", _("Oui, d’une association ou d’un lieu d’accompagnement numérique")


HELPED = (Help.RELATIVE, Help.DESK, Help.PHONE, Help.ONLINE, Help.ASSOCIATION)


class Respondent(models.TextChoices):
    RESIDENT = "resident", _("Usager·ère")
    AGENT = "agent", _("Agent·e de la commune")


class PublicService(TimeStampedModel):
    """A service or procedure the commune offers (« inscription à la cantine »), owned by a department."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="public_services", verbose_name=_("service responsable")
    )
    short_code = models.SlugField(
        _("code du lien court"),
        max_length=12,
        unique=True,
        help_text=_("Lettres et chiffres : le lien court est /qualite/q/<code>/."),
    )
    is_active = models.BooleanField(_("ouverte aux avis"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("prestation")
        verbose_name_plural = _("prestations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quality:service", kwargs={"slug": self.slug})


class Feedback(models.Model):
    """One answer to the « Je donne mon avis » form. Anonymous when `respondent` is empty."""

    service = models.ForeignKey(
        PublicService, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("prestation")
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_feedback",
        verbose_name=_("personne"),
    )
    respondent_kind = models.CharField(
        _("répondant·e"), max_length=10, choices=Respondent.choices, default=Respondent.RESIDENT
    )
    satisfaction = models.PositiveSmallIntegerField(_("appréciation générale"), choices=Level.choices)
    ease = models.PositiveSmallIntegerField(_("facilité"), choices=Level.choices)
    clarity = models.PositiveSmallIntegerField(_("clarté du langage"), choices=Level.choices)
    help = models.CharField(_("aide obtenue"), max_length=12, choices=Help.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    day = models.DateField(_("jour"), db_index=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("avis sur une prestation")
        verbose_name_plural = _("avis sur les prestations")
        indexes = [models.Index(fields=["service", "day"], name="feedback_service_day")]
        constraints = [
            # One answer per signed-in person, service and day.
            models.UniqueConstraint(
                fields=["service", "respondent", "day"],
                condition=Q(respondent__isnull=False),
                name="feedback_one_per_person_per_day",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__lte=2, ease__lte=2, clarity__lte=2), name="feedback_levels"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.day}"


class RecurringPoint(TimeStampedModel):
    """The department's public answer to a point users often raise about a service."""

    service = models.ForeignKey(
        PublicService, on_delete=models.CASCADE, related_name="recurring_points", verbose_name=_("prestation")
    )
    point = models.CharField(_("point soulevé"), max_length=200)
    answer = models.TextField(_("réponse du service"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("auteur·e")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("réponse à un point récurrent")
        verbose_name_plural = _("réponses aux points récurrents")

    def __str__(self) -> str:
        return self.point


class InformationPage(TimeStampedModel):
    """A page a department publishes in its field, checked and contestable."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="information_pages", verbose_name=_("service responsable")
    )
    body = models.TextField(_("texte (Markdown)"))
    version = models.PositiveIntegerField(_("version"), default=1)
    verified_on = models.DateField(_("vérifiée le"))
    verified_role = models.CharField(_("fonction de la personne qui a vérifié"), max_length=150)
    review_by = models.DateField(_("à revérifier avant le"), db_index=True)
    answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse (jours)"), default=15, help_text=_("Délai promis pour répondre aux questions.")
    )
    reminded_for = models.DateField(_("rappel envoyé pour l’échéance du"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("page d’information")
        verbose_name_plural = _("pages d’information")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:page", kwargs={"slug": self.slug})


class PageVersion(models.Model):
    """An immutable past or present text of a page."""

    page = models.ForeignKey(InformationPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("numéro"))
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"))
    note = models.CharField(_("ce qui a changé"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version d’une page d’information")
        verbose_name_plural = _("versions des pages d’information")
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="page_version_number")]

    def __str__(self) -> str:
        return f"{self.page} v{self.number}"


class Source(models.Model):
    """A source or a data set attached to a page: a link or a file."""

    class Kind(models.TextChoices):
        SOURCE = "source", _("Source")
        DATA = "data", _("Données")

    page = models.ForeignKey(InformationPage, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices, default=Kind.SOURCE)
    label = models.CharField(_("intitulé"), max_length=200)
    url = models.URLField(_("lien"), blank=True)
    file = models.FileField(_("fichier"), upload_to="information/", blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("source ou donnée")
        verbose_name_plural = _("sources et données")

    def __str__(self) -> str:
        return self.label


class PageQuestion(models.Model):
    """A question on a page, or a contestation of one of its statements, answered publicly in a delay."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        CONTESTATION = "contestation", _("Contestation")

    page = models.ForeignKey(InformationPage, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="page_questions"
    )
    statement = models.CharField(_("passage contesté"), max_length=300, blank=True)
    body = models.TextField(_("texte"))
    source_url = models.URLField(_("source"), blank=True)
    created_at = models.DateTimeField(_("posée le"), default=timezone.now)
    due_at = models.DateTimeField(_("réponse due le"), db_index=True)
    answer = models.TextField(pgettext_lazy("page d’information", "réponse"), blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_role = models.CharField(_("fonction"), max_length=150, blank=True)
    correction = models.ForeignKey(
        PageVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrects"
    )
    masked_at = models.DateTimeField(null=True, blank=True)
    masked_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question sur une page")
        verbose_name_plural = _("questions sur les pages")
        indexes = [models.Index(fields=["page", "-created_at"], name="page_question_recent")]

    def __str__(self) -> str:
        return self.body[:60]


class Counterpoint(models.Model):
    """Another department's opinion on a question, shown beside the owner's answer."""

    question = models.ForeignKey(PageQuestion, on_delete=models.CASCADE, related_name="counterpoints")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("avis"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("avis contradictoire")
        verbose_name_plural = _("avis contradictoires")
        constraints = [
            models.UniqueConstraint(fields=["question", "department"], name="one_counterpoint_per_department")
        ]

    def __str__(self) -> str:
        return f"{self.department}: {self.body[:40]}"


class FaqEntry(models.Model):
    """An official answer given in a debate, promoted into a page's FAQ (the text is copied)."""

    page = models.ForeignKey(InformationPage, on_delete=models.CASCADE, related_name="faq")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(pgettext_lazy("page d’information", "réponse"))
    comment_id = models.BigIntegerField(_("réponse officielle d’origine"))
    source_url = models.CharField(_("lien vers le débat"), max_length=300)
    promoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question fréquente")
        verbose_name_plural = _("questions fréquentes")
        constraints = [models.UniqueConstraint(fields=["page", "comment_id"], name="faq_once_per_comment")]

    def __str__(self) -> str:
        return self.question
