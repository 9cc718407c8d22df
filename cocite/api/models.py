"""API tokens (personal and application), webhook subscriptions and their delivery log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scope(models.TextChoices):
    """What a token may do beyond reading what its holder may read."""

    # Personal tokens: a person's own participation.
    CONTRIBUTE = "contribute", _("Contribuer")
    SUPPORT = "support", _("Soutenir")
    COMMENT = "comment", _("Commenter")
    VOTE = "vote", _("Voter")
    REPORT = "report", _("Signaler")
    # Application tokens: the commune's systems.
    ROUTE = "route", _("Orienter")
    ANSWER = "answer", _("Répondre officiellement")
    READ_AGENTS = "read_agents", _("Lire les démarches réservées aux agents")
    REPORT_STATUS = "report_status", _("Changer le statut des signalements")


PERSONAL_SCOPES = (Scope.CONTRIBUTE, Scope.SUPPORT, Scope.COMMENT, Scope.VOTE, Scope.REPORT)
APPLICATION_SCOPES = (Scope.ROUTE, Scope.ANSWER, Scope.READ_AGENTS, Scope.REPORT_STATUS)


class ApiToken(models.Model):
    """A bearer token: only its SHA-256 is stored; the secret is shown once, at creation.

    A personal token acts for the person who created it (`user`), within its scopes. An
    application token is created by an administrator for one of the commune's systems; it acts
    as its service account (`user`) for the writes its scopes allow, and reads as a visitor
    unless it has the scope « read_agents ».
    """

    class Kind(models.TextChoices):
        PERSONAL = "personnel", _("Personnel")
        APPLICATION = "application", _("Application")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PERSONAL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("compte")
    )
    name = models.CharField(_("nom"), max_length=80)
    prefix = models.CharField(_("début du jeton"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("droits"), default=list, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment  # type: ignore[operator]

    @property
    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in (self.scopes or []) if s in Scope.values]

    def allows(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class WebhookEvent(models.TextChoices):
    CONTRIBUTION_CREATED = "contribution.created", _("Contribution publiée")
    CONTRIBUTION_STATUS_CHANGED = "contribution.status_changed", _("Statut d'une contribution changé")
    DECISION_PUBLISHED = "decision.published", _("Décision publiée")
    RESULT_PUBLISHED = "result.published", _("Résultat publié")
    RESULT_DONE = "result.done", _("Résultat réalisé")
    # Sent by the apps themselves (cocite/<app>/webhooks.py): their API modules import this app.
    REPORT_RECEIVED = "report.received", _("Signalement reçu")
    REPORT_STATUS_CHANGED = "report.status_changed", _("Statut d'un signalement changé")
    REPORT_RESOLVED = "report.resolved", _("Signalement résolu")
    INITIATIVE_PUBLISHED = "initiative.published", _("Initiative publiée")
    HELP_CALL_OPENED = "help_call.opened", _("Appel à l'aide ouvert")
    MISSION_PUBLISHED = "mission.published", _("Mission bénévole publiée")
    EVENT_PUBLISHED = "event.published", _("Rencontre publiée")
    BUDGET_COUNT_PUBLISHED = "budget_count.published", _("Dépouillement d'un budget participatif publié")
    INFORMATION_PAGE_PUBLISHED = "information_page.published", _("Page d'information publiée")


class WebhookSubscription(models.Model):
    """A URL told about events of public démarches, signed with `secret` (Standard Webhooks style)."""

    name = models.CharField(_("nom"), max_length=120)
    url = models.URLField(_("adresse"), max_length=500)
    secret = models.CharField(_("secret de signature"), max_length=100, editable=False)
    events = models.JSONField(_("événements"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one subscription, and its attempts (the delivery log)."""

    class Status(models.TextChoices):
        PENDING = "en_attente", pgettext_lazy("livraison webhook", "En attente")
        DELIVERED = "livre", _("Livré")
        FAILED = "echec", _("Abandonné")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(_("identifiant du message"), max_length=40, unique=True)
    event = models.CharField(_("événement"), max_length=40, choices=WebhookEvent.choices)
    payload = models.TextField(_("contenu (JSON)"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(_("dernier code HTTP"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("livré le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("livraison webhook")
        verbose_name_plural = _("livraisons webhook")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.message_id})"
