"""The scheduled commands and the scheduler that runs each at its time, once across every node.

`manage.py scheduler` (deploy/systemd/cocite-scheduler.service) wakes every `interval`
seconds and, for each job, computes its latest time (`Job.latest_slot`). When no run is
recorded for that time, it takes the job's PostgreSQL advisory lock (plain SQL, held while the
command runs, so a long export is never started a second time beside itself), inserts the
`ScheduledRun` row whose unique (job, slot) pair is the claim, runs the command in-process and
records how it ended. A scheduler started after a time passed runs the job once for it (its
last time only: a night away does not replay a week of digests); every command is idempotent.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import os
import socket
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from .models import ScheduledRun

logger = logging.getLogger(__name__)
OUTPUT_KEPT = 4000  # characters of a command's output kept with its run (the end, where errors are)


@dataclass(frozen=True)
class Job:
    """A management command run every hour (at `minute`), every day or every week (Monday = 0)."""

    name: str
    command: tuple[str, ...]
    every: Literal["hour", "day", "week"]
    minute: int = 0
    hour: int = 0
    weekday: int = 0

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The job's most recent time at or before `now` (site's local time, returned aware)."""
        local = timezone.localtime(now)
        slot = local.replace(minute=self.minute, second=0, microsecond=0)
        if self.every == "hour":
            return slot if slot <= local else slot - datetime.timedelta(hours=1)
        slot = slot.replace(hour=self.hour)
        if self.every == "day":
            return slot if slot <= local else slot - datetime.timedelta(days=1)
        slot -= datetime.timedelta(days=(local.weekday() - self.weekday) % 7)
        return slot if slot <= local else slot - datetime.timedelta(days=7)

    def describe(self) -> str:
        if self.every == "hour":
            return _("toutes les heures à %(minute)s") % {"minute": f":{self.minute:02d}"}
        at = f"{self.hour:02d}:{self.minute:02d}"
        if self.every == "day":
            return _("chaque jour à %(time)s") % {"time": at}
        return _("chaque %(day)s à %(time)s") % {"day": WEEKDAYS[self.weekday], "time": at}


# The cron-like commands of the README, at their times (Europe/Paris).
JOBS: tuple[Job, ...] = (
    Job("notify_phase_changes", ("notify_phase_changes",), "hour", minute=5),
    Job("export_opendata", ("export_opendata",), "day", hour=3, minute=0),
    Job("purge_pending_images", ("purge_pending_images",), "day", hour=4, minute=0),
    Job("anonymise_inactive_accounts", ("anonymise_inactive_accounts",), "day", hour=4, minute=15),
    Job(
        "prune_db_task_results",
        ("prune_db_task_results", "--queue-name", "*", "--failed-min-age-days", "90"),
        "day",
        hour=4,
        minute=30,
    ),
    Job("send_digests_daily", ("send_digests", "--frequency", "daily"), "day", hour=7, minute=0),
    Job("send_digests_weekly", ("send_digests", "--frequency", "weekly"), "week", hour=7, minute=30, weekday=0),
    Job("escalate_overdue_opinions", ("escalate_overdue_opinions",), "day", hour=8, minute=0),
    Job("remind_information_reviews", ("remind_information_reviews",), "day", hour=8, minute=15),
    Job("ask_report_confirmations", ("ask_report_confirmations",), "day", hour=9, minute=0),
    # The day before a mission's or an event's slot (cocite.missions), at 10:00.
    Job("send_activity_reminders", ("send_activity_reminders",), "day", hour=10, minute=0),
)
BACKUP_JOB = Job("backup", ("backup",), "day", hour=2, minute=30)


def jobs() -> tuple[Job, ...]:
    """Every job; the nightly backup when BACKUP_DIR says where to write it."""
    return (*JOBS, BACKUP_JOB) if settings.BACKUP_DIR else JOBS


def node_name() -> str:
    return f"{socket.gethostname()[:200]}-{os.getpid()}"


def lock_key(name: str) -> int:
    """A signed 64-bit advisory lock key, the same on every node for one job."""
    digest = hashlib.sha256(f"cocite.scheduler:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """PostgreSQL: hold the job's session advisory lock (True) or learn another node holds it (False).

    SQLite has one writer and one host: the unique run row alone is the claim there.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        row = cursor.fetchone()
    acquired = bool(row and row[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def claim(job: Job, slot: datetime.datetime, *, node: str) -> ScheduledRun | None:
    """Insert the run row for (job, slot); None when another scheduler already did."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job.name, slot=slot, node=node, started_at=timezone.now())
    except IntegrityError:
        return None


def execute(run: ScheduledRun, job: Job) -> ScheduledRun:
    """Run the command in this process and record how it ended (its output's end kept)."""
    output = io.StringIO()
    try:
        call_command(*job.command, stdout=output, stderr=output)
    except (Exception, SystemExit):
        output.write(traceback.format_exc())
        run.status = ScheduledRun.Status.FAILED
        logger.exception("Scheduled command %s failed (slot %s).", job.name, run.slot.isoformat())
    else:
        run.status = ScheduledRun.Status.SUCCEEDED
        logger.info("Scheduled command %s done (slot %s).", job.name, run.slot.isoformat())
    run.finished_at = timezone.now()
    run.output = output.getvalue()[-OUTPUT_KEPT:]
    run.save(update_fields=["status", "finished_at", "output"])
    return run


def run_if_due(job: Job, *, now: datetime.datetime | None = None, node: str | None = None) -> ScheduledRun | None:
    """Run `job` for its latest time unless that run exists or another node is running the job."""
    slot = job.latest_slot(now or timezone.now())
    if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
        return None
    with job_lock(job.name) as acquired:
        if not acquired:
            return None
        run = claim(job, slot, node=node or node_name())
        if run is None:
            return None
        return execute(run, job)


def run_due_jobs(*, now: datetime.datetime | None = None, node: str | None = None) -> list[ScheduledRun]:
    """One pass over every job (what the scheduler does at each wake-up)."""
    done = []
    for job in jobs():
        run = run_if_due(job, now=now, node=node)
        if run is not None:
            done.append(run)
    return done


@dataclass(frozen=True)
class JobState:
    job: Job
    last: ScheduledRun | None


def job_states() -> list[JobState]:
    """Each job with its latest run (one query), for the admin page and `scheduler --list`."""
    newest_slot = ScheduledRun.objects.filter(job=OuterRef("job")).order_by("-slot").values("slot")[:1]
    runs = ScheduledRun.objects.filter(job__in=[job.name for job in jobs()], slot=Subquery(newest_slot))
    latest = {run.job: run for run in runs}
    return [JobState(job, latest.get(job.name)) for job in jobs()]
