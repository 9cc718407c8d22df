"""Route samples of the opinion map, for the accessibility gate (see cocite/core/tests/route_samples.py).

The samples use the demo data: the opinion map of the participatory budget 2027 and the
Pol.is conversation imported as a standalone example (cocite/opinions/demo.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.opinions.demo import DEMARCHE_SLUG, DEMO_DOMAIN, POLIS_EXAMPLE_SOURCE
from cocite.opinions.models import Conversation

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
MODERATOR_EMAIL = f"moderation@{DEMO_DOMAIN}"


def _imported_conversation_path() -> str:
    conversation = Conversation.objects.get(imported_from=POLIS_EXAMPLE_SOURCE)
    return reverse("opinions:conversation", kwargs={"pk": conversation.pk})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "opinions:main": lambda: reverse("opinions:main", kwargs={"slug": DEMARCHE_SLUG}),
    "opinions:my_votes": lambda: reverse("opinions:my_votes", kwargs={"slug": DEMARCHE_SLUG}),
    "opinions:results": lambda: reverse("opinions:results", kwargs={"slug": DEMARCHE_SLUG}),
    "opinions:moderation": lambda: reverse("opinions:moderation", kwargs={"slug": DEMARCHE_SLUG}),
    "opinions:conversation": _imported_conversation_path,
}

LOGIN_AS: dict[str, str] = {
    "opinions:main": RESIDENT_EMAIL,
    "opinions:my_votes": RESIDENT_EMAIL,
    "opinions:results": RESIDENT_EMAIL,
    "opinions:moderation": MODERATOR_EMAIL,
    "opinions:conversation": MODERATOR_EMAIL,
}

EXCLUDED: dict[str, str] = {
    "opinions:submit": "POST-only action (the statement form of opinions:main), redirects back to it",
    "opinions:vote": "POST-only action (the vote buttons of opinions:main and opinions:my_votes), redirects back",
    "opinions:moderate": "POST-only action (the buttons of opinions:moderation), redirects back to it",
    "opinions:recompute": "POST-only action (the button of the results pages), redirects back to them",
    "opinions:run_status": "htmx fragment polled by the results pages while a computation runs, not a page",
}

MAIN_ROUTES: set[str] = {"opinions:main", "opinions:results"}
