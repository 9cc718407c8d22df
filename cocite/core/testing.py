"""Helpers shared by the test suites (imported by tests only)."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

# What the class tests (leaks, hostile input, faults) covered, printed after pytest's summary
# by cocite/conftest.py so a CI log says how much was swept, not only that it passed.
COVERAGE_REPORT: list[str] = []


def coverage_file(controller_pid: int) -> Path:
    """Where the workers of a parallel run (pytest-xdist) leave their lines for the controller."""
    return Path(tempfile.gettempdir()) / f"cocite-coverage-{controller_pid}.txt"


def forget_on_commit_callbacks() -> None:
    """Forgets the on-commit callbacks of the transaction a module fixture holds open, then rolls back.

    They never run (the transaction is rolled back) or ran already (`captureOnCommitCallbacks(execute=True)`),
    but Django copies the connection's list of pending callbacks on every savepoint rollback, i.e. after
    each request the sweeps roll back: the demo's seed leaves 6,810 of them, which made a rollback cost
    5–15 ms and a third of the hostile-input sweep's CPU (py-spy, issue 15). Call it inside the fixture's
    outermost `atomic` only. `run_on_commit` is the list Django's `TestCase.captureOnCommitCallbacks` reads.
    """
    connection.run_on_commit.clear()


def field_values(instance: Any) -> dict[str, Any] | None:
    """A model instance's concrete field values by attname (None for None): compares two reads of one row."""
    if instance is None:
        return None
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def report_coverage(line: str) -> None:
    """Record one line for the end-of-run coverage report (e.g. "leaks: 212 routes × 6 roles")."""
    COVERAGE_REPORT.append(line)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker: its controller prints the summary
        with coverage_file(os.getppid()).open("a", encoding="utf-8") as report:
            report.write(line.replace("\n", " ") + "\n")


def real_render_queries(client: Client, url: str, data: Mapping[str, Any] | None = None) -> list[str]:
    """The SQL of one real render of `url`: every cache of the application off (COCITE_CACHING).

    A first request does what Django itself keeps per process (content types, …), so the
    count is the same whichever test runs first; the second one is counted.
    """
    with override_settings(COCITE_CACHING=False):
        client.get(url, data)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, data)
    assert response.status_code == 200, f"GET {url} {data or ''} answered {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def _shape(sql: str) -> str:
    """A query with its literals and parameter lists blanked: the N queries of an N+1 look alike."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"\((?:\?, )*\?\)", "(…)", sql)


def assert_same_cost(small: list[str], large: list[str], *, at_most: int, what: str) -> None:
    """The larger data set costs the same queries, and no more than `at_most`; else say which grew."""
    extra = Counter(map(_shape, large)) - Counter(map(_shape, small))
    grew = f"{what}: {len(small)} queries with little data, {len(large)} with more; repeated or new:\n" + "\n".join(
        f"  ×{n} {shape[:300]}" for shape, n in extra.most_common(5)
    )
    assert len(large) == len(small), grew
    assert not extra, grew
    assert len(large) <= at_most, f"{what}: {len(large)} queries, more than {at_most}:\n" + "\n".join(
        f"  {sql[:200]}" for sql in large
    )


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
