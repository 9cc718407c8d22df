"""Transactional tests end with a flush; the append-only triggers must not block it (conftest + purge)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from cocite.decisions import ledger
from cocite.decisions.models import Decision, LogEntry
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import items_of


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_publishes_a_decision() -> None:
    setup = f.routed_setup()
    f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    assert Decision.objects.count() == 1
    assert LogEntry.objects.filter(kind="decision").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_empty_and_still_protected() -> None:
    assert not Decision.objects.exists()
    assert not LogEntry.objects.exists()
    expected = 2 * len(ledger.PROTECTIONS) + (3 if connection.vendor == "sqlite" else 1)
    assert len(ledger.installed_triggers()) == expected
    setup = f.routed_setup()
    f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    # A fresh chain: the rule version (logged with its publication), then the decision.
    assert list(LogEntry.objects.values_list("seq", "kind")) == [(1, "rule_version"), (2, "decision")]
    assert ledger.verify_database().ok


def test_transactional_db_fixture_too(transactional_db: None) -> None:
    setup = f.routed_setup()
    f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    assert Decision.objects.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_truncate_bypasses_row_triggers_on_postgresql() -> None:
    """What lets PostgreSQL's flush (TRUNCATE) run without a purge: row triggers do not see TRUNCATE."""
    setup = f.routed_setup()
    f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred checks would block TRUNCATE
        cursor.execute("TRUNCATE decisions_logentry, decisions_decisionopinion, decisions_decisionitem CASCADE")
        assert not LogEntry.objects.exists()
        transaction.set_rollback(True)
    assert LogEntry.objects.exists()


@pytest.mark.django_db
def test_purge_refuses_a_non_test_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/cocite/production.sqlite3")
    with pytest.raises(RuntimeError):
        ledger.purge_for_tests()


@pytest.mark.django_db(transaction=True)
def test_log_entries_are_only_appended_inside_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        ledger.append(kind="decision", subject_key="hors-transaction", payload={})
