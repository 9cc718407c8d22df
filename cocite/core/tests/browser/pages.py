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

from cocite.core.tests.browser.conftest import NO_BROWSER_ENV, launched_chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if os.environ.get(NO_BROWSER_ENV, "") not in ("", "0"):
        pytest.skip(f"{NO_BROWSER_ENV} set: browser tests deselected")
    with launched_chromium() as browser:
        yield browser


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
