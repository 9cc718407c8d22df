"""Browser fixtures for the apps' own Chromium tests (outside this package, which has its conftest):
one Chromium per test module, and `page_as(user)` opening a page signed in as that person.

cocite/conftest.py loads them as a plugin, so any test module asks for them by name.
COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cocite.core.tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, NO_BROWSER_ENV


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if os.environ.get(NO_BROWSER_ENV, "") not in ("", "0"):
        pytest.skip(f"{NO_BROWSER_ENV} set: browser tests deselected")
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its asyncio loop marked as running in the main thread, so
    # Django's async-safety guard would refuse the tests' ORM calls: lifted while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_as(chromium: Any, live_server: Any) -> Iterator[Any]:
    contexts = []

    def open_as(user: Any) -> Any:
        context = chromium.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()
