"""Route samples of « Mon espace » (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

# The administrator's space has every section (inboxes, decisions to take, settings, participation).
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "spaces:mine": lambda: reverse("spaces:mine"),
    # The home page's quartier and department cards lead to these public pages.
    "spaces:quartier": lambda: reverse("spaces:quartier", kwargs={"slug": "la-gare"}),
    "spaces:department": lambda: reverse("spaces:department", kwargs={"slug": "voirie"}),
}

LOGIN_AS: dict[str, str] = {
    "spaces:mine": ADMIN_EMAIL,
}

MAIN_ROUTES: set[str] = {"spaces:mine", "spaces:quartier", "spaces:department"}
