"""What the benchmark modules share: the server, wrk (alone or several at once), sessions, POST plans.

Imported by run.py after `django.setup()`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore

from cocite.accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
CSRF = "benchCsrfSecretValue0123456789ab"  # 32 characters: a valid unmasked CSRF secret


def server_command(server: str, workers: int, port: int) -> list[str]:
    """The production server: one request at a time per worker process, as Django expects."""
    binary = str(ROOT / ".venv" / "bin" / server)
    if server == "granian":
        return [binary, "--interface", "wsgi", "config.wsgi:application", "--workers", str(workers),
                "--blocking-threads", "1", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                "--no-ws"]  # fmt: skip
    # As the README deploys it: the workers' heartbeat files in memory, not on disk.
    tmp = ["--worker-tmp-dir", "/dev/shm"] if Path("/dev/shm").is_dir() else []  # noqa: S108
    extra = os.environ.get("COCITE_BENCH_GUNICORN_ARGS", "").split()
    return [binary, "config.wsgi:application", "-w", str(workers), "-b", f"127.0.0.1:{port}",
            "--log-level", "warning", "--max-requests", "0", *tmp, *extra]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not become ready")


@dataclass
class Load:
    """One wrk process: a URL, a Lua script and what the script reads from its environment."""

    url: str
    duration: int
    concurrency: int
    script: str = "report.lua"
    headers: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    threads: int = 2

    def command(self) -> list[str]:
        command = ["wrk", f"-t{self.threads}", f"-c{self.concurrency}", f"-d{self.duration}s", "--timeout", "5s",
                   "-s", str(BENCH / self.script)]  # fmt: skip
        for key, value in self.headers.items():
            command += ["-H", f"{key}: {value}"]
        return [*command, self.url]

    def environment(self) -> dict[str, str]:
        return {**os.environ, "COCITE_BENCH_DIR": str(BENCH), "COCITE_CSRF": CSRF,
                "COCITE_THREADS": str(self.threads), **self.env}  # fmt: skip


def _parse(stdout: str, stderr: str) -> dict[str, Any]:
    line = next((ln for ln in stdout.splitlines() if ln.startswith('{"requests"')), None)
    if line is None:
        raise SystemExit(f"wrk failed: {stdout}\n{stderr}")
    raw = json.loads(line)
    seconds = raw["duration_us"] / 1e6
    result = {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": raw["errors"],
        "errors_by_kind": raw.get("errors_by_kind", {}),
        "requests": raw["requests"],
    }
    if "responses" in raw:
        result["cache_hits"] = raw["hits"]
        result["responses"] = raw["responses"]
        # A redirect to the login page where a page or a write was expected is an error too.
        result["login_redirects"] = raw["login_redirects"]
        result["errors"] += raw["login_redirects"]
    return result


def run_loads(loads: list[Load]) -> list[dict[str, Any]]:
    """Run the wrk processes at the same time; their results, in order."""
    processes = [
        subprocess.Popen(  # noqa: S603
            load.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=load.environment()
        )
        for load in loads
    ]
    results = []
    for load, process in zip(loads, processes, strict=True):
        stdout, stderr = process.communicate(timeout=load.duration + 60)
        results.append(_parse(stdout, stderr))
    return results


def wrk(url: str, *, duration: int, concurrency: int, headers: dict[str, str] | None = None,
        script: str = "report.lua", env: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    load = Load(url, duration, concurrency, script=script, headers=headers or {}, env=env or {})
    return run_loads([load])[0]


def make_sessions(users: list[User]) -> list[str]:
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def make_session_users(keys: list[str]) -> list[int]:
    """The user id behind each session key, in order."""
    return [int(SessionStore(session_key=key)[SESSION_KEY]) for key in keys]


def write_plan(path: Path, requests: list[tuple[str, str, str]]) -> None:
    """A Lua table of (session, path, form body) for post.lua and writes.lua."""
    lines = [f'return {{csrf = "{CSRF}", requests = {{']
    for session, target, body in requests:
        lines.append(f'{{session = "{session}", path = "{target}", body = "{body}"}},')
    lines.append("}}")
    path.write_text("\n".join(lines))


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path
