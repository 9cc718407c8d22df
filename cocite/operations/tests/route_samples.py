"""Route samples of the operations app: no page, only the metrics endpoint."""

from __future__ import annotations

from collections.abc import Callable

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {}

EXCLUDED: dict[str, str] = {
    "operations:metrics": "Prometheus metrics (text format) behind a bearer token, 404 without one: not a page",
}
