"""Route samples of the results pages (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.decisions import demo as decisions_demo
from cocite.decisions.models import Decision
from cocite.results import demo as results_demo
from cocite.results.models import Result

DEMO_DOMAIN = results_demo.DEMO_DOMAIN
BUDGET_SLUG = decisions_demo.load_content().demarche
PLAYGROUND = decisions_demo.load_content().ideas["playground"][0]
UNANSWERED_EMAIL = results_demo.load_content().kept_aside_email


def _done_result() -> Result:
    return Result.objects.get(title__startswith="Toilettes")


def _in_progress_result() -> Result:
    return Result.objects.filter(title__startswith="Stationnement vélo").get()


def _playground_decision() -> Decision:
    return Decision.objects.get(
        demarche__slug=BUDGET_SLUG, item_links__item__title=PLAYGROUND, superseded_by__isnull=True
    )


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "results:list": lambda: reverse("results:list"),
    "results:detail": lambda: reverse("results:detail", kwargs={"pk": _done_result().pk}),
    "results:create": lambda: f"{reverse('results:create')}?decision={_playground_decision().pk}",
    "results:manage": lambda: reverse("results:manage", kwargs={"pk": _in_progress_result().pk}),
}

LOGIN_AS: dict[str, str] = {
    # A supporter who has not answered yet: the page shows the "Est-ce bien réalisé ?" form.
    "results:detail": UNANSWERED_EMAIL,
    "results:create": f"a.roche@{DEMO_DOMAIN}",
    "results:manage": f"n.perrin@{DEMO_DOMAIN}",
}

MAIN_ROUTES: set[str] = {"results:list", "results:detail"}

EXCLUDED: dict[str, str] = {
    "results:done": "POST-only action (the « Déclarer réalisé » form of the manage page, which is sampled)",
    "results:check": "POST-only action (the « Est-ce bien réalisé ? » form of the result page, which is sampled)",
}
