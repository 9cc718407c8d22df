"""The background task queue kept alive: worker heartbeats, tasks orphaned by a dead worker, queue health.

django-tasks-db marks a task RUNNING when a worker claims it and FAILED or SUCCESSFUL when it
ends. A worker killed mid-task (OOM, kill -9, a lost machine) or cut from the database
mid-task leaves it RUNNING forever. Here:

- every worker (`manage.py task_worker`, see `worker.py`) refreshes a `WorkerHeartbeat` row;
- a RUNNING task is *orphaned* when the worker that claimed it last is silent for
  `stale_after` seconds, stopped, or restarted since the claim — never while its worker lives;
- an orphaned task is run again if its app declared it idempotent with
  `retry_after_worker_loss(task)` (at most `max_attempts` runs in all), otherwise it is marked
  FAILED with a reason an administrator reads in the admin (`WorkerLost`);
- `queue_health()` gives the figures `/healthz` and the admin page show.

Apps register their idempotent tasks in `AppConfig.ready()`; core imports no app.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count, Max, Min, Q
from django.tasks import Task, TaskResultStatus
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# What a lost database raises; the worker waits and reconnects on these, and a task that failed
# with one of them is retried like an orphan (Django wraps psycopg's and sqlite3's errors).
DATABASE_OUTAGE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
OUTAGE_CLASS_PATHS = frozenset(f"{error.__module__}.{error.__qualname__}" for error in DATABASE_OUTAGE)
# Heartbeats of workers gone for that long are deleted (the last one stays, for /healthz).
HEARTBEAT_KEPT = datetime.timedelta(days=7)


class WorkerLost(Exception):
    """Recorded (never raised) on a task failed because its worker vanished; the message says why."""


@dataclass(frozen=True)
class WorkerSettings:
    heartbeat: float
    stale_after: float
    backoff_max: float
    max_attempts: int
    health_max_age: float
    daily_tasks: bool = True  # queue the tasks declared with run_daily (TASK_WORKER_DAILY_TASKS)

    @classmethod
    def current(cls) -> WorkerSettings:
        """Read when called (settings come from the environment; never at import time)."""
        return cls(
            heartbeat=float(settings.TASK_WORKER_HEARTBEAT),
            stale_after=float(settings.TASK_WORKER_STALE_AFTER),
            backoff_max=float(settings.TASK_WORKER_BACKOFF_MAX),
            max_attempts=int(settings.TASK_MAX_ATTEMPTS),
            health_max_age=float(settings.TASKS_HEALTH_MAX_AGE),
            daily_tasks=bool(settings.TASK_WORKER_DAILY_TASKS),
        )


# Idempotent tasks


@dataclass(frozen=True)
class RetryPolicy:
    """A task that may run again after an interrupted run; `before_retry(*args, **kwargs)` undoes its claims."""

    task_path: str
    before_retry: Callable[..., object] | None = None


_RETRYABLE: dict[str, RetryPolicy] = {}


def retry_after_worker_loss(task: Task[Any, Any], *, before_retry: Callable[..., object] | None = None) -> None:
    """Declare `task` idempotent: running it again after an interrupted run does no harm.

    `before_retry`, if given, is called with the task's arguments in the transaction that
    queues it again — e.g. to put back to "pending" the domain row the first run had claimed.
    A task never declared here is marked FAILED instead of being run twice.
    """
    _RETRYABLE[task.module_path] = RetryPolicy(task.module_path, before_retry)


def retry_policy(task_path: str) -> RetryPolicy | None:
    return _RETRYABLE.get(task_path)


# Tasks queued by name

_NAMED: dict[str, Task[Any, Any]] = {}


def named_task(name: str) -> Callable[[Task[Any, Any]], Task[Any, Any]]:
    """Register a task under `name` (decorator, above `@task()`), for `task_named`.

    A task runs an action, so its module imports the actions module; the action that queues
    it asks for it by name instead of importing the tasks module back (imports go one way).
    Tasks modules are imported in `AppConfig.ready()`, before any action runs.
    """

    def register(task: Task[Any, Any]) -> Task[Any, Any]:
        existing = _NAMED.get(name)
        if existing is not None and existing.module_path != task.module_path:
            raise ValueError(f"task name {name!r} is already taken by {existing.module_path}")
        _NAMED[name] = task
        return task

    return register


def task_named(name: str) -> Task[Any, Any]:
    try:
        return _NAMED[name]
    except KeyError:
        raise LookupError(f"no task named {name!r}: is its tasks module imported in AppConfig.ready()?") from None


# Daily tasks (the worker queues them itself: no cron needed)


@dataclass(frozen=True)
class DailyTask:
    """A task the worker queues once a day, at or after `hour` o'clock (local time).

    `fresh_since(moment)`, if given, tells whether the work was already done since then
    (e.g. files regenerated by hand or by `seed_demo`), in which case nothing is queued.
    """

    task: Task[Any, Any]
    hour: int
    fresh_since: Callable[[datetime.datetime], bool] | None = None


_DAILY: dict[str, DailyTask] = {}


def run_daily(
    task: Task[Any, Any], *, hour: int, fresh_since: Callable[[datetime.datetime], bool] | None = None
) -> None:
    """Declare `task` (no arguments) to be queued once a day by the task workers (`enqueue_daily_tasks`)."""
    if not 0 <= hour <= 23:
        raise ValueError(f"hour must be between 0 and 23, not {hour}")
    _DAILY[task.module_path] = DailyTask(task, hour, fresh_since)


def daily_tasks() -> list[DailyTask]:
    return list(_DAILY.values())


def last_daily_slot(hour: int, *, now: datetime.datetime) -> datetime.datetime:
    """The last moment, at or before `now`, when the local clock read `hour`:00."""
    local = timezone.localtime(now)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot > local:
        slot -= datetime.timedelta(days=1)
    return slot


def enqueue_daily_tasks(*, now: datetime.datetime | None = None) -> list[str]:
    """Queue each daily task whose slot has come and that was neither queued nor done since; idempotent.

    Called by every worker's heartbeat: a task queued since its last slot (whatever became of
    it: waiting, running, done or failed) is not queued again before the next slot, so several
    workers, or one beating every few seconds, queue it once a day. Returns the task paths queued.
    """
    now = now or timezone.now()
    queued: list[str] = []
    for daily in _DAILY.values():
        slot = last_daily_slot(daily.hour, now=now)
        path = daily.task.module_path
        if DBTaskResult.objects.filter(task_path=path, enqueued_at__gte=slot).exists():
            continue
        if daily.fresh_since is not None and daily.fresh_since(slot):
            continue
        daily.task.enqueue()
        queued.append(path)
        logger.info("Daily task %s queued (slot %s).", path, slot.isoformat())
    return queued


# Heartbeats


@dataclass
class WorkerIdentity:
    worker_id: str
    started_at: datetime.datetime = field(default_factory=timezone.now)
    hostname: str = field(default_factory=lambda: socket.gethostname()[:255])
    pid: int = field(default_factory=os.getpid)


def heartbeat_beat(worker: WorkerIdentity, *, task_id: str | None, now: datetime.datetime | None = None) -> None:
    """Say that `worker` is alive (and which task it runs): one UPDATE, an INSERT the first time."""
    now = now or timezone.now()
    values = {
        "seen_at": now,
        "task_id": task_id or "",
        "started_at": worker.started_at,
        "hostname": worker.hostname,
        "pid": worker.pid,
        "stopped_at": None,
    }
    if not WorkerHeartbeat.objects.filter(worker_id=worker.worker_id).update(**values):
        WorkerHeartbeat.objects.update_or_create(worker_id=worker.worker_id, defaults=values)


def heartbeat_stop(worker: WorkerIdentity, *, now: datetime.datetime | None = None) -> None:
    """A worker leaving cleanly says so: its tasks (if any were left) need not wait for the delay."""
    WorkerHeartbeat.objects.filter(worker_id=worker.worker_id).update(stopped_at=now or timezone.now(), task_id="")


def _live_workers(now: datetime.datetime, stale_after: float) -> dict[str, datetime.datetime]:
    """worker_id → start of its current process, for workers seen within `stale_after` seconds."""
    return dict(
        WorkerHeartbeat.objects.filter(
            seen_at__gte=now - datetime.timedelta(seconds=stale_after), stopped_at__isnull=True
        ).values_list("worker_id", "started_at")
    )


# Orphaned tasks


def _owner(result: DBTaskResult[Any, Any]) -> str:
    ids = result.worker_ids or []
    return str(ids[-1]) if ids else ""


def orphaned_tasks(*, now: datetime.datetime, stale_after: float) -> list[DBTaskResult[Any, Any]]:
    """RUNNING tasks whose last worker is dead, stopped, or restarted since it claimed them.

    A task claimed less than `stale_after` seconds ago is never orphaned (its worker may not
    have written its first heartbeat yet). Reads every RUNNING row: there are about as many as
    there are workers.
    """
    live = _live_workers(now, stale_after)
    running = DBTaskResult.objects.running().filter(started_at__lt=now - datetime.timedelta(seconds=stale_after))
    orphans = []
    for result in running.only("id", "status", "started_at", "worker_ids", "task_path", "args_kwargs"):
        process_started = live.get(_owner(result))
        if process_started is None or (result.started_at is not None and result.started_at < process_started):
            orphans.append(result)
    return orphans


def _reason(result: DBTaskResult[Any, Any], cause: str, policy: RetryPolicy | None, max_attempts: int) -> str:
    if policy is None:
        advice = _(
            "Cette tâche n'est pas déclarée rejouable sans risque : elle n'a pas été relancée. "
            "Vérifiez ce qu'elle a déjà fait, puis relancez-la si besoin."
        )
    else:
        advice = _(
            "Elle a été lancée %(attempts)d fois (au plus %(max)d) : elle n'est plus relancée. "
            "Cherchez la cause (mémoire, durée, données), puis relancez-la si besoin."
        ) % {"attempts": len(result.worker_ids or []), "max": max_attempts}
    return _("Tâche interrompue : %(cause)s. %(advice)s") % {"cause": cause, "advice": advice}


def worker_silent_cause(result: DBTaskResult[Any, Any]) -> str:
    return _("le processus de tâches « %(worker)s » qui l'exécutait a cessé de donner signe de vie") % {
        "worker": _owner(result) or "?"
    }


def database_lost_cause(result: DBTaskResult[Any, Any]) -> str:
    return _("la connexion à la base de données a été perdue pendant son exécution (processus « %(worker)s »)") % {
        "worker": _owner(result) or "?"
    }


def settle_interrupted(
    result_id: Any,
    *,
    status: str,
    cause: Callable[[DBTaskResult[Any, Any]], str],
    max_attempts: int,
    started_at: datetime.datetime | None = None,
    fail_if_not_retried: bool = True,
) -> str | None:
    """Queue again, or fail visibly, one interrupted task still in `status`; returns "retried", "failed" or None.

    The row is locked and re-read: if another worker settled it or its worker finished it
    meanwhile (or, given `started_at`, it was queued again and claimed since), nothing
    happens (None). An idempotent task with runs left goes back to READY
    (its `before_retry` runs in the same transaction); any other is marked FAILED with the
    reason, unless `fail_if_not_retried` is False (a task that already failed with its own
    database error keeps that error).
    """
    with transaction.atomic():
        rows = DBTaskResult.objects.select_for_update(skip_locked=True).filter(pk=result_id, status=status)
        if started_at is not None:
            rows = rows.filter(started_at=started_at)
        result = rows.first()
        if result is None:
            return None
        policy = retry_policy(result.task_path)
        if policy is not None and len(result.worker_ids or []) < max_attempts:
            if policy.before_retry is not None:
                arguments = result.args_kwargs or {}
                policy.before_retry(*arguments.get("args", []), **arguments.get("kwargs", {}))
            result.status = TaskResultStatus.READY
            result.finished_at = None
            result.save(update_fields=["status", "finished_at"])
            logger.warning("Task %s (%s) queued again: %s.", result.pk, result.task_path, cause(result))
            return "retried"
        if not fail_if_not_retried:
            return None
        # Stored for the administrators, in the site's language (not whatever a caller activated).
        with translation.override(settings.LANGUAGE_CODE):
            reason = _reason(result, cause(result), policy, max_attempts)
        result.set_failed(WorkerLost(reason))
        logger.error("Task %s (%s) marked failed: %s", result.pk, result.task_path, reason)
        return "failed"


@dataclass
class RecoveryReport:
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def recover_orphaned_tasks(
    *, now: datetime.datetime | None = None, stale_after: float, max_attempts: int
) -> RecoveryReport:
    """Settle every orphaned task (see `orphaned_tasks`); forget heartbeats gone for a week."""
    now = now or timezone.now()
    report = RecoveryReport()
    for orphan in orphaned_tasks(now=now, stale_after=stale_after):
        outcome = settle_interrupted(
            orphan.pk,
            status=TaskResultStatus.RUNNING,
            started_at=orphan.started_at,
            cause=worker_silent_cause,
            max_attempts=max_attempts,
        )
        if outcome == "retried":
            report.retried.append(str(orphan.pk))
        elif outcome == "failed":
            report.failed.append(str(orphan.pk))
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("pk", flat=True).first()
    if newest is not None:
        WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_KEPT).exclude(pk=newest).delete()
    return report


def settle_own_tasks(worker_id: str, *, last_task_id: Any, max_attempts: int) -> RecoveryReport:
    """After a database outage, the tasks a worker claimed but is not running any more.

    A worker runs one task at a time, so once it waits for the database, every RUNNING task
    it claimed was interrupted (the claim may even have committed just as the connection
    died). The task it ran last is also retried if it failed with a database error.
    """
    report = RecoveryReport()
    for result in DBTaskResult.objects.running().only("id", "started_at", "worker_ids"):
        if _owner(result) != worker_id:
            continue
        outcome = settle_interrupted(
            result.pk,
            status=TaskResultStatus.RUNNING,
            started_at=result.started_at,
            cause=database_lost_cause,
            max_attempts=max_attempts,
        )
        if outcome == "retried":
            report.retried.append(str(result.pk))
        elif outcome == "failed":
            report.failed.append(str(result.pk))
    if last_task_id is not None:
        retry_after_database_error(last_task_id, max_attempts=max_attempts, report=report)
    return report


def retry_after_database_error(result_id: Any, *, max_attempts: int, report: RecoveryReport | None = None) -> None:
    """Queue again an idempotent task that failed because the database went away under it."""
    failed = DBTaskResult.objects.filter(
        pk=result_id, status=TaskResultStatus.FAILED, exception_class_path__in=OUTAGE_CLASS_PATHS
    ).exists()
    if failed:
        outcome = settle_interrupted(
            result_id,
            status=TaskResultStatus.FAILED,
            cause=database_lost_cause,
            max_attempts=max_attempts,
            fail_if_not_retried=False,
        )
        if outcome == "retried" and report is not None:
            report.retried.append(str(result_id))


# Health


@dataclass(frozen=True)
class QueueHealth:
    ready: int
    oldest_ready_seconds: float | None
    running: int
    stale: int
    workers_alive: int
    last_heartbeat_seconds: float | None
    max_age: float

    @property
    def problems(self) -> list[str]:
        """Machine-readable codes of what is wrong (empty: the queue is served)."""
        problems = []
        if self.ready and not self.workers_alive:
            problems.append("no_worker")
        if self.oldest_ready_seconds is not None and self.oldest_ready_seconds > self.max_age:
            problems.append("queue_late")
        if self.stale:
            problems.append("stale_tasks")
        return problems

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "error" if self.problems else "ok",
            "problems": self.problems,
            "ready": self.ready,
            "oldest_ready_seconds": _rounded(self.oldest_ready_seconds),
            "running": self.running,
            "stale": self.stale,
            "workers_alive": self.workers_alive,
            "last_heartbeat_seconds": _rounded(self.last_heartbeat_seconds),
        }


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)


def queue_health(*, now: datetime.datetime | None = None, config: WorkerSettings | None = None) -> QueueHealth:
    """The queue in four queries: ready tasks and the oldest one's wait, running and stale tasks, workers."""
    now = now or timezone.now()
    config = config or WorkerSettings.current()
    never = get_date_max()
    ready = DBTaskResult.objects.ready().aggregate(
        count=Count("pk"),
        # A task waits from its enqueueing, or from its run_after when it was deferred.
        oldest_plain=Min("enqueued_at", filter=Q(run_after=never)),
        oldest_deferred=Min("run_after", filter=~Q(run_after=never)),
    )
    since = [value for value in (ready["oldest_plain"], ready["oldest_deferred"]) if value is not None]
    heartbeats = WorkerHeartbeat.objects.aggregate(
        last=Max("seen_at"),
        alive=Count(
            "pk",
            filter=Q(seen_at__gte=now - datetime.timedelta(seconds=config.stale_after), stopped_at__isnull=True),
        ),
    )
    return QueueHealth(
        ready=ready["count"],
        oldest_ready_seconds=(now - min(since)).total_seconds() if since else None,
        running=DBTaskResult.objects.running().count(),
        stale=len(orphaned_tasks(now=now, stale_after=config.stale_after)),
        workers_alive=heartbeats["alive"],
        last_heartbeat_seconds=(now - heartbeats["last"]).total_seconds() if heartbeats["last"] else None,
        max_age=config.health_max_age,
    )
