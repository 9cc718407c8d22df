"""The task worker that outlives the database: django-tasks-db's worker, plus reconnection and heartbeats.

django-tasks-db's `Worker.run()` (its public claim loop, used as is) raises on any database
error but a locked SQLite file, so `manage.py db_worker` exited when PostgreSQL restarted
and every later task stayed READY. `ResilientWorker` runs that loop again after an outage:
on OperationalError/InterfaceError it closes the broken connections, waits with an
exponential backoff (capped, jittered, logged at each attempt) until the database answers,
settles the task the outage interrupted (`taskqueue.settle_own_tasks`), and carries on. It
never exits because the database went away for a while.

A `Heartbeat` thread (its own database connection) refreshes the worker's `WorkerHeartbeat`
row, also while a long task runs, and settles the tasks dead workers left RUNNING
(`taskqueue.recover_orphaned_tasks`) — only once its own connection has been up for a whole
staleness delay, so that after an outage live workers get the time to beat again before
anyone is judged dead. At each beat it also queues the daily tasks whose hour has come
(`taskqueue.run_daily`: the nightly open-data export), once a day whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections
from django.db.utils import Error as DatabaseLibraryError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import taskqueue
from .taskqueue import DATABASE_OUTAGE, WorkerIdentity, WorkerSettings

logger = logging.getLogger(__name__)


@dataclass
class Backoff:
    """Exponential backoff with "equal jitter": wait n waits between half and all of min(cap, base × 2ⁿ).

    The jitter spreads the reconnections of many workers after a restart; the cap bounds the
    time a worker sleeps after the database came back.
    """

    base: float = 0.5
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        ceiling = min(self.cap, self.base * 2 ** min(attempt, 30))
        jitter: float = self.rng.uniform(0, ceiling / 2)
        return float(ceiling / 2 + jitter)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def close_connections() -> None:
    """Drop this thread's connections; a broken one may complain while closing, which is no news."""
    for alias in connections:
        with contextlib.suppress(DatabaseLibraryError):
            connections[alias].close()


def database_problem() -> BaseException | None:
    """None when the database answers a query, else the error it gave."""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_OUTAGE as error:
        close_connections()
        return error
    return None


class Heartbeat(threading.Thread):
    """Beats every `config.heartbeat` seconds and recovers dead workers' tasks; survives outages."""

    def __init__(self, worker: ResilientWorker) -> None:
        super().__init__(name=f"heartbeat-{worker.worker_id}", daemon=True)
        self.worker = worker
        self.config = worker.config
        self.stopping = threading.Event()
        self.beats = 0

    def run(self) -> None:
        connected_since: float | None = None
        failing = False
        try:
            while True:
                try:
                    taskqueue.heartbeat_beat(self.worker.identity, task_id=self.worker.current_task_id)
                    self.beats += 1
                    if connected_since is None:
                        connected_since = time.monotonic()
                    if failing:
                        logger.warning("Heartbeat of worker %s written again.", self.worker.worker_id)
                        failing = False
                    # Nightly work (the open-data export…): queued once a day, whichever worker sees it first.
                    if self.config.daily_tasks:
                        taskqueue.enqueue_daily_tasks()
                    if time.monotonic() - connected_since >= self.config.stale_after:
                        taskqueue.recover_orphaned_tasks(
                            stale_after=self.config.stale_after, max_attempts=self.config.max_attempts
                        )
                except DATABASE_OUTAGE as error:
                    connected_since = None
                    if not failing:
                        logger.warning(
                            "Heartbeat of worker %s not written (%s); trying again every %.1f s.",
                            self.worker.worker_id,
                            _first_line(error),
                            self.config.heartbeat,
                        )
                    failing = True
                    close_connections()
                except Exception:
                    logger.exception("Heartbeat of worker %s: unexpected error; it carries on.", self.worker.worker_id)
                if self.stopping.wait(self.config.heartbeat):
                    return
        finally:
            close_connections()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.config.heartbeat + 10)


class ResilientWorker(Worker):
    """django-tasks-db's worker, run again after each database outage; see the module docstring."""

    def __init__(self, *, config: WorkerSettings | None = None, backoff: Backoff | None = None, **options: Any):
        super().__init__(**options)
        self.config = config or WorkerSettings.current()
        self.backoff = backoff or Backoff(cap=self.config.backoff_max)
        self.identity = WorkerIdentity(worker_id=self.worker_id)
        self.current_task_id: str | None = None
        self.last_task_id: Any = None
        self.outages = 0
        self.heartbeat: Heartbeat | None = None

    def run(self) -> None:
        self.heartbeat = Heartbeat(self)
        self.heartbeat.start()
        interrupted = False
        try:
            while True:
                try:
                    if interrupted:
                        report = taskqueue.settle_own_tasks(
                            self.worker_id, last_task_id=self.last_task_id, max_attempts=self.config.max_attempts
                        )
                        if report.retried or report.failed:
                            logger.warning(
                                "Tasks interrupted by the outage: %d queued again, %d marked failed.",
                                len(report.retried),
                                len(report.failed),
                            )
                        interrupted = False
                        self.last_task_id = None
                    super().run()
                    return
                except DATABASE_OUTAGE as error:
                    interrupted = True
                    if not self.running:
                        return
                    self.wait_for_database(error)
                    # The random start-up delay is for a fresh start, not for a reconnection.
                    self.startup_delay = False
        finally:
            self.heartbeat.stop()
            self._say_goodbye()

    def wait_for_database(self, error: BaseException) -> None:
        """Close the broken connections and wait, backing off, until the database answers again."""
        self.outages += 1
        started = time.monotonic()
        close_connections()
        attempt = 0
        problem: BaseException | None = error
        while problem is not None:
            delay = self.backoff.delay(attempt)
            logger.warning(
                "Worker %s: database unavailable for %.1f s (%s); next attempt (%d) in %.1f s.",
                self.worker_id,
                time.monotonic() - started,
                _first_line(problem),
                attempt + 1,
                delay,
            )
            time.sleep(delay)
            attempt += 1
            problem = database_problem()
            if problem is None:
                logger.warning(
                    "Database reachable again after %.1f s (%d attempts): worker %s carries on.",
                    time.monotonic() - started,
                    attempt,
                    self.worker_id,
                )
                return

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        self.current_task_id = str(db_task_result.pk)
        self.last_task_id = db_task_result.pk
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task_id = None
        # The database went away under the task, and came back in time to record the failure.
        if db_task_result.exception_class_path in taskqueue.OUTAGE_CLASS_PATHS:
            taskqueue.retry_after_database_error(db_task_result.pk, max_attempts=self.config.max_attempts)

    def _say_goodbye(self) -> None:
        try:
            taskqueue.heartbeat_stop(self.identity)
        except DATABASE_OUTAGE:
            pass  # the database is away: the heartbeat goes stale by itself
        finally:
            close_connections()
