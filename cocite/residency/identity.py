"""What a FranceConnect identity says about the person (pure functions of allauth's `extra_data`).

allauth's OpenID Connect provider stores `{"userinfo": {...}, "id_token": {...}}`; the sign-in may
also record the eIDAS level at the top (`"acr"`). FranceConnect's claims: `family_name` (birth
name), `given_name` (all given names, space-separated), `birthdate` (YYYY-MM-DD, « YYYY-MM-00 »
when the day is unknown).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

FRANCECONNECT = "franceconnect"


@dataclass(frozen=True)
class Identity:
    family_name: str
    given_names: str
    birth_date: datetime.date | None
    acr: str


def claims(extra_data: Any) -> dict[str, Any]:
    """The claims, the ID token's overridden by userinfo's, overridden by what the sign-in recorded on top."""
    if not isinstance(extra_data, dict):
        return {}
    merged: dict[str, Any] = {}
    for nested in ("id_token", "userinfo"):
        part = extra_data.get(nested)
        if isinstance(part, dict):
            merged.update(part)
    merged.update({key: value for key, value in extra_data.items() if key not in ("id_token", "userinfo")})
    return merged


def _text(value: Any) -> str:
    return value.strip()[:150] if isinstance(value, str) else ""


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def identity(extra_data: Any) -> Identity:
    found = claims(extra_data)
    return Identity(
        family_name=_text(found.get("family_name")),
        given_names=_text(found.get("given_name")),
        birth_date=_date(found.get("birthdate")),
        acr=_text(found.get("acr")),
    )
