"""The public decision log: canonical form, hash chain, tamper detection, database-level protection."""

from __future__ import annotations

import hashlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from cocite.decisions import ledger
from cocite.decisions.models import GENESIS_HASH, Decision, DecisionItem, LogEntry, LogHead
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import items_of

pytestmark = pytest.mark.django_db


def _append(n: int) -> list[LogEntry]:
    entries = []
    with transaction.atomic():
        for index in range(n):
            entries.append(
                ledger.append(
                    kind=LogEntry.Kind.DECISION,
                    subject_key=f"test:{index}",
                    payload={"decision": {"id": index, "text": f"Décision « {index} » — été", "n": index}},
                )
            )
    return entries


def _export(client: Client) -> bytes:
    response = client.get("/decisions/journal.jsonl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jsonl")
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def test_canonical_json_is_sorted_compact_utf8_and_refuses_floats() -> None:
    assert ledger.canonical_json({"b": 1, "a": ["é", None, True]}) == '{"a":["é",null,true],"b":1}'
    with pytest.raises(TypeError):
        ledger.canonical_json({"cost": 1.5})


def test_entries_chain_from_the_genesis_hash() -> None:
    first, second = _append(2)
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    body = ledger.canonical_json(
        {
            "payload": json.loads(first.payload),
            "prev_hash": GENESIS_HASH,
            "seq": 1,
            "timestamp": ledger.format_timestamp(first.timestamp),
            "type": "decision",
        }
    )
    assert first.hash == hashlib.sha256((GENESIS_HASH + body).encode("utf-8")).hexdigest()
    head = LogHead.objects.get()
    assert (head.seq, head.hash) == (2, second.hash)


def test_append_is_idempotent_per_subject() -> None:
    (entry,) = _append(1)
    with transaction.atomic():
        again = ledger.append(kind="decision", subject_key="test:0", payload={"other": 1})
    assert again.pk == entry.pk
    assert LogEntry.objects.count() == 1


def test_export_verifies_and_matches_the_readme_verifier(client: Client, tmp_path: Path) -> None:
    _append(5)
    data = _export(client)
    assert data.count(b"\n") == 5
    result = ledger.verify_lines(_lines(data))
    assert result.ok
    assert result.count == 5
    assert result.last_hash == LogHead.objects.get().hash
    # The ten-line verifier printed in the README, run as is.
    export = tmp_path / "journal.jsonl"
    export.write_bytes(data)
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    verifier = readme.split("<!-- verifier -->")[1].split("```python")[1].split("```")[0]
    namespace: dict[str, Any] = {"__name__": "verifier", "PATH": str(export)}
    out = StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        exec(verifier.replace("sys.argv[1]", "PATH"), namespace)  # noqa: S102 — our own README code
    assert out.getvalue().strip() == f"OK 5 {result.last_hash}"


def test_any_changed_byte_is_detected_at_its_entry(client: Client) -> None:
    _append(4)
    lines = _lines(_export(client))
    checked = 0
    for index, line in enumerate(lines):
        for position in range(len(line)):
            tampered = bytearray(line)
            tampered[position] ^= 0x01
            copy = [*lines[:index], bytes(tampered), *lines[index + 1 :]]
            result = ledger.verify_lines(copy)
            assert not result.ok, (index, position)
            assert result.broken_seq == index + 1, (index, position, result.reason)
            checked += 1
    assert checked == sum(len(line) for line in lines)


@pytest.mark.parametrize("field", ["payload", "hash", "prev_hash", "timestamp", "type", "seq"])
def test_a_changed_character_in_each_field_is_detected(client: Client, field: str) -> None:
    _append(3)
    lines = _lines(_export(client))
    for index, line in enumerate(lines):
        entry = json.loads(line)
        if field == "seq":
            entry["seq"] += 1
        elif field == "payload":
            entry["payload"]["decision"]["text"] = entry["payload"]["decision"]["text"].replace("été", "ete")
        else:
            value = entry[field]
            entry[field] = value[:-1] + ("0" if value[-1] != "0" else "1")
        copy = [*lines[:index], (ledger.canonical_json(entry) + "\n").encode(), *lines[index + 1 :]]
        result = ledger.verify_lines(copy)
        assert (result.ok, result.broken_seq) == (False, index + 1), (field, index, result.reason)


