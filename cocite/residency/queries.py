"""Reads about residence verifications: a person's own status, the front desk's search, the personal data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from cocite.accounts.models import User, display_name_key
from cocite.accounts.viewer import Viewer
from cocite.core.errors import PermissionDenied

from .identity import FRANCECONNECT, Identity, identity
from .models import ResidenceVerification, RollEntry, Street
from .normalise import first_given_name_key, name_key
from .permissions import can_verify_at_front_desk

# The front desk finds one person by an exact address or pseudonym: never a list of names.
SEARCH_MAX = 254


@dataclass(frozen=True)
class Status:
    """What the person sees of their own status (never shown to anyone else)."""

    verified: bool
    expired: bool  # was verified, is no longer
    until: datetime.datetime | None
    latest: ResidenceVerification | None
    history: list[ResidenceVerification]
    franceconnect: Identity | None  # the FranceConnect identity linked to the account, if any


def franceconnect_account(user: User) -> SocialAccount | None:
    return SocialAccount.objects.filter(user_id=user.pk, provider=FRANCECONNECT).order_by("-pk").first()


def status_for(user: User, *, history: int = 10) -> Status:
    rows = list(
        ResidenceVerification.objects.filter(person_id=user.pk)
        .select_related("verified_by")
        .order_by("-verified_at", "-pk")[:history]
    )
    account = franceconnect_account(user)
    until = user.residence_verified_until
    verified = user.is_residence_verified
    return Status(
        verified=verified,
        expired=not verified and user.residence_verified_at is not None,
        until=until,
        latest=rows[0] if rows else None,
        history=rows,
        franceconnect=identity(account.extra_data) if account is not None else None,
    )


def street_for(street_key: str) -> Street | None:
    if not street_key:
        return None
    return Street.objects.filter(key=street_key).first()


def has_streets() -> bool:
    return Street.objects.exists()


def has_roll() -> bool:
    return RollEntry.objects.exists()


def roll_matches(person: Identity, street_key: str) -> bool:
    """The identity and the address are on the roll: same family name and birth date, a given name in
    common (rolls list them all, FranceConnect too, in any order), the same street."""
    if person.birth_date is None or not person.family_name or not street_key:
        return False
    given = set(name_key(person.given_names).split())
    candidates = RollEntry.objects.filter(
        family_name_key=name_key(person.family_name), birth_date=person.birth_date, street_key=street_key
    ).values_list("given_names_key", flat=True)[:20]
    return any(
        given & set(row.split()) or first_given_name_key(row) == first_given_name_key(person.given_names)
        for row in candidates
    )


def front_desk_find(viewer: Viewer, text: str) -> User | None:
    """The person whose e-mail address or pseudonym is exactly `text` (for an agent at the front desk)."""
    if not can_verify_at_front_desk(viewer):
        raise PermissionDenied(
            "Seuls les agent·es de la commune peuvent vérifier la résidence d’une personne.", code="not_agent"
        )
    text = text.strip()[:SEARCH_MAX]
    if not text or "\x00" in text:
        return None
    people = User.objects.filter(is_active=True)
    if "@" in text:
        return people.filter(email__iexact=text).first()
    return people.filter(display_name_key=display_name_key(text)).first()


def recent_front_desk(viewer: Viewer, *, limit: int = 10) -> list[ResidenceVerification]:
    """The last verifications this agent recorded (their own desk's memory)."""
    if not can_verify_at_front_desk(viewer):
        return []
    return list(
        ResidenceVerification.objects.filter(verified_by_id=viewer.pk)
        .select_related("person")
        .order_by("-verified_at", "-pk")[:limit]
    )


def personal_data(user: User) -> dict[str, Any]:
    rows = ResidenceVerification.objects.filter(person_id=user.pk).order_by("verified_at", "pk")
    return {
        "residence_verifications": [
            {
                "method": row.get_method_display(),
                "verified_at": row.verified_at.isoformat(),
                "expires_at": row.expires_at.isoformat(),
                "verified_by": row.verified_by.display_name if row.verified_by_id and row.verified_by else None,
                "documents_checked": row.document_labels(),
                "street": row.street,
                "identity_level": row.acr,
            }
            for row in rows.select_related("verified_by")
        ],
        "residence_verified_until": (
            user.residence_verified_until.isoformat() if user.residence_verified_until else None
        ),
        "verified_now": user.is_residence_verified,
        "checked_at": timezone.now().isoformat(),
    }
