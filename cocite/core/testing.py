"""Helpers shared by the test suites (imported by tests only)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection

# What the class tests (leaks, hostile input, faults) covered, printed after pytest's summary
# by cocite/conftest.py so a CI log says how much was swept, not only that it passed.
COVERAGE_REPORT: list[str] = []


def report_coverage(line: str) -> None:
    """Record one line for the end-of-run coverage report (e.g. "leaks: 212 routes × 6 roles")."""
    COVERAGE_REPORT.append(line)


def run_at_once(calls: list[Callable[[], Any]]) -> list[BaseException]:
    """Run each call in its own thread (own database connection), all released at the same instant.

    Returns the exceptions raised, so a test can assert there were none. Needs a
    transactional test (`django_db(transaction=True)`): threads cannot see uncommitted rows.
    """
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
