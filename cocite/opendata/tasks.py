"""Background task (django.tasks)."""

from __future__ import annotations

from django.tasks import task

from .export import generate


@task()
def export_opendata() -> int:
    """Regenerate the open-data files; returns the number of files described."""
    return len(generate()["resources"])
