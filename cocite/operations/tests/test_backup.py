"""Backup → restore into an empty database (a new process, as an administrator runs it) → verification.

On the database the suite runs on: PostgreSQL (pg_dump/pg_restore) in CI's PostgreSQL pass, SQLite
(its online backup API) otherwise. The restore checks the checksums, loads the dump into an empty
database, then compares every table's row count, verifies the decision log's hash chain and
recounts every counter: the test asserts each of those lines, and that the files came back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cocite.decisions.models import LogEntry
from cocite.operations import backup

BASE_DIR = Path(django_settings.BASE_DIR)


@pytest.fixture
def restore_database(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of the same kind as the tests' one (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    yield f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — our interpreter, our arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_and_verifies(
    tmp_path: Path, settings: Any, restore_database: str
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = settings.MEDIA_ROOT / "contributions" / "2026" / "12" / "photo.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"\x89PNG fake image bytes")
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 — discarded output
    entries = LogEntry.objects.count()
    assert entries > 0

    call_command("backup", output=str(tmp_path / "backups"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    (made,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert {entry["name"] for entry in manifest["files"]} == {manifest["database"], "media.tar.gz"}
    assert all(len(entry["sha256"]) == 64 and entry["size"] > 0 for entry in manifest["files"])
    assert manifest["tables"]["decisions_logentry"] == entries

    result = manage(
        "restore",
        str(made),
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",  # the same apps as the backed-up database
            "DATABASE_URL": restore_database,
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
            "COCITE_VAR_DIR": str(tmp_path / "var"),
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"{len(manifest['tables'])} tables" in output
    assert "comme dans la sauvegarde" in output
    assert f"Journal vérifié (la base de données) : {entries} entrées, {entries} recalculées" in output
    assert "tous exacts" in output
    assert "Restauration vérifiée." in output
    restored = tmp_path / "restored-media" / "contributions" / "2026" / "12" / "photo.png"
    assert restored.read_bytes() == picture.read_bytes()

    # A second restore into the same (now full) database is refused, in French, before anything.
    again = manage(
        "restore",
        str(made),
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",  # the same apps as the backed-up database
            "DATABASE_URL": restore_database,
            "MEDIA_ROOT": str(tmp_path / "other-media"),
            "COCITE_VAR_DIR": str(tmp_path / "var"),
        },
    )
    assert again.returncode != 0
    assert "La base de données n'est pas vide" in again.stderr


@pytest.mark.django_db(transaction=True)  # a backup is taken outside any transaction
def test_a_damaged_backup_is_refused_before_anything(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    made = backup.make_backup(tmp_path / "backups")
    with (made / "media.tar.gz").open("ab") as archive:
        archive.write(b"!")
    with pytest.raises(CommandError, match=r"Somme de contrôle fausse pour media\.tar\.gz"):
        call_command("restore", str(made))
    (made / "manifest.json").unlink()
    with pytest.raises(CommandError, match=r"manifest\.json est absent"):
        call_command("restore", str(made))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    made = backup.make_backup(tmp_path / "backups")
    with pytest.raises(CommandError, match="La base de données n'est pas vide"):
        call_command("restore", str(made))


def test_backup_needs_a_destination(settings: Any) -> None:
    settings.BACKUP_DIR = ""
    with pytest.raises(CommandError, match="--output"):
        call_command("backup")


@pytest.mark.django_db
def test_a_backup_is_not_taken_inside_a_transaction(tmp_path: Path) -> None:
    """The dump must hold what the manifest counts: never half of an open transaction."""
    with pytest.raises(CommandError, match="au milieu d'une transaction"):
        backup.make_backup(tmp_path / "backups")
