"""Reads about a person's account."""

from __future__ import annotations

import datetime
import json
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps as django_apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import BooleanField
from django.utils import timezone

from cocite.core.rows import Column, quoted
from cocite.territory.models import DepartmentMembership

from .models import User
from .permissions import role_labels


def _iso(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person (RGPD access and portability).

    The account comes from here; every app holding personal data adds its own section through
    an optional `AppConfig.personal_data(user) -> dict` (JSON-serialisable), so accounts does
    not import the components. Each section costs a fixed number of queries, whatever the
    number of rows.
    """
    quartier = user.quartier.name if user.quartier_id and user.quartier is not None else None
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "quartier": quartier,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "residence_verified_at": _iso(user.residence_verified_at),
            "residence_verified_until": _iso(user.residence_verified_until),
            "public_profile": user.public_profile,
            "roles": [str(label) for label in role_labels(user)],
        },
        "email_addresses": [
            {"email": row["email"], "verified": row["verified"], "primary": row["primary"]}
            for row in EmailAddress.objects.filter(user_id=user.pk)
            .order_by("pk")
            .values("email", "verified", "primary")
        ],
        # Identities from FranceConnect, ProConnect… (cocite/accounts/oidc.py): what the provider
        # sent at the last sign-in (names, address, the eIDAS level in "acr").
        "identities": [
            {
                "provider": row["provider"],
                "uid": row["uid"],
                "date_joined": _iso(row["date_joined"]),
                "last_login": _iso(row["last_login"]),
                "data": row["extra_data"],
            }
            for row in SocialAccount.objects.filter(user_id=user.pk)
            .order_by("pk")
            .values("provider", "uid", "date_joined", "last_login", "extra_data")
        ],
    }
    for config in django_apps.get_app_configs():
        provider = getattr(config, "personal_data", None)
        if callable(provider):
            section = provider(user)
            if section:
                data[config.label] = section
    return data


def personal_data_json(user: User) -> str:
    return json.dumps(personal_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def is_agent_column() -> Column:
    """Whether the person belongs to a department: a column of the query that loads the viewer."""
    memberships = DepartmentMembership._meta
    user_column = memberships.get_field("user").column
    return Column(
        sql=f"EXISTS (SELECT 1 FROM {quoted(memberships.db_table)} WHERE {quoted(user_column)} = "  # noqa: S608
        f"{quoted(User._meta.db_table)}.{quoted(User._meta.pk.column)})",
        params=(),
        output_field=BooleanField(),
    )


def has_totp_column() -> Column:
    """Whether the person has a TOTP authenticator (allauth.mfa): a column of the query that loads the
    viewer, so the second factor's check (second_factor.py) costs administrators no query."""
    authenticators = Authenticator._meta
    user_column = authenticators.get_field("user").column
    type_column = authenticators.get_field("type").column
    return Column(
        sql=f"EXISTS (SELECT 1 FROM {quoted(authenticators.db_table)} WHERE {quoted(user_column)} = "  # noqa: S608
        f"{quoted(User._meta.db_table)}.{quoted(User._meta.pk.column)} AND {quoted(type_column)} = %s)",
        params=(str(Authenticator.Type.TOTP),),
        output_field=BooleanField(),
    )
