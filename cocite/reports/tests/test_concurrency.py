"""« C'est le même problème » under real concurrency: each person counts once, whatever the clicks."""

from __future__ import annotations

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import run_at_once
from cocite.reports import actions
from cocite.reports.models import Report, ReportFollower

from .helpers import category, report

pytestmark = pytest.mark.django_db(transaction=True)


def test_many_people_at_once_each_count_once() -> None:
    made = report(category())
    people = [UserFactory() for _ in range(10)]
    assert run_at_once([lambda u=u: actions.report_join(user=u, report=made) for u in people]) == []
    made = Report.objects.get(pk=made.pk)
    assert made.plus_one_count == 10 == ReportFollower.objects.filter(report=made, plus_one=True).count()


def test_the_same_person_clicking_many_times_at_once_counts_once() -> None:
    made = report(category())
    person = UserFactory()
    assert run_at_once([lambda: actions.report_join(user=person, report=made) for _ in range(6)]) == []
    made = Report.objects.get(pk=made.pk)
    assert made.plus_one_count == 1
    assert ReportFollower.objects.filter(report=made, user=person).count() == 1
