"""The territory's network: actors (associations, ESS, schools, departments…), their members and
offers, initiatives with their calls for help, answers, news posts, and incubation requests.

Events (« rencontres ») and volunteering missions live in the missions app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocite.core.models import TimeStampedModel
from cocite.territory.validators import validate_siren

from .validators import validate_rna


class ActorKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COLLECTIVE = "collectif", _("Collectif d'habitant·es")
    ESS = "ess", _("Entreprise de l'ESS")
    COMPANY = "entreprise", _("Entreprise")
    SCHOOL = "ecole", _("Établissement scolaire")
    DEPARTMENT = "service", _("Service municipal")
    PUBLIC_BODY = "public", _("Autre organisme public")


class OfferCategory(models.TextChoices):
    SKILLS = "competences", _("Compétences")
    PREMISES = "locaux", _("Locaux")
    EQUIPMENT = "materiel", _("Matériel")
    FUNDING = "financement", _("Financement")
    MENTORING = "accompagnement", _("Accompagnement")
    VOLUNTEERING = "benevolat", _("Bénévolat")


class Direction(models.TextChoices):
    OFFERS = "propose", pgettext_lazy("réseau", "Propose")
    SEEKS = "recherche", pgettext_lazy("réseau", "Recherche")


class Actor(TimeStampedModel):
    kind = models.CharField(_("type d'acteur"), max_length=20, choices=ActorKind.choices)
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("présentation"), max_length=5000)
    logo = models.ImageField(_("logo"), upload_to="network/logos/", blank=True)
    quartiers = models.ManyToManyField(
        "territory.Quartier", blank=True, related_name="actors", verbose_name=_("quartiers d'action")
    )
    themes = models.ManyToManyField("territory.Theme", blank=True, related_name="actors", verbose_name=_("thèmes"))
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("site web"), blank=True)
    other_link = models.URLField(_("autre lien"), blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna])
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ActorMembership", related_name="actors"
    )
    masked_at = models.DateTimeField(null=True, blank=True)
    masked_reason = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")
        indexes = [models.Index(fields=["kind", "name"], name="network_actor_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:actor", kwargs={"pk": self.pk})

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class ActorOffer(models.Model):
    """What an actor offers or looks for, by category, with details."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="offers")
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    category = models.CharField(_("catégorie"), max_length=20, choices=OfferCategory.choices)
    details = models.CharField(_("précisions"), max_length=300, blank=True)

    class Meta:
        ordering = ["direction", "category"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "direction", "category"], name="network_one_offer_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.direction} {self.category}"


class ActorMembership(TimeStampedModel):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur·rice")
        MEMBER = "membre", pgettext_lazy("acteur", "Membre")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="actor_memberships")
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["-role", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["actor", "user"], name="network_one_membership")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.actor_id}"


