"""The task worker's parts on both databases: backoff, heartbeats, orphaned tasks, queue health."""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import random
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.tasks import Task, TaskResultStatus, task
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocite.core import taskqueue
from cocite.core.models import WorkerHeartbeat
from cocite.core.taskqueue import WorkerIdentity, WorkerSettings
from cocite.core.worker import Backoff, ResilientWorker

NOW = timezone.now()
STALE = 60.0
# No daily tasks: these workers run the test's own tasks only (the daily ones are tested in opendata).
CONFIG = WorkerSettings(
    heartbeat=0.05, stale_after=STALE, backoff_max=0.2, max_attempts=3, health_max_age=600, daily_tasks=False
)
before_retry_calls: list[tuple[Any, ...]] = []


@task()
def remember(marker: str) -> str:
    """A task for these tests: returns its argument."""
    return f"done {marker}"


@task()
def not_idempotent(marker: str) -> str:
    return marker


def _before_retry(marker: str) -> None:
    before_retry_calls.append((marker,))


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`remember` is declared idempotent (with a before_retry hook) for the test; `not_idempotent` is not."""
    monkeypatch.setitem(
        taskqueue._RETRYABLE, remember.module_path, taskqueue.RetryPolicy(remember.module_path, _before_retry)
    )
    before_retry_calls.clear()
    yield
    before_retry_calls.clear()


def make_task(
    the_task: Task = remember,
    *,
    status: str = TaskResultStatus.RUNNING,
    worker_ids: list[str] | None = None,
    started_ago: float | None = 600,
    marker: str = "m",
    **fields: Any,
) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [marker], "kwargs": {}},
        task_path=the_task.module_path,
        backend_name="default",
        worker_ids=worker_ids if worker_ids is not None else ["w-dead"],
        started_at=None if started_ago is None else NOW - datetime.timedelta(seconds=started_ago),
        **fields,
    )


def beat(worker_id: str, *, ago: float = 0, process_started_ago: float = 3600) -> WorkerIdentity:
    identity = WorkerIdentity(worker_id=worker_id, started_at=NOW - datetime.timedelta(seconds=process_started_ago))
    taskqueue.heartbeat_beat(identity, task_id=None, now=NOW - datetime.timedelta(seconds=ago))
    return identity


# Backoff (pure)


def test_backoff_grows_exponentially_with_jitter_up_to_its_cap() -> None:
    backoff = Backoff(base=0.5, cap=30.0, rng=random.Random(7))
    for attempt in range(40):
        ceiling = min(30.0, 0.5 * 2**attempt)
        for _ in range(20):
            assert ceiling / 2 <= backoff.delay(attempt) <= ceiling
    # It grows: the lowest possible wait of attempt n+1 is the highest of attempt n.
    assert Backoff(rng=random.Random(1)).delay(5) > Backoff(rng=random.Random(1)).delay(3)
    # Jitter: workers restarted together do not reconnect together.
    assert len({round(Backoff(rng=random.Random(seed)).delay(4), 6) for seed in range(10)}) == 10
    assert max(Backoff(base=1, cap=5).delay(1000) for _ in range(50)) <= 5


# Heartbeats


@pytest.mark.django_db
def test_a_heartbeat_is_created_then_refreshed_then_marked_stopped() -> None:
    identity = beat("w1", ago=30)
    row = WorkerHeartbeat.objects.get(worker_id="w1")
    assert (row.seen_at, row.started_at, row.task_id, row.stopped_at) == (
        NOW - datetime.timedelta(seconds=30),
        identity.started_at,
        "",
        None,
    )
    taskqueue.heartbeat_beat(identity, task_id="abc", now=NOW)
    row.refresh_from_db()
    assert (row.seen_at, row.task_id) == (NOW, "abc")
    taskqueue.heartbeat_stop(identity, now=NOW)
    row.refresh_from_db()
    assert (row.stopped_at, row.task_id) == (NOW, "")
    assert WorkerHeartbeat.objects.count() == 1


# Orphaned tasks


@pytest.mark.django_db
def test_only_tasks_of_dead_stopped_or_restarted_workers_are_orphaned() -> None:
    beat("w-live", process_started_ago=10_000)
    beat("w-silent", ago=STALE + 1)
    taskqueue.heartbeat_stop(beat("w-stopped"), now=NOW)
    beat("w-restarted", process_started_ago=60)  # its process started after the task's claim

    live = make_task(worker_ids=["w-dead", "w-live"])  # retried once, now run by a live worker
    long_running = make_task(worker_ids=["w-live"], started_ago=7200)
    silent = make_task(worker_ids=["w-silent"])
    unknown = make_task(worker_ids=["w-never-seen"])
    stopped = make_task(worker_ids=["w-stopped"])
    restarted = make_task(worker_ids=["w-restarted"], started_ago=600)
    just_claimed = make_task(worker_ids=["w-never-seen"], started_ago=STALE - 5)  # its heartbeat may be on its way
    make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None)
    make_task(status=TaskResultStatus.SUCCESSFUL, worker_ids=["w-silent"])

    orphans = {result.pk for result in taskqueue.orphaned_tasks(now=NOW, stale_after=STALE)}
    assert orphans == {silent.pk, unknown.pk, stopped.pk, restarted.pk}
    assert not orphans & {live.pk, long_running.pk, just_claimed.pk}


@pytest.mark.django_db
def test_an_idempotent_orphan_is_queued_again_and_any_other_is_failed_with_a_readable_reason(registry: None) -> None:
    retried = make_task(remember, marker="again")
    failed = make_task(not_idempotent)
    exhausted = make_task(remember, worker_ids=["w1", "w2", "w-dead"], marker="third")
    report = taskqueue.recover_orphaned_tasks(now=NOW, stale_after=STALE, max_attempts=3)
    assert set(report.retried) == {str(retried.pk)}
    assert set(report.failed) == {str(failed.pk), str(exhausted.pk)}

    retried.refresh_from_db()
    assert retried.status == TaskResultStatus.READY
    assert retried.worker_ids == ["w-dead"]  # the attempts are still counted
    assert before_retry_calls == [("again",)]  # the app's hook got the task's own arguments

    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "cocite.core.taskqueue.WorkerLost"
    assert "« w-dead » qui l'exécutait a cessé de donner signe de vie" in failed.traceback
    assert "n'est pas déclarée rejouable sans risque" in failed.traceback
    assert failed.task_result.errors[0].traceback == failed.traceback  # what django.tasks and the admin show

    exhausted.refresh_from_db()
    assert exhausted.status == TaskResultStatus.FAILED
    assert "lancée 3 fois (au plus 3)" in exhausted.traceback

    # A second pass finds nothing: the retried task waits for a worker, the others are finished.
    again = taskqueue.recover_orphaned_tasks(now=NOW, stale_after=STALE, max_attempts=3)
    assert (again.retried, again.failed) == ([], [])


@pytest.mark.django_db
def test_heartbeats_of_workers_gone_for_a_week_are_forgotten_but_the_last_one_stays() -> None:
    week = 7 * 24 * 3600
    beat("w-old", ago=week + 100)
    beat("w-older", ago=week + 200)
    taskqueue.recover_orphaned_tasks(now=NOW, stale_after=STALE, max_attempts=3)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w-old"]  # /healthz shows when
    beat("w-new")
    taskqueue.recover_orphaned_tasks(now=NOW, stale_after=STALE, max_attempts=3)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w-new"]


@pytest.mark.django_db
def test_settling_does_nothing_once_the_task_moved_on(registry: None) -> None:
    orphan = make_task(remember)
    seen_start = orphan.started_at
    # Meanwhile another worker queued it again and a third claimed it: a fresh run, not an orphan.
    DBTaskResult.objects.filter(pk=orphan.pk).update(started_at=NOW, worker_ids=["w-dead", "w-new"])
    outcome = taskqueue.settle_interrupted(
        orphan.pk,
        status=TaskResultStatus.RUNNING,
        started_at=seen_start,
        cause=taskqueue.worker_silent_cause,
        max_attempts=3,
    )
    assert outcome is None
    orphan.refresh_from_db()
    assert (orphan.status, before_retry_calls) == (TaskResultStatus.RUNNING, [])


@pytest.mark.django_db
def test_after_an_outage_a_worker_settles_what_it_claimed_and_retries_what_the_database_failed(
    registry: None,
) -> None:
    claimed = make_task(remember, worker_ids=["w-me"], started_ago=1)  # claim committed, then the connection died
    others = make_task(remember, worker_ids=["w-other"], started_ago=1)
    cut_off = make_task(
        remember, status=TaskResultStatus.FAILED, exception_class_path="django.db.utils.OperationalError"
    )
    broken = make_task(remember, status=TaskResultStatus.FAILED, exception_class_path="builtins.ValueError")
    cut_off_unsafe = make_task(
        not_idempotent, status=TaskResultStatus.FAILED, exception_class_path="django.db.utils.InterfaceError"
    )

    report = taskqueue.settle_own_tasks("w-me", last_task_id=cut_off.pk, max_attempts=3)
    assert set(report.retried) == {str(claimed.pk), str(cut_off.pk)}
    for result, status in [
        (claimed, TaskResultStatus.READY),
        (cut_off, TaskResultStatus.READY),
        (others, TaskResultStatus.RUNNING),  # another worker's: judged by its heartbeat, not here
        (broken, TaskResultStatus.FAILED),  # a failure of its own: never retried
    ]:
        result.refresh_from_db()
        assert result.status == status, result.task_path
    taskqueue.retry_after_database_error(cut_off_unsafe.pk, max_attempts=3)
    cut_off_unsafe.refresh_from_db()
    # Not declared idempotent: it keeps its own database error, readable in the admin.
    assert (cut_off_unsafe.status, cut_off_unsafe.exception_class_path) == (
        TaskResultStatus.FAILED,
        "django.db.utils.InterfaceError",
    )


def test_every_project_task_is_declared_idempotent() -> None:
    """A new task must be declared (retry_after_worker_loss) or, if it cannot be run twice, listed here."""
    not_retryable: dict[str, str] = {
        # A mail twice is worse than a mail late: the person who invited or wrote can send again.
        "cocite.network.tasks.send_network_mail": "network invitations and messages to an actor",
    }
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cocite."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError:
            continue
        found += [value.module_path for value in vars(module).values() if isinstance(value, Task)]
    assert len(found) >= 4
    undeclared = [path for path in found if taskqueue.retry_policy(path) is None and path not in not_retryable]
    assert undeclared == []


# Queue health


@pytest.mark.django_db
def test_queue_health_counts_ready_running_stale_and_workers() -> None:
    empty = taskqueue.queue_health(now=NOW, config=CONFIG)
    assert (empty.ready, empty.oldest_ready_seconds, empty.workers_alive, empty.last_heartbeat_seconds) == (
        0,
        None,
        0,
        None,
    )
    assert empty.problems == []

    old = make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None)
    DBTaskResult.objects.filter(pk=old.pk).update(enqueued_at=NOW - datetime.timedelta(seconds=900))
    make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None)
    deferred = make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None)
    # Not due: the library compares run_after with the real clock, and NOW was read when the module was
    # imported (over an hour earlier in a long run).
    DBTaskResult.objects.filter(pk=deferred.pk).update(run_after=timezone.now() + datetime.timedelta(days=1))
    make_task(worker_ids=["w-gone"])  # stale
    health = taskqueue.queue_health(now=NOW, config=CONFIG)
    assert health.ready == 2
    assert 899 <= (health.oldest_ready_seconds or 0) <= 901
    assert (health.running, health.stale, health.workers_alive) == (1, 1, 0)
    assert health.problems == ["no_worker", "queue_late", "stale_tasks"]

    beat("w-live", ago=2)
    beat("w-silent", ago=STALE * 3)
    health = taskqueue.queue_health(now=NOW, config=CONFIG)
    assert (health.workers_alive, health.last_heartbeat_seconds) == (1, 2.0)
    assert health.problems == ["queue_late", "stale_tasks"]
    assert health.as_json()["status"] == "error"


# The worker itself, in this process, on the test database


def _run_worker(worker: ResilientWorker) -> threading.Thread:
    thread = threading.Thread(target=worker.run)
    thread.start()
    return thread


def _stop(worker: ResilientWorker, thread: threading.Thread) -> None:
    worker.running = False
    thread.join(timeout=30)
    assert not thread.is_alive()


def _worker(**options: Any) -> ResilientWorker:
    defaults: dict[str, Any] = {
        "queue_names": ["*"],
        "interval": 0.05,
        "batch": False,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "w-test",
        "excluded_queue_names": [],
    }
    return ResilientWorker(config=CONFIG, **{**defaults, **options})


def _wait(condition: Any, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_tasks_beats_while_it_lives_and_says_goodbye() -> None:
    first = make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None, marker="one")
    worker = _worker()
    thread = _run_worker(worker)
    try:
        assert _wait(lambda: DBTaskResult.objects.filter(pk=first.pk, status=TaskResultStatus.SUCCESSFUL).exists())
        assert _wait(lambda: worker.heartbeat is not None and worker.heartbeat.beats >= 3)
        row = WorkerHeartbeat.objects.get(worker_id="w-test")
        assert row.stopped_at is None
        assert row.seen_at > timezone.now() - datetime.timedelta(seconds=10)
    finally:
        _stop(worker, thread)
    first.refresh_from_db()
    assert (first.return_value, first.worker_ids) == ("done one", ["w-test"])
    assert WorkerHeartbeat.objects.get(worker_id="w-test").stopped_at is not None


@task()
def nightly() -> str:
    """A daily task for these tests."""
    return "nightly done"


@pytest.mark.django_db(transaction=True)
def test_the_workers_heartbeat_queues_each_daily_task_once(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """No cron needed: a live worker queues the daily tasks (the nightly open-data export), once per day."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr(taskqueue, "_DAILY", {nightly.module_path: taskqueue.DailyTask(nightly, hour=0)})
    worker = _worker()
    worker.config = dataclasses.replace(CONFIG, daily_tasks=True)
    thread = _run_worker(worker)
    runs = DBTaskResult.objects.filter(task_path=nightly.module_path)
    try:
        assert _wait(lambda: runs.filter(status=TaskResultStatus.SUCCESSFUL).exists())
        beats = worker.heartbeat.beats if worker.heartbeat else 0
        assert _wait(lambda: worker.heartbeat is not None and worker.heartbeat.beats >= beats + 5)
    finally:
        _stop(worker, thread)
    assert runs.count() == 1
    assert runs.get().return_value == "nightly done"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_worker_reconnects_after_its_connections_are_killed_and_carries_on() -> None:
    """What a database restart does to a worker's connections, on the shared server (no restart needed)."""
    worker = _worker()
    thread = _run_worker(worker)
    try:
        assert _wait(lambda: worker.heartbeat is not None and worker.heartbeat.beats >= 2)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            killed = cursor.fetchone()[0]
        assert killed >= 2  # the claim loop's connection and the heartbeat's
        beats = worker.heartbeat.beats
        # Either the claim loop met the dead connection (an outage, then a reconnection) or
        # Django's health check replaced it before the next query (CONN_HEALTH_CHECKS): both
        # carry on. What must hold: the heartbeat beats again and a task queued now runs.
        assert _wait(lambda: worker.heartbeat is not None and worker.heartbeat.beats >= beats + 2), "no heartbeat"
        after = make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None, marker="after")
        assert _wait(lambda: DBTaskResult.objects.filter(pk=after.pk, status=TaskResultStatus.SUCCESSFUL).exists())
        assert thread.is_alive()
    finally:
        _stop(worker, thread)


