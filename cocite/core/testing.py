"""Helpers shared by the test suites (imported by tests only)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection


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
