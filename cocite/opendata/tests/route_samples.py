"""Route samples of open data. See ``cocite/core/tests/route_samples.py``."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "opendata:index": lambda: reverse("opendata:index"),
}

LOGIN_AS: dict[str, str] = {}

MAIN_ROUTES: set[str] = {"opendata:index"}

EXCLUDED: dict[str, str] = {
    "opendata:file": "raw file downloads (CSV, JSON, Table Schemas, manifest), not pages",
    "opendata:regenerate": "POST-only action for administrators (queue a regeneration), redirects to the index",
}
