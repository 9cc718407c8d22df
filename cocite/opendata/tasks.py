"""Background task (django.tasks): imported lazily, when enqueued or run."""

from __future__ import annotations

from django.tasks import task


@task()
def export_opendata() -> int:
    """Regenerate the open-data files; returns the number of files described."""
    from .export import generate

    return len(generate()["resources"])
