"""Route samples of analysis: dashboards, the analyst's theme, duplicate and synthesis pages.

See ``cocite/core/tests/route_samples.py`` for what a route sample is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.analysis.models import ContributionTheme, DuplicatePair, Synthesis, SynthesisLine
from cocite.contributions.models import Contribution

ANALYST_EMAIL = "n.perrin@demo.bellerive.example"
BUDGET = "budget-participatif-2027"
SCHOOLS = "securite-rue-ecoles"
AGENTS_ONLY = "accueil-du-public"


def _theme_path() -> str:
    theme = (
        ContributionTheme.objects.filter(demarche__slug=BUDGET, status__in=ContributionTheme.ACTIVE)
        .order_by("pk")
        .first()
    )
    assert theme is not None, "the demo seeds themes for the budget participatif"
    return reverse("analysis:theme", kwargs={"pk": theme.pk})


def _merge_path() -> str:
    base = reverse("analysis:merge", kwargs={"slug": BUDGET})
    pair = DuplicatePair.objects.filter(demarche__slug=BUDGET).order_by("-score").first()
    if pair is not None:
        return f"{base}?cible={pair.first_id}&sources={pair.second_id}"
    first, second = Contribution.objects.filter(demarche__slug=BUDGET).order_by("pk").values_list("pk", flat=True)[:2]
    return f"{base}?cible={first}&sources={second}"


def _line_path() -> str:
    line = (
        SynthesisLine.objects.filter(synthesis__demarche__slug=BUDGET, synthesis__status=Synthesis.Status.DRAFT)
        .order_by("pk")
        .first()
    )
    assert line is not None, "the demo leaves a draft synthesis with lines"
    return reverse("analysis:line_edit", kwargs={"pk": line.pk})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "analysis:platform": lambda: reverse("analysis:platform"),
    "analysis:demarche": lambda: reverse("analysis:demarche", kwargs={"slug": SCHOOLS}),
    "analysis:synthesis": lambda: reverse("analysis:synthesis", kwargs={"slug": BUDGET}),
    "analysis:themes": lambda: reverse("analysis:themes", kwargs={"slug": BUDGET}),
    "analysis:theme": _theme_path,
    "analysis:duplicates": lambda: reverse("analysis:duplicates", kwargs={"slug": BUDGET}),
    "analysis:merge": _merge_path,
    "analysis:synthesis_edit": lambda: reverse("analysis:synthesis_edit", kwargs={"slug": BUDGET}),
    "analysis:line_edit": _line_path,
}

LOGIN_AS: dict[str, str] = {
    "analysis:themes": ANALYST_EMAIL,
    "analysis:theme": ANALYST_EMAIL,
    "analysis:duplicates": ANALYST_EMAIL,
    "analysis:merge": ANALYST_EMAIL,
    "analysis:synthesis_edit": ANALYST_EMAIL,
    "analysis:line_edit": ANALYST_EMAIL,
}

MAIN_ROUTES: set[str] = {"analysis:platform", "analysis:synthesis", "analysis:themes"}

EXCLUDED: dict[str, str] = {
    "analysis:run_progress": "htmx fragment polled inside the themes page (sampled); without htmx it redirects there",
    "analysis:run_start": "POST-only action (start a theme grouping), redirects to the themes page",
    "analysis:theme_validate": "POST-only action, redirects to the theme page",
    "analysis:theme_rename": "POST-only action, redirects to the theme page",
    "analysis:theme_merge": "POST-only action, redirects to the merged theme's page",
    "analysis:move": "POST-only action (move or split contributions), redirects to the theme page",
    "analysis:duplicate_dismiss": "POST-only action, redirects to the duplicates page",
    "analysis:synthesis_start": "POST-only action (create a draft), redirects to the synthesis editor",
    "analysis:synthesis_fill": "POST-only action (one line per theme), redirects to the synthesis editor",
    "analysis:synthesis_publish": "POST-only action (validate and publish), redirects to the public synthesis",
    "analysis:line_add": "POST-only action; its form is on the synthesis editor (sampled)",
    "analysis:line_delete": "POST-only action, redirects to the synthesis editor",
}
