from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The pseudonym of every deleted or anonymised account (stored as is: a plain, French string).
ANONYMISED_DISPLAY_NAME = "Compte supprimé"
# What stands for a pseudonym the moderation hid (cocite/spaces/moderation.py), the same for everyone.
MASKED_DISPLAY_NAME = "Pseudonyme masqué"
ANONYMISED_EMAIL_DOMAIN = "invalid.invalid"


def display_name_key(name: str) -> str:
    """Fold case, accents and spacing: « Léa à vélo » and « lea A  velo » collide."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class UserManager(DjangoUserManager["User"]):
    """Email is the login; there is no username."""

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        extra.setdefault("display_name", email.split("@", 1)[0][:40])
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Their real name is private; only `display_name` is ever shown publicly."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse électronique"), unique=True)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=40,
        help_text=_("Pseudonyme public, visible à côté de vos contributions. Votre nom réel n'est jamais affiché."),
    )
    # Case- and accent-insensitive key enforcing unique pseudonyms on every
    # database (SQLite's lower() only folds ASCII).
    display_name_key = models.CharField(max_length=80, editable=False)
    quartier = models.ForeignKey(
        "territory.Quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("quartier"),
    )
    # « Profil public »: the page listing this person's public activity under their pseudonym
    # (what they published is public anyway; off, the pseudonym is shown without a link).
    public_profile = models.BooleanField(
        _("profil public"),
        default=True,
        help_text=_(
            "Une page liste, sous votre pseudonyme, ce que vous avez publié (contributions, commentaires). "
            "Vos soutiens, abonnements, nom réel et adresse n’y figurent jamais."
        ),
    )
    is_moderator = models.BooleanField(_("modérateur·rice"), default=False)
    is_elected_official = models.BooleanField(_("élu·e"), default=False)
    # The status in force, copied from the latest verification (cocite.residency: append-only
    # history of who verified, when and how) in the same transaction; never shown publicly.
    residence_verified_at = models.DateTimeField(
        _("résidence vérifiée le"),
        null=True,
        blank=True,
        help_text=_("Renseigné après une vérification d'identité (FranceConnect) ou de domicile."),
    )
    residence_verified_until = models.DateTimeField(
        _("résidence vérifiée jusqu’au"),
        null=True,
        blank=True,
        help_text=_("Au-delà, la vérification a expiré et doit être renouvelée."),
    )

    # Moderation of the public profile (« Signaler » on /personnes/<id>/, cocite/spaces/moderation.py):
    # a hidden profile shows a tombstone and its pseudonym gives way to « Pseudonyme masqué »
    # everywhere; the pseudonym as it was is kept for the moderators (and given back on a restore).
    profile_masked_at = models.DateTimeField(_("profil masqué le"), null=True, blank=True)
    profile_masked_reason = models.CharField(
        _("motif du masquage du profil"), max_length=300, blank=True, default="", db_default=""
    )
    masked_display_name = models.CharField(
        _("pseudonyme masqué"), max_length=40, blank=True, default="", db_default="", editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()

    # Per-request caches of the roles (cocite.accounts.permissions, cocite.demarches.permissions),
    # set on the instance or annotated by the login query (cocite.accounts.apps); not fields.
    _cocite_is_agent: bool
    _cocite_has_totp: bool
    _cocite_department_roles: dict[int, str]
    _cocite_named_in: dict[str, set[int]]

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        constraints = [
            models.UniqueConstraint(fields=["display_name_key"], name="unique_display_name_key"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.display_name_key = display_name_key(self.display_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "display_name_key"}
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        return self.display_name

    @property
    def is_anonymised(self) -> bool:
        """Deleted by its owner or anonymised after 3 years without use (accounts.actions.account_anonymise)."""
        return not self.is_active and self.email.endswith("@" + ANONYMISED_EMAIL_DOMAIN)

    @property
    def is_administrator(self) -> bool:
        return bool(self.is_active and self.is_superuser)

    @property
    def is_residence_verified(self) -> bool:
        """A verification is in force: recorded and not expired."""
        until = self.residence_verified_until
        return self.residence_verified_at is not None and until is not None and until > timezone.now()
