"""Supports under real concurrency: many connections at the same instant, every support counts once."""

from __future__ import annotations

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_supports_from_many_people_all_count_once() -> None:
    contribution = ContributionFactory()
    people = [UserFactory() for _ in range(16)]
    errors = run_at_once(
        [lambda u=u: actions.support_set(user=u, contribution=contribution, supported=True) for u in people]
    )
    assert errors == []
    contribution.refresh_from_db()
    assert Support.objects.filter(contribution=contribution).count() == 16
    assert contribution.support_count == 16


def test_the_same_person_twice_at_once_counts_once() -> None:
    contribution = ContributionFactory()
    person = UserFactory()
    errors = run_at_once(
        [lambda: actions.support_set(user=person, contribution=contribution, supported=True) for _ in range(6)]
    )
    assert errors == []
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    assert Support.objects.filter(contribution=contribution).count() == 1


def test_concurrent_support_and_withdrawal_keep_the_counter_exact() -> None:
    contribution = ContributionFactory()
    people = [UserFactory() for _ in range(12)]
    for person in people[:6]:
        actions.support_set(user=person, contribution=contribution, supported=True)
    calls = [lambda u=u: actions.support_set(user=u, contribution=contribution, supported=False) for u in people[:6]]
    calls += [lambda u=u: actions.support_set(user=u, contribution=contribution, supported=True) for u in people[6:]]
    assert run_at_once(calls) == []
    contribution = Contribution.objects.get(pk=contribution.pk)
    assert contribution.support_count == Support.objects.filter(contribution=contribution).count() == 6
