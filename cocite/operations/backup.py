"""Backups a restore can trust: the database and the uploads, with a manifest of checksums.

`make_backup(directory)` writes `<directory>/cocite-<UTC time>/`:
- `database.dump` — PostgreSQL: `pg_dump --format=custom` (consistent snapshot, no owners);
  or `database.sqlite3` — SQLite: a copy through SQLite's online backup API;
- `media.tar.gz` — MEDIA_ROOT (uploads: contribution images, the logo, open-data files);
- `manifest.json` — each file's size and SHA-256, the database's vendor, the applied
  migrations and the number of rows of every table, written last (a backup without it is
  unfinished).

`restore_backup(path)` checks every checksum first, refuses a database that is not empty,
loads the dump and the files, then `verify_restored()` compares every table's row count with
the manifest, verifies the decision log's hash chain (`manage.py verify_decision_log`) and
recounts every denormalised counter (cocite/core/counters.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cocite.core import counters
from cocite.core.cache import invalidate_pages

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
CHUNK = 1024 * 1024


class BackupError(CommandError):
    """A backup cannot be made or restored; the message (French) says why and what to do."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for pg_dump / pg_restore, from the `default` database's settings."""
    database = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    env["PGDATABASE"] = str(database["NAME"])
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 — PostgreSQL's own tools, arguments we built
        command, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué (code {result.returncode}) : {result.stderr.strip()[-2000:]}")


def table_counts() -> dict[str, int]:
    """Rows of every table the application owns (concrete models), by table name."""
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in counts:
            continue
        counts[meta.db_table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _dump_database(target: Path) -> tuple[str, dict[str, int], list[str]]:
    """The dump, with the row counts and migrations of the very state it holds.

    PostgreSQL: one REPEATABLE READ transaction exports its snapshot; the counts are read in it
    and pg_dump dumps that same snapshot (--snapshot), so writes during the backup change neither.
    SQLite: the online backup API copies a consistent state; the counts are read in the copy.
    """
    if connection.in_atomic_block:
        raise BackupError("Une sauvegarde ne se fait pas au milieu d'une transaction : lancez-la seule.")
    if connection.vendor == "sqlite":
        # A connection of its own, read-only: the committed state, whatever this one is doing
        # (SQLite refuses to copy from a connection inside a write transaction).
        source = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
        copy_path = target / "database.sqlite3"
        with sqlite3.connect(copy_path) as copy:
            source.backup(copy)
            source.close()
            tables = table_counts()  # which tables: the application's models
            counts = {table: copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608 — table names from the models
            migrations = sorted(
                f"{app}.{name}" for app, name in copy.execute("SELECT app, name FROM django_migrations")
            )
        copy.close()
        return "database.sqlite3", counts, migrations
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts, migrations = table_counts(), applied_migrations()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target / 'database.dump'}",
                ]
            )
            return "database.dump", counts, migrations
    raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")


def _archive_media(target: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
        else:  # no upload yet: an empty media/ folder
            info = tarfile.TarInfo("media")
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            archive.addfile(info)


def make_backup(directory: Path) -> Path:
    """Write a complete backup into a new folder of `directory`; returns that folder."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"cocite-{timezone.now():%Y%m%d-%H%M%S}"
    final = directory / name
    if final.exists():
        raise BackupError(f"{final} existe déjà : attendez une seconde et recommencez.")
    partial = directory / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        database_file, counts, migrations = _dump_database(partial)
        _archive_media(partial)
        files = [
            {"name": file, "size": (partial / file).stat().st_size, "sha256": sha256(partial / file)}
            for file in (database_file, MEDIA)
        ]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": database_file,
            "files": files,
            "migrations": migrations,
            "tables": counts,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest, after checking every file it lists against its size and checksum."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} n'est pas une sauvegarde complète : {MANIFEST} est absent.")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    except ValueError as error:
        raise BackupError(f"{MANIFEST} est illisible : {error}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r} (attendu : {FORMAT}).")
    for entry in manifest.get("files", []):
        file = path / entry["name"]
        if not file.is_file():
            raise BackupError(f"Fichier manquant dans la sauvegarde : {entry['name']}.")
        if file.stat().st_size != entry["size"] or sha256(file) != entry["sha256"]:
            raise BackupError(f"Somme de contrôle fausse pour {entry['name']} : la sauvegarde est abîmée.")
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _media_is_empty() -> bool:
    media_root = Path(settings.MEDIA_ROOT)
    return not media_root.exists() or not any(media_root.iterdir())


def restore_backup(path: Path) -> dict[str, Any]:
    """Load a checked backup into the configured, empty database and MEDIA_ROOT; returns the manifest."""
    manifest = read_manifest(path)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['vendor']} : "
            f"elle ne se restaure pas dans {connection.vendor}."
        )
    if not database_is_empty():
        raise BackupError(
            "La base de données n'est pas vide : la restauration se fait dans une base neuve "
            "(createdb, puis DATABASE_URL vers elle), jamais par-dessus des données."
        )
    if not _media_is_empty():
        raise BackupError(
            f"Le dossier des fichiers ({settings.MEDIA_ROOT}) n'est pas vide : videz-le ou changez MEDIA_ROOT."
        )
    dump = path / manifest["database"]
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ]
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / MEDIA, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name == "media" or not member.name.startswith("media/"):
                continue
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    invalidate_pages()
    return manifest


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_restored(manifest: dict[str, Any]) -> Verification:
    """Row counts as in the manifest, the decision log's chain, every counter recounted exactly."""
    result = Verification()
    if applied_migrations() != manifest["migrations"]:
        result.problems.append("les migrations appliquées diffèrent de celles de la sauvegarde")
    counts = table_counts()
    wrong = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if wrong:
        sample = ", ".join(
            f"{table} : {got} au lieu de {expected}" for table, (expected, got) in list(wrong.items())[:5]
        )
        result.problems.append(f"{len(wrong)} table(s) n'ont pas le nombre de lignes sauvegardé ({sample})")
    else:
        result.lines.append(f"{len(counts)} tables, {sum(counts.values())} lignes : comme dans la sauvegarde.")
    log = io.StringIO()
    try:
        call_command("verify_decision_log", stdout=log, stderr=log)
        result.lines.append(log.getvalue().strip())
    except CommandError as error:
        result.problems.append(str(error))
    checked = 0
    for report in counters.verify():
        checked += report.rows
        if report.drift:
            result.problems.append(f"{report.counter.label} : {report.drift} compteur(s) faux sur {report.rows}")
    if not any("compteur" in problem for problem in result.problems):
        result.lines.append(f"Compteurs recomptés : {checked} lignes, tous exacts.")
    return result


def remove(path: Path) -> None:
    """Delete one backup folder (only one that has a manifest: never an unrelated folder)."""
    if (path / MANIFEST).is_file():
        shutil.rmtree(path)
