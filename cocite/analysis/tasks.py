"""Background tasks (django.tasks): imported in AnalysisConfig.ready(); actions queue them by name."""

from __future__ import annotations

from django.tasks import task

from cocite.core.taskqueue import named_task

from .actions import run_execute


@named_task("analysis.group_themes")
@task()
def group_themes(run_id: int) -> None:
    """Group a démarche's contributions into themes; progress is written on the AnalysisRun."""
    run_execute(run_id=run_id)
