"""The public, tamper-evident decision log: canonical JSON, SHA-256 hash chain, export, verification.

Format of the export (`/decisions/journal.jsonl`), one entry per line, each line ending with "\\n"::

    {"hash":"…","payload":{…},"prev_hash":"…","seq":1,"timestamp":"2026-11-28T14:31:00.123456Z","type":"decision"}

- *Canonical JSON* is ``json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``
  encoded in UTF-8: keys sorted by code point, no whitespace, non-ASCII characters written as
  themselves (not ``\\u`` escapes). Values are strings, integers, booleans, null, lists and
  objects only — never floating-point numbers (amounts are decimal strings).
- Each line is exactly the canonical JSON of its entry.
- ``seq`` starts at 1 and grows by exactly 1 (no gaps); ``prev_hash`` of entry 1 is 64 zeros,
  and of every other entry the ``hash`` of the entry before it.
- ``hash`` is the lowercase hex SHA-256 of the bytes ``UTF-8(prev_hash) ‖ UTF-8(canonical JSON of
  the entry without its "hash" member)``, i.e. of the 64 ASCII hex characters of ``prev_hash``
  immediately followed by ``{"payload":…,"prev_hash":…,"seq":…,"timestamp":…,"type":…}``.
  Every byte of a line except the hash itself is covered (seq, timestamp, type, payload, prev_hash).

Appending takes a row lock on the single `LogHead` row (``SELECT … FOR UPDATE``), so sequence
numbers are gapless under concurrency on PostgreSQL; SQLite serialises writers anyway (IMMEDIATE
transactions). Entries are appended inside the caller's transaction: a decision and its log
entries commit or roll back together.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import GENESIS_HASH, LogEntry, LogHead

ENTRY_FIELDS = frozenset({"hash", "payload", "prev_hash", "seq", "timestamp", "type"})

# Tables the database itself keeps append-only (triggers below).
PROTECTED_TABLES = (
    "decisions_logentry",
    "decisions_decision",
    "decisions_decisioncontribution",
    "decisions_decisionopinion",
)


# ---------------------------------------------------------------------------
# Canonical form and hashes
# ---------------------------------------------------------------------------


def _check_no_float(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise TypeError(f"floating-point number at {path}: use a decimal string")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"non-string key at {path}")
            _check_no_float(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_no_float(item, f"{path}[{index}]")
    elif value is not None and not isinstance(value, str | int | bool):
        raise TypeError(f"{type(value).__name__} at {path} is not JSON")


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a value (see the module docstring)."""
    _check_no_float(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def format_timestamp(moment: datetime.datetime) -> str:
    """UTC, microseconds, "Z": 2026-11-28T14:31:00.123456Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, unhashed_entry: dict[str, Any]) -> str:
    """SHA-256 hex of UTF-8(prev_hash) followed by UTF-8(canonical JSON of the entry without "hash")."""
    return hashlib.sha256((prev_hash + canonical_json(unhashed_entry)).encode("utf-8")).hexdigest()


def _unhashed(entry: LogEntry) -> dict[str, Any]:
    return {
        "payload": json.loads(entry.payload),
        "prev_hash": entry.prev_hash,
        "seq": entry.seq,
        "timestamp": format_timestamp(entry.timestamp),
        "type": entry.kind,
    }


def export_line(entry: LogEntry) -> str:
    """The entry's line in the export, without the trailing newline."""
    return canonical_json({**_unhashed(entry), "hash": entry.hash})


def export_lines(chunk_size: int = 1000) -> Iterator[str]:
    """The whole log, oldest first, one line (with "\\n") per entry, streamed from the database."""
    for entry in LogEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        yield export_line(entry) + "\n"


# ---------------------------------------------------------------------------
# Appending
# ---------------------------------------------------------------------------


def _locked_head() -> LogHead:
    head = LogHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            LogHead.objects.create(pk=1)
    except IntegrityError:
        pass  # created concurrently
    return LogHead.objects.select_for_update().get(pk=1)


def append(*, kind: str, subject_key: str, payload: dict[str, Any]) -> LogEntry:
    """Append one entry (idempotent per subject_key) inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log entries are appended inside the transaction of what they record")
    body = canonical_json(payload)
    head = _locked_head()
    existing = LogEntry.objects.filter(subject_key=subject_key).first()
    if existing is not None:
        return existing
    seq = head.seq + 1
    # Microseconds survive the round trip through both databases, so the hash can be recomputed.
    timestamp = timezone.now().astimezone(datetime.UTC)
    unhashed = {
        "payload": payload,
        "prev_hash": head.hash,
        "seq": seq,
        "timestamp": format_timestamp(timestamp),
        "type": kind,
    }
    digest = entry_hash(head.hash, unhashed)
    entry = LogEntry.objects.create(
        seq=seq, kind=kind, subject_key=subject_key, timestamp=timestamp, payload=body, prev_hash=head.hash, hash=digest
    )
    LogHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)
    return entry


def latest() -> LogHead:
    head = LogHead.objects.filter(pk=1).first()
    return head or LogHead(seq=0, hash=GENESIS_HASH)


def entry_for(subject_key: str) -> LogEntry | None:
    return LogEntry.objects.filter(subject_key=subject_key).first()


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


@dataclass
class Verification:
    ok: bool
    count: int
    last_hash: str
    broken_seq: int | None = None
    reason: str = ""


def verify_lines(lines: Iterable[bytes]) -> Verification:
    """Verify an export, line by line; stop at the first broken entry (its position = its expected seq)."""
    previous = GENESIS_HASH
    count = 0
    for position, raw in enumerate(lines, start=1):

        def broken(reason: str, position: int = position, previous: str = previous) -> Verification:
            return Verification(False, position - 1, previous, position, reason)

        # Only the newline ends a line: any other byte (even whitespace) is part of the entry.
        content = raw[:-1] if raw.endswith(b"\n") else raw
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return broken("the line is not valid UTF-8")
        try:
            entry = json.loads(text)
        except ValueError:
            return broken("the line is not valid JSON")
        if not isinstance(entry, dict) or set(entry) != ENTRY_FIELDS:
            return broken(f"an entry has exactly the members {', '.join(sorted(ENTRY_FIELDS))}")
        try:
            canonical = canonical_json(entry)
        except TypeError as error:
            return broken(f"not canonical JSON ({error})")
        if canonical != text:
            return broken("the line is not in canonical JSON form")
        if isinstance(entry["seq"], bool) or entry["seq"] != position:
            return broken(f"sequence number {entry['seq']!r} where {position} was expected (line missing or moved)")
        if entry["prev_hash"] != previous:
            return broken("prev_hash is not the hash of the previous entry")
        claimed = entry.pop("hash")
        if entry_hash(previous, entry) != claimed:
            return broken("the hash does not match the entry's content")
        previous, count = claimed, position
    return Verification(True, count, previous)


def verify_database() -> Verification:
    """Recompute the chain from the stored rows (detects changes made by bypassing the triggers)."""
    previous = GENESIS_HASH
    count = 0
    for position, entry in enumerate(LogEntry.objects.order_by("seq").iterator(chunk_size=1000), start=1):
        if entry.seq != position:
            return Verification(
                False, count, previous, position, f"sequence number {entry.seq} where {position} was expected"
            )
        if entry.prev_hash != previous:
            return Verification(False, count, previous, position, "prev_hash is not the hash of the previous entry")
        if entry_hash(previous, _unhashed(entry)) != entry.hash:
            return Verification(False, count, previous, position, "the hash does not match the entry's content")
        previous, count = entry.hash, position
    head = latest()
    if (head.seq, head.hash) != (count, previous):
        return Verification(False, count, previous, count + 1, "the log head does not match the last entry")
    return Verification(True, count, previous)


# ---------------------------------------------------------------------------
# Database-level protection
# ---------------------------------------------------------------------------

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$
"""


def pg_trigger_statements() -> list[str]:
    return [PG_FUNCTION] + [
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION decisions_append_only()"
        for table in PROTECTED_TABLES
    ]


def pg_drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in PROTECTED_TABLES] + [
        "DROP FUNCTION IF EXISTS decisions_append_only()"
    ]


