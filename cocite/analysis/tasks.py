"""Background tasks (django.tasks): imported lazily, when a task is enqueued or run."""

from __future__ import annotations

from django.tasks import task


@task()
def group_themes(run_id: int) -> None:
    """Group a démarche's contributions into themes; progress is written on the AnalysisRun."""
    from .actions import run_execute

    run_execute(run_id=run_id)
