"""Route samples of core, plus the registry that gathers every app's samples.

Every named URL pattern of the site must either have a *sample* — a zero-argument
callable returning a path to visit, computed from the demo data — or be listed in
``EXCLUDED`` with the reason it is not a page. The browser tests
(``cocite/core/tests/browser/``) open every sample in Chromium and run axe-core on
it; ``test_route_coverage.py`` fails when a route has neither.

Each app may have ``cocite/<app>/tests/route_samples.py`` defining:

- ``ROUTE_SAMPLES: dict[str, Callable[[], str]]`` — route name (with namespace,
  e.g. ``"accounts:profile"``) → callable returning a sample path;
- ``LOGIN_AS: dict[str, str]`` (optional) — route name → email of the demo user
  to log in as before visiting (demo people are in ``cocite/accounts/demo.py``);
- ``EXCLUDED: dict[str, str]`` (optional) — route name → why it is not a page.
  A name ending in ``:*`` excludes a whole namespace.
- ``REQUEST_SAMPLES: dict[str, Callable[[], str]]`` (optional) — for routes in
  ``EXCLUDED`` that still answer a request (files, exports, POST-only actions,
  machine endpoints): a path the hostile-input and leak sweeps request as every role.
- ``MAIN_ROUTES: set[str]`` (optional) — routes worth a screenshot in
  ``docs/screenshots/`` (``scripts/screenshots.py``).

The callables run after ``manage.py seed_demo`` (in the test database, or in the
temporary database of the screenshot script).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from django.apps import apps
from django.urls import reverse

ADMIN_EMAIL = "admin@demo.bellerive.example"

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "home": lambda: reverse("home"),
    "accessibility": lambda: reverse("accessibility"),
    "legal_notice": lambda: reverse("legal_notice"),
    "privacy": lambda: reverse("privacy"),
    # The admin is a back-office, excluded below as a namespace, but its entry page is
    # still checked with axe. A changelist and a change form are sampled by accounts.
    "admin:index": lambda: reverse("admin:index"),
}

LOGIN_AS: dict[str, str] = {
    "admin:index": ADMIN_EMAIL,
}

MAIN_ROUTES: set[str] = {"home", "accessibility"}

EXCLUDED: dict[str, str] = {
    # Not pages: JSON, POST-only actions.
    "healthz": "JSON liveness/readiness probe for monitoring, not a page",
    "theme_css": "the authority's theme colours as a stylesheet, not a page",
    "address_search": "the maps' address search: JSON from the geocoder proxy, not a page",
    "address_reverse": "the maps' reverse geocoding: JSON from the geocoder proxy, not a page",
    "favicon": "a redirect to the site's icon (static/img/favicon.svg), not a page",
    "switch_language": "the header's language switch: sets the language cookie and redirects back (a journey test)",
    "set_language": "Django's POST-only language action (kept for compatibility), redirects back",
    # Django admin: a back-office for the authority's administrators. Django owns its
    # templates; the index, one changelist and one change form are sampled anyway.
    "admin:*": "Django admin back-office (index, a changelist and a change form are sampled)",
    # allauth routes of features switched off in config/settings/base.py.
    "account_confirm_login_code": "login by emailed code is switched off (ACCOUNT_LOGIN_BY_CODE_ENABLED unset)",
    # Reachable mid-flow only: after POSTing account_request_reauthentication_code (sampled);
    # without a pending code in the session it redirects there.
    "account_confirm_reauthentication_code": "only mid-flow, after requesting a code (that page is sampled)",
    "account_set_password": (
        "only for accounts without a password (signed up through an identity provider); "
        "everyone else is redirected to account_change_password, which is sampled"
    ),
}
# Static and media serving (DEBUG only) are unnamed patterns, so they never need an entry.


@dataclass
class Registry:
    samples: dict[str, Callable[[], str]] = field(default_factory=dict)
    login_as: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)
    request_samples: dict[str, Callable[[], str]] = field(default_factory=dict)
    main_routes: set[str] = field(default_factory=set)

    def is_excluded(self, name: str) -> bool:
        if name in self.excluded:
            return True
        namespace = name.rpartition(":")[0]
        while namespace:
            if f"{namespace}:*" in self.excluded:
                return True
            namespace = namespace.rpartition(":")[0]
        return False


def _sample_modules() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cocite."):
            continue
        module_name = f"{config.name}.tests.route_samples"
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # the app has no tests package
            spec = None
        if spec is not None:
            modules.append(importlib.import_module(module_name))
    return modules


def load_registry() -> Registry:
    """Every app's samples, login users, exclusions and main routes, merged."""
    registry = Registry()
    for module in _sample_modules():
        for attr, target in (
            ("ROUTE_SAMPLES", registry.samples),
            ("LOGIN_AS", registry.login_as),
            ("EXCLUDED", registry.excluded),
            ("REQUEST_SAMPLES", registry.request_samples),
        ):
            entries: dict[str, object] = getattr(module, attr, {})
            clash = set(entries) & set(target)
            if clash:
                raise ValueError(f"{module.__name__}.{attr} repeats routes declared by another app: {sorted(clash)}")
            target.update(entries)  # type: ignore[arg-type]
        registry.main_routes |= set(getattr(module, "MAIN_ROUTES", set()))
    return registry
