"""Shared fixtures. Tests run on a real database: SQLite by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from cocite.accounts.tests.factories import UserFactory
from cocite.core import ratelimit
from cocite.core.testing import COVERAGE_REPORT, coverage_file, report_coverage
from cocite.territory.tests.ban_standin import BanStandIn
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory

# `chromium` and `page_as` for the apps' own browser tests (debate, moderation…).
pytest_plugins = ["cocite.core.tests.browser.pages"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    # Rate limits and page caches live in the cache (and each worker's copy of visitor pages).
    from cocite.core.cache import visitor_pages

    cache.clear()
    visitor_pages.clear()
    # Each test starts in the site's language, whatever the previous one activated.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    visitor_pages.clear()


@pytest.fixture(autouse=True)
def _rate_limit_windows_held_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate limits count in windows aligned on the clock (a minute for comments): a test making
    its 10 writes across a boundary would see the 11th allowed. Their clock stops for the test at
    the middle of the next hour — in the future, so « when you may write again » is still ahead
    of the real clock (tests of the windows themselves pass `now`)."""
    middle_of_the_next_hour = (time.time() // 3600 + 1) * 3600 + 1800
    monkeypatch.setattr(ratelimit, "clock", lambda: middle_of_the_next_hour)


@pytest.fixture(autouse=True)
def _caches_for_tests_of_the_caches(request: pytest.FixtureRequest, settings: Any) -> None:
    """`@pytest.mark.caches_on`: a test of the caches themselves runs with them on, even in a
    run that turns every cache off (`COCITE_CACHING=0`, which the rest of the suite passes)."""
    if request.node.get_closest_marker("caches_on") is not None:
        settings.COCITE_CACHING = True


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


@pytest.fixture(autouse=True)
def _decision_log_flushable(request: pytest.FixtureRequest) -> Any:
    """Let transactional tests flush although the decision log is append-only in the database.

    Their teardown flushes every table (``DELETE FROM`` on SQLite), which the append-only
    triggers of cocite.decisions refuse. Requesting ``transactional_db`` here first makes it
    torn down after this fixture, so the log and decision rows are purged before the flush.
    """
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from cocite.decisions.ledger import purge_for_tests

    purge_for_tests()


@pytest.fixture
def resident(db: Any) -> Any:
    return UserFactory(quartier=QuartierFactory())


@pytest.fixture
def agent(db: Any) -> Any:
    user = UserFactory()
    DepartmentFactory(members=[user])
    return user


@pytest.fixture
def administrator(db: Any) -> Any:
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def moderator(db: Any) -> Any:
    return UserFactory(is_moderator=True)


@pytest.fixture
def admin_user(db: Any) -> Any:
    """pytest-django's `admin_client` signs this one in: an administrator with their second factor
    (the factory gives administrators a TOTP authenticator; without one the site sends them to set it up)."""
    return UserFactory(is_staff=True, is_superuser=True, email="admin@example.com")


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def ban_geocoder(settings: Any) -> Iterator[BanStandIn]:
    """A local stand-in for the Base Adresse Nationale geocoder, which COCITE_GEOCODER_URL names."""
    server = BanStandIn().start()
    settings.COCITE_GEOCODER_URL = server.url
    settings.COCITE_GEOCODER_TIMEOUT = 0.5
    try:
        yield server
    finally:
        server.stop()


# Fixtures through which a test reaches the test database (pytest-django refuses any other way).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def uses_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


# Modules that build a module fixture for minutes (the demo data, then a crawl or every page rendered), in
# pytest-django's group of tests in a rolled-back transaction. A parallel run (pytest-xdist, `--dist worksteal`)
# gives each of its N workers a contiguous Nth of the tests and lets an idle worker take the END of another's
# queue: the i-th module goes to the front of worker i % N's share, so each module runs whole on one worker,
# before anything could be taken from there, and no other worker builds its fixture again. (One worker doing
# the hostile-input and leak sweeps took 1,400 s of a 1,830 s pass; a module split between two workers seeds the
# demo on both: 47 s each on PostgreSQL for the page wording.) `--dist loadgroup` with an `xdist_group` mark
# would say so directly, but pytest 9.2 silently ignores the mark (pytest-dev/pytest-xdist#1386).
LONG_MODULES = (
    "cocite/core/tests/test_hostile_input.py",  # one test: the demo data and the crawl, then every route (minutes)
    "cocite/core/tests/test_leaks.py",  # one test sweeps every route as nine roles (minutes)
    "cocite/core/tests/test_page_wording.py",  # five tests of every page rendered in both languages
    "cocite/core/tests/test_dead_ends.py",  # a test per role, one demo
)
# Long transactional tests, first of pytest-django's transactional group (which runs after the others, its
# flush emptying the tables): handed out last, they would keep one worker busy while the other waits.
TRANSACTIONAL_FIRST = (
    "cocite/decisions/tests/test_items_migration.py",  # migrates back and forth (minutes)
    "cocite/contributions/tests/test_merged_into_migration.py",
)


def _transactional_item(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    flagged = marker is not None and bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))
    return flagged or bool({"transactional_db", "live_server"} & fixtures)


