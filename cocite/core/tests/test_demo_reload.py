"""The demo the tests reload (cocite/core/tests/demo.py) is, row for row, the demo the seed made."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.core import counters
from cocite.core.tests import demo
from cocite.decisions import ledger

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _state() -> dict[str, Counter[demo.Row]]:
    return demo._read(demo._tables())


def _in_savepoint(work: object) -> object:
    """What `work()` returns, its writes rolled back."""
    result: list[object] = []
    try:
        with transaction.atomic():
            result.append(work())  # type: ignore[operator]
            raise Rollback
    except Rollback:
        pass
    return result[0]


def _counts(state: dict[str, Counter[demo.Row]]) -> dict[str, int]:
    return {name: rows.total() for name, rows in state.items() if rows}


def test_the_reloaded_demo_is_the_seeded_demo() -> None:
    pristine = _state()

    def seed() -> dict[str, Counter[demo.Row]]:
        call_command("seed_demo", stdout=StringIO())
        return _state()

    def load() -> tuple[str, dict[str, Counter[demo.Row]]]:
        return demo.load_demo(), _state()

    seeded = _in_savepoint(seed)
    assert _state() == pristine
    _in_savepoint(load)  # takes the snapshot if no earlier test of this process did
    how, reloaded = _in_savepoint(load)  # type: ignore[misc]
    assert how == "reloaded"
    snapshot = demo._snapshots[(connection.alias, False)]
    # Exactly the rows the snapshot's seed left, in every table (the search's index included)...
    expected = {name: rows + Counter(snapshot.added.get(name, [])) for name, rows in pristine.items()}
    assert reloaded == expected

    # ... which are as many, table by table, as a seed makes (their dates are those of that seed). Not the
    # analysis app's: two seeds on PostgreSQL proposed 6 and 9 themes from the same contributions in CI
    # (the grouping's choice of k is not reproducible there; noted on issue 15 for follow-up).
    def comparable(counts: dict[str, int]) -> dict[str, int]:
        return {name: count for name, count in counts.items() if not name.startswith("analysis_")}

    assert comparable(_counts(reloaded)) == comparable(_counts(seeded))  # type: ignore[arg-type]
    assert {name for name in _counts(reloaded) if name.startswith("analysis_")} == {
        name
        for name in _counts(seeded)
        if name.startswith("analysis_")  # type: ignore[arg-type]
    }
    assert sum(_counts(reloaded).values()) > sum(_counts(pristine).values()) + 5_000


def test_a_reloaded_demo_reads_and_writes_like_a_seeded_one() -> None:
    """Counters exact, the decision log's chain intact and appendable, search answering, new ids free."""
    assert demo.load_demo() in ("seeded", "reloaded")
    assert [(r.counter.label, r.drift) for r in counters.verify() if r.drift] == []
    assert ledger.verify_database().ok
    newest = Contribution.objects.order_by("-pk").first()
    assert newest is not None
    copy = Contribution.objects.get(pk=newest.pk)
    copy.pk = None
    copy.save()
    assert copy.pk > newest.pk
    assert Contribution.objects.filter(title=newest.title).count() == 2


def test_a_snapshot_is_only_reloaded_onto_the_database_it_was_taken_from() -> None:
    """One more row than before the seed (a test's own data), or a day later: the demo is seeded for real."""
    _in_savepoint(demo.load_demo)
    snapshot = demo._snapshots[(connection.alias, False)]
    assert demo._usable(snapshot, _state())
    with transaction.atomic():
        UserFactory()
        assert not demo._usable(snapshot, _state())
    yesterday = dataclasses.replace(snapshot, taken_at=snapshot.taken_at - dt.timedelta(days=1))
    assert not demo._usable(yesterday, _state())
