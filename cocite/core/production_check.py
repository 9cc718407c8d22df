"""The documented production setup, run for real (`scripts/check-production.sh`, `.ci/run`, the tests).

With `config.settings.prod`, a throwaway SECRET_KEY and a temporary directory holding the
static files, the SQLite database and the uploads, it does what the README tells a deployer
to do — `collectstatic`, `check --deploy`, `migrate`, then `gunicorn config.wsgi
--worker-tmp-dir /dev/shm` — loads the demo, and requests pages over HTTP as the TLS proxy
and a load balancer would. Any failure raises `CheckFailed`; `main()` exits 1 on it.

Nothing here runs in the web process: it is a driver of subprocesses, imported by
`core/tests/test_production.py` too (which also serves pages with the database down).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS = "config.settings.prod"
# What the subprocesses inherit from the caller; every Cocité setting is set explicitly
# below, so a developer's DEBUG=1 or DATABASE_URL cannot leak into the check.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "SYSTEMROOT")
HASHED_CSS = re.compile(r'href="(/static/css/cocite\.[0-9a-f]{12}\.css)"')
ONE_YEAR = 365 * 24 * 3600
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
PROXY = {"X-Forwarded-Proto": "https"}  # what the documented TLS reverse proxy adds


class CheckFailed(Exception):
    """One step of the production setup failed; the message says which and shows its output."""


def production_environment(workdir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production process whose files all live under `workdir`."""
    var = workdir / "var"
    var.mkdir(parents=True, exist_ok=True)
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(workdir / "static"),
        COCITE_VAR_DIR=str(var),
        MEDIA_ROOT=str(var / "media"),
        DATABASE_URL=f"sqlite:///{var / 'cocite.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def manage(env: Mapping[str, str], *args: str, timeout: float = 600) -> str:
    """Run `manage.py <args>` in a subprocess; its output, or CheckFailed with the output's end."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(  # noqa: S603 — our own interpreter and arguments
        command, cwd=BASE_DIR, env=dict(env), capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise CheckFailed(f"manage.py {' '.join(args)} exited {result.returncode}:\n{output[-4000:]}")
    return output


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Server:
    """A running gunicorn, started as the README documents, on a port the system chose."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> Response:
        """One GET over plain HTTP on 127.0.0.1 (redirects are not followed)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=dict(headers or {}))
            answer = connection.getresponse()
            return Response(answer.status, answer.msg, answer.read())
        finally:
            connection.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def gunicorn(env: Mapping[str, str], workdir: Path, *extra: str) -> Iterator[Server]:
    """`gunicorn config.wsgi --worker-tmp-dir /dev/shm` on 127.0.0.1, port 0 (a free one), then stopped.

    `--no-control-socket`: gunicorn's control socket defaults to one path per user
    (~/.gunicorn/gunicorn.ctl), which servers running side by side would fight over.
    """
    log = workdir / f"gunicorn-{secrets.token_hex(4)}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--worker-tmp-dir",
        "/dev/shm",  # noqa: S108 — the README's documented setting (heartbeat files in RAM)
        "--bind",
        "127.0.0.1:0",
        "--no-control-socket",
        *extra,
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
            command, cwd=BASE_DIR, env=dict(env), stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        port = _wait_until_listening(process, log)
        yield Server(process, port, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        match = LISTENING.search(text)
        if match and "Booting worker" in text:
            return int(match.group(1))
        if process.poll() is not None:
            raise CheckFailed(f"gunicorn exited {process.returncode} before listening:\n{text[-4000:]}")
        time.sleep(0.1)
    raise CheckFailed(f"gunicorn did not listen within {timeout:.0f} s:\n{log.read_text(errors='replace')[-4000:]}")


def expect(condition: bool, what: str, response: Response | None = None) -> None:
    if not condition:
        detail = ""
        if response is not None:
            detail = f"\n  status {response.status}, headers {dict(response.headers)}\n  {response.text[:1500]}"
        raise CheckFailed(what + detail)


def _json(response: Response) -> dict[str, Any]:
    try:
        value = json.loads(response.body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def max_age(response: Response) -> int:
    match = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
    return int(match.group(1)) if match else 0


def prepare(env: Mapping[str, str], say: Callable[[str], None]) -> None:
    """What a deployer runs before starting the server, with the demo as the site's content."""
    manage(env, "collectstatic", "--noinput")
    expect((Path(env["STATIC_ROOT"]) / "staticfiles.json").is_file(), "collectstatic wrote no staticfiles.json")
    say("collectstatic --noinput: manifest written")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    say("check --deploy --fail-level WARNING: no issue")
    manage(env, "migrate", "--noinput")
    say("migrate: throwaway SQLite database")
    manage(env, "seed_demo")
    say("seed_demo: demo territory loaded")


