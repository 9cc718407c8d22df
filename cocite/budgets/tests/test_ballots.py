"""Casting, changing and refusing ballots; paper ballots keyed twice; counting; winners as results."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError

from cocite.accounts.tests.factories import UserFactory
from cocite.budgets import actions, queries
from cocite.budgets.models import Ballot, BudgetRules, Count, PaperEntry
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.decisions import ledger
from cocite.decisions.models import LogEntry
from cocite.decisions.tests.factories import member
from cocite.results.models import Result

from .helpers import after_close, budget_setup, verified

pytestmark = pytest.mark.django_db


def _ids(projects: list[Any], *indexes: int) -> list[int]:
    return [projects[i].pk for i in indexes]


def test_a_verified_resident_votes_once_and_changes_the_vote_until_the_close() -> None:
    setup = budget_setup([40000, 30000, 50000])
    voter = verified()
    first = actions.ballot_cast(
        voter=voter, demarche=setup["demarche"], project_ids=_ids(setup["projects"], 0, 1), age_confirmed=True
    )
    assert len(first.receipt) == 14
    second = actions.ballot_cast(
        voter=voter, demarche=setup["demarche"], project_ids=_ids(setup["projects"], 2), age_confirmed=True
    )
    assert second.pk == first.pk
    assert second.receipt == first.receipt
    assert Ballot.objects.count() == 1
    assert queries.ballot_data(setup["demarche"]) == [[str(setup["projects"][2].pk)]]
    assert Ballot.objects.get().changes == 1


def test_the_cart_may_not_exceed_the_budget() -> None:
    setup = budget_setup([60000, 50000])
    with pytest.raises(ActionError) as error:
        actions.ballot_cast(
            voter=verified(), demarche=setup["demarche"], project_ids=_ids(setup["projects"], 0, 1), age_confirmed=True
        )
    assert error.value.code == "over_budget"
    assert not Ballot.objects.exists()


def test_k_approval_limits_the_number_of_projects() -> None:
    setup = budget_setup([10, 10, 10], method="k_approval", max_choices=2)
    with pytest.raises(ActionError) as error:
        actions.ballot_cast(
            voter=verified(),
            demarche=setup["demarche"],
            project_ids=_ids(setup["projects"], 0, 1, 2),
            age_confirmed=True,
        )
    assert error.value.code == "too_many"
    actions.ballot_cast(
        voter=verified(), demarche=setup["demarche"], project_ids=_ids(setup["projects"], 0, 1), age_confirmed=True
    )


@pytest.mark.parametrize(
    ("who", "code"),
    [("unverified", "vote_forbidden"), ("age", "age"), ("unknown", "project_unknown")],
)
def test_refusals(who: str, code: str) -> None:
    setup = budget_setup([1000])
    voter = UserFactory() if who == "unverified" else verified()
    ids = [setup["projects"][0].pk + 1000] if who == "unknown" else _ids(setup["projects"], 0)
    with pytest.raises(ActionError) as error:
        actions.ballot_cast(voter=voter, demarche=setup["demarche"], project_ids=ids, age_confirmed=who != "age")
    assert error.value.code == code


def test_a_ballot_that_may_not_change_stays() -> None:
    setup = budget_setup([1000, 2000], changeable=False)
    voter = verified()
    actions.ballot_cast(
        voter=voter, demarche=setup["demarche"], project_ids=_ids(setup["projects"], 0), age_confirmed=True
    )
    with pytest.raises(Conflict):
        actions.ballot_cast(
            voter=voter, demarche=setup["demarche"], project_ids=_ids(setup["projects"], 1), age_confirmed=True
        )


def test_no_vote_after_the_close(monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([1000])
    after_close(monkeypatch, setup["rules"])
    with pytest.raises(PermissionDenied):
        actions.ballot_cast(
            voter=verified(), demarche=setup["demarche"], project_ids=_ids(setup["projects"], 0), age_confirmed=True
        )


def test_the_database_refuses_a_second_ballot_of_one_person() -> None:
    setup = budget_setup([1000])
    voter = verified()
    actions.ballot_cast(
        voter=voter, demarche=setup["demarche"], project_ids=_ids(setup["projects"], 0), age_confirmed=True
    )
    with pytest.raises(IntegrityError):
        Ballot.objects.create(demarche=setup["demarche"], rules=setup["rules"], voter=voter, receipt="X")


def test_rules_are_immutable() -> None:
    setup = budget_setup([1000])
    rules = setup["rules"]
    rules.total_budget = 1
    with pytest.raises(Exception, match="ne se modifient pas"):
        rules.save()
    with pytest.raises(Exception, match="ne se modifient pas"):
        BudgetRules.objects.filter(pk=rules.pk).update(total_budget=1)


def test_a_paper_ballot_counts_when_two_agents_key_it_alike() -> None:
    setup = budget_setup([1000, 2000, 3000])
    first, second, third = setup["agent"], setup["manager"], member(setup["department"])
    demarche, projects = setup["demarche"], setup["projects"]
    entry = actions.paper_entry_key(
        agent=first, demarche=demarche, station="Mairie du Port", sheet="p-001", project_ids=_ids(projects, 0, 1)
    )
    assert entry.ballot is None
    assert not Ballot.objects.exists()
    with pytest.raises(Conflict):
        actions.paper_entry_key(
            agent=first, demarche=demarche, station="Mairie du Port", sheet="P-001", project_ids=_ids(projects, 0, 1)
        )
    # A second agent misreads it: no ballot; a third keys it like the first: counted, once.
    differs = actions.paper_entry_key(
        agent=second, demarche=demarche, station="Mairie du Port", sheet="P-001", project_ids=_ids(projects, 0, 2)
    )
    assert differs.ballot is None
    assert queries.paper_mismatches(second, demarche) == ["P-001"]
    match = actions.paper_entry_key(
        agent=third, demarche=demarche, station="Mairie du Port", sheet="P-001", project_ids=_ids(projects, 1, 0)
    )
    assert match.ballot is not None
    assert match.ballot.source == Ballot.Source.PAPER
    assert Ballot.objects.count() == 1
    assert PaperEntry.objects.filter(ballot=match.ballot).count() == 3
    assert sorted(queries.ballot_data(demarche)[0]) == sorted(str(pk) for pk in _ids(projects, 0, 1))
    with pytest.raises(Conflict):
        actions.paper_entry_key(
            agent=member(setup["department"]),
            demarche=demarche,
            station="X",
            sheet="P-001",
            project_ids=_ids(projects, 0),
        )


def test_a_resident_does_not_key_paper_ballots() -> None:
    setup = budget_setup([1000])
    with pytest.raises(PermissionDenied):
        actions.paper_entry_key(
            agent=verified(), demarche=setup["demarche"], station="X", sheet="1", project_ids=_ids(setup["projects"], 0)
        )


def test_count_is_logged_with_the_ballots_hash_and_winners_become_results(monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([60000, 50000, 30000, 20000], total=100000, counting_rule="mes")
    demarche, projects = setup["demarche"], setup["projects"]
    ballots = [(0,), (0,), (0, 3), (1, 3), (1, 2), (2,)]
    for choice in ballots:
        actions.ballot_cast(
            voter=verified(), demarche=demarche, project_ids=_ids(projects, *choice), age_confirmed=True
        )
    with pytest.raises(Conflict):
        actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    after_close(monkeypatch, setup["rules"])
    greedy = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    mes = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="mes")
    assert not greedy.official
    assert mes.official
    # Greedy: 0 (3 votes, 60k); then 2 votes each, by id: 1 (50k) does not fit, 2 (30k) does, 3 (20k) no longer.
    assert sorted(greedy.selected_keys(), key=int) == [str(projects[0].pk), str(projects[2].pk)]
    assert mes.ballots_sha256 == queries.ballots_sha256(queries.ballot_data(demarche))
    entry = LogEntry.objects.get(subject_key=f"budget_count:{mes.pk}")
    assert entry.kind == LogEntry.Kind.BUDGET_COUNT
    assert mes.ballots_sha256 in entry.payload
    assert ledger.verify_database().ok
    with pytest.raises(ActionError):
        actions.winners_to_results(actor=setup["manager"], count=greedy)
    results = actions.winners_to_results(actor=setup["manager"], count=mes)
    assert len(results) == len(mes.selected_keys())
    assert all(result.milestones.count() == 3 for result in results)
    assert Result.objects.filter(budget=projects[0].cost).exists() == (str(projects[0].pk) in mes.selected_keys())
    with pytest.raises(Conflict):
        actions.winners_to_results(actor=setup["manager"], count=Count.objects.get(pk=mes.pk))


def test_envelopes_are_counted_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from cocite.territory.tests.factories import QuartierFactory

    port = QuartierFactory()
    setup = budget_setup([70000, 30000, 25000], total=100000, envelopes=[(port, 30000)], quartiers=[None, port, port])
    demarche, projects = setup["demarche"], setup["projects"]
    for choice in [(0, 1), (0, 2), (2,)]:
        actions.ballot_cast(
            voter=verified(), demarche=demarche, project_ids=_ids(projects, *choice), age_confirmed=True
        )
    after_close(monkeypatch, setup["rules"])
    count = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    parts = count.outcome["parts"]
    assert [part["budget"] for part in parts] == [70000, 30000]
    assert parts[0]["selected"] == [str(projects[0].pk)]
    assert parts[1]["selected"] == [
        str(projects[2].pk)
    ]  # 2 votes for it, 1 for the other: 25k, then 30k no longer fits
