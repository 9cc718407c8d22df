"""Route samples of reports (« Signalements ») and the Open311 API.

See ``cocite/core/tests/route_samples.py`` for what a route sample is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.demarches.models import Demarche
from cocite.reports.models import Report

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
# « n.perrin »: responsable du service voirie, whose queue holds the demo's lighting and pavement reports.
VOIRIE_AGENT_EMAIL = f"n.perrin@{DEMO_DOMAIN}"
# The demo's reports alternate between two residents; this one reported resolved ones (cocite/reports/demo.py).
REPORTER_EMAIL = f"yanis.benali@{DEMO_DOMAIN}"


def _first(**filters: object) -> Report:
    report = Report.objects.filter(**filters).order_by("pk").first()
    assert report is not None, f"the demo has no report with {filters}"
    return report


def _resolved() -> Report:
    return _first(status="resolu", author__email=REPORTER_EMAIL)


def _nearby() -> str:
    report = _first(latitude__isnull=False)
    return f"{reverse('reports:nearby')}?categorie={report.category.slug}&lat={report.latitude}&lon={report.longitude}"


def _to_demarche() -> str:
    category = _first(category__department__slug="voirie", masked_at__isnull=True).category
    return f"{reverse('reports:to_demarche')}?category={category.slug}"


def _demarche_reports() -> str:
    # Any published démarche: the demo carries no report into one, so the page shows its empty state.
    demarche = Demarche.objects.filter(status=Demarche.Status.PUBLISHED, audience="everyone").order_by("pk").first()
    assert demarche is not None, "the demo has no published démarche"
    return reverse("reports:demarche", kwargs={"slug": demarche.slug})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "reports:list": lambda: reverse("reports:list"),
    "reports:new": lambda: reverse("reports:new"),
    "reports:nearby": _nearby,
    "reports:queue": lambda: reverse("reports:queue"),
    "reports:mine": lambda: reverse("reports:mine"),
    "reports:patterns": lambda: reverse("reports:patterns"),
    "reports:to_demarche": _to_demarche,
    "reports:demarche": _demarche_reports,
    "reports:detail": lambda: reverse("reports:detail", kwargs={"pk": _first(status="planifie").pk}),
    "reports:confirm": lambda: reverse("reports:confirm", kwargs={"pk": _resolved().pk}),
}

LOGIN_AS: dict[str, str] = {
    "reports:new": RESIDENT_EMAIL,
    "reports:queue": VOIRIE_AGENT_EMAIL,
    "reports:mine": REPORTER_EMAIL,
    "reports:patterns": VOIRIE_AGENT_EMAIL,
    "reports:to_demarche": VOIRIE_AGENT_EMAIL,
    "reports:detail": VOIRIE_AGENT_EMAIL,
    "reports:confirm": REPORTER_EMAIL,
}

MAIN_ROUTES: set[str] = {"reports:list", "reports:new", "reports:detail", "reports:queue"}

EXCLUDED: dict[str, str] = {
    "reports:join": "POST-only « c'est le même problème », redirects to the report (a journey test)",
    "reports:follow": "POST-only follow / unfollow, redirects to the report",
    "reports:status": "POST-only status change by the department's agents, redirects (refused: the page, 400)",
    "reports:reassign": "POST-only reassignment by the department's agents, redirects (refused: the page, 400)",
    "reports:photo": "a report's photo file, not a page (the demo's reports have none; tests/test_pages.py serves one)",
    "reports:open311_discovery": "Open311 GeoReport v2 API: JSON or XML, not a page (tests/test_open311.py)",
    "reports:open311_services": "Open311 GeoReport v2 API: JSON or XML, not a page (tests/test_open311.py)",
    "reports:open311_service": "Open311 GeoReport v2 API: JSON or XML, not a page (tests/test_open311.py)",
    "reports:open311_requests": "Open311 GeoReport v2 API: JSON or XML, not a page (tests/test_open311.py)",
    "reports:open311_request": "Open311 GeoReport v2 API: JSON or XML, not a page (tests/test_open311.py)",
}


def _photo() -> str:
    from cocite.reports.models import ReportPhoto

    photo = ReportPhoto.objects.order_by("pk").first()
    if photo is None:  # the demo's reports have none: a photo the first report does not have (its 404)
        return reverse("reports:photo", kwargs={"pk": _first().pk, "photo_pk": 1, "name": "photo.jpg"})
    return photo.get_absolute_url()


REQUEST_SAMPLES: dict[str, Callable[[], str]] = {
    "reports:photo": _photo,
    "reports:open311_discovery": lambda: reverse("reports:open311_discovery", kwargs={"fmt": "json"}),
    "reports:open311_services": lambda: reverse("reports:open311_services", kwargs={"fmt": "xml"}),
    "reports:open311_service": lambda: reverse(
        "reports:open311_service", kwargs={"code": _first().category.slug, "fmt": "json"}
    ),
    "reports:open311_requests": lambda: (
        reverse("reports:open311_requests", kwargs={"fmt": "json"}) + "?status=open&start_date=2026-01-01T00:00:00Z"
    ),
    "reports:open311_request": lambda: reverse(
        "reports:open311_request", kwargs={"request_id": str(_first().pk), "fmt": "xml"}
    ),
}
