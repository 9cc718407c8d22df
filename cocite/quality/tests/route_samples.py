"""Route samples of the quality app (services' feedback and information pages), on the demo data.

See ``cocite/core/tests/route_samples.py`` for what a route sample is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
# « e.chevalier »: manager of « État civil et accueil du public », which owns the passport appointments.
FRONT_DESK_EMAIL = f"e.chevalier@{DEMO_DOMAIN}"
# « c.masson »: urbanisme, which owns the traffic plan's page.
URBANISME_EMAIL = f"c.masson@{DEMO_DOMAIN}"
# « l.garnier »: finances, another department (contradictory opinions).
FINANCES_EMAIL = f"l.garnier@{DEMO_DOMAIN}"

SERVICE = "rendez-vous-passeport"
PAGE = "plan-circulation-centre-ville"


def _question(answered: bool) -> int:
    from cocite.quality.models import PageQuestion

    question = (
        PageQuestion.objects.filter(
            page__slug=PAGE if answered else "quotient-familial", answered_at__isnull=not answered
        )
        .order_by("pk")
        .first()
    )
    assert question is not None, "the demo has an answered contestation and an open question"
    return question.pk


def _answer_url() -> str:
    return reverse("quality:answer", kwargs={"slug": "quotient-familial", "pk": _question(False)})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "quality:services": lambda: reverse("quality:services"),
    "quality:service": lambda: reverse("quality:service", kwargs={"slug": SERVICE}),
    "quality:feedback": lambda: reverse("quality:feedback", kwargs={"slug": SERVICE}),
    "quality:poster": lambda: reverse("quality:poster", kwargs={"slug": SERVICE}),
    "quality:received": lambda: reverse("quality:received", kwargs={"slug": SERVICE}),
    "quality:pages": lambda: reverse("quality:pages"),
    "quality:page": lambda: reverse("quality:page", kwargs={"slug": PAGE}),
    "quality:versions": lambda: reverse("quality:versions", kwargs={"slug": PAGE}) + "?de=1&a=2",
    "quality:edit": lambda: reverse("quality:edit", kwargs={"slug": PAGE}),
    "quality:promote": lambda: reverse("quality:promote", kwargs={"slug": PAGE}),
    "quality:answer": _answer_url,
    "quality:counterpoint": lambda: reverse("quality:counterpoint", kwargs={"slug": PAGE, "pk": _question(True)}),
}

LOGIN_AS: dict[str, str] = {
    "quality:received": FRONT_DESK_EMAIL,
    "quality:poster": FRONT_DESK_EMAIL,
    "quality:edit": URBANISME_EMAIL,
    "quality:promote": URBANISME_EMAIL,
    "quality:answer": f"h.nicolas@{DEMO_DOMAIN}",
    "quality:counterpoint": FINANCES_EMAIL,
    "quality:page": RESIDENT_EMAIL,
}

MAIN_ROUTES: set[str] = {"quality:service", "quality:page"}

EXCLUDED: dict[str, str] = {
    "quality:short": "the short link of the QR code: a redirect to the feedback form (sampled; journey test)",
    "quality:qr": "the QR code as an SVG image, not a page (shown on the poster, which is sampled)",
    "quality:ask": "POST only: the question form is on the information page (sampled; journey test)",
    "quality:verify": "POST only: « Marquer vérifiée » on the information page (tests in test_pages.py)",
}


def _short_code() -> str:
    from cocite.quality.models import PublicService

    return PublicService.objects.get(slug=SERVICE).short_code


REQUEST_SAMPLES: dict[str, Callable[[], str]] = {
    "quality:qr": lambda: reverse("quality:qr", kwargs={"slug": SERVICE}),
    "quality:short": lambda: reverse("quality:short", kwargs={"code": _short_code()}),
}
