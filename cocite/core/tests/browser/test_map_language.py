"""Leaflet's own controls speak the page's language (it ships « Zoom in » / « Zoom out » only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

MAP_URL = "/demarches/securite-rue-ecoles/contributions/?vue=carte"


@pytest.mark.parametrize(
    ("language", "zoom_in", "zoom_out"), [("fr", "Zoom avant", "Zoom arrière"), ("en", "Zoom in", "Zoom out")]
)
def test_the_maps_zoom_buttons_are_named_in_the_pages_language(
    page: Page, context: Any, site: str, language: str, zoom_in: str, zoom_out: str
) -> None:
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site}])
    page.goto(MAP_URL)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("button", name=zoom_in, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=zoom_out, exact=True)).to_be_visible()
    if language == "fr":
        expect(page.get_by_role("button", name="Zoom in", exact=True)).to_have_count(0)
