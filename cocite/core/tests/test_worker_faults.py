"""The task worker and the web tier across a restart of a private PostgreSQL (issue 13, defect 2).

These tests never touch the shared server: they make their own cluster (`pgcluster.py`),
migrate one template database there once, and give each test a copy of it.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django.utils.crypto import get_random_string

from cocite.core.testing import report_coverage

from .pgcluster import ManagedProcess, PrivateCluster, free_port, manage, wait_until

pytestmark = pytest.mark.postgres_only

TEMPLATE = "cocite_fault_template"
WORKER_COMMAND = "task_worker"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateCluster]:
    with PrivateCluster() as cluster:
        cluster.create_database(TEMPLATE)
        manage("migrate", "--noinput", env=django_env(cluster, TEMPLATE, tmp_path_factory.mktemp("migrate")))
        yield cluster


def django_env(cluster: PrivateCluster, database: str, directory: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like process (base settings, real task backend) on `database`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "COCITE_", "DATABASE_", "REDIS_", "TASK"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=cluster.url(database),
        DEBUG="0",
        SECRET_KEY="fault-test-secret-key-" + "k" * 40,
        EMAIL_URL="dummymail://",
        MEDIA_ROOT=str(directory / "media"),
        COCITE_VAR_DIR=str(directory / "var"),
        PYTHONUNBUFFERED="1",
        # These tests count the tasks they queue: no nightly export queued by the workers beside them.
        TASK_WORKER_DAILY_TASKS="0",
        **extra,
    )
    return env


def fresh_database(cluster: PrivateCluster, name: str) -> str:
    cluster.create_database(name, template=TEMPLATE)
    return name


def task_count(cluster: PrivateCluster, database: str, status: str) -> int:
    try:
        with cluster.connect(database) as connection:
            row = connection.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = %s", [status]
            ).fetchone()
    except Exception:  # the server is restarting: ask again later
        return -1
    assert row is not None
    return int(row[0])


def start_worker(env: dict[str, str], directory: Path, name: str = "worker", *extra: str) -> ManagedProcess:
    command = [sys.executable, "manage.py", WORKER_COMMAND, "--queue-name", "*", "--interval", "0.2"]
    command += ["--no-reload", "--no-startup-delay", *extra]
    return ManagedProcess(name, command, env=env, log_dir=directory)


def test_the_task_worker_survives_a_database_restart(cluster: PrivateCluster, tmp_path: Path) -> None:
    """Defect 2: `db_worker` exited on OperationalError and every task after it stayed READY."""
    database = fresh_database(cluster, "restart_regression")
    env = django_env(cluster, database, tmp_path)
    worker = start_worker(env, tmp_path)
    try:
        manage("export_opendata", "--enqueue", env=env)
        assert wait_until(lambda: task_count(cluster, database, "SUCCESSFUL") == 1, timeout=30), worker.output()

        cluster.restart(down_for=1.5)
        wait_until(lambda: not worker.alive(), timeout=2)  # an idle worker hits the outage at its next poll
        manage("export_opendata", "--enqueue", env=env)

        ran_after = wait_until(lambda: task_count(cluster, database, "SUCCESSFUL") == 2, timeout=30)
        assert worker.alive(), f"the worker exited on the restart:\n{worker.output()[-3000:]}"
        assert ran_after, f"the task enqueued after the restart did not run:\n{worker.output()[-3000:]}"
    finally:
        worker.close()


# The fault class test: writes and tasks across a database restart, then a worker killed mid-task.

FAULT_WORKERS = {
    "TASK_WORKER_HEARTBEAT": "0.5",
    "TASK_WORKER_STALE_AFTER": "3",
    "TASK_WORKER_BACKOFF_MAX": "2",
    "TASK_MAX_ATTEMPTS": "3",
}
WRITERS = 4
PEOPLE_PER_WRITER = 3
OUTAGE = 2.0  # seconds the server stays down


@dataclass
class Write:
    marker: str
    before_restart: bool
    status: int | None  # None: no HTTP answer at all
    comment_id: int | None

    @property
    def acknowledged(self) -> bool:
        return self.comment_id is not None


class Writer(threading.Thread):
    """Posts comments through the real form, signed in as its people in turn, until told to stop."""

    def __init__(self, number: int, base_url: str, idea: int, sessions: list[str], restarted: threading.Event):
        super().__init__(name=f"writer-{number}", daemon=True)
        self.number = number
        self.url = f"{base_url}/contributions/{idea}/debat/commenter/"
        self.sessions = sessions
        self.restarted = restarted
        self.stopping = threading.Event()
        self.writes: list[Write] = []

    def run(self) -> None:
        clients = []
        for session in self.sessions:
            client = requests.Session()
            token = get_random_string(32)
            client.cookies.set("sessionid", session)
            client.cookies.set("csrftoken", token)
            client.headers["X-CSRFToken"] = token
            clients.append(client)
        count = 0
        while not self.stopping.is_set():
            client = clients[count % len(clients)]
            marker = f"fault-{self.number}-{count}"
            before = not self.restarted.is_set()
            try:
                response = client.post(
                    self.url,
                    {"stance": "pour", "body": f"{marker} : un banc à l'ombre, s'il vous plaît."},
                    allow_redirects=False,
                    timeout=10,
                )
            except requests.RequestException:
                self.writes.append(Write(marker, before, None, None))
            else:
                found = re.search(r"#commentaire-(\d+)$", response.headers.get("Location", ""))
                acknowledged = response.status_code == 302 and found is not None
                comment_id = int(found.group(1)) if acknowledged and found else None
                self.writes.append(Write(marker, before, response.status_code, comment_id))
            count += 1
            time.sleep(0.02)


def _rows(cluster: PrivateCluster, database: str, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with cluster.connect(database) as connection:
        return connection.execute(sql, params or []).fetchall()  # type: ignore[arg-type]  # test-written SQL


def _queue_drained(cluster: PrivateCluster, database: str, parked: str) -> bool:
    try:
        rows = _rows(
            cluster,
            database,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING') AND id <> %s",
            [parked],
        )
    except psycopg.Error:
        return False
    return rows[0][0] == 0


def _task(cluster: PrivateCluster, database: str, task_id: str) -> dict[str, Any]:
    rows = _rows(
        cluster,
        database,
        "SELECT status, worker_ids, exception_class_path, traceback "
        "FROM django_tasks_database_dbtaskresult WHERE id = %s",
        [task_id],
    )
    status, worker_ids, exception_class_path, traceback = rows[0]
    return {"status": status, "worker_ids": worker_ids, "exception": exception_class_path, "traceback": traceback}


def _web_answers(base_url: str) -> bool:
    try:
        return requests.get(f"{base_url}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _shell(env: dict[str, str], code: str) -> dict[str, Any]:
    output = manage("shell", "-c", f"from cocite.core.tests import fault_support; fault_support.{code}", env=env)
    return dict(json.loads(output.strip().splitlines()[-1]))


def test_writes_and_tasks_survive_a_database_restart_and_a_killed_worker(
    cluster: PrivateCluster, tmp_path: Path
) -> None:
    """Class test (issue 13): nothing acknowledged is lost; web and workers recover by themselves.

    Signed-in people post comments through gunicorn (each comment queues a notification
    fan-out) while PostgreSQL is stopped and started; two task workers serve the queue.
    Then a worker is killed (SIGKILL) in the middle of a task.
    """
    database = fresh_database(cluster, "fault_class")
    env = django_env(cluster, database, tmp_path, **FAULT_WORKERS)
    seeded = _shell(env, f"seed({WRITERS * PEOPLE_PER_WRITER})")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    restarted = threading.Event()
    writers = [
        Writer(
            n,
            base_url,
            seeded["idea"],
            seeded["sessions"][n * PEOPLE_PER_WRITER : (n + 1) * PEOPLE_PER_WRITER],
            restarted,
        )
        for n in range(WRITERS)
    ]
    with contextlib.ExitStack() as stack:
        web = ManagedProcess(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "30"],
            env=env,
            log_dir=tmp_path,
        )
        stack.callback(web.close)
        workers = {}
        for name in ("fault-a", "fault-b"):
            workers[name] = start_worker(env, tmp_path, name, "--worker-id", name)
            stack.callback(workers[name].close)

        def logs() -> str:
            return "\n".join(f"--- {p.name}\n{p.output()[-2500:]}" for p in [web, *workers.values()])

        # Generous start-up limits: three Django processes start at once on a possibly busy machine.
        assert wait_until(lambda: _web_answers(base_url), timeout=90), logs()
        live = "SELECT count(*) FROM core_workerheartbeat WHERE seen_at > now() - interval '3 seconds'"
        assert wait_until(lambda: _rows(cluster, database, live)[0][0] == 2, timeout=90), logs()

        # Writes, a restart in their middle, writes again.
        for writer in writers:
            writer.start()
            stack.callback(writer.stopping.set)
        time.sleep(2.5)
        restart_began = datetime.datetime.now(datetime.UTC)
        restarted.set()
        outage = cluster.restart(down_for=OUTAGE)
        restart_ended = datetime.datetime.now(datetime.UTC)
        back = time.monotonic()
        assert wait_until(lambda: _web_answers(base_url), timeout=20), f"the web did not recover\n{logs()}"
        web_recovery = time.monotonic() - back
        after = lambda: sum(w.acknowledged and not w.before_restart for writer in writers for w in writer.writes)  # noqa: E731
        assert wait_until(lambda: after() >= 3 * WRITERS, timeout=20), logs()
        time.sleep(1)
        for writer in writers:
            writer.stopping.set()
            writer.join(timeout=15)
        writes = [w for writer in writers for w in writer.writes]

        # Nothing acknowledged is lost.
        stored = dict(
            _rows(cluster, database, "SELECT id, substring(body from '^(fault-[0-9]+-[0-9]+) ') FROM debate_comment")
        )
        acknowledged = [w for w in writes if w.acknowledged]
        lost = [w.marker for w in acknowledged if stored.get(w.comment_id) != w.marker]
        assert lost == [], f"acknowledged but not stored: {lost}"
        assert any(w.before_restart for w in acknowledged)
        refused = [w for w in writes if not w.acknowledged]
        stored_anyway = [w for w in refused if w.marker in stored.values()]

        # The workers lived through it and served every task, from before and after the restart.
        assert wait_until(lambda: _queue_drained(cluster, database, seeded["held"]), timeout=40), logs()
        for name, worker in workers.items():
            assert worker.alive(), f"{name} exited:\n{worker.output()[-3000:]}"
            # A worker still in its back-off when the others drained the queue says so a moment later.
            reconnected = lambda worker=worker: "Database reachable again" in worker.output()  # noqa: E731
            assert wait_until(reconnected, timeout=15), worker.output()[-3000:]
        tasks = _rows(
            cluster,
            database,
            "SELECT status, enqueued_at, jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult "
            "WHERE id <> %s",
            [seeded["held"]],
        )
        assert [row for row in tasks if row[0] != "SUCCESSFUL"] == []
        assert any(enqueued < restart_began for _status, enqueued, _runs in tasks)
        assert any(enqueued > restart_ended for _status, enqueued, _runs in tasks)
        retried = sum(1 for _status, _enqueued, runs in tasks if runs > 1)
        # Every acknowledged comment's fan-out ran: its followers were notified.
        notified = {
            key for (key,) in _rows(cluster, database, "SELECT DISTINCT event_key FROM notifications_notification")
        }
        assert [w.marker for w in acknowledged if f"comment:{w.comment_id}" not in notified] == []

        # A worker killed in the middle of a task: the survivor fails that task visibly (it is
        # not idempotent). The idempotent task a vanished worker left RUNNING was run again.
        with cluster.connect(database) as connection:
            connection.execute(
                "UPDATE django_tasks_database_dbtaskresult SET run_after = now() WHERE id = %s", [seeded["held"]]
            )
        assert wait_until(lambda: _task(cluster, database, seeded["held"])["status"] == "RUNNING", timeout=20), logs()
        victim = _task(cluster, database, seeded["held"])["worker_ids"][-1]
        survivor = next(name for name in workers if name != victim)
        workers[victim].kill(signal.SIGKILL)
        killed = time.monotonic()
        assert wait_until(lambda: _task(cluster, database, seeded["held"])["status"] == "FAILED", timeout=20), logs()
        held_recovery = time.monotonic() - killed
        held = _task(cluster, database, seeded["held"])
        assert held["exception"] == "cocite.core.taskqueue.WorkerLost"
        assert f"« {victim} »" in held["traceback"]
        assert "n'est pas déclarée rejouable sans risque" in held["traceback"]
        assert wait_until(lambda: _task(cluster, database, seeded["ghost"])["status"] == "SUCCESSFUL", timeout=20)
        ghost_runs = _task(cluster, database, seeded["ghost"])["worker_ids"]
        assert ghost_runs[0] == "fault-ghost"
        assert ghost_runs[1] in workers
        assert workers[survivor].alive()
        health = requests.get(f"{base_url}/healthz?tasks=1", timeout=5)
        assert health.status_code == 200, health.text
        assert health.json()["tasks"]["workers_alive"] == 1

    answered = [w for w in refused if w.status is not None]
    report_coverage(
        f"faults: {len(writes)} comments posted through gunicorn across a PostgreSQL restart ({outage:.1f} s, "
        f"server down {OUTAGE:.0f} s): {len(acknowledged)} acknowledged "
        f"({sum(w.before_restart for w in acknowledged)} before the restart), {len(refused)} refused "
        f"({len(answered)} with an HTTP error, {len(refused) - len(answered)} unanswered; "
        f"{len(stored_anyway)} stored all the same), {len(lost)} lost; web answering {web_recovery:.1f} s after "
        f"the restart; {len(tasks)} tasks ran, none failed ({retried} run again after an interruption); "
        f"a worker killed mid-task: its task failed visibly {held_recovery:.1f} s later"
    )