# /healthz and the admin page


@pytest.mark.django_db
def test_healthz_reports_the_queue_and_fails_on_it_only_when_asked(client: Client) -> None:
    waiting = make_task(status=TaskResultStatus.READY, worker_ids=[], started_ago=None)
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))

    # The load balancer's check: the web tier is fine, the stuck queue is reported, not failed on.
    response = client.get("/healthz")
    assert response.status_code == 200
    tasks = response.json()["tasks"]
    assert (tasks["status"], tasks["problems"], tasks["ready"], tasks["workers_alive"]) == (
        "error",
        ["no_worker", "queue_late"],
        1,
        0,
    )
    assert 3590 <= tasks["oldest_ready_seconds"] <= 3700
    # Monitoring asks for the queue too.
    response = client.get("/healthz?tasks=1")
    assert response.status_code == 503
    assert response.json()["status"] == "error"

    taskqueue.heartbeat_beat(WorkerIdentity(worker_id="w-live"), task_id=None)
    DBTaskResult.objects.filter(pk=waiting.pk).update(status=TaskResultStatus.SUCCESSFUL)
    response = client.get("/healthz?tasks=1")
    assert response.status_code == 200
    tasks = response.json()["tasks"]
    assert (tasks["status"], tasks["ready"], tasks["workers_alive"]) == ("ok", 0, 1)
    assert tasks["last_heartbeat_seconds"] < 60

    make_task(worker_ids=["w-gone"], started_ago=3600)  # left RUNNING by a dead worker, not yet recovered
    response = client.get("/healthz?tasks=1")
    assert response.status_code == 503
    assert response.json()["tasks"]["problems"] == ["stale_tasks"]
    assert response.json()["tasks"]["stale"] == 1
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_administrators_see_the_queue_and_the_workers_in_the_admin(client_for: Any, administrator: Any) -> None:
    taskqueue.heartbeat_beat(WorkerIdentity(worker_id="w-admin-visible"), task_id=None)
    make_task(worker_ids=["w-gone"], started_ago=3600)
    client = client_for(administrator)
    index = client.get(reverse("admin:index")).content.decode()
    url = reverse("admin:core_workerheartbeat_changelist")
    assert url in index
    page = client.get(url).content.decode()
    assert "File des tâches de fond" in page
    assert "w-admin-visible" in page
    assert "Des tâches en cours appartiennent à un processus arrêté" in page
    assert reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status__exact=FAILED" in page
    assert client.post(reverse("admin:core_workerheartbeat_add")).status_code == 403


def test_actions_find_their_tasks_by_name() -> None:
    """Tasks import actions; the actions that queue them ask for them by name (no import back)."""
    expected = {
        "analysis.group_themes": "cocite.analysis.tasks.group_themes",
        "notifications.fan_out": "cocite.notifications.tasks.fan_out",
        "opinions.recompute_opinion_groups": "cocite.opinions.tasks.recompute_opinion_groups",
    }
    for name, path in expected.items():
        assert taskqueue.task_named(name).module_path == path
    with pytest.raises(LookupError):
        taskqueue.task_named("nowhere.nothing")


def test_a_task_name_is_taken_once() -> None:
    try:
        assert taskqueue.named_task("tests.remember")(remember) is remember
        assert taskqueue.named_task("tests.remember")(remember) is remember  # the same task again: fine
        with pytest.raises(ValueError, match="already taken"):
            taskqueue.named_task("tests.remember")(not_idempotent)
        assert taskqueue.task_named("tests.remember") is remember
    finally:
        taskqueue._NAMED.pop("tests.remember", None)
