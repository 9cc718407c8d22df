"""The PostgreSQL backend checks a persistent connection only after it sat idle (cocite.core.postgresql)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.db import connections

from cocite.core.postgresql import base as backend

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _kill_from_outside(pid: int) -> None:
    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _request(clock: Clock, *, idle: float) -> int:
    """The boundaries Django marks around a request, then the request's first query."""
    connection = connections["default"]
    clock.now += idle
    connection.close_if_unusable_or_obsolete()  # request_started
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    clock.now += 0.01
    connection.close_if_unusable_or_obsolete()  # request_finished
    return pid


def test_steady_use_skips_the_check_and_an_idle_connection_is_checked_and_replaced(monkeypatch: Any) -> None:
    connection = connections["default"]  # the wrapper itself, not the thread-local proxy
    assert isinstance(connection, backend.DatabaseWrapper)
    assert connection.health_check_enabled
    clock = Clock()
    monkeypatch.setattr(backend, "monotonic", clock)
    checks: list[bool] = []
    original = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(usable := original()) or usable)

    first = _request(clock, idle=0)
    for _ in range(5):
        assert _request(clock, idle=0.05) == first  # one connection, reused
    assert len(checks) <= 1  # at most the first request, before a gap was known

    checks.clear()
    _kill_from_outside(first)
    replaced = _request(clock, idle=backend.STEADY_USE + 1)  # idle: checked, found dead, reconnected
    assert checks == [False]
    assert replaced != first
    assert _request(clock, idle=0.05) == replaced


def test_the_queries_every_request_repeats_are_prepared_once_per_connection() -> None:
    from cocite.accounts.backends import ModelBackend
    from cocite.accounts.tests.factories import UserFactory

    person = UserFactory()
    connection = connections["default"]
    assert connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    for _ in range(6):
        assert ModelBackend().get_user(person.pk) == person
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_user"' in statement and "_cocite_unread" in statement for statement in prepared)
