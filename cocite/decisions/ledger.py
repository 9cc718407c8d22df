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

Entries of a démarche not open to everyone are *sealed*: their ``type`` is ``"sealed"`` and their
payload is ``{"sealed":{"sha256":"…"}}``, the lowercase hex SHA-256 of ``UTF-8(salt) ‖ UTF-8(canonical
JSON of {"payload":…,"type":…})`` where ``salt`` is 64 random hex characters kept private (LogSeal)
with the real type and payload. Nothing else about the entry is published, and a guessed text cannot
be confirmed. Once every démarche the entry concerns is public, its salt, type and payload are
*disclosed* (``/decisions/journal/divulgations.jsonl``, one canonical JSON object
``{"payload":…,"salt":…,"seq":…,"type":…}`` per line), and anyone can recompute the commitment.

Appending takes a row lock on the single `LogHead` row (``SELECT … FOR UPDATE``), so sequence
numbers are gapless under concurrency on PostgreSQL; SQLite serialises writers anyway (IMMEDIATE
transactions). Entries are appended inside the caller's transaction: a decision and its log
entries commit or roll back together.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import GENESIS_HASH, LogEntry, LogHead, LogSeal

ENTRY_FIELDS = frozenset({"hash", "payload", "prev_hash", "seq", "timestamp", "type"})
DISCLOSURE_FIELDS = frozenset({"payload", "salt", "seq", "type"})

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


def seal_commitment(salt: str, kind: str, payload: dict[str, Any]) -> str:
    """SHA-256 hex of UTF-8(salt) followed by UTF-8(canonical JSON of {"payload": …, "type": …})."""
    content = canonical_json({"payload": payload, "type": kind})
    return hashlib.sha256((salt + content).encode("utf-8")).hexdigest()


