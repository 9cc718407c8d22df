"""The site header as a person uses it: on a phone (≤ 640 px) its menu is folded behind « Menu »."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


def open_menu(page: Page) -> Locator:
    """The main navigation, unfolded first when the page is narrow enough to fold it."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.get_by_role("navigation", name="Menu principal")
