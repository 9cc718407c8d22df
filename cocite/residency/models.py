"""Verified residents: the commune's streets and roll, and the append-only history of verifications.

A verification records who verified, when and how — never the document itself. The status in
force is copied onto the person (`User.residence_verified_at` / `residence_verified_until`) by the
action that records it, in the same transaction, so permissions read it without a query.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .normalise import street_key


class Street(models.Model):
    """A street of the commune, imported from a CSV (e.g. the Base Adresse Nationale's export)."""

    name = models.CharField(_("nom de la voie"), max_length=200)
    # street_key(name) (cocite.residency.normalise): what typed addresses are compared with.
    key = models.CharField(max_length=200, unique=True, editable=False)
    imported_at = models.DateTimeField(_("importée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("voie de la commune")
        verbose_name_plural = _("voies de la commune")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = street_key(self.name)
        super().save(*args, **kwargs)


class RollEntry(models.Model):
    """One line of the census or electoral roll the commune imports: the minimum to match a person.

    Only normalised keys are kept (not the roll's own spelling, nor any other column); each import
    replaces the whole roll, and no verification points at the line it matched.
    """

    family_name_key = models.CharField(max_length=150)
    given_names_key = models.CharField(max_length=150)
    birth_date = models.DateField()
    street_key = models.CharField(max_length=200)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ligne du fichier des habitant·es")
        verbose_name_plural = _("fichier des habitant·es")
        indexes = [models.Index(fields=["family_name_key", "birth_date"], name="residency_roll_lookup")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Method(models.TextChoices):
    FRANCECONNECT_STREET = "franceconnect_voie", _("FranceConnect et adresse dans une voie de la commune")
    FRANCECONNECT_ROLL = "franceconnect_fichier", _("FranceConnect et fichier des habitant·es de la commune")
    FRONT_DESK = "guichet", _("Pièce vérifiée par un·e agent·e à l’accueil")


class DocumentType(models.TextChoices):
    IDENTITY_CARD = "carte_identite", _("Carte d’identité")
    PASSPORT = "passeport", _("Passeport")
    RESIDENCE_PERMIT = "titre_sejour", _("Titre de séjour")
    PROOF_OF_ADDRESS = "justificatif_domicile", _("Justificatif de domicile (moins de 3 mois)")
    TAX_NOTICE = "avis_imposition", _("Avis d’imposition ou de taxe d’habitation")
    LEASE = "bail", _("Bail ou quittance de loyer")


APPEND_ONLY = _("Une vérification de résidence ne se modifie pas : enregistrez-en une nouvelle.")


class AppendOnly(models.QuerySet["ResidenceVerification"]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(APPEND_ONLY)


class ResidenceVerification(models.Model):
    """One verification of a person's residence (append-only): who, when, how, until when."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="residence_verifications",
        verbose_name=_("personne"),
    )
    method = models.CharField(pgettext_lazy("vérification", "méthode"), max_length=30, choices=Method.choices)
    # The agent at the front desk; empty when the person verified themselves (FranceConnect).
    # Accounts are anonymised, never deleted (accounts.actions.account_anonymise): PROTECT.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vérifiée par"),
    )
    # Front desk: which kinds of document the agent looked at (codes of DocumentType), never the document.
    document_types = models.JSONField(_("pièces vérifiées"), default=list, blank=True)
    # FranceConnect: the street of the commune the address matched (its name as imported).
    street = models.CharField(_("voie"), max_length=200, blank=True)
    # FranceConnect: the eIDAS level of the identity (`acr`), when the provider gave one.
    acr = models.CharField(_("niveau d’identité (eIDAS)"), max_length=100, blank=True)
    verified_at = models.DateTimeField(_("vérifiée le"))
    expires_at = models.DateTimeField(_("valable jusqu’au"))

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = _("vérification de résidence")
        verbose_name_plural = _("vérifications de résidence")
        ordering = ["-verified_at", "-pk"]
        indexes = [models.Index(fields=["person", "-verified_at"], name="residency_person_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("verified_at")), name="residency_expires_after"
            ),
            models.CheckConstraint(
                condition=~models.Q(method="guichet") | models.Q(verified_by__isnull=False),
                name="residency_front_desk_has_agent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ({self.verified_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def document_labels(self) -> list[str]:
        labels = dict(DocumentType.choices)
        return [str(labels[code]) for code in self.document_types if code in labels]
