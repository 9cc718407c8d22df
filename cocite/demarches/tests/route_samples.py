"""Route samples of démarches and rulebooks (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

PUBLIC = "securite-rue-ecoles"
BUDGET = "budget-participatif-2027"
AGENTS_ONLY = "accueil-du-public"
AGENT_EMAIL = "e.chevalier@demo.bellerive.example"

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "demarches:list": lambda: reverse("demarches:list"),
    "demarches:detail": lambda: reverse("demarches:detail", kwargs={"slug": PUBLIC}),
    # The budget has two rule versions: show the history and the readable diff.
    "demarches:rules": lambda: reverse("demarches:rules", kwargs={"slug": BUDGET}) + "?de=1&a=2",
    "demarches:charter": lambda: reverse("demarches:charter") + "?de=1&a=2",
    # « Améliorer notre service », launched by a department's manager.
    "demarches:service_improvement": lambda: reverse("demarches:service_improvement"),
}

LOGIN_AS: dict[str, str] = {"demarches:service_improvement": AGENT_EMAIL}

MAIN_ROUTES: set[str] = {"demarches:list", "demarches:detail", "demarches:rules"}

EXCLUDED: dict[str, str] = {}
