"""Route samples of surveys, for the accessibility gate and the sweeps (see cocite/core/tests/route_samples.py).

The samples use the demo data: the survey « Vos trajets vers l'école » of the démarche on the schools
of La Gare (cocite/surveys/demo.py), run by the deputy mayor for participation (its team).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.surveys.demo import DEMO_DOMAIN
from cocite.surveys.models import Question, Survey

DEMARCHE_SLUG = "securite-rue-ecoles"
SURVEY_TITLE = "Vos trajets vers l'école"
RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
MANAGER_EMAIL = f"adjointe.participation@{DEMO_DOMAIN}"


def _survey() -> Survey:
    return Survey.objects.get(demarche__slug=DEMARCHE_SLUG, title=SURVEY_TITLE)


def _survey_path(name: str) -> Callable[[], str]:
    return lambda: reverse(name, kwargs={"pk": _survey().pk})


def _question_path() -> str:
    question = Question.objects.filter(survey=_survey(), kind=Question.Kind.MATRIX).get()
    return reverse("surveys:question_edit", kwargs={"pk": question.pk})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "surveys:main": lambda: reverse("surveys:main", kwargs={"slug": DEMARCHE_SLUG}),
    "surveys:create": lambda: reverse("surveys:create", kwargs={"slug": DEMARCHE_SLUG}),
    "surveys:detail": _survey_path("surveys:detail"),
    "surveys:results": _survey_path("surveys:results"),
    "surveys:edit": _survey_path("surveys:edit"),
    "surveys:question_edit": _question_path,
}

LOGIN_AS: dict[str, str] = {
    "surveys:main": RESIDENT_EMAIL,
    "surveys:create": MANAGER_EMAIL,
    "surveys:detail": RESIDENT_EMAIL,
    "surveys:results": MANAGER_EMAIL,
    "surveys:edit": MANAGER_EMAIL,
    "surveys:question_edit": MANAGER_EMAIL,
}

EXCLUDED: dict[str, str] = {
    "surveys:export": "CSV download of the responses (surveys:results links to it), not a page",
    "surveys:question_add": "POST-only action (the « Ajouter une question » form of surveys:edit), redirects back",
    "surveys:question_move": "POST-only action (the « Monter / Descendre » buttons of surveys:edit), redirects back",
    "surveys:question_delete": "POST-only action (the « Supprimer » buttons of surveys:edit), redirects back",
    "surveys:publish": "POST-only action (the « Publier » button of surveys:edit), redirects to surveys:detail",
}

MAIN_ROUTES: set[str] = {"surveys:detail", "surveys:results"}


def _question_route(name: str) -> str:
    return reverse(
        name, kwargs={"pk": Question.objects.filter(survey=_survey()).order_by("pk").values_list("pk", flat=True)[0]}
    )


REQUEST_SAMPLES: dict[str, Callable[[], str]] = {
    "surveys:export": _survey_path("surveys:export"),
    "surveys:question_add": _survey_path("surveys:question_add"),
    "surveys:publish": _survey_path("surveys:publish"),
    "surveys:question_move": lambda: _question_route("surveys:question_move"),
    "surveys:question_delete": lambda: _question_route("surveys:question_delete"),
}
