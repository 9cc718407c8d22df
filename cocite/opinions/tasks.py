"""Background work (django.tasks): recomputing a conversation's opinion groups.

Queued by name by ``actions.opinion_recompute_schedule`` once a vote commits (debounced there);
run by ``manage.py task_worker`` in production (django-tasks-db), immediately in tests.
"""

from __future__ import annotations

from django.tasks import task

from cocite.core.taskqueue import named_task

from .actions import opinion_run_execute


@named_task("opinions.recompute_opinion_groups")
@task()
def recompute_opinion_groups(run_id: int) -> str | None:
    """Compute the queued run ``run_id``; returns its final status (None if another worker took it)."""
    run = opinion_run_execute(run_id=run_id)
    return run.status if run is not None else None