def append(*, kind: str, subject_key: str, payload: dict[str, Any], sealed_for: Sequence[int] = ()) -> LogEntry:
    """Append one entry (idempotent per subject_key) inside the caller's transaction.

    `sealed_for`: the démarches that keep the entry from the public (some of them restricted);
    the chain then holds a salted commitment and the content waits in LogSeal until all are public.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log entries are appended inside the transaction of what they record")
    canonical_json(payload)  # refuses floats and non-JSON values before anything is written
    head = _locked_head()
    existing = LogEntry.objects.filter(subject_key=subject_key).first()
    if existing is not None:
        return existing
    salt = ""
    public_kind, public_payload = kind, payload
    if sealed_for:
        salt = secrets.token_hex(32)
        public_kind = LogEntry.Kind.SEALED
        public_payload = {"sealed": {"sha256": seal_commitment(salt, kind, payload)}}
    seq = head.seq + 1
    # Microseconds survive the round trip through both databases, so the hash can be recomputed.
    timestamp = timezone.now().astimezone(datetime.UTC)
    unhashed = {
        "payload": public_payload,
        "prev_hash": head.hash,
        "seq": seq,
        "timestamp": format_timestamp(timestamp),
        "type": public_kind,
    }
    digest = entry_hash(head.hash, unhashed)
    entry = LogEntry.objects.create(
        seq=seq,
        kind=public_kind,
        subject_key=subject_key,
        timestamp=timestamp,
        payload=canonical_json(public_payload),
        prev_hash=head.hash,
        hash=digest,
    )
    if sealed_for:
        LogSeal.objects.create(
            entry=entry, kind=kind, payload=canonical_json(payload), salt=salt, demarche_ids=sorted(set(sealed_for))
        )
    LogHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)
    return entry


def latest() -> LogHead:
    head = LogHead.objects.filter(pk=1).first()
    return head or LogHead(seq=0, hash=GENESIS_HASH)


def entry_for(subject_key: str) -> LogEntry | None:
    return LogEntry.objects.filter(subject_key=subject_key).first()


# ---------------------------------------------------------------------------
# Disclosures (sealed entries whose démarches all became public)
# ---------------------------------------------------------------------------


def is_disclosed(seal: LogSeal, public_demarche_ids: set[int]) -> bool:
    return bool(seal.demarche_ids) and set(seal.demarche_ids) <= public_demarche_ids


def disclosure(seal: LogSeal) -> dict[str, Any]:
    """What the disclosure export says of a sealed entry (the entry must be loaded with it)."""
    return {"payload": json.loads(seal.payload), "salt": seal.salt, "seq": seal.entry.seq, "type": seal.kind}


def disclosure_lines(public_demarche_ids: set[int], chunk_size: int = 1000) -> Iterator[str]:
    """The disclosed sealed entries, oldest first, one canonical JSON line (with "\\n") each."""
    for seal in LogSeal.objects.select_related("entry").order_by("entry__seq").iterator(chunk_size=chunk_size):
        if is_disclosed(seal, public_demarche_ids):
            yield canonical_json(disclosure(seal)) + "\n"


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
    # Database check only: entries recomputed from the rows they describe, and older-format entries.
    recomputed: int = 0
    legacy: int = 0


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


def verify_disclosures(chain: Iterable[bytes], disclosures: Iterable[bytes]) -> tuple[int, str]:
    """Check a disclosure file against a verified export: (number checked, "" or the reason it fails)."""
    sealed: dict[int, str] = {}
    for raw in chain:
        entry = json.loads(raw)
        if entry.get("type") == LogEntry.Kind.SEALED:
            sealed[entry["seq"]] = entry["payload"]["sealed"]["sha256"]
    count = 0
    for position, raw in enumerate(disclosures, start=1):
        content = raw[:-1] if raw.endswith(b"\n") else raw
        try:
            item = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return count, f"line {position}: not JSON"
        if not isinstance(item, dict) or set(item) != DISCLOSURE_FIELDS:
            return count, f"line {position}: a disclosure has exactly {', '.join(sorted(DISCLOSURE_FIELDS))}"
        commitment = sealed.get(item["seq"]) if isinstance(item["seq"], int) else None
        if commitment is None:
            return count, f"line {position}: entry {item['seq']!r} is not a sealed entry of the log"
        if not isinstance(item["salt"], str) or not isinstance(item["payload"], dict):
            return count, f"line {position}: salt and payload have the wrong type"
        if seal_commitment(item["salt"], str(item["type"]), item["payload"]) != commitment:
            return count, f"line {position}: entry {item['seq']}'s disclosed content does not match its commitment"
        count += 1
    return count, ""


@dataclass(frozen=True)
class Describer:
    """How the database check recomputes the entries of one kind from the rows they describe.

    Registered by the app owning those rows (in its AppConfig.ready()), so the log never imports
    them. `describe(subject_key)` returns the payload the rows give today (None when they are gone);
    `volatile` names payload members copied from rows that may legitimately change later (a
    department's slug, a contribution's title) and are not compared; `unlogged(keys)` yields the
    rows of this kind that should have an entry among `keys` and have none.
    """

    prefix: str
    describe: Callable[[str], dict[str, Any] | None]
    volatile: tuple[str, ...] = ()
    unlogged: Callable[[set[str]], Iterable[str]] | None = None


_DESCRIBERS: dict[str, Describer] = {}


def register(describer: Describer) -> None:
    _DESCRIBERS[describer.prefix] = describer


def _without(value: Any, paths: Iterable[str]) -> Any:
    """A copy of a payload without the members at `paths` ("decision.contributions[].title";
    "decision.*[].title": in the members of every list of "decision")."""
    result = json.loads(json.dumps(value))
    for path in paths:
        _drop(result, path.split("."))
    return result


def _drop(value: Any, parts: list[str]) -> None:
    if not parts or not isinstance(value, dict):
        return
    head, rest = parts[0], parts[1:]
    if head == "*[]":
        for members in value.values():
            for member in members if isinstance(members, list) else []:
                _drop(member, rest)
    elif head.endswith("[]"):
        items = value.get(head[:-2])
        for item in items if isinstance(items, list) else []:
            _drop(item, rest)
    elif not rest:
        value.pop(head, None)
    else:
        _drop(value.get(head), rest)


def _is_legacy(payload: dict[str, Any]) -> bool:
    """Entries written before sealing (2026-12) carry a "visibility" member: checked by their hash only."""
    return any(isinstance(inner, dict) and "visibility" in inner for inner in payload.values())


def verify_database() -> Verification:
    """Recompute the chain from the stored rows, then each entry from the rows it describes.

    The chain catches a changed entry; the second pass catches a changed *row* (an opinion's text
    rewritten behind the triggers shows on the site while its entry keeps the original), a sealed
    entry whose hidden content no longer matches its commitment, and decisions, published opinions
    or rule versions without an entry.
    """
    previous = GENESIS_HASH
    count = recomputed = legacy = 0
    keys: set[str] = set()
    entries = LogEntry.objects.select_related("seal").order_by("seq")
    for position, entry in enumerate(entries.iterator(chunk_size=1000), start=1):

        def broken(
            reason: str,
            position: int = position,
            previous: str = previous,
            done: tuple[int, int] = (recomputed, legacy),
        ) -> Verification:
            return Verification(False, position - 1, previous, position, reason, *done)

        if entry.seq != position:
            return broken(f"sequence number {entry.seq} where {position} was expected")
        if entry.prev_hash != previous:
            return broken("prev_hash is not the hash of the previous entry")
        try:
            intact = entry_hash(previous, _unhashed(entry)) == entry.hash
        except (ValueError, TypeError):  # a payload that is no longer JSON
            intact = False
        if not intact:
            return broken("the hash does not match the entry's content")
        keys.add(entry.subject_key)
        kind, payload = entry.kind, json.loads(entry.payload)
        if kind == LogEntry.Kind.SEALED:
            seal = getattr(entry, "seal", None)
            commitment = payload.get("sealed", {}).get("sha256") if isinstance(payload.get("sealed"), dict) else None
            if seal is None:
                return broken("the sealed entry's content is missing")
            try:
                kind, payload = seal.kind, json.loads(seal.payload)
                matches = isinstance(payload, dict) and seal_commitment(seal.salt, kind, payload) == commitment
            except (ValueError, TypeError):
                matches = False
            if not matches:
                return broken("the sealed entry's hidden content does not match its commitment")
        describer = _DESCRIBERS.get(entry.subject_key.split(":", 1)[0])
        if _is_legacy(payload):
            legacy += 1
        elif describer is not None:
            now = describer.describe(entry.subject_key)
            if now is None:
                return broken(f"the {describer.prefix} row this entry describes is missing")
            if _without(now, describer.volatile) != _without(payload, describer.volatile):
                return broken(f"the {describer.prefix} row differs from what its log entry recorded")
            recomputed += 1
        previous, count = entry.hash, position
    head = latest()
    if (head.seq, head.hash) != (count, previous):
        return Verification(
            False, count, previous, count + 1, "the log head does not match the last entry", recomputed, legacy
        )
    for describer in _DESCRIBERS.values():
        for missing in describer.unlogged(keys) if describer.unlogged else ():
            return Verification(False, count, previous, None, f"{missing} without a log entry", recomputed, legacy)
    return Verification(True, count, previous, recomputed=recomputed, legacy=legacy)


# ---------------------------------------------------------------------------
# Database-level protection
# ---------------------------------------------------------------------------
#
# Every table the log commits to refuses, below the ORM, what would make the site show something
# else than the log recorded. Each rule lists the columns that may still change and under which
# condition; every other column is frozen. PostgreSQL: BEFORE UPDATE / DELETE row triggers with a
# WHEN condition calling a function that raises. SQLite: BEFORE UPDATE / DELETE triggers with the
# same condition calling RAISE(ABORT). The log head may only move forward to an existing entry.

ONCE = "once"  # may be set once, from NULL (a publication date)
CLEARED = "cleared"  # may only become NULL (a person's account erased)


@dataclass(frozen=True)
class Protection:
    model: str  # "app_label.ModelName"
    mutable: dict[str, str] = field(default_factory=dict)  # column → ONCE, CLEARED or "from:<value>"
    only_if: str = ""  # SQL condition on OLD restricting the rule to some rows ("OLD.kind = 'rouvert'")

    @property
    def table(self) -> str:
        return str(apps.get_model(self.model)._meta.db_table)

    def columns(self) -> list[str]:
        return [f.column for f in apps.get_model(self.model)._meta.concrete_fields]


PROTECTIONS = (
    Protection("decisions.LogEntry"),
    Protection("decisions.LogSeal"),
    Protection("decisions.Decision"),
    Protection("decisions.DecisionItem"),
    Protection("decisions.DecisionOpinion"),
    Protection("decisions.Opinion", {"published_at": ONCE, "author_id": CLEARED}),
    # What an opinion's entry records of its request (question, deadline…), once it is answered.
    Protection(
        "decisions.OpinionRequest", {"escalated_at": ONCE, "requested_by_id": CLEARED}, only_if="OLD.status = 'rendu'"
    ),
    Protection("demarches.RuleVersion", {"created_by_id": CLEARED}),
    # A reopening is logged; the other points of a result's history are not.
    Protection("results.ResultUpdate", {"author_id": CLEARED}, only_if="OLD.kind = 'rouvert'"),
)
HEAD_TABLE = "decisions_loghead"


def protected_tables() -> list[str]:
    return [p.table for p in PROTECTIONS] + [HEAD_TABLE]


def _differs(vendor: str, column: str) -> str:
    operator = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return f'NEW."{column}" {operator} OLD."{column}"'


def _refused_update(protection: Protection, vendor: str) -> str:
    """The SQL condition under which an UPDATE of a row is refused ("": always, even a no-op)."""
    if not protection.mutable:
        return protection.only_if
    reasons = []
    for column in protection.columns():
        rule = protection.mutable.get(column)
        changed = _differs(vendor, column)
        if rule is None:
            reasons.append(changed)
        elif rule == ONCE:
            reasons.append(f'(OLD."{column}" IS NOT NULL AND {changed})')
        elif rule == CLEARED:
            reasons.append(f'(NEW."{column}" IS NOT NULL AND {changed})')
        elif rule.startswith("from:"):
            reasons.append(f"(OLD.\"{column}\" <> '{rule[5:]}' AND {changed})")
    condition = " OR ".join(reasons)
    return f"({protection.only_if}) AND ({condition})" if protection.only_if else condition


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$
"""