class ActorInvitation(TimeStampedModel):
    """An invitation by e-mail; the link carries a signed token of its id (no secret stored)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(
        _("rôle"), max_length=10, choices=ActorMembership.Role.choices, default=ActorMembership.Role.MEMBER
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.actor_id}"


class ActorMessage(models.Model):
    """A message sent to an actor through the platform (its administrators read it; no address shown)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class PersonSkills(models.Model):
    """What a person declares they can offer (optional); used for matching only if they opt in
    (`suggest_me`); `notify_matches`: told of the calls they or their actors match."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_skills")
    categories = models.JSONField(_("ce que je peux apporter"), default=list, blank=True)
    skills = models.CharField(_("compétences"), max_length=500, blank=True)
    themes = models.ManyToManyField("territory.Theme", blank=True, related_name="+", verbose_name=_("thèmes"))
    suggest_me = models.BooleanField(_("me proposer aux porteur·ses de projet"), default=False)
    # Told in one's notifications (and so one's digest) of the calls for help one matches, oneself or
    # through an actor one is a member of (actions.call_matches_notify).
    notify_matches = models.BooleanField(_("me prévenir des appels à l’aide qui me correspondent"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"skills {self.user_id}"


class Stage(models.TextChoices):
    IDEA = "idee", _("Idée")
    BUILDING = "construction", _("En construction")
    TESTING = "test", _("En test")
    RUNNING = "fonctionnement", _("En fonctionnement")
    ENDED = "terminee", _("Terminée")


class Initiative(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=160)
    need = models.TextField(_("besoin du territoire"), max_length=5000)
    solution = models.TextField(_("solution proposée"), max_length=5000)
    stage = models.CharField(
        pgettext_lazy("initiative", "étape"), max_length=20, choices=Stage.choices, default=Stage.IDEA
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives", verbose_name=_("porté par")
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="held_initiatives",
        verbose_name=_("porteur·se"),
    )
    team: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="initiative_teams", verbose_name=_("équipe")
    )
    themes = models.ManyToManyField("territory.Theme", blank=True, related_name="initiatives", verbose_name=_("thèmes"))
    quartiers = models.ManyToManyField(
        "territory.Quartier", blank=True, related_name="initiatives", verbose_name=_("quartiers")
    )
    # The démarche hosting the initiatives' items (incubation requests, follows): one for the network.
    demarche = models.ForeignKey("demarches.Demarche", on_delete=models.PROTECT, related_name="+")
    needs_items = models.ManyToManyField(
        "items.Item", blank=True, related_name="answering_initiatives", verbose_name=_("contributions liées")
    )
    # « Porter ce projet »: the retained contribution this initiative carries (one initiative per item).
    carries = models.OneToOneField(
        "items.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_by"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("référent·e de la commune"),
    )
    incubation_status = models.CharField(max_length=20, blank=True)
    masked_at = models.DateTimeField(null=True, blank=True)
    masked_reason = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:initiative", kwargs={"pk": self.pk})


class CallKind(models.TextChoices):
    VOLUNTEERS = "benevoles", _("Bénévoles")
    SKILLS = "competences", _("Compétences")
    PREMISES = "locaux", _("Locaux")
    EQUIPMENT = "materiel", _("Matériel")
    FUNDING = "financement", _("Financement")
    PARTNERS = "partenaires", _("Partenaires")


class CallForHelp(TimeStampedModel):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="calls")
    kind = models.CharField(_("type d'aide"), max_length=20, choices=CallKind.choices)
    what = models.CharField(_("ce qui est recherché"), max_length=300)
    when = models.CharField(_("quand"), max_length=120)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"], name="network_call_recent")]

    def __str__(self) -> str:
        return self.what


class HelpOffer(TimeStampedModel):
    """« Je peux aider »: an answer to a call, accepted or declined by the holders."""

    class Status(models.TextChoices):
        PENDING = "attente", pgettext_lazy("aide", "En attente")
        ACCEPTED = "acceptee", pgettext_lazy("aide", "Acceptée")
        DECLINED = "declinee", pgettext_lazy("aide", "Déclinée")

    call = models.ForeignKey(CallForHelp, on_delete=models.CASCADE, related_name="answers")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_offers")
    actor = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "helper"], name="network_one_answer_per_call")]

    def __str__(self) -> str:
        return f"help {self.pk}"


class NewsPost(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="news")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("nouvelle"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    masked_at = models.DateTimeField(null=True, blank=True)
    masked_reason = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nouvelle")
        verbose_name_plural = _("nouvelles")

    def __str__(self) -> str:
        return f"news {self.pk}"


class Incubation(TimeStampedModel):
    """A holder's request for the commune's support; the department's answer is a decision of the log."""

    class SupportKind(models.TextChoices):
        FUNDING = "subvention", _("Subvention")
        PREMISES = "locaux", _("Mise à disposition de locaux")
        MENTORING = "accompagnement", _("Accompagnement par un service")
        EQUIPMENT = "materiel", _("Prêt de matériel")

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="incubation")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    request = models.TextField(_("soutien demandé"), max_length=3000)
    item = models.OneToOneField("items.Item", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted = models.BooleanField(null=True)
    support_kind = models.CharField(_("soutien accordé"), max_length=20, choices=SupportKind.choices, blank=True)
    amount = models.DecimalField(_("montant (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    premises = models.CharField(_("locaux"), max_length=200, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=True, granted__isnull=True)
                | Q(decision__isnull=False, granted__isnull=False),
                name="network_incubation_answer_is_decision",
            )
        ]

    def __str__(self) -> str:
        return f"incubation {self.initiative_id}"


class ContributionActor(models.Model):
    """A contribution made in an actor's name (« au nom de »), chosen by its author, a member, when
    submitting it. The link lives here, not on the contribution: the contributions app sits below
    the network and never imports it (the network plugs its field in through
    contributions/extensions.py)."""

    contribution = models.OneToOneField(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="+", verbose_name=_("contribution")
    )
    # The link goes with the actor; the contribution stays, in its author's name only.
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="contribution_links", verbose_name=_("au nom de l’acteur")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution au nom d’un acteur")
        verbose_name_plural = _("contributions au nom d’un acteur")
        indexes = [models.Index(fields=["actor", "-created_at"], name="network_contribution_actor")]

    def __str__(self) -> str:
        return f"{self.contribution_id} @ {self.actor_id}"
