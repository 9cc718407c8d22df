"""A private PostgreSQL cluster for tests that stop and start the database server.

The shared server (127.0.0.1:5432) must never be restarted by a test: other runs use it.
`PrivateCluster` makes its own cluster with `initdb` in a temporary directory and serves it
on a free port of 127.0.0.1, so a test can stop, restart or kill it at will. PostgreSQL
refuses to run as root: when the tests run as root, the server runs as the `postgres` user
(`runuser`), and the directory belongs to that user. Everything is removed on `close()`,
which `with PrivateCluster() as cluster:` calls even when the test fails.

Processes pointed at the cluster (gunicorn, task workers, manage.py) are started with
`ManagedProcess`, which kills their whole process group on close.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

import psycopg

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_bin(name: str) -> str:
    """The newest Debian PostgreSQL binary (`/usr/lib/postgresql/<version>/bin`), else PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} not found: install the PostgreSQL server binaries")
    return path


class PrivateCluster:
    """initdb + pg_ctl on a free port; `url(dbname)` for DATABASE_URL; `restart()` for faults."""

    def __init__(self) -> None:
        self.as_root = os.geteuid() == 0
        self.directory = Path(tempfile.mkdtemp(prefix="cocite-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.port = free_port()
        self.running = False
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        try:
            self._run(
                _postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
            self.start()
        except BaseException:
            self.close()
            raise

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)  # noqa: S603 (PostgreSQL binaries)

    def _pg_ctl(self, *arguments: str) -> None:
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", *arguments)

    def start(self) -> None:
        # fsync off: the tests restart the server process, never the machine, so what a commit
        # wrote is in the operating system's cache either way; checkpoints stop costing seconds.
        # Minimal, small WAL: less to write, and less to delete at the end.
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c max_connections=60"
            " -c fsync=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0"
            " -c max_wal_size=64MB -c min_wal_size=32MB"
        )
        self._pg_ctl("-o", options, "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "stop")
        self.running = False

    def restart(self, *, down_for: float = 0.0, mode: str = "fast") -> float:
        """Stop the server, leave it down `down_for` seconds, start it; returns the outage in seconds."""
        started = time.monotonic()
        self.stop(mode)
        time.sleep(down_for)
        self.start()
        return time.monotonic() - started

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)

    def create_database(self, name: str, *, template: str | None = None) -> None:
        with self.connect() as connection:
            # FILE_COPY copies the template's files instead of writing them all to the WAL.
            suffix = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
            connection.execute(f'CREATE DATABASE "{name}"{suffix}')  # test-chosen names

    def server_log(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def close(self) -> None:
        if self.running:
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class ManagedProcess:
    """A subprocess in its own process group, output to a log file, killed (with its children) on close."""

    def __init__(self, name: str, command: Sequence[str], *, env: Mapping[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log: IO[bytes] = open(self.log_path, "wb")  # noqa: SIM115  # closed in close()
        self.process = subprocess.Popen(  # noqa: S603 (our own commands)
            list(command),
            cwd=PROJECT_ROOT,
            env=dict(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def close(self) -> None:
        if self.alive():
            self.kill(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.process.wait(timeout=5)
        else:
            self.kill(signal.SIGKILL)  # children left behind by a dead leader
        self._log.close()


def manage(*arguments: str, env: Mapping[str, str], timeout: float = 120) -> str:
    """Run `manage.py <arguments>` against the environment's database; returns its output."""
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_until(condition: Callable[[], object], *, timeout: float, every: float = 0.1) -> bool:
    """Poll `condition()` until true or `timeout` seconds passed; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = bool(condition())
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)
