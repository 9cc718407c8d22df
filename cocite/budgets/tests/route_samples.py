"""Route samples of the participatory budget (see ``cocite/core/tests/route_samples.py``).

The demo's « Budget participatif 2027 » is open to the vote (cocite/budgets/demo.py): its count,
outcome and open data exist only after the close, and are exercised in test_pages.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

SLUG = "budget-participatif-2027"
# Verified and has voted in the demo.
RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
# In the démarche's team: prepares the projects and counts.
MANAGER_EMAIL = f"n.perrin@{DEMO_DOMAIN}"


def _project() -> str:
    from cocite.budgets.models import Project

    project = Project.objects.filter(demarche__slug=SLUG).order_by("pk").first()
    assert project is not None, "the demo has budget projects"
    return reverse("budgets:project", kwargs={"slug": SLUG, "pk": project.pk})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "budgets:main": lambda: reverse("budgets:main", kwargs={"slug": SLUG}),
    "budgets:project": _project,
    "budgets:receipt": lambda: reverse("budgets:receipt", kwargs={"slug": SLUG}),
    "budgets:manage": lambda: reverse("budgets:manage", kwargs={"slug": SLUG}),
    "budgets:paper": lambda: reverse("budgets:paper", kwargs={"slug": SLUG}),
    "budgets:recount": lambda: reverse("budgets:recount"),
}

LOGIN_AS: dict[str, str] = {
    "budgets:receipt": RESIDENT_EMAIL,
    "budgets:manage": MANAGER_EMAIL,
    "budgets:paper": MANAGER_EMAIL,
}

MAIN_ROUTES: set[str] = {"budgets:main", "budgets:manage"}

EXCLUDED: dict[str, str] = {
    "budgets:ballot": "POST only: « Vérifier mon panier » and « Confirmer » on the budget page (test_pages.py)",
    "budgets:project_image": "a project's image file, not a page; the demo's projects have none (test_pages.py)",
    "budgets:outcome": "exists once the vote is closed and counted; the demo's vote is open (test_pages.py)",
    "budgets:export_pb": "open data file, published after the close; the demo's vote is open (test_pages.py)",
    "budgets:export_csv": "open data file, published after the close; the demo's vote is open (test_pages.py)",
}


def _first_project_pk() -> int:
    from cocite.budgets.models import Project

    return Project.objects.filter(demarche__slug=SLUG).order_by("pk").values_list("pk", flat=True)[0]


def _count_pk() -> int:
    """The démarche's count once there is one; until the close, an id that finds none (its 404)."""
    from cocite.budgets.models import Count

    return Count.objects.order_by("pk").values_list("pk", flat=True).first() or 1


REQUEST_SAMPLES: dict[str, Callable[[], str]] = {
    "budgets:ballot": lambda: reverse("budgets:ballot", kwargs={"slug": SLUG}),
    "budgets:project_image": lambda: reverse("budgets:project_image", kwargs={"slug": SLUG, "pk": _first_project_pk()}),
    "budgets:outcome": lambda: reverse("budgets:outcome", kwargs={"slug": SLUG, "pk": _count_pk()}),
    "budgets:export_pb": lambda: reverse("budgets:export_pb", kwargs={"slug": SLUG, "part": 1}),
    "budgets:export_csv": lambda: reverse("budgets:export_csv", kwargs={"slug": SLUG}),
}
