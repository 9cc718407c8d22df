"""The task worker and the web tier across a restart of a private PostgreSQL (issue 13, defect 2).

These tests never touch the shared server: they make their own cluster (`pgcluster.py`),
migrate one template database there once, and give each test a copy of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .pgcluster import ManagedProcess, PrivateCluster, manage, wait_until

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
