"""Route samples of « Mon espace » (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

# The administrator's space has every section (inboxes, decisions to take, settings, participation).
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "spaces:mine": lambda: reverse("spaces:mine"),
}

LOGIN_AS: dict[str, str] = {
    "spaces:mine": ADMIN_EMAIL,
}

MAIN_ROUTES: set[str] = {"spaces:mine"}
