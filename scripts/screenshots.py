#!/usr/bin/env python
"""Screenshots of Cocité's main pages, desktop (1280×900) and mobile (375×812), into docs/screenshots/.

Runs against a throw-away copy of the demo territory: a temporary SQLite database and
var/ directory, `migrate` + `seed_demo`, then `runserver` on a free port. The pages are
the routes of the registry (cocite/<app>/tests/route_samples.py) listed in MAIN_ROUTES, and
« Mon espace » for each demo login (spaces-mine-<login>); those that need a logged-in user are
visited after logging in through the login form.

Needs the system Chromium (`apt-get install chromium`).  Usage: `make screenshots`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = Path(os.environ.get("COCITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
SIZES = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}


def free_port(preferred: int = 8077) -> int:
    """The preferred port when free (the address shows on some pages: stable screenshots), else any."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise SystemExit("no free port")


def shrink(png: Path) -> None:
    """A 256-colour palette is plenty for an interface: about half the size, no visible loss."""
    from PIL import Image

    with Image.open(png) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(png, optimize=True)


def wait_for(url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the development server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local http URL)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def pages_to_shoot() -> list[tuple[str, str, str | None]]:
    """(file stem, path, email to log in as) for each main route, computed from the demo data."""
    import django

    django.setup()
    from cocite.core.tests.route_samples import load_registry

    registry = load_registry()
    missing = registry.main_routes - set(registry.samples)
    if missing:
        raise SystemExit(f"MAIN_ROUTES without a sample: {sorted(missing)}")
    from django.urls import reverse

    from cocite.accounts.demo import DEMO_DOMAIN, load_content

    shots = [
        (name.replace(":", "-").replace("_", "-"), registry.samples[name](), registry.login_as.get(name))
        for name in sorted(registry.main_routes)
    ]
    # « Mon espace » as each demo login sees it: a resident, an agent, the elected official,
    # the moderator and the administrator each start their day there.
    for login in load_content()["logins"]:
        stem = "spaces-mine-" + re.sub(r"[^a-z0-9]+", "-", login["email"].lower()).strip("-")
        shots.append((stem, reverse("spaces:mine"), f"{login['email']}@{DEMO_DOMAIN}"))
    return shots


def log_in(page: Any, base: str, email: str) -> None:
    """Through the real login form, as a person would."""
    from cocite.accounts.demo import DEMO_PASSWORD

    page.goto(f"{base}/comptes/login/")
    page.get_by_label(re.compile(r"^Courriel\W*$")).fill(email)
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Connexion").click()
    # Signed in when the login page sends the person on (the logout button may sit in a folded menu).
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    # Administrators and moderators then type their authenticator's code (the demo's published
    # secret); allauth accepts each code once, so a second sign-in within the window types the next.
    from cocite.accounts import totp
    from cocite.accounts.demo import DEMO_TOTP_SECRET

    for code in totp.codes_now(DEMO_TOTP_SECRET):
        if "/comptes/2fa/authenticate/" not in page.url:
            break
        page.get_by_label(re.compile(r"^\s*Code\W*$")).fill(code)
        page.get_by_role("main").get_by_role("button", name="Connexion").click()
        page.wait_for_load_state()


def shoot(base: str, pages: list[tuple[str, str, str | None]]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for size_name, viewport in SIZES.items():
            for stem, path, email in pages:
                context = browser.new_context(locale="fr-FR", viewport=viewport, reduced_motion="reduce")
                page = context.new_page()
                if email:
                    log_in(page, base, email)
                page.goto(base + path)
                target = OUTPUT / f"{stem}-{size_name}.png"
                page.screenshot(path=str(target))
                shrink(target)
                written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Chromium with `apt-get install chromium`.")
    workdir = Path(tempfile.mkdtemp(prefix="cocite-screenshots-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "COCITE_VAR_DIR": str(workdir),
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        # Offline and reproducible: no basemap tiles, no geocoder (the quartier outlines are labelled).
        "COCITE_MAP_TILES_URL": os.environ.get("COCITE_MAP_TILES_URL", ""),
        "COCITE_GEOCODER_URL": os.environ.get("COCITE_GEOCODER_URL", ""),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    try:
        print(f"demo database in {workdir}")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", server)
        for target in shoot(base, pages_to_shoot()):
            print(f"  {target.relative_to(ROOT)}  ({target.stat().st_size // 1024} kB)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
