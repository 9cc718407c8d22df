"""Items: what the machinery (routing, opinions, decisions, results, debate, follows, open data)
works on, whatever app a resource comes from (a contribution today; reports, missions,
initiatives… later).

An item is a typed reference to one object of a registered resource (`registry.py`): its kind,
its object's id, and the few facts the machinery filters and sorts on in SQL — the démarche
(visibility), the title and creation date (lists), the arbitration status and the rule version
in force (commitments). The resource app keeps them in step through `actions.py`; the
machinery never imports a resource app.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .registry import registry


class ItemStatus(models.TextChoices):
    """Where an item stands in the arbitration; the machinery moves it, the resource mirrors it."""

    RECEIVED = "recue", _("Reçue")
    ROUTED = "orientee", _("Orientée vers un service")
    UNDER_REVIEW = "en_examen", _("En cours d'examen")
    ACCEPTED = "retenue", _("Retenue")
    ACCEPTED_MODIFIED = "retenue_modifiee", _("Retenue avec modifications")
    ALREADY_PLANNED = "deja_prevue", _("Déjà prévue")
    REJECTED = "non_retenue", _("Non retenue")
    OUT_OF_SCOPE = "hors_competence", _("Hors compétence")
    MERGED = "fusionnee", _("Fusionnée")
    IN_PROGRESS = "en_cours", _("Mise en œuvre en cours")
    DONE = "realisee", _("Réalisée")
    WITHDRAWN = "retiree", _("Retirée par son auteur")


class Item(models.Model):
    kind = models.CharField(_("type"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("identifiant"))
    demarche = models.ForeignKey(
        "demarches.Demarche",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("démarche"),
    )
    title = models.CharField(_("titre"), max_length=200)
    status = models.CharField(_("statut"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.RECEIVED)
    rule_version = models.ForeignKey(
        "demarches.RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("règles en vigueur"),
    )
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("élément")
        verbose_name_plural = _("éléments")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_item_per_object")]
        indexes = [
            models.Index(fields=["demarche", "status"], name="item_demarche_status"),
            models.Index(fields=["status", "-created_at"], name="item_status_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return registry.spec(self.kind).url_of(self.object_id)

    @property
    def kind_label(self) -> StrOrPromise:
        """What the item is, in words ("contribution")."""
        return registry.spec(self.kind).label

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ItemStatus.WITHDRAWN