def check_site(server: Server, say: Callable[[str], None]) -> None:
    """The requests a visitor (through the TLS proxy) and a load balancer (plain HTTP) make."""
    home = server.get("/", PROXY)
    expect(home.status == 200, "home page through the proxy: expected 200", home)
    expect('<html lang="fr">' in home.text, 'home page: expected <html lang="fr">', home)
    css = HASHED_CSS.search(home.text)
    expect(css is not None, "home page: expected a hashed static URL (/static/css/cocite.<hash>.css)", home)
    expect("Strict-Transport-Security" in home.headers, "home page through the proxy: expected HSTS", home)
    say("GET / (X-Forwarded-Proto: https): 200, French, hashed static URLs, HSTS")

    assert css is not None
    static = server.get(css.group(1), PROXY)
    expect(static.status == 200, f"{css.group(1)}: expected 200", static)
    expect(max_age(static) >= ONE_YEAR, f"{css.group(1)}: expected far-future caching", static)
    say(f"GET {css.group(1)}: 200, Cache-Control {static.headers.get('Cache-Control')}")

    contribution = _first_contribution(server, home.text)
    page = server.get(contribution, PROXY)
    expect(page.status == 200 and '<html lang="fr">' in page.text, f"{contribution}: expected 200 in French", page)
    say(f"GET {contribution} (a contribution): 200")

    missing = server.get("/cette-page-n-existe-pas/", PROXY)
    expect(missing.status == 404 and '<html lang="fr">' in missing.text, "unknown page: expected a French 404", missing)
    say("GET /cette-page-n-existe-pas/: 404, French page")

    plain = server.get("/")
    expect(plain.status == 301, "home page over plain HTTP: expected a 301 to HTTPS", plain)
    redirected = plain.headers.get("Location", "").startswith("https://")
    expect(redirected, "plain HTTP: expected a redirect to https://", plain)
    health = server.get("/healthz")
    expect(health.status == 200, "/healthz over plain HTTP (a load balancer): expected 200", health)
    expect(_json(health).get("status") == "ok", "/healthz: expected status ok", health)
    say("GET / over plain HTTP: 301 to https://; GET /healthz over plain HTTP: 200")

    log = server.output()
    expect("Traceback" not in log, f"the server logged a traceback:\n{log[-4000:]}")


def _first_contribution(server: Server, home: str) -> str:
    """A contribution page a visitor reaches from the home page (démarche → its contributions)."""
    for demarche in dict.fromkeys(re.findall(r'href="(/demarches/[\w-]+/)"', home)):
        listing = server.get(f"{demarche}contributions/", PROXY)
        found = re.search(r'href="(/contributions/\d+/)"', listing.text)
        if listing.status == 200 and found:
            return found.group(1)
    raise CheckFailed("no contribution reachable from the home page")


def run(workdir: Path, say: Callable[[str], None] = print) -> None:
    """The whole check in `workdir` (left in place: the caller owns it)."""
    env = production_environment(workdir)
    prepare(env, say)
    with gunicorn(env, workdir) as server:
        say(f"gunicorn config.wsgi --worker-tmp-dir /dev/shm: listening on 127.0.0.1:{server.port}")
        check_site(server, say)
    say("gunicorn stopped")


def main() -> int:
    started = last = time.monotonic()

    def say(line: str) -> None:
        nonlocal last
        now = time.monotonic()
        print(f"  ok  {line} ({now - last:.1f} s)", flush=True)
        last = now

    with tempfile.TemporaryDirectory(prefix="cocite-production-") as workdir:
        try:
            run(Path(workdir), say=say)
        except CheckFailed as failure:
            print(f"  FAILED  {failure}", file=sys.stderr, flush=True)
            return 1
    print(f"production check passed in {time.monotonic() - started:.0f} s ({SETTINGS})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
