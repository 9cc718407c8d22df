"""Background task (django.tasks)."""

from __future__ import annotations

from django.tasks import task

from cocite.core.taskqueue import named_task

from .export import generate

EXPORT_TASK = "opendata.export"


@named_task(EXPORT_TASK)
@task()
def export_opendata() -> int:
    """Regenerate the open-data files; returns the number of files described."""
    return len(generate()["resources"])
