"""A peak of ballots on PostgreSQL: none lost, none double-counted, one ballot per person even
when the same person confirms from several tabs at once."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import close_old_connections
from django.utils import timezone

from cocite.accounts.models import User
from cocite.budgets import actions, queries
from cocite.budgets.models import Ballot

from .helpers import budget_setup

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

VOTERS = 2000
WORKERS = 20  # connections at once: the server's 100 are shared with the other xdist worker and its tests


def _voters(count: int, prefix: str) -> list[User]:
    now = timezone.now()
    User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{index}@exemple.fr",
                display_name=f"{prefix} {index}",
                display_name_key=f"{prefix}-{index}",
                residence_verified_at=now - datetime.timedelta(days=1),
                residence_verified_until=now + datetime.timedelta(days=365),
            )
            for index in range(count)
        ]
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


def _run(tasks: list[Any]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(min(WORKERS, len(tasks)))

    def run(task: Any) -> None:
        try:
            if task[0] < WORKERS:
                start.wait(timeout=60)  # the first wave starts together
            task[1]()
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            close_old_connections()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run, list(enumerate(tasks))))
    return errors


def test_a_peak_of_ballots_loses_none_and_counts_none_twice() -> None:
    setup = budget_setup([100, 200, 300, 400, 500], total=10**6)
    demarche, projects = setup["demarche"], setup["projects"]
    voters = _voters(VOTERS, "pic")

    def cast(voter: User, index: int) -> Any:
        chosen = [projects[(index + offset) % 5].pk for offset in range(1 + index % 3)]
        return lambda: actions.ballot_cast(voter=voter, demarche=demarche, project_ids=chosen, age_confirmed=True)

    errors = _run([cast(voter, index) for index, voter in enumerate(voters)])
    assert not errors, errors[:3]
    assert Ballot.objects.filter(demarche=demarche).count() == VOTERS
    data = queries.ballot_data(demarche)
    assert len(data) == VOTERS
    expected = sorted(1 + index % 3 for index in range(VOTERS))
    assert sorted(len(ballot) for ballot in data) == expected
    assert len(set(Ballot.objects.values_list("receipt", flat=True))) == VOTERS


def test_one_person_confirming_from_several_tabs_at_once_has_one_ballot() -> None:
    setup = budget_setup([100, 200, 300, 400], total=10**6)
    demarche, projects = setup["demarche"], setup["projects"]
    voters = _voters(50, "onglets")
    tasks = []
    for voter in voters:
        for tab in range(4):
            tasks.append(
                lambda voter=voter, tab=tab: actions.ballot_cast(
                    voter=voter, demarche=demarche, project_ids=[projects[tab].pk], age_confirmed=True
                )
            )
    errors = _run(tasks)
    assert not errors, errors[:3]
    assert Ballot.objects.filter(demarche=demarche).count() == 50
    data = queries.ballot_data(demarche)
    # Each ballot holds exactly one of the choices made (the last to commit), never a mixture.
    assert all(len(ballot) == 1 for ballot in data)
    assert all(Ballot.objects.get(voter=voter).changes == 3 for voter in voters)


def test_points_from_several_tabs_at_once_leave_one_tabs_points_never_a_mixture() -> None:
    setup = budget_setup([100, 200, 300, 400], total=10**6, method="cumulative", points=10)
    demarche, projects = setup["demarche"], setup["projects"]
    voters = _voters(50, "points")
    tasks = []
    for voter in voters:
        for tab in range(4):
            marks = {projects[tab].pk: 6, projects[(tab + 1) % 4].pk: 4}
            tasks.append(
                lambda voter=voter, marks=marks: actions.ballot_cast(
                    voter=voter, demarche=demarche, marks=marks, age_confirmed=True
                )
            )
    errors = _run(tasks)
    assert not errors, errors[:3]
    assert Ballot.objects.filter(demarche=demarche).count() == 50
    allowed = [{str(projects[tab].pk): 6, str(projects[(tab + 1) % 4].pk): 4} for tab in range(4)]
    assert all(row in allowed for row in queries.ballot_rows(demarche))
