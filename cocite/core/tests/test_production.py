"""The documented production setup works: static files, deploy checks, gunicorn, a database outage.

Everything here runs `config.settings.prod` in subprocesses (`cocite.core.production_check`,
the module `.ci/run` calls through `scripts/check-production.sh`): a throwaway SECRET_KEY, a
temporary STATIC_ROOT and var/ directory, the server as the README starts it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings as django_settings
from django.test import override_settings

from cocite.core import production_check
from cocite.core.checks import static_manifest
from cocite.core.production_check import manage, production_environment

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
    assert checked[-1] == "gunicorn stopped"
