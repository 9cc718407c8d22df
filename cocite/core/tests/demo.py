"""The demo territory for the tests that read it: seeded once per test process, reloaded after.

`seed_demo` takes 25–45 s (the démarches' components answer surveys, vote and comment through
their actions, ~8,000 rows in 120 tables); a dozen modules and tests read the demo, so a pass of
the suite spent ~300 s of test time seeding it again and again. `load_demo()` seeds it the first
time in a process, notes the rows the seed added (and the few it changed or removed: the decision
log's head) and the files it stored, then gives every later caller the same rows with one INSERT
per table (~0.2 s).

A reload is only taken when the database is exactly as it was before the first seed (every row of
every table compared), within the hour and on the same day (the demo's dates are relative to now):
otherwise it seeds for real and keeps that seed instead. Tests of the seed itself (its output, its
idempotence) call `seed_demo`; `test_the_reloaded_demo_is_the_seeded_demo` checks that a reload
gives, row for row, what a seed gives.

Public interfaces only: the database's own catalogue (`PRAGMA table_list`, `information_schema`
through Django's introspection), `COPY` on PostgreSQL (psycopg), `sequence_reset_sql` as
`loaddata` uses it, and the storage API for the files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone

from cocite.decisions import ledger
from cocite.decisions.models import GENESIS_HASH, LogEntry, LogHead

Row = tuple[Any, ...]
# Tables whose rows never come from the seed: SQLite's own bookkeeping (sqlite_sequence follows
# the inserted ids by itself).
SKIPPED_PREFIXES = ("sqlite_",)
# How old a snapshot may be: the demo's dates are relative to the moment it was seeded.
MAX_AGE = dt.timedelta(hours=1)


@dataclass
class Table:
    name: str
    columns: list[str]  # SQLite's rowid first for a table without a declared key (FTS5's)


@dataclass
class Snapshot:
    taken_at: dt.datetime
    vendor: str
    before: dict[str, Counter[Row]]
    added: dict[str, list[Row]]
    files: dict[str, bytes] = field(default_factory=dict)


_snapshots: dict[tuple[str, bool], Snapshot] = {}


def load_demo(*, run_on_commit: bool = False) -> str:
    """The demo territory in the current transaction: reloaded if this process seeded it already.

    `run_on_commit`: the seed's on-commit callbacks (search indexing, notifications) ran, as with
    `captureOnCommitCallbacks(execute=True)` around `seed_demo`; otherwise they are left pending,
    as a plain `seed_demo` inside a test's transaction leaves them (a reload registers none).
    Returns "reloaded" or "seeded".
    """
    key = (connection.alias, run_on_commit)
    tables = _tables()
    before = _read(tables)
    snapshot = _snapshots.get(key)
    if snapshot is not None and _usable(snapshot, before):
        _apply(snapshot, tables)
        return "reloaded"
    files_before = set(_files())
    if run_on_commit:
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=StringIO())
    else:
        call_command("seed_demo", stdout=StringIO())
    after = _read(tables)
    added: dict[str, list[Row]] = {}
    for table in tables:
        old, new = before[table.name], after[table.name]
        if old - new:
            # The seed changed a row that was there before it: a reload could not write that change the
            # way the models (and the ledger's triggers) allow, so this process keeps seeding.
            return "seeded"
        # In the order the database gave them (its keys' order): ids are inserted as the seed made them.
        if rows := list((new - old).elements()):
            added[table.name] = rows
    files = {name: _read_file(name) for name in sorted(set(_files()) - files_before)}
    _snapshots[key] = Snapshot(
        taken_at=timezone.now(),
        vendor=connection.vendor,
        before=before,
        added=added,
        files=files,
    )
    return "seeded"


def _usable(snapshot: Snapshot, before: dict[str, Counter[Row]]) -> bool:
    now = timezone.now()
    return (
        snapshot.vendor == connection.vendor
        and abs(now - snapshot.taken_at) < MAX_AGE
        and timezone.localdate(now) == timezone.localdate(snapshot.taken_at)
        and snapshot.before == before
    )


# Reading and writing every table, per database


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[Table]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Shadow tables belong to a virtual table (FTS5): its rows go through the virtual table.
            cursor.execute("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')")
            names = sorted(name for (name,) in cursor.fetchall() if not name.startswith(SKIPPED_PREFIXES))
        else:
            names = sorted(info.name for info in connection.introspection.get_table_list(cursor) if info.type == "t")
        tables = []
        for name in names:
            cursor.execute(f"SELECT * FROM {_quote(name)} WHERE 1 = 0")  # noqa: S608 — a table name from the catalogue
            columns = [column[0] for column in cursor.description]
            if connection.vendor == "sqlite" and connection.introspection.get_primary_key_column(cursor, name) is None:
                # A virtual table (the search's FTS5): its rowid is what a document's row is known by.
                columns = ["rowid", *columns]
            tables.append(Table(name=name, columns=columns))
    return tables


def _read(tables: list[Table]) -> dict[str, Counter[Row]]:
    """Every row of every table, as the database stores it (no conversion either way)."""
    found: dict[str, Counter[Row]] = {}
    if connection.vendor == "postgresql":
        raw = connection.connection.cursor()  # psycopg's own cursor, for COPY
        for table in tables:
            with raw.copy(f"COPY {_quote(table.name)} TO STDOUT") as copy:
                data = b"".join(bytes(block) for block in copy)
            found[table.name] = Counter((line,) for line in data.splitlines(keepends=True))
        return found
    with connection.cursor() as cursor:
        for table in tables:
            # `+column`: the stored value itself, not what Django's converters make of its declared type.
            selected = ", ".join(f"+{_quote(column)}" if column != "rowid" else "rowid" for column in table.columns)
            cursor.execute(f"SELECT {selected} FROM {_quote(table.name)}")  # noqa: S608 — catalogue names
            found[table.name] = Counter(tuple(row) for row in cursor.fetchall())
    return found


def _apply(snapshot: Snapshot, tables: list[Table]) -> None:
    by_name = {table.name: table for table in tables}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _apply_postgresql(snapshot)
        else:
            _apply_sqlite(snapshot, by_name)
        _move_ledger_head(snapshot)
    for name, content in snapshot.files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
    # The seed's writes went through the models (signals bumped the caches' versions); these rows did
    # not: nothing cached before them may be served after them.
    for cache in caches.all(initialized_only=True):
        cache.clear()
    ContentType.objects.clear_cache()


def _rows_to_insert(snapshot: Snapshot) -> list[tuple[str, list[Row]]]:
    return [(name, rows) for name, rows in snapshot.added.items() if name != ledger.HEAD_TABLE]


def _move_ledger_head(snapshot: Snapshot) -> None:
    """The decision log's head, moved from the genesis one entry at a time as `ledger.append` does.

    The database refuses a head that starts anywhere but the genesis or jumps over an entry
    (decisions/ledger.py's triggers), so it cannot be inserted as the seed left it.
    """
    if ledger.HEAD_TABLE not in snapshot.added:
        return
    head = LogHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    for seq, digest in LogEntry.objects.order_by("seq").values_list("seq", "hash"):
        LogHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)


def _apply_sqlite(snapshot: Snapshot, tables: dict[str, Table]) -> None:
    with connection.cursor() as cursor:
        # Rows refer to rows of tables inserted later: the keys are checked at the commit.
        cursor.execute("PRAGMA defer_foreign_keys = ON")
        for name, rows in _rows_to_insert(snapshot):
            table = tables[name]
            columns = ", ".join(column if column == "rowid" else _quote(column) for column in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {_quote(name)} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _apply_postgresql(snapshot: Snapshot) -> None:
    with connection.cursor() as cursor:
        # Django declares PostgreSQL's foreign keys DEFERRABLE INITIALLY DEFERRED: checked at the commit.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    raw = connection.connection.cursor()
    for name, rows in _rows_to_insert(snapshot):
        with raw.copy(f"COPY {_quote(name)} FROM STDIN") as copy:
            copy.write(b"".join(row[0] for row in rows))
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# The files the seed stores (images of contributions and reports, documents)


def _files(folder: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return []
    found = [f"{folder}{name}" for name in files]
    for sub in folders:
        found += _files(f"{folder}{sub}/")
    return found


def _read_file(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        content: bytes = handle.read()
    return content
