"""Route samples of the API app's pages (the API itself answers JSON: see EXCLUDED).

See ``cocite/core/tests/route_samples.py`` for what a route sample is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "api_pages:developers": lambda: reverse("api_pages:developers"),
    "api_pages:reference": lambda: reverse("api_pages:reference"),
    "api_pages:tokens": lambda: reverse("api_pages:tokens"),
}

LOGIN_AS: dict[str, str] = {"api_pages:tokens": RESIDENT_EMAIL}

EXCLUDED: dict[str, str] = {
    "api:*": (
        "the JSON API (/api/v1/): every operation is run by schemathesis (cocite/api/tests/test_schemathesis.py) "
        "and read by every role and token in the leak test"
    ),
    "api_pages:token_revoke": "POST-only: revokes a token, then back to the tokens page (test_api.py)",
}

MAIN_ROUTES: set[str] = {"api_pages:developers"}

REQUEST_SAMPLES: dict[str, Callable[[], str]] = {
    # A token id nobody holds: the POST is refused (404) whoever sends it.
    "api_pages:token_revoke": lambda: reverse("api_pages:token_revoke", kwargs={"pk": "inconnu"}),
}