PG_HEAD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION decisions_log_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.seq = 0 AND NEW.hash = '{GENESIS_HASH}' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.seq = OLD.seq + 1 AND EXISTS (
    SELECT 1 FROM decisions_logentry WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = OLD.hash
  ) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$
"""  # noqa: S608 — constants only


def pg_trigger_statements() -> list[str]:
    statements = [PG_FUNCTION, PG_HEAD_FUNCTION]
    for protection in PROTECTIONS:
        table = protection.table
        deleting = f"WHEN ({protection.only_if}) " if protection.only_if else ""
        refused = _refused_update(protection, "postgresql")
        updating = f"WHEN ({refused}) " if refused else ""
        statements += [
            f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE ON {table} FOR EACH ROW "
            f"{updating}EXECUTE FUNCTION decisions_append_only()",
            f"CREATE OR REPLACE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
            f"{deleting}EXECUTE FUNCTION decisions_append_only()",
        ]
    statements.append(
        f"CREATE OR REPLACE TRIGGER {HEAD_TABLE}_append_only BEFORE INSERT OR UPDATE OR DELETE ON {HEAD_TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION decisions_log_head_guard()"
    )
    return statements


def pg_drop_statements() -> list[str]:
    drops = []
    for table in protected_tables():
        drops += [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"]
        drops += [f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}"]
    return [
        *drops,
        "DROP FUNCTION IF EXISTS decisions_append_only()",
        "DROP FUNCTION IF EXISTS decisions_log_head_guard()",
    ]


def _sqlite_trigger(table: str, operation: str, condition: str) -> str:
    when = f"WHEN {condition} " if condition else ""
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} ON {table} FOR EACH ROW "
        f"{when}BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
    )


def sqlite_trigger_statements() -> list[str]:
    statements = []
    for protection in PROTECTIONS:
        table = protection.table
        statements.append(_sqlite_trigger(table, "UPDATE", _refused_update(protection, "sqlite")))
        statements.append(_sqlite_trigger(table, "DELETE", protection.only_if))
    head_moves = (
        "NOT (NEW.id = OLD.id AND NEW.seq = OLD.seq + 1 AND EXISTS (SELECT 1 FROM decisions_logentry "
        "WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = OLD.hash))"
    )
    statements += [
        _sqlite_trigger(HEAD_TABLE, "INSERT", f"NOT (NEW.seq = 0 AND NEW.hash = '{GENESIS_HASH}')"),
        _sqlite_trigger(HEAD_TABLE, "UPDATE", head_moves),
        _sqlite_trigger(HEAD_TABLE, "DELETE", ""),
    ]
    return statements


def sqlite_drop_statements() -> list[str]:
    # The names of every version of these triggers (earlier ones covered fewer tables).
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{operation}"
        for table in protected_tables()
        for operation in ("insert", "update", "delete")
    ]


def trigger_statements(vendor: str) -> list[str]:
    return {"postgresql": pg_trigger_statements, "sqlite": sqlite_trigger_statements}.get(vendor, list)()


def drop_statements(vendor: str) -> list[str]:
    return {"postgresql": pg_drop_statements, "sqlite": sqlite_drop_statements}.get(vendor, list)()


def ensure_triggers(using: Any = None) -> None:
    """(Re)create the triggers; idempotent. Run after every migrate, because SQLite drops a
    table's triggers when a migration rebuilds the table (and a rule may have changed)."""
    conn = using or connection
    tables = set(conn.introspection.table_names())
    if not set(protected_tables()) <= tables:
        return
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":  # CREATE TRIGGER IF NOT EXISTS would keep an older rule
            for statement in sqlite_drop_statements():
                cursor.execute(statement)
        for statement in trigger_statements(conn.vendor):
            cursor.execute(statement)


def installed_triggers() -> set[str]:
    """Names of the append-only triggers present in the database (for tests and checks)."""
    names = tuple(protected_tables())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal")
        else:
            return set()
        return {name for name, table in cursor.fetchall() if table.strip('"') in names}


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
    tables = [
        model._meta.db_table
        for label in ("results", "decisions")
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ] + [p.table for p in PROTECTIONS]
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
