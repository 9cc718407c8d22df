from __future__ import annotations

from django.db import transaction

from cocite.territory.models import Quartier

from .models import User


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, quartier: Quartier | None, first_name: str = "", last_name: str = ""
) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.display_name = display_name
    locked.quartier = quartier
    locked.first_name = first_name
    locked.last_name = last_name
    locked.save(update_fields=["display_name", "quartier", "first_name", "last_name"])
    return locked
