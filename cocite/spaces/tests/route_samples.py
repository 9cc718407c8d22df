"""Route samples of « Mon espace », public profiles and the site's search (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.contributions.models import Contribution

# The administrator's space has every section (inboxes, decisions to take, settings, participation).
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"


def _profile() -> str:
    """The public page of a demo person who contributed (the first by id)."""
    author_id = (
        Contribution.objects.filter(author__isnull=False, author__is_active=True)
        .values_list("author_id", flat=True)
        .order_by("author_id")
        .first()
    )
    person = User.objects.get(pk=author_id)
    return reverse("spaces:person", kwargs={"pk": person.pk})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "spaces:mine": lambda: reverse("spaces:mine"),
    # The home page's quartier and department cards lead to these public pages.
    "spaces:quartier": lambda: reverse("spaces:quartier", kwargs={"slug": "la-gare"}),
    "spaces:department": lambda: reverse("spaces:department", kwargs={"slug": "voirie"}),
    "spaces:person": _profile,
    # A search that finds something in every group (the demo's texts speak of « rue » everywhere).
    "spaces:search": lambda: reverse("spaces:search") + "?q=rue",
}

LOGIN_AS: dict[str, str] = {
    "spaces:mine": ADMIN_EMAIL,
}

MAIN_ROUTES: set[str] = {"spaces:mine", "spaces:quartier", "spaces:department"}