def sqlite_trigger_statements() -> list[str]:
    statements = []
    for table in PROTECTED_TABLES:
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
            )
    return statements


def sqlite_drop_statements() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{operation} "
        for table in PROTECTED_TABLES
        for operation in ("update", "delete")
    ]


def trigger_statements(vendor: str) -> list[str]:
    return {"postgresql": pg_trigger_statements, "sqlite": sqlite_trigger_statements}.get(vendor, list)()


def drop_statements(vendor: str) -> list[str]:
    return {"postgresql": pg_drop_statements, "sqlite": sqlite_drop_statements}.get(vendor, list)()


def ensure_triggers(using: Any = None) -> None:
    """(Re)create the triggers; idempotent. Run after every migrate, because SQLite drops a
    table's triggers when a migration rebuilds the table."""
    conn = using or connection
    tables = set(conn.introspection.table_names())
    if not set(PROTECTED_TABLES) <= tables:
        return
    with conn.cursor() as cursor:
        for statement in trigger_statements(conn.vendor):
            cursor.execute(statement)


def installed_triggers() -> set[str]:
    """Names of the append-only triggers present in the database (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'decisions_%'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'decisions_%'")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def purge_for_tests() -> None:
    """Empty the decisions and results tables so a transactional test's flush can run.

    On SQLite the flush is ``DELETE FROM`` every table, which the triggers refuse: drop them,
    delete the rows, recreate them, in one transaction (foreign keys off meanwhile, as the flush
    empties every other table right after). On PostgreSQL the flush is ``TRUNCATE``, which row
    triggers do not see: nothing to do. Refuses to run on anything but a test database.
    """
    if "test" not in str(connection.settings_dict.get("NAME", "")):
        raise RuntimeError("purge_for_tests() only runs on a test database")
    if connection.vendor != "sqlite":
        return
    from django.apps import apps

    tables = [
        model._meta.db_table
        for label in ("results", "decisions")
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in sqlite_drop_statements():
                cursor.execute(statement)
            for table in tables:
                if table in existing:
                    cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 — table names from the app registry
            for statement in sqlite_trigger_statements():
                cursor.execute(statement)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")
