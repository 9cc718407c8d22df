"""Every named route is either visited by the browser tests or excluded with a reason.

A new page without a sample in ``cocite/<app>/tests/route_samples.py`` fails here, so
nothing ships without the accessibility gate of ``test_accessibility.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve

from cocite.core.tests.route_samples import Registry, load_registry


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def named_routes(urlconf: str | ModuleType | None = None) -> set[str]:
    """Every named URL pattern of the URLconf, with its namespaces (allauth, i18n, admin included)."""
    return set(_walk(get_resolver(urlconf).url_patterns))


def routes_without_sample(urlconf: str | ModuleType | None = None, registry: Registry | None = None) -> list[str]:
    """The coverage check: named routes with neither a sample nor an exclusion, sorted."""
    registry = registry or load_registry()
    return sorted(
        name for name in named_routes(urlconf) if name not in registry.samples and not registry.is_excluded(name)
    )


def test_every_route_has_a_sample_or_a_reason() -> None:
    missing = routes_without_sample()
    assert not missing, (
        f"{len(missing)} route(s) are not visited by the browser accessibility tests: {', '.join(missing)}.\n"
        "Add a sample to ROUTE_SAMPLES in cocite/<app>/tests/route_samples.py (and LOGIN_AS if the page "
        "needs a logged-in user), or, if it is not a page, add it to EXCLUDED with the reason."
    )


def test_every_sample_and_exclusion_names_a_real_route() -> None:
    registry = load_registry()
    routes = named_routes()
    stale = sorted(set(registry.samples) - routes)
    stale += sorted(name for name in registry.excluded if not name.endswith(":*") and name not in routes)
    stale += sorted(set(registry.login_as) - set(registry.samples))
    # A request sample is for a route that is no page (excluded), and names a real one.
    stale += sorted(name for name in registry.request_samples if name not in routes or not registry.is_excluded(name))
    assert not stale, f"route samples, exclusions, request samples or LOGIN_AS name routes that do not exist: {stale}"


@pytest.mark.usefixtures("demo_data")
def test_every_sample_path_resolves_to_its_route() -> None:
    wrong = {}
    for name, sample in load_registry().samples.items():
        sample_path = sample()
        match = resolve(sample_path.split("?")[0])
        if match.view_name != name:
            wrong[name] = f"{sample_path} resolves to {match.view_name}"
    assert not wrong, wrong


# A URLconf with one page nobody wrote a sample for.
def _dummy_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [
    path("", include("config.urls")),
    path("page-sans-echantillon/", _dummy_view, name="page_without_sample"),
    path("espace/", include(([path("page/", _dummy_view, name="page")], "espace_neuf"))),
]


def test_the_check_catches_a_new_route() -> None:
    before = routes_without_sample()
    with override_settings(ROOT_URLCONF=__name__):
        after = routes_without_sample()
        assert "home" in named_routes()
    assert sorted(set(after) - set(before)) == ["espace_neuf:page", "page_without_sample"]
    assert set(before) <= set(after)
