"""The header on a phone (375 × 812): the menu folds behind a button, opened with the keyboard (issue 16).

It took 315 of 812 px; closed, it now takes at most 80. The button says whether the menu is
open (aria-expanded) and which element it opens (aria-controls); the focus goes from it into
the menu, and Escape closes the menu and gives the focus back. Without JavaScript the menu
stays shown (nothing hidden that cannot be opened).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.core.tests.browser.conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

RESIDENT = f"camille.martin@{DEMO_DOMAIN}"
MAX_CLOSED_HEIGHT = 80


def header_height(page: Page) -> float:
    box = page.get_by_role("banner").bounding_box()
    assert box is not None
    return float(box["height"])


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_mobile_header_folds_and_opens_with_the_keyboard(
    page: Page, log_in_as: Callable[[str], None], signed_in: bool
) -> None:
    if signed_in:
        log_in_as(RESIDENT)
    page.set_viewport_size(MOBILE)
    page.goto("/")
    menu_button = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Menu principal")
    expect(menu_button).to_be_visible()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_have_attribute("aria-controls", "site-menu")
    expect(navigation).to_be_hidden()
    assert header_height(page) <= MAX_CLOSED_HEIGHT, header_height(page)

    # Keyboard only: skip link, then the brand, then the menu button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    for _ in range(5):
        page.keyboard.press("Tab")
        if menu_button.evaluate("button => button === document.activeElement"):
            break
    expect(menu_button).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Accueil")).to_be_visible()
    expect(navigation.get_by_role("link", name="Démarches")).to_be_in_viewport()
    # The next stop is the menu's first link, and every link of the menu is reachable.
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="Accueil")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()
    expect(navigation).to_be_hidden()
    # Space opens it too; a link of the menu leads where it says.
    page.keyboard.press("Space")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    navigation.get_by_role("link", name="Démarches").click()
    expect(page).to_have_url(re.compile(r"/demarches/$"))
    assert header_height(page) <= MAX_CLOSED_HEIGHT


def test_on_a_desktop_the_menu_shows_without_a_button(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Accueil")).to_be_visible()


def test_without_javascript_the_menu_stays_shown(browser: Any, site: str) -> None:
    context = browser.new_context(base_url=site, locale="fr-FR", viewport=MOBILE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        navigation = page.get_by_role("navigation", name="Menu principal")
        expect(navigation.get_by_role("link", name="Accueil")).to_be_visible()
    finally:
        context.close()
