"""Fixtures of the notification tests: fan-out tasks must succeed (the immediate backend hides failures)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished


@pytest.fixture(autouse=True)
def _tasks_must_succeed() -> Iterator[None]:
    failures: list[str] = []

    def record(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            failures.extend(error.traceback for error in task_result.errors)

    task_finished.connect(record, dispatch_uid="notifications-tests")
    yield
    task_finished.disconnect(dispatch_uid="notifications-tests")
    assert not failures, "a background task failed:\n" + "\n".join(failures)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run on-commit callbacks (signals, task enqueues) as a real commit would, nested ones included."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run
