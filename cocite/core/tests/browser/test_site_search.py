"""The header's search on a phone: type words, reach a contribution, then its author's public page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cocite.contributions.models import Contribution
from cocite.core.tests.browser.conftest import MOBILE
from cocite.demarches.queries import public_demarches

from .header import open_menu

pytestmark = pytest.mark.browser


def test_a_phone_user_searches_from_the_header_and_reaches_a_contribution(page: Page) -> None:
    page.set_viewport_size(MOBILE)
    # The newest public contribution with an author who keeps a public page: first of its group.
    contribution = (
        Contribution.objects.filter(
            demarche__in=public_demarches(),
            masked_at__isnull=True,
            author__is_active=True,
            author__public_profile=True,
        )
        .select_related("author")
        .order_by("-pk")
        .first()
    )
    assert contribution is not None
    assert contribution.author is not None
    page.goto("/")
    open_menu(page)  # on a phone the search sits in the folded menu
    search = page.get_by_role("search", name="Rechercher sur le site")
    field = search.get_by_label("Rechercher sur le site")
    expect(field).to_be_visible()
    field.fill(contribution.title)
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q="))
    expect(page.get_by_role("heading", level=1, name="Rechercher")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"the search page is {width} px wide on a {MOBILE['width']} px phone"
    results = page.get_by_role("region", name=re.compile(r"^Contributions"))
    with page.expect_navigation() as navigation:
        results.get_by_role("link", name=contribution.title).first.click()
    response = navigation.value
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(contribution.title)
    # The author's pseudonym leads to their public page.
    with page.expect_navigation() as navigation:
        page.get_by_role("main").get_by_role("link", name=contribution.author.display_name, exact=True).first.click()
    response = navigation.value
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1, name=contribution.author.display_name)).to_be_visible()
