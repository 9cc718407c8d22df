"""The documented production setup works: static files, deploy checks, gunicorn, a database outage.

Everything here runs `config.settings.prod` in subprocesses (`cocite.core.production_check`,
the module `.ci/run` calls through `scripts/check-production.sh`): a throwaway SECRET_KEY, a
temporary STATIC_ROOT and var/ directory, the server as the README starts it.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings

from cocite.core import production_check
from cocite.core.checks import static_manifest
from cocite.core.production_check import PROXY, Response, Server, gunicorn, manage, production_environment

FRENCH = '<html lang="fr">'
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # config/settings/prod.py


def _deploy_check(env: dict[str, str]) -> tuple[int, str]:
    try:
        return 0, manage(env, "check", "--deploy", "--fail-level", "WARNING")
    except production_check.CheckFailed as failure:
        return 1, str(failure)


def test_deploy_check_fails_without_the_static_manifest_and_passes_after_collectstatic(tmp_path: Path) -> None:
    """Without a manifest every page is a 500 (the manifest storage is strict): `check --deploy` must say so."""
    env = production_environment(tmp_path, ALLOWED_HOSTS="participation.example.fr")
    status, output = _deploy_check(env)
    assert status == 1, output
    assert "core.E001" in output
    assert "collectstatic" in output

    manage(env, "collectstatic", "--noinput")
    manifest = tmp_path / "static" / "staticfiles.json"
    production_storage = {**django_settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STATIC_ROOT=str(tmp_path / "static"), STORAGES=production_storage):
        assert static_manifest() == []

        stale = json.loads(manifest.read_text())
        del stale["paths"]["css/cocite.css"]  # a file added to static/ since the last collectstatic
        manifest.write_text(json.dumps(stale))
        assert [(error.id, "css/cocite.css" in error.msg) for error in static_manifest()] == [("core.E003", True)]

        manifest.write_text("{ not json")
        assert [error.id for error in static_manifest()] == ["core.E002"]


def test_production_setup_serves_pages_through_gunicorn(tmp_path: Path) -> None:
    """collectstatic, check --deploy, migrate, seed_demo, gunicorn, then pages over HTTP."""
    checked: list[str] = []
    production_check.run(tmp_path, say=checked.append)
    assert checked[0].startswith("collectstatic")
    assert any(line.startswith("GET / (X-Forwarded-Proto: https): 200") for line in checked)
    assert any("GET /healthz over plain HTTP: 200" in line for line in checked)
    assert checked[-1] == "gunicorn stopped"


# A database outage, for real: the server's database is a port where nothing listens, or a
# PostgreSQL database whose connections are killed while new ones are refused.


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("static")
    manage(production_environment(workdir), "collectstatic", "--noinput")
    return workdir / "static"


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A port bound but not listening: connections to it are refused, and nobody else can take it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def _assert_outage_page(response: Response, *, language: str = "fr") -> None:
    assert response.status == 503, response.text[:2000]
    assert response.headers.get("Retry-After", "").isdigit()
    assert f'<html lang="{language}">' in response.text
    for landmark in ("<header", "<main", "<footer"):
        assert landmark in response.text
    assert 'href="/"' in response.text
    assert "Server Error" not in response.text
    assert "no-store" in response.headers.get("Cache-Control", "")


def _assert_outage_json(response: Response) -> None:
    assert response.status == 503, response.text[:2000]
    assert response.headers.get_content_type() == "application/json"
    assert response.headers.get("Retry-After", "").isdigit()
    body = json.loads(response.body)
    assert body["code"] == "database_unavailable"
    assert body["message"]


def _assert_no_redirect_for_health(server: Server) -> Response:
    health = server.get("/healthz")  # plain HTTP, as a load balancer asks
    assert health.status != 301, "healthz must answer over plain HTTP"
    return health


def test_database_refusing_connections_gives_a_french_503(
    tmp_path: Path, collected_static: Path, dead_port: int
) -> None:
    env = production_environment(
        tmp_path,
        STATIC_ROOT=str(collected_static),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{dead_port}/cocite",
    )
    with gunicorn(env, tmp_path) as server:
        _assert_outage_page(server.get("/", PROXY))
        # A signed-in visitor's session is read from the database before the view runs.
        session = {**PROXY, "Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
        _assert_outage_page(server.get("/demarches/", session))
        page = server.get("/resultats/", {**PROXY, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
        _assert_outage_page(page)
        assert "indisponible" in page.text
        _assert_outage_page(server.get("/decisions/", {**PROXY, "Accept-Language": "en"}), language="en")
        _assert_outage_json(server.get("/decisions/", {**PROXY, "Accept": "application/json"}))
        health = _assert_no_redirect_for_health(server)
        assert health.status == 503
        assert json.loads(health.body)["database"] == "unreachable"
        assert "Traceback" in server.output()  # logged for the operator, not shown to people


def _maintenance_connection() -> psycopg.Connection[Any]:
    """A connection to the server's `postgres` database (a database cannot refuse its own sessions)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params["dbname"] = "postgres"
    return psycopg.connect(**params, autocommit=True)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_killed_connections_and_a_refusing_database_give_503_then_the_site_recovers(
    tmp_path: Path, collected_static: Path
) -> None:
    """The server's kept connection is terminated and new ones are refused, as during a restart."""
    settings = connection.settings_dict
    name = settings["NAME"]
    credentials = f"{settings['USER']}:{settings['PASSWORD'] or ''}"
    url = f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    env = production_environment(tmp_path, STATIC_ROOT=str(collected_static), DATABASE_URL=url, CONN_MAX_AGE="60")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]  # this test's session: kept, it restores the database after
    quoted = connection.ops.quote_name(name)
    with gunicorn(env, tmp_path) as server, _maintenance_connection() as admin:
        warm = server.get("/demarches/", PROXY)
        assert warm.status == 200, warm.text[:2000]
        admin.execute(f"ALTER DATABASE {quoted} ALLOW_CONNECTIONS false")
        try:
            killed = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, own_pid],
            ).fetchone()
            assert killed is not None
            assert killed[0] >= 1  # the server's kept connection
            _assert_outage_page(server.get("/resultats/", PROXY))
            _assert_outage_page(server.get("/decisions/", PROXY))
            _assert_outage_json(server.get("/engagements/", {**PROXY, "Accept": "application/json"}))
            assert _assert_no_redirect_for_health(server).status == 503
        finally:
            admin.execute(f"ALTER DATABASE {quoted} ALLOW_CONNECTIONS true")
        recovered = server.get("/resultats/", PROXY)
        assert recovered.status == 200, recovered.text[:2000]
        assert FRENCH in recovered.text
        health = server.get("/healthz")
        assert health.status == 200, health.text
        assert re.search(r"terminating connection|not currently accepting connections", server.output())
