"""Builders for the residency tests: a FranceConnect identity (allauth's own row), streets, a roll."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from cocite.residency import actions

STREETS_CSV = (
    "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune\n"
    "99001_0010_00001;1;;Avenue de la République;99100;99001;Bellerive\n"
    "99001_0010_00003;3;;Avenue de la République;99100;99001;Bellerive\n"
    "99001_0020_00002;2;;Rue de l’Église Saint-Jean;99100;99001;Bellerive\n"
    "99001_0030_00005;5;;Boulevard Victor-Hugo;99100;99001;Bellerive\n"
)
ROLL_CSV = (
    "nom,prenoms,date_naissance,adresse,bureau,profession\n"
    "DUPONT,Marie Hélène,24/08/1962,12 av. de la République,3,Institutrice\n"
    "Martin,Paul,1990-01-15,5 boulevard Victor Hugo,1,\n"
)


def franceconnect(user: Any, **claims: Any) -> SocialAccount:
    """The row allauth writes after a FranceConnect sign-in (OpenID Connect: userinfo and ID token claims)."""
    userinfo = {
        "sub": f"fc-{user.pk}",
        "given_name": "Marie Hélène",
        "family_name": "Dupont",
        "birthdate": "1962-08-24",
        **claims,
    }
    return SocialAccount.objects.create(
        user=user,
        provider="franceconnect",
        uid=f"fc-{user.pk}",
        extra_data={"userinfo": userinfo, "id_token": {"acr": "eidas1", "sub": userinfo["sub"]}},
    )


def streets() -> None:
    actions.streets_import(data=STREETS_CSV)


def verified(user: Any, *, days_left: int = 100) -> Any:
    now = timezone.now()
    user.residence_verified_at = now - datetime.timedelta(days=10)
    user.residence_verified_until = now + datetime.timedelta(days=days_left)
    user.save(update_fields=["residence_verified_at", "residence_verified_until"])
    return user
