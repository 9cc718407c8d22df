"""The scheduler on the real database: each job's times, one run per time across schedulers, the lock."""

from __future__ import annotations

import datetime
import threading
import zoneinfo
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.operations import scheduler
from cocite.operations.models import ScheduledRun

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# A Wednesday afternoon, Paris time.
NOW = datetime.datetime(2026, 12, 9, 15, 20, tzinfo=PARIS)
QUICK = scheduler.Job("purge", ("purge_pending_images",), "day", hour=4, minute=0)


def test_latest_slot_of_each_kind_of_job() -> None:
    hourly = scheduler.Job("h", ("x",), "hour", minute=5)
    assert hourly.latest_slot(NOW) == datetime.datetime(2026, 12, 9, 15, 5, tzinfo=PARIS)
    assert hourly.latest_slot(NOW.replace(minute=2)) == datetime.datetime(2026, 12, 9, 14, 5, tzinfo=PARIS)
    daily = scheduler.Job("d", ("x",), "day", hour=16)
    assert daily.latest_slot(NOW) == datetime.datetime(2026, 12, 8, 16, 0, tzinfo=PARIS)
    assert daily.latest_slot(NOW.replace(hour=16)) == datetime.datetime(2026, 12, 9, 16, 0, tzinfo=PARIS)
    monday = scheduler.Job("w", ("x",), "week", hour=7, minute=30, weekday=0)
    assert monday.latest_slot(NOW) == datetime.datetime(2026, 12, 7, 7, 30, tzinfo=PARIS)
    assert monday.latest_slot(datetime.datetime(2026, 12, 7, 7, 0, tzinfo=PARIS)) == datetime.datetime(
        2026, 11, 30, 7, 30, tzinfo=PARIS
    )


@pytest.mark.django_db
def test_a_job_runs_once_for_its_time_and_again_at_the_next() -> None:
    first = scheduler.run_if_due(QUICK, now=NOW, node="a")
    assert first is not None
    assert first.status == ScheduledRun.Status.SUCCEEDED
    assert first.finished_at is not None
    assert scheduler.run_if_due(QUICK, now=NOW + datetime.timedelta(hours=1), node="b") is None
    later = scheduler.run_if_due(QUICK, now=NOW + datetime.timedelta(days=1), node="b")
    assert later is not None
    assert later.slot == first.slot + datetime.timedelta(days=1)
    assert ScheduledRun.objects.filter(job="purge").count() == 2


@pytest.mark.django_db
def test_a_failing_command_is_recorded_with_its_error() -> None:
    broken = scheduler.Job("broken", ("send_digests", "--frequency", "never"), "hour")
    run = scheduler.run_if_due(broken, now=NOW, node="a")
    assert run is not None
    assert run.status == ScheduledRun.Status.FAILED
    assert "never" in run.output


@pytest.mark.django_db
def test_a_time_already_claimed_is_not_run_again() -> None:
    """Two schedulers reach the same time: the second finds the unique row taken."""
    slot = QUICK.latest_slot(NOW)
    assert scheduler.claim(QUICK, slot, node="a") is not None
    assert scheduler.claim(QUICK, slot, node="b") is None
    assert scheduler.run_if_due(QUICK, now=NOW, node="b") is None
    assert list(ScheduledRun.objects.values_list("node", flat=True)) == ["a"]


@pytest.mark.django_db(transaction=True)
def test_a_job_held_by_another_node_is_skipped() -> None:
    """PostgreSQL: another session holds the job's advisory lock (it is running the job): skipped.
    SQLite (one host): another scheduler's claim committed first: skipped as well."""
    held = threading.Event()
    release = threading.Event()

    def other_node() -> None:
        try:
            if connection.vendor == "postgresql":
                with scheduler.job_lock(QUICK.name) as acquired:
                    assert acquired
                    held.set()
                    release.wait(10)
            else:
                scheduler.claim(QUICK, QUICK.latest_slot(NOW), node="other")
                held.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_node)
    thread.start()
    assert held.wait(10)
    try:
        assert scheduler.run_if_due(QUICK, now=NOW, node="this") is None
        if connection.vendor == "postgresql":
            with scheduler.job_lock(QUICK.name) as acquired:
                assert not acquired
    finally:
        release.set()
        thread.join()
    assert not ScheduledRun.objects.filter(node="this").exists()
    if connection.vendor == "postgresql":  # the lock released, the job runs
        assert scheduler.run_if_due(QUICK, now=NOW, node="this") is not None


def test_lock_keys_are_stable_and_distinct() -> None:
    keys = {scheduler.lock_key(job.name) for job in scheduler.JOBS}
    assert len(keys) == len(scheduler.JOBS)
    assert scheduler.lock_key("export_opendata") == scheduler.lock_key("export_opendata")
    assert all(-(2**63) <= key < 2**63 for key in keys)


@pytest.mark.django_db
def test_every_scheduled_command_exists_and_runs(settings: Any) -> None:
    """The README's cron-like commands, each run by the scheduler on an empty site."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # prune_db_task_results' queue
    runs = scheduler.run_due_jobs(now=NOW, node="a")
    assert {run.job for run in runs} == {job.name for job in scheduler.JOBS}
    assert [run.job for run in runs if run.status != ScheduledRun.Status.SUCCEEDED] == []
    assert scheduler.run_due_jobs(now=NOW, node="b") == []


@pytest.mark.django_db
def test_the_admin_page_shows_each_job_and_the_workers(client: Client) -> None:
    scheduler.run_if_due(QUICK, now=NOW, node="a")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:operations_scheduledrun_changelist"))
    assert response.status_code == 200
    text = response.content.decode()
    for job in scheduler.jobs():
        assert f"<code>{job.name}</code>" in text
    assert "Processus de tâches vivants" in text
    assert "jamais exécutée" in text  # the jobs that never ran