def test_deleted_reordered_or_added_lines_are_detected(client: Client) -> None:
    _append(4)
    lines = _lines(_export(client))
    deleted = ledger.verify_lines([lines[0], lines[2], lines[3]])
    assert (deleted.ok, deleted.broken_seq) == (False, 2)
    swapped = ledger.verify_lines([lines[0], lines[2], lines[1], lines[3]])
    assert (swapped.ok, swapped.broken_seq) == (False, 2)
    first_removed = ledger.verify_lines(lines[1:])
    assert (first_removed.ok, first_removed.broken_seq) == (False, 1)
    blank = ledger.verify_lines([*lines, b"\n"])
    assert (blank.ok, blank.broken_seq) == (False, 5)
    # A truncated export is consistent on its own: it is caught against the published latest hash.
    truncated = ledger.verify_lines(lines[:3])
    assert truncated.ok
    assert truncated.last_hash != LogHead.objects.get().hash


def test_verify_command_on_files_and_database(client: Client, tmp_path: Path) -> None:
    _append(3)
    good = tmp_path / "journal.jsonl"
    good.write_bytes(_export(client))
    out = StringIO()
    call_command("verify_decision_log", str(good), "--compare-database", stdout=out)
    assert "3 entrées" in out.getvalue()
    call_command("verify_decision_log", stdout=out)
    bad = tmp_path / "altere.jsonl"
    lines = _lines(good.read_bytes())
    bad.write_bytes(lines[0] + lines[1].replace(b'"seq":2', b'"seq":2 ') + lines[2])
    with pytest.raises(CommandError, match="entrée n° 2"):
        call_command("verify_decision_log", str(bad), stdout=StringIO())
    with pytest.raises(CommandError, match="introuvable"):
        call_command("verify_decision_log", str(tmp_path / "absent.jsonl"), stdout=StringIO())


def test_verify_command_exit_code_is_non_zero_on_failure(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"not":"an entry"}\n', encoding="utf-8")
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "verify_decision_log", str(bad)],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode != 0
    assert "entrée n° 1" in completed.stderr


def _published_decision() -> Decision:
    setup = f.routed_setup()
    return f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))


def test_the_models_refuse_updates_and_deletes() -> None:
    decision = _published_decision()
    decision.explanation = "Autre chose"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()
    with pytest.raises(ValidationError):
        Decision.objects.filter(pk=decision.pk).update(outcome="non_retenue")
    with pytest.raises(ValidationError):
        Decision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(ValidationError):
        DecisionItem.objects.filter(decision=decision).delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions_logentry SET payload = '{}' WHERE seq = 1",
        "DELETE FROM decisions_logentry WHERE seq = 1",
        "UPDATE decisions_decision SET explanation = 'modifiée'",
        "DELETE FROM decisions_decision",
        "DELETE FROM decisions_decisionitem",
        "UPDATE decisions_decisionitem SET item_id = item_id",
    ],
)
def test_the_database_refuses_updates_and_deletes_below_the_orm(statement: str) -> None:
    _published_decision()
    assert LogEntry.objects.exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Decision.objects.count() == 1
    assert ledger.verify_database().ok


def test_the_triggers_are_installed_on_this_database() -> None:
    names = ledger.installed_triggers()
    tables = [p.table for p in ledger.PROTECTIONS]
    if connection.vendor == "sqlite":
        # UPDATE and DELETE on each protected table; INSERT, UPDATE and DELETE on the head.
        assert names == {f"{t}_no_{op}" for t in tables for op in ("update", "delete")} | {
            f"{ledger.HEAD_TABLE}_no_{op}" for op in ("insert", "update", "delete")
        }
    else:
        assert names == {f"{t}_{suffix}" for t in tables for suffix in ("append_only", "no_delete")} | {
            f"{ledger.HEAD_TABLE}_append_only"
        }
    # Re-running them (after every migrate) is harmless.
    ledger.ensure_triggers()
    assert ledger.installed_triggers() == names


def test_verify_database_detects_a_row_changed_behind_the_triggers() -> None:
    _append(3)
    with connection.cursor() as cursor:
        for statement in ledger.drop_statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute("UPDATE decisions_logentry SET payload = %s WHERE seq = 2", ['{"forged":true}'])
        for statement in ledger.trigger_statements(connection.vendor):
            cursor.execute(statement)
    result = ledger.verify_database()
    assert (result.ok, result.broken_seq) == (False, 2)
    with pytest.raises(CommandError, match="entrée n° 2"):
        call_command("verify_decision_log", stdout=StringIO())


def test_journal_page_shows_the_latest_hash(client: Client) -> None:
    entries = _append(3)
    response = client.get("/decisions/journal/")
    assert response.status_code == 200
    assert entries[-1].hash in response.content.decode()
