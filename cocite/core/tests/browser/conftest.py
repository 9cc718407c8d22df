"""Real-browser fixtures: one headless Debian Chromium, a new browser context per test, and a
live server over the demo data seeded once for the package (see `browser_db`).

Chromium comes from the system (`apt-get install chromium`), never from Playwright's
download. Without it the browser tests FAIL with a clear message; set
COCITE_NO_BROWSER=1 to deselect them knowingly (a warning is printed in the summary).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

CHROMIUM = Path(os.environ.get("COCITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
NO_BROWSER_ENV = "COCITE_NO_BROWSER"
MISSING_CHROMIUM = (
    f"\n\n    CHROMIUM IS NOT INSTALLED ({CHROMIUM} is missing): the real-browser tests cannot run."
    "\n    Install it with:   apt-get install chromium"
    f"\n    (or set {NO_BROWSER_ENV}=1 to deselect the browser tests knowingly.)\n"
)


def _browser_deselection_wanted() -> bool:
    return os.environ.get(NO_BROWSER_ENV, "") not in ("", "0")


_deselected_key = pytest.StashKey[int]()
_missing_browser_key = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not _browser_deselection_wanted():
        if browser_items and not CHROMIUM.exists():
            config.stash[_missing_browser_key] = len(browser_items)
        return
    if browser_items:
        config.hook.pytest_deselected(items=browser_items)
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config.stash[_deselected_key] = len(browser_items)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    missing = config.stash.get(_missing_browser_key, None)
    if missing is not None:
        terminalreporter.section("CHROMIUM IS MISSING", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"{missing} real-browser tests FAILED because {CHROMIUM} does not exist. Run: apt-get install chromium",
            red=True,
            bold=True,
        )
    count = config.stash.get(_deselected_key, None)
    if count is None:
        return
    terminalreporter.section("BROWSER TESTS NOT RUN", sep="!", red=True, bold=True)
    terminalreporter.write_line(
        f"{NO_BROWSER_ENV}=1: {count} real-browser tests (accessibility gate, user journeys) were DESELECTED.",
        red=True,
        bold=True,
    )
    terminalreporter.write_line(
        "Nothing was checked in a browser. Install Chromium (apt-get install chromium) and run again.",
        red=True,
        bold=True,
    )


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (this package's `browser`, and `chromium` of pages.py)."""
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its asyncio loop marked as running in the main thread,
    # so Django's async-safety guard would refuse the ORM calls the (synchronous) tests make.
    # Lifted while the browser lives only, so the rest of the suite keeps the guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for all the browser tests (they all live in this package), closed after them."""
    with launched_chromium() as chromium:
        yield chromium


def _on_test_database() -> bool:
    from django.db import connection

    return bool(connection.settings_dict["NAME"] == connection.creation._get_test_db_name())


def _empty_database() -> None:
    """Flush, as a transactional test's teardown does, with the same care for append-only tables."""
    from django.apps import apps

    if not _on_test_database():  # never, ever, flush a developer's database
        pytest.fail("the browser tests refuse to flush a database that is not the test database", pytrace=False)
    if apps.is_installed("cocite.decisions"):
        # Its ledger tables refuse DELETE (SQLite's flush); cocite/conftest.py does the same.
        from cocite.decisions.ledger import purge_for_tests

        purge_for_tests()
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def browser_db(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The committed test database, shared by the whole browser package, emptied before and after.

    Why not pytest-django's `transactional_db` / `live_server` fixtures: they flush the
    database after every test, so the demo data would have to be seeded again for each page,
    and seeding every app's demo takes seconds (more with each component). Here it is seeded
    once; the tests run on committed data with database access open (no per-test transaction,
    which the live server thread could not see and which would hold SQLite's write lock).
    Journeys that write use their own people (fresh emails), so tests stay independent.
    """
    from django.db import DEFAULT_DB_ALIAS
    from django.test.utils import setup_databases, teardown_databases

    keepdb = bool(request.config.getvalue("reuse_db")) and not request.config.getvalue("create_db")
    with django_db_blocker.unblock():
        created = None
        if not _on_test_database():
            # Only browser tests were selected: pytest-django set no database up for them
            # (it looks for the db/transactional_db/live_server fixtures or the marker).
            created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS}, keepdb=keepdb)
        _empty_database()
        try:
            yield
        finally:
            _empty_database()
            if created is not None and not keepdb:
                teardown_databases(created, verbosity=0)


@pytest.fixture(scope="package")
def demo_data(browser_db: None) -> None:
    """The demo data, as `make run` loads it (seeded once for the package, see `browser_db`)."""
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture(scope="package")
def site(request: pytest.FixtureRequest, demo_data: None) -> Iterator[str]:
    """The base URL of a live server (pytest-django's LiveServer class) serving the demo data."""
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address)
    server._live_server_modified_settings.enable()  # ALLOWED_HOSTS += the server's host
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()


@pytest.fixture
def context(browser: Any, site: str) -> Iterator[Any]:
    """A fresh browser context (cookies, storage) per test, in French like a resident's browser."""
    ctx = browser.new_context(base_url=site, locale="fr-FR", viewport=DESKTOP)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def log_in_as(context: Any, site: str) -> Callable[[str], None]:
    """Log the browser context in as a user, by email, through a real session cookie."""
    from cocite.accounts.models import User

    def log_in(email: str) -> None:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site}])

    return log_in