def _path(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def _run_first(items: list[pytest.Item], workers: int) -> None:
    """Moves each module of LONG_MODULES to the front of a worker's share and those of TRANSACTIONAL_FIRST to the
    front of the transactional tests, keeping every other order (pytest-django runs the tests in a rolled-back
    transaction before the transactional ones, whose flush empties the tables: each group stays where it is)."""
    total = len(items)
    workers = max(1, workers)
    heads: list[list[pytest.Item]] = [[] for _ in range(workers)]
    rank = {path: index for index, path in enumerate(LONG_MODULES)}
    rest: list[pytest.Item] = []
    for item in items:
        index = rank.get(_path(item))
        if index is not None and uses_the_database(item) and not _transactional_item(item):
            heads[index % workers].append(item)
        else:
            rest.append(item)
    start = next((index for index, item in enumerate(rest) if _transactional_item(item)), len(rest))
    later = {path: index for index, path in enumerate(TRANSACTIONAL_FIRST)}
    tail = rest[start:]
    first = sorted(
        (item for item in tail if _transactional_item(item) and _path(item) in later), key=lambda i: later[_path(i)]
    )
    moved = {id(item) for item in first}
    rest[start:] = first + [item for item in tail if id(item) not in moved]
    # Worker w's share is [w * total // workers, (w + 1) * total // workers) of the final order (xdist hands the
    # pending tests out evenly, in order): its head, then the other tests up to the share's end — never past the
    # first transactional test while a later head is still to be placed.
    ordered: list[pytest.Item] = []
    taken = 0
    for worker, head in enumerate(heads):
        ordered += head
        end = (worker + 1) * total // workers if worker < workers - 1 else total
        limit = start if any(heads[worker + 1 :]) else len(rest)
        take = max(0, min(end - len(ordered), limit - taken))
        ordered += rest[taken : taken + take]
        taken += take
    ordered += rest[taken:]
    items[:] = ordered


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """What each database pass runs, and in which order (LONG_MODULES, TRANSACTIONAL_FIRST).

    - On SQLite, PostgreSQL-only tests (real concurrent row locks, TRUNCATE) are deselected,
      not skipped: they run in the PostgreSQL pass of .ci/run.
    - In .ci/run's second pass (COCITE_DATABASE_TESTS_ONLY=1, on PostgreSQL), the tests that never
      reach the test database are deselected: they ran in the first pass and their outcome does
      not depend on the database (pure computation, parsing, subprocesses on their own SQLite),
      nor do those marked `same_on_every_database` (the accessibility gate: markup and axe-core on
      the demo pages, which the PostgreSQL pass still renders in the hostile-input and leak sweeps).
    The summary says how many were left out and why.
    """
    from django.db import connection

    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    postgres = connection.vendor == "postgresql"
    database_only = postgres and os.environ.get("COCITE_DATABASE_TESTS_ONLY") == "1"
    for item in items:
        if (not postgres and item.get_closest_marker("postgres_only")) or (
            database_only
            and (not uses_the_database(item) or item.get_closest_marker("same_on_every_database"))
            and not item.get_closest_marker("postgres_only")
        ):
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        if database_only:
            why = (
                f"{len(left_out)} tests whose outcome does not depend on the database deselected "
                "(they ran in the first pass)"
            )
        else:
            why = (
                f"{len(left_out)} PostgreSQL-only tests deselected on SQLite (they run with DATABASE_URL=postgres://…)"
            )
        # Every worker of a parallel run collects the same tests: the summary prints the line once.
        report_coverage(why)
    worker = getattr(config, "workerinput", None)  # pytest-xdist's public attribute on its workers
    _run_first(items, int(worker["workercount"]) if worker else 1)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    lines = list(COVERAGE_REPORT)
    from_workers = coverage_file(os.getpid())  # a parallel run: the workers wrote theirs here
    if from_workers.exists():
        lines += from_workers.read_text(encoding="utf-8").splitlines()
        from_workers.unlink()
    lines = list(dict.fromkeys(lines))
    if lines:
        terminalreporter.section("what this run covered")
        for line in lines:
            terminalreporter.write_line(line)
