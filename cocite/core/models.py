from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


def kept_or_related(instance: models.Model, attribute: str, related: Any) -> list[Any]:
    """The related rows a read kept on `instance` in `attribute` (`Prefetch(to_attr=…)` through the ORM,
    plain SQL on PostgreSQL: Django's prefetch cache has no public API to fill), else `related.all()`
    (the manager's prefetch, else a query). Models expose this through methods named for what they give."""
    kept: list[Any] | None = getattr(instance, attribute, None)
    return kept if kept is not None else list(related.all())


class TimeStampedModel(models.Model):
    """Creation and last-change timestamps, shared by most models."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class SearchDocument(models.Model):
    """PostgreSQL full-text index row (SQLite uses the FTS5 table core_search_fts instead)."""

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class WorkerHeartbeat(models.Model):
    """One row per task worker process (`manage.py task_worker`), refreshed every few seconds.

    A worker whose row was not refreshed for TASK_WORKER_STALE_AFTER seconds is dead: the tasks
    it left RUNNING are run again or marked failed (`core/taskqueue.py`). `started_at` is the
    process's start, so a task claimed by an earlier process with the same id is recognised.
    """

    worker_id = models.CharField(_("identifiant du processus"), max_length=64, unique=True)
    hostname = models.CharField(_("machine"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("numéro de processus"), null=True, blank=True)
    started_at = models.DateTimeField(_("démarré le"))
    seen_at = models.DateTimeField(_("dernier signe de vie"), db_index=True)
    stopped_at = models.DateTimeField(_("arrêté le"), null=True, blank=True)
    task_id = models.CharField(_("tâche en cours"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("processus de tâches")
        verbose_name_plural = _("processus de tâches")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.worker_id
