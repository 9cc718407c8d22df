"""Django's own PostgreSQL backend, as configured: persistent connections that survive a restart.

Connections persist across requests (CONN_MAX_AGE) and Django checks each before a request's
first query (CONN_HEALTH_CHECKS): a connection the server dropped (a restart, a failover, a
dropped socket) is replaced instead of failing the request. The repeated queries are prepared
server-side once per connection (psycopg's prepare_threshold).
"""

from __future__ import annotations

import psycopg
import pytest
from django.core.signals import request_finished, request_started
from django.db import connections

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _kill_from_outside(pid: int) -> None:
    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _request() -> int:
    """What Django does around a request (the signals), and the request's first query."""
    request_started.send(sender=None)
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    request_finished.send(sender=None)
    return pid


def test_a_connection_dropped_by_the_server_is_replaced_before_the_next_request() -> None:
    connection = connections["default"]
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    first = _request()
    assert _request() == first  # persistent: one connection, reused
    _kill_from_outside(first)
    replaced = _request()  # checked, found dead, reconnected: the request succeeds
    assert replaced != first
    assert _request() == replaced


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
